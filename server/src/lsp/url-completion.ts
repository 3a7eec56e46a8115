/**
 * Whole connection URLs built from the project's own servers: for a slot (an env var or a
 * flag whose value is a URL) and each database, store or MLflow server of a kind the slot
 * accepts, the URL its reader expects (the scheme with the driver, the database's effective
 * user, password and database, the service's name and its port inside the container). A
 * password written as `${VAR}` in the database service is written as `${VAR}` here too, so a
 * secret kept in `.env` stays there.
 *
 * The details and documentation follow the locale; URLs, names, schemes and ports are written
 * as the user types them.
 */
import { defineMessages } from "../l10n/catalogue";
import { josa } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";
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

/**
 * Who reads a slot's URL (`UrlSlot.reader`, English in url-slots.ts) as the completion's
 * detail shows it in Korean. A reader missing here shows in English (a test lists them all).
 */
export const READER_KO: Record<string, string> = {
  "Airflow metadata database": "Airflow 메타데이터 데이터베이스",
  "Airflow Celery result backend": "Airflow Celery 결과 백엔드",
  "Celery broker": "Celery 브로커",
  "MLflow backend store": "MLflow 백엔드 저장소",
  "MLflow client": "MLflow 클라이언트",
  "S3 client (boto3)": "S3 클라이언트(boto3)",
  SQLAlchemy: "SQLAlchemy",
  "Optuna storage": "Optuna 스토리지",
  "database URL": "데이터베이스 URL",
  "Redis client": "Redis 클라이언트",
  "AMQP client": "AMQP 클라이언트",
};

export function readerLabel(l: Locale, reader: string): string {
  return l === "ko" ? (READER_KO[reader] ?? reader) : reader;
}

type Part = "user" | "password" | "database";
const PART: Record<Part, { en: string; ko: string }> = {
  user: { en: "user", ko: "사용자" },
  password: { en: "password", ko: "비밀번호" },
  database: { en: "database", ko: "데이터베이스" },
};

const code = (s: string | number) => `\`${s}\``;

/** The sentences of the URL candidates, English and Korean side by side. */
const m = defineMessages("url-completion", {
  partVariable: {
    en: (a: { what: Part; variable: string }) =>
      `${PART[a.what].en} \`\${${a.variable}}\`, the variable the database uses`,
    ko: (a: { what: Part; variable: string }) =>
      `${PART[a.what].ko} \`\${${a.variable}}\`(데이터베이스 서비스와 같은 변수)`,
  },
  partValue: {
    en: (a: { what: Part; value: string; env?: string }) =>
      `${PART[a.what].en} ${code(a.value)}${a.env ? ` (${a.env})` : " (the image's default)"}`,
    ko: (a: { what: Part; value: string; env?: string }) =>
      `${PART[a.what].ko} ${code(a.value)}${a.env ? `(${a.env})` : "(이미지 기본값)"}`,
  },
  partUnknown: {
    en: (a: { what: Part }) => `${PART[a.what].en}: not known here, fill it in`,
    ko: (a: { what: Part }) => `${PART[a.what].ko}: 여기서는 알 수 없으니 직접 채워 넣으세요`,
  },
  hostPort: {
    en: (a: { host: string; port: number }) =>
      `host ${code(a.host)} and port ${a.port}, where it listens inside the compose network`,
    ko: (a: { host: string; port: number }) =>
      `호스트 ${code(a.host)}, 포트 ${a.port}(compose 네트워크 안에서 연결을 받는 곳)`,
  },
  mlflowDetail: {
    en: (a: { service: string }) => `MLflow tracking server ${code(a.service)}`,
    ko: (a: { service: string }) => `MLflow 추적 서버 ${code(a.service)}`,
  },
  mlflowDoc: {
    en: (a: { service: string; port: number }) =>
      `The MLflow server in service ${code(a.service)} listens on port ${a.port} inside the compose network.`,
    ko: (a: { service: string; port: number }) =>
      `서비스 ${code(a.service)}의 MLflow 서버는 compose 네트워크 안에서 포트 ${josa(String(a.port), "으로/로")} 연결을 받습니다.`,
  },
  s3Doc: {
    en: (a: { service: string; port: number }) =>
      `The S3 API of ${code(a.service)} on port ${a.port} inside the compose network (the console is another port).`,
    ko: (a: { service: string; port: number }) =>
      `${code(a.service)}의 S3 API입니다. compose 네트워크 안에서 포트 ${josa(String(a.port), "으로/로")} 연결을 받습니다(콘솔은 다른 포트입니다).`,
  },
  sqlTitle: {
    en: (a: { reader: string; service: string; engine: string; scheme: string }) =>
      `**${a.reader}** on ${code(a.service)} (${a.engine}, \`${a.scheme}://\`):`,
    ko: (a: { reader: string; service: string; engine: string; scheme: string }) =>
      `${code(a.service)}의 **${a.reader}**(${a.engine}, \`${a.scheme}://\`):`,
  },
  sqlTaken: {
    en: (a: { taken: string; database: string; service: string; app: string }) =>
      `⚠ ${a.taken}'s migrations already own database ${code(a.database)} on ${code(a.service)}: ${a.app} needs a database of its own (see \`shared-database\`).`,
    ko: (a: { taken: string; database: string; service: string; app: string }) =>
      `⚠ ${code(a.service)}의 데이터베이스 ${josa(code(a.database), "은/는")} 이미 ${a.taken} 마이그레이션이 쓰고 있습니다. ${josa(a.app, "은/는")} 별도의 데이터베이스를 써야 합니다(\`shared-database\` 참고).`,
  },
  sqlDetail: {
    en: (a: { engine: string; service: string; database?: string }) =>
      `${a.engine} ${code(a.service)}${a.database !== undefined ? ` · database ${a.database}` : ""}`,
    ko: (a: { engine: string; service: string; database?: string }) =>
      `${a.engine} ${code(a.service)}${a.database !== undefined ? ` · 데이터베이스 ${a.database}` : ""}`,
  },
  hostMlflow: {
    en: (a: { port: number }) => `MLflow server, port ${a.port}`,
    ko: (a: { port: number }) => `MLflow 서버, 포트 ${a.port}`,
  },
  hostDatabase: {
    en: (a: { engine: string; port: number }) => `${a.engine}, port ${a.port}`,
    ko: (a: { engine: string; port: number }) => `${a.engine}, 포트 ${a.port}`,
  },
});

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
  what: Part,
  encode: (v: string) => string,
  why: string[],
  l: Locale,
) {
  if (s.variable) {
    url.literal(`\${${s.variable}}`);
    why.push(m.partVariable(l, { what, variable: s.variable }));
  } else if (s.known && s.value !== undefined) {
    url.literal(encode(s.value));
    why.push(m.partValue(l, { what, value: s.value, env: s.env?.name }));
  } else {
    // The placeholder is the English word in every locale: it is what the URL holds until filled in.
    url.placeholder(what);
    why.push(m.partUnknown(l, { what }));
  }
}

