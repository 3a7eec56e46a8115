/**
 * Whole connection URLs built from the project's own servers: for a slot (an env var or a
 * flag whose value is a URL) and each database, store or MLflow server of a kind the slot
 * accepts, the URL its reader expects (the scheme with the driver, the database's effective
 * user, password and database, the service's name and its port inside the container). A
 * password written as `${VAR}` in the database service is written as `${VAR}` here too, so a
 * secret kept in `.env` stays there.
 */
import { appKindOf } from "../model/apps";
import type { UrlForm, UrlSlot, UrlTarget } from "../model/knowledge/url-slots";
import type { AppKind, ComposeModel, Database, EffectiveSetting, Service } from "../model/types";
import { encodeUserinfo } from "../parse/url";

export interface UrlCandidate {
  /** The URL as plain text (placeholders as words). */
  text: string;
  /** The URL as a snippet (placeholders as tab stops), when it has any. */
  snippet?: string;
  service: Service;
  /** One line: what it reaches. */
  detail: string;
  /** Markdown: where each part comes from, and a warning when the URL would share a database. */
  documentation: string;
  /** Sorted after the others (a database another app's migrations already own). */
  discouraged: boolean;
}

/** Which app's schema a slot's URL holds (the Alembic owners that must not share a database). */
const SLOT_OWNER: Record<string, AppKind> = {
  "Airflow metadata database": "airflow",
  "MLflow backend store": "mlflow",
};

const APP_LABEL: Record<AppKind, string> = {
  airflow: "Airflow",
  mlflow: "MLflow",
  optuna: "Optuna",
  superset: "Superset",
};

const ENGINE_LABEL: Record<Database["engine"], string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  redis: "Redis",
  mongodb: "MongoDB",
  mssql: "SQL Server",
  rabbitmq: "RabbitMQ",
  minio: "MinIO",
};

/** A snippet-escaped literal. */
function esc(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

class UrlText {
  text = "";
  snippet = "";
  private stops = 0;
  literal(s: string): this {
    this.text += s;
    this.snippet += esc(s);
    return this;
  }
  placeholder(word: string): this {
    this.text += word;
    this.snippet += `\${${++this.stops}:${word}}`;
    return this;
  }
  get hasPlaceholders(): boolean {
    return this.stops > 0;
  }
}

/** A setting as URL text: `${VAR}` when the database takes it from a variable, the value, or a placeholder. */
function part(
  url: UrlText,
  s: EffectiveSetting,
  placeholder: string,
  encode: (v: string) => string,
  why: string[],
  what: string,
) {
  if (s.variable) {
    url.literal(`\${${s.variable}}`);
    why.push(`${what} \`\${${s.variable}}\`, the variable the database uses`);
  } else if (s.known && s.value !== undefined) {
    url.literal(encode(s.value));
    why.push(`${what} \`${s.value}\`${s.env ? ` (${s.env.name})` : " (the image's default)"}`);
  } else {
    url.placeholder(placeholder);
    why.push(`${what}: not known here, fill it in`);
  }
}

function sqlUrl(db: Database, form: UrlForm): { url: UrlText; why: string[] } {
  const url = new UrlText().literal(`${form.scheme}://`);
  const why: string[] = [];
  // Redis has no user in its URL; a database that needs no password gets none.
  const withUser = db.family !== "redis";
  const withPassword = !(
    db.passwordOptional &&
    !db.password.variable &&
    !(db.password.known && db.password.value)
  );
  if (withUser) part(url, db.user, "user", encodeUserinfo, why, "user");
  if (withPassword) {
    url.literal(":");
    part(url, db.password, "password", encodeUserinfo, why, "password");
  }
  if (withUser || withPassword) url.literal("@");
  url.literal(`${db.service.name}:${db.port}`);
  why.push(`host \`${db.service.name}\` and port ${db.port}, where it listens inside the compose network`);
  if (form.path === "database") {
    url.literal("/");
    part(url, db.database, "database", encodeURIComponent, why, "database");
  } else if (form.path === "redis-db") url.literal("/0");
  else if (form.path === "vhost") url.literal("//");
  return { url, why };
}

/** Services running `mlflow server` (or `mlflow ui`), with the port they listen on. */
export function mlflowServers(model: ComposeModel): { service: Service; port: number }[] {
  const out: { service: Service; port: number }[] = [];
  for (const service of model.services) {
    if (appKindOf(service) !== "mlflow") continue;
    for (const cmd of [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])]) {
      const words = cmd.map((w) => w.value);
      const at = words.findIndex(
        (w, i) => w.split("/").pop() === "mlflow" && ["server", "ui"].includes(words[i + 1]),
      );
      if (at < 0) continue;
      let port = 5000;
      for (let k = at + 2; k < words.length; k++) {
        const m = /^--port=(\d+)$/.exec(words[k]);
        if (m) port = +m[1];
        else if ((words[k] === "--port" || words[k] === "-p") && /^\d+$/.test(words[k + 1] ?? ""))
          port = +words[k + 1];
      }
      out.push({ service, port });
      break;
    }
  }
  return out;
}

