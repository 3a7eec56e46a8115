/**
 * Which services are which applications (MLflow, Airflow, ...), and every connection URL
 * a service uses: in its environment or on its command line, with the role it plays.
 */
import type { SourceString } from "../parse/source-string";
import { findUrls, isDatabaseFamily, type ParsedUrl } from "../parse/url";
import { isLoopbackHost } from "./hosts";
import { perObject } from "./memo";
import type { App, AppKind, ComposeModel, Connection, ConnectionRole, Service } from "./types";

const APP_LABELS: Record<AppKind, string> = {
  mlflow: "MLflow",
  airflow: "Airflow",
  optuna: "Optuna",
  superset: "Superset",
};

function commandsOf(service: Service): SourceString[][] {
  return [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])];
}

/** The program a simple command runs, without its directory: `/usr/local/bin/mlflow` -> `mlflow`. */
function program(cmd: SourceString[]): { name: string; args: string[] } | undefined {
  const words = cmd.map((w) => w.value);
  let i = 0;
  // `python -m mlflow server`
  if (/^python(\d(\.\d+)?)?$/.test(words[0]?.split("/").pop() ?? "") && words[1] === "-m" && words[2]) i = 2;
  const name = words[i]?.split("/").pop();
  return name ? { name, args: words.slice(i + 1) } : undefined;
}

/** Which application a service runs (by image, command or environment); reused while the service is unchanged. */
export const appKindOf = perObject((service: Service): AppKind | undefined => {
  const repo = service.image?.repository ?? "";
  if (/mlflow/.test(repo)) return "mlflow";
  if (/airflow/.test(repo)) return "airflow";
  if (/superset/.test(repo)) return "superset";
  for (const cmd of commandsOf(service)) {
    const p = program(cmd);
    if (p?.name === "mlflow" && ["server", "ui", "db"].includes(p.args[0])) return "mlflow";
    if (p?.name === "airflow") return "airflow";
  }
  if (service.environment.some((e) => e.name.startsWith("AIRFLOW__"))) return "airflow";
  if (service.environment.some((e) => e.name === "MLFLOW_BACKEND_STORE_URI")) return "mlflow";
  return undefined;
});

export function findApps(model: ComposeModel): App[] {
  const byKind = new Map<AppKind, App>();
  for (const s of model.services) {
    const kind = appKindOf(s);
    if (!kind) continue;
    let app = byKind.get(kind);
    if (!app) byKind.set(kind, (app = { kind, label: APP_LABELS[kind], services: [] }));
    app.services.push(s);
  }
  return [...byKind.values()];
}

export function appLabel(kind: AppKind): string {
  return APP_LABELS[kind];
}

const ENV_ROLES: Record<string, { role: ConnectionRole; owner?: AppKind }> = {
  AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: { role: "airflow-metadata", owner: "airflow" },
  AIRFLOW__CORE__SQL_ALCHEMY_CONN: { role: "airflow-metadata", owner: "airflow" },
  AIRFLOW__CELERY__RESULT_BACKEND: { role: "airflow-celery-result", owner: "airflow" },
  AIRFLOW__CELERY__BROKER_URL: { role: "airflow-celery-broker" },
  MLFLOW_BACKEND_STORE_URI: { role: "mlflow-backend-store", owner: "mlflow" },
  MLFLOW_REGISTRY_STORE_URI: { role: "mlflow-registry-store", owner: "mlflow" },
  MLFLOW_TRACKING_URI: { role: "mlflow-tracking" },
  // boto3 and MLflow's S3 artifact repository read these as the S3 API's URL.
  MLFLOW_S3_ENDPOINT_URL: { role: "s3-endpoint" },
  AWS_ENDPOINT_URL: { role: "s3-endpoint" },
  AWS_ENDPOINT_URL_S3: { role: "s3-endpoint" },
  SUPERSET_DATABASE_URI: { role: "database-url", owner: "superset" },
};

/** Other names S3 clients take the endpoint from (`S3_ENDPOINT`, `S3_ENDPOINT_URL`). */
const S3_ENDPOINT_ENV = /^S3_ENDPOINT(_[A-Z]+)*$/;

const FLAG_ROLES: Record<string, { role: ConnectionRole; owner?: AppKind }> = {
  "--backend-store-uri": { role: "mlflow-backend-store", owner: "mlflow" },
  "--file-store": { role: "mlflow-backend-store", owner: "mlflow" },
  "--registry-store-uri": { role: "mlflow-registry-store", owner: "mlflow" },
  "--storage": { role: "database-url", owner: "optuna" },
};

/** Each service's own connection with its target, kept while both are unchanged. */
const resolvedConnections = new WeakMap<Connection, Connection>();