function sqlUrl(db: Database, form: UrlForm, l: Locale): { url: UrlText; why: string[] } {
  const url = new UrlText().literal(`${form.scheme}://`);
  const why: string[] = [];
  // Redis has no user in its URL; a database that needs no password gets none.
  const withUser = db.family !== "redis";
  const withPassword = !(
    db.passwordOptional &&
    !db.password.variable &&
    !(db.password.known && db.password.value)
  );
  if (withUser) part(url, db.user, "user", encodeUserinfo, why, l);
  if (withPassword) {
    url.literal(":");
    part(url, db.password, "password", encodeUserinfo, why, l);
  }
  if (withUser || withPassword) url.literal("@");
  url.literal(`${db.service.name}:${db.port}`);
  why.push(m.hostPort(l, { host: db.service.name, port: db.port }));
  if (form.path === "database") {
    url.literal("/");
    part(url, db.database, "database", encodeURIComponent, why, l);
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
  l: Locale = "en",
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
          detail: m.mlflowDetail(l, { service: service.name }),
          documentation: m.mlflowDoc(l, { service: service.name, port }),
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
          documentation: m.s3Doc(l, { service: db.service.name, port }),
          discouraged: false,
        });
        continue;
      }
      const { url, why } = sqlUrl(db, form, l);
      const taken = ownerOf(model, db, owner);
      const lines = [
        m.sqlTitle(l, {
          reader: readerLabel(l, slot.reader),
          service: db.service.name,
          engine: ENGINE_LABEL[db.engine],
          scheme: form.scheme,
        }),
        ...why.map((w) => `- ${w}`),
      ];
      if (taken)
        lines.push(
          "",
          m.sqlTaken(l, {
            taken: APP_LABEL[taken],
            database: db.database.value ?? "",
            service: db.service.name,
            app: APP_LABEL[owner!],
          }),
        );
      out.push({
        text: url.text,
        snippet: url.hasPlaceholders ? url.snippet : undefined,
        service: db.service,
        detail: m.sqlDetail(l, {
          engine: ENGINE_LABEL[db.engine],
          service: db.service.name,
          database: db.database.known && form.path === "database" ? `${db.database.value}` : undefined,
        }),
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
  l: Locale = "en",
): { service: Service; port?: number; detail: string }[] {
  if (target === "http") {
    const out: { service: Service; port?: number; detail: string }[] = mlflowServers(model).map((s) => ({
      service: s.service,
      port: s.port,
      detail: m.hostMlflow(l, { port: s.port }),
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
      detail: m.hostDatabase(l, { engine: ENGINE_LABEL[db.engine], port: db.port }),
    }));
}

export function engineLabel(db: Database): string {
  return ENGINE_LABEL[db.engine];
}