/** The port MinIO serves S3 on: `--address :9000` on its command line, else 9000. */
function minioPort(db: Database): number {
  for (const cmd of db.service.command?.commands ?? []) {
    const words = cmd.map((w) => w.value);
    const i = words.indexOf("--address");
    const m = i >= 0 ? /:(\d+)$/.exec(words[i + 1] ?? "") : null;
    if (m) return +m[1];
  }
  return db.port;
}

/** Which other app's migrations already own `database` on `db`, if any. */
function ownerOf(model: ComposeModel, db: Database, owner: AppKind | undefined): AppKind | undefined {
  if (!owner || !db.database.known) return undefined;
  for (const c of model.connections) {
    if (c.target !== db.service || !c.owner || c.owner === owner) continue;
    if ((c.url.database?.value ?? "") === db.database.value) return c.owner;
  }
  return undefined;
}

export function urlCandidates(
  model: ComposeModel,
  slot: UrlSlot,
  client: Service | undefined,
): UrlCandidate[] {
  const out: UrlCandidate[] = [];
  const owner = SLOT_OWNER[slot.reader];
  for (const form of slot.forms) {
    if (form.target === "mlflow-server") {
      for (const { service, port } of mlflowServers(model)) {
        if (service === client) continue;
        const text = `http://${service.name}:${port}`;
        out.push({
          text,
          service,
          detail: `MLflow tracking server \`${service.name}\``,
          documentation: `The MLflow server in service \`${service.name}\` listens on port ${port} inside the compose network.`,
          discouraged: false,
        });
      }
      continue;
    }
    for (const db of model.databases) {
      if (db.family !== form.target || db.service === client) continue;
      if (form.target === "s3") {
        const port = minioPort(db);
        out.push({
          text: `http://${db.service.name}:${port}`,
          service: db.service,
          detail: `${ENGINE_LABEL[db.engine]} S3 API \`${db.service.name}\``,
          documentation: `The S3 API of \`${db.service.name}\` on port ${port} inside the compose network (the console is another port).`,
          discouraged: false,
        });
        continue;
      }
      const { url, why } = sqlUrl(db, form);
      const taken = ownerOf(model, db, owner);
      const lines = [
        `**${slot.reader}** on \`${db.service.name}\` (${ENGINE_LABEL[db.engine]}, \`${form.scheme}://\`):`,
        ...why.map((w) => `- ${w}`),
      ];
      if (taken)
        lines.push(
          "",
          `⚠ ${APP_LABEL[taken]}'s migrations already own database \`${db.database.value}\` on \`${db.service.name}\`: ${APP_LABEL[owner!]} needs a database of its own (see \`shared-database\`).`,
        );
      out.push({
        text: url.text,
        snippet: url.hasPlaceholders ? url.snippet : undefined,
        service: db.service,
        detail: `${ENGINE_LABEL[db.engine]} \`${db.service.name}\`${db.database.known && form.path === "database" ? ` · database ${db.database.value}` : ""}`,
        documentation: lines.join("\n"),
        discouraged: !!taken,
      });
    }
  }
  return out;
}

/** Services a URL of this scheme can reach, for completing the host part. */
export function hostCandidates(
  model: ComposeModel,
  target: UrlTarget | "http" | undefined,
  client: Service | undefined,
): { service: Service; port?: number; detail: string }[] {
  if (target === "http") {
    const out: { service: Service; port?: number; detail: string }[] = mlflowServers(model).map((m) => ({
      service: m.service,
      port: m.port,
      detail: `MLflow server, port ${m.port}`,
    }));
    for (const db of model.databases)
      if (db.family === "s3")
        out.push({ service: db.service, port: minioPort(db), detail: `${ENGINE_LABEL[db.engine]} S3 API` });
    return out.filter((c) => c.service !== client);
  }
  if (!target) return [];
  return model.databases
    .filter((db) => db.family === target && db.service !== client)
    .map((db) => ({
      service: db.service,
      port: db.port,
      detail: `${ENGINE_LABEL[db.engine]}, port ${db.port}`,
    }));
}

export function engineLabel(db: Database): string {
  return ENGINE_LABEL[db.engine];
}