/** Every connection of every service, with its host resolved against this model's services. */
export function findConnections(
  model: ComposeModel,
  perService: (s: Service) => Connection[] = connectionsOf,
): Connection[] {
  const index = hostIndex(model);
  const out: Connection[] = [];
  for (const service of model.services) {
    for (const raw of perService(service)) {
      const host =
        raw.url.host && !raw.str.hasUnresolved(raw.url.host.span.start, raw.url.host.span.end)
          ? raw.url.host.value
          : undefined;
      const target = host ? index.get(host) : undefined;
      // The same object as last time when nothing changed, so what is derived from it stays cached.
      let resolved = resolvedConnections.get(raw);
      if (!resolved || resolved.target !== target)
        resolvedConnections.set(raw, (resolved = { ...raw, target }));
      out.push(resolved);
    }
  }
  return out;
}

/**
 * The connections one service makes, read from its environment and command line; `target`
 * is left for findConnections (it depends on the other services). Depends on nothing but the
 * service, so a big file's unchanged services keep theirs between versions.
 */
export function connectionsOf(service: Service): Connection[] {
  const out: Connection[] = [];
  {
    const add = (
      str: SourceString,
      url: ParsedUrl,
      role: ConnectionRole,
      owner: AppKind | undefined,
      where: Connection["where"],
    ) => {
      const host =
        url.host && !str.hasUnresolved(url.host.span.start, url.host.span.end) ? url.host.value : undefined;
      out.push({
        service,
        role,
        owner,
        where,
        str,
        url,
        target: undefined,
        hostIsLoopback: host !== undefined && isLoopbackHost(host),
      });
    };
    // Flags like `--backend-store-uri $DB_URI` point at an env var: that var then plays the flag's role.
    const roleByEnvName = new Map<string, { role: ConnectionRole; owner?: AppKind }>();

    for (const field of ["entrypoint", "command"] as const) {
      for (const cmd of service[field]?.commands ?? []) {
        const words = cmd.map((w) => w.value);
        const p = program(cmd);
        for (let i = 0; i < cmd.length; i++) {
          const w = words[i];
          const eq = w.indexOf("=");
          const flag = w.startsWith("--") ? (eq > 0 ? w.slice(0, eq) : w) : undefined;
          const known = flag ? FLAG_ROLES[flag] : undefined;
          let role: { role: ConnectionRole; owner?: AppKind } | undefined = known;
          let valueWord: SourceString | undefined;
          let valueOffset = 0;
          if (known && eq > 0) {
            valueWord = cmd[i];
            valueOffset = eq + 1;
          } else if (known) {
            valueWord = cmd[i + 1];
            i++;
          } else if (p?.name === "mlflow" && words[1] === "db" && words[2] === "upgrade" && i === 3) {
            // `mlflow db upgrade URL` migrates MLflow's schema in that database.
            role = { role: "mlflow-backend-store", owner: "mlflow" };
            valueWord = cmd[i];
          } else if (w.includes("://")) {
            valueWord = cmd[i];
          }
          if (!valueWord) continue;
          const env = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(valueWord.value.slice(valueOffset));
          if (env && role) {
            roleByEnvName.set(env[1], role);
            continue;
          }
          for (const url of findUrls(valueWord.value)) {
            if (url.span.start < valueOffset) continue;
            const r = role ?? (isDatabaseFamily(url.family) ? { role: "database-url" as const } : undefined);
            if (!r) continue;
            add(valueWord, url, r.role, r.owner, { kind: "command", field, flag });
            break;
          }
        }
      }
    }

    for (const env of service.environment) {
      if (!env.value?.value.includes("://")) continue;
      const known =
        ENV_ROLES[env.name] ??
        roleByEnvName.get(env.name) ??
        (S3_ENDPOINT_ENV.test(env.name) ? { role: "s3-endpoint" as const } : undefined);
      const url = findUrls(env.value.value)[0];
      if (!url) continue;
      if (!known && !isDatabaseFamily(url.family)) continue;
      add(env.value, url, known?.role ?? "database-url", known?.owner, { kind: "env", env });
    }
  }
  return out;
}

/**
 * Every name that reaches a service, in order of precedence: service names, then container
 * names, host names and network aliases, then link aliases.
 */
function hostIndex(model: ComposeModel): Map<string, Service> {
  const index = new Map<string, Service>();
  const add = (name: string, s: Service | undefined) => {
    if (s && !index.has(name)) index.set(name, s);
  };
  for (const s of model.services) add(s.name, s);
  for (const s of model.services) {
    if (s.containerName) add(s.containerName.value, s);
    if (s.hostname) add(s.hostname.value.split(".")[0], s);
    for (const n of s.networks ?? []) for (const a of n.aliases) add(a, s);
  }
  for (const s of model.services) for (const l of s.links) add(l.alias, model.serviceByName.get(l.service));
  return index;
}
