/**
 * The database inventory: which services are database servers, the user, password and
 * database they create (with the official images' defaults), the port they listen on
 * inside the container, and every name they answer to.
 */
import type { SourceString } from "../parse/source-string";
import { mayHaveUnreadEnv } from "./env-complete";
import { perObject } from "./memo";
import type { ComposeModel, Database, DatabaseEngine, EffectiveSetting, EnvVar, Service } from "./types";

interface EngineInfo {
  engine: DatabaseEngine;
  family: Database["family"];
  port: number;
}

const IMAGE_ENGINES: Array<[RegExp, EngineInfo]> = [
  [
    /(^|\/)(postgres|postgresql|postgis|pgvector|timescaledb(-ha)?|timescaledb-postgis|pgvecto-rs|paradedb|supabase\/postgres)$|postgres/,
    { engine: "postgres", family: "postgres", port: 5432 },
  ],
  [/(^|\/)mariadb$/, { engine: "mariadb", family: "mysql", port: 3306 }],
  [/(^|\/)(mysql|mysql-server|percona|percona-server)$/, { engine: "mysql", family: "mysql", port: 3306 }],
  [
    /(^|\/)(redis|redis-stack|redis-stack-server|valkey|keydb)$/,
    { engine: "redis", family: "redis", port: 6379 },
  ],
  [/(^|\/)(mongo|mongodb|mongodb-community-server)$/, { engine: "mongodb", family: "mongodb", port: 27017 }],
  [/(^|\/)rabbitmq$/, { engine: "rabbitmq", family: "amqp", port: 5672 }],
  [/(^|\/)minio$/, { engine: "minio", family: "s3", port: 9000 }],
  [/mssql\/server$/, { engine: "mssql", family: "mssql", port: 1433 }],
];

/** Images that are known applications, never databases, whatever their environment says. */
const APP_IMAGE =
  /airflow|mlflow|superset|metabase|grafana|pgadmin|adminer|postgres-exporter|pgbouncer|flyway|liquibase|migrate/;

/** The database engine a service runs, if any; reused while the service is unchanged. */
export const engineOf = perObject((service: Service): EngineInfo | undefined => {
  const repo = service.image?.repository;
  if (repo && APP_IMAGE.test(repo)) return undefined;
  // A database image that runs a client tool (a `psql -f init.sql` job, a `pg_dump` backup, an
  // `mc` bucket job) serves nothing: it is a client of the database.
  if (runsClientTool(service)) return undefined;
  if (repo) for (const [re, info] of IMAGE_ENGINES) if (re.test(repo)) return info;
  // A locally built or unusual image that is configured like the official postgres image.
  // A variable alone does not make a server: a general-purpose image (python, node, ...) or a
  // command that runs something else (an init job's `python init.py`) is a client.
  if (
    service.environment.some(
      (e) => e.name === "POSTGRES_PASSWORD" || e.name === "POSTGRES_HOST_AUTH_METHOD",
    ) &&
    !(repo && GENERAL_PURPOSE_IMAGE.test(repo)) &&
    runsServerOrNothing(service)
  ) {
    return { engine: "postgres", family: "postgres", port: 5432 };
  }
  return undefined;
});

/** Base images of programs, not of servers: their POSTGRES_* variables are a client's settings. */
const GENERAL_PURPOSE_IMAGE =
  /(^|\/)(python|node|alpine|ubuntu|debian|busybox|bash|golang|openjdk|eclipse-temurin|amazoncorretto|ruby|php|rust|centos|fedora|rockylinux|almalinux|jupyter\/[a-z-]+|continuumio\/[a-z0-9]+|curlimages\/curl)$/;

/** Client programs that database images ship: a container that starts with one is a client. */
const CLIENT_TOOL =
  /^(psql|pg_dump|pg_dumpall|pg_restore|pg_isready|pg_basebackup|mysql|mysqldump|mariadb|mariadb-dump|mysqladmin|mariadb-admin|mongosh|mongo|mongodump|mongorestore|mongoimport|redis-cli|mc|rabbitmqadmin|sqlcmd)$/;

function runsClientTool(service: Service): boolean {
  const cl = service.entrypoint ?? service.command;
  const first = cl?.commands[0]?.[0]?.value;
  return first !== undefined && CLIENT_TOOL.test(first.split("/").pop() ?? "");
}

/** No command of its own (the image's decides), or one that starts a PostgreSQL server. */
function runsServerOrNothing(service: Service): boolean {
  const first = [...(service.entrypoint?.argv ?? []), ...(service.command?.argv ?? [])][0]?.value;
  if (first === undefined) return true;
  return /(^|\/)(postgres|postmaster|docker-entrypoint\.sh|pg_ctl)$/.test(first) || first.startsWith("-");
}

export function lastEnv(service: Service, name: string): EnvVar | undefined {
  let found: EnvVar | undefined;
  for (const e of service.environment) if (e.name === name) found = e;
  return found;
}

/** `${NAME}` or `${NAME:-default}` as the entire raw value: the setting follows that variable. */
export function variableOf(env: EnvVar | undefined): string | undefined {
  const raw = env?.value?.scalar.text;
  if (raw == null) return undefined;
  const value = env!.form === "list" ? raw.slice(raw.indexOf("=") + 1) : raw;
  return (
    /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}$/.exec(value.trim())?.[1] ??
    /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim())?.[1]
  );
}

/**
 * The value the first of `names` set in the service's environment gives, or undefined when
 * none is set. A `NAME_FILE` variant reads a secret: then the value cannot be known here.
 */
export function envSetting(service: Service, names: string[]): EffectiveSetting | undefined {
  for (const name of names) {
    const env = lastEnv(service, name);
    if (env) {
      const v = env.value;
      if (!v) return { known: false, env };
      const known = !v.hasUnresolved();
      return { value: known ? v.value : undefined, known, env, variable: variableOf(env) };
    }
    if (lastEnv(service, `${name}_FILE`)) return { known: false };
  }
  return undefined;
}

function setting(service: Service, names: string[], fallback?: () => EffectiveSetting): EffectiveSetting {
  const set = envSetting(service, names);
  if (set) return set;
  // Values may come from an env_file not read: then the default is not certain.
  if (mayHaveUnreadEnv(service)) return { known: false };
  return fallback ? fallback() : { known: false };
}

const def = (value: string): EffectiveSetting => ({ value, known: true });

/** Reads `-p 5433`, `-c port=5433`, `--port 5433`, `--port=5433` from a server command. */
export function portFromCommand(service: Service): number | undefined {
  for (const cmd of service.command?.commands ?? []) {
    const words = cmd.map((w: SourceString) => w.value);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const next = words[i + 1];
      let m: RegExpExecArray | null;
      if ((w === "-p" || w === "--port") && next && /^\d+$/.test(next)) return +next;
      if ((m = /^--port=(\d+)$/.exec(w))) return +m[1];
      if (w === "-c" && next && (m = /^port=(\d+)$/.exec(next))) return +m[1];
      if ((m = /^-cport=(\d+)$/.exec(w))) return +m[1];
    }
  }
  return undefined;
}

function commandFlag(service: Service, flag: string): string | undefined {
  for (const cmd of service.command?.commands ?? []) {
    const words = cmd.map((w) => w.value);
    const i = words.indexOf(flag);
    if (i >= 0 && words[i + 1] !== undefined) return words[i + 1];
  }
  return undefined;
}

export function findDatabases(model: ComposeModel): Database[] {
  const out: Database[] = [];
  for (const service of model.services) {
    const info = engineOf(service);
    if (!info) continue;
    const db: Database = {
      service,
      engine: info.engine,
      family: info.family,
      user: { known: false },
      password: { known: false },
      database: { known: false },
      passwordOptional: false,
      port: info.port,
      names: namesOf(model, service),
    };
    const bitnami = service.image?.repository.startsWith("bitnami/") ?? false;
    if (info.engine === "postgres") {
      db.user = setting(service, bitnami ? ["POSTGRESQL_USERNAME", "POSTGRES_USER"] : ["POSTGRES_USER"], () =>
        def("postgres"),
      );
      db.password = setting(
        service,
        bitnami ? ["POSTGRESQL_PASSWORD", "POSTGRES_PASSWORD"] : ["POSTGRES_PASSWORD"],
      );
      db.database = setting(
        service,
        bitnami ? ["POSTGRESQL_DATABASE", "POSTGRES_DB"] : ["POSTGRES_DB"],
        () =>
          // The official image creates a database named after the user.
          bitnami
            ? { known: false }
            : db.user.known
              ? { value: db.user.value, known: true, variable: db.user.variable }
              : { known: false },
      );
      const auth = lastEnv(service, "POSTGRES_HOST_AUTH_METHOD")?.value?.value;
      db.passwordOptional =
        auth === "trust" || lastEnv(service, "ALLOW_EMPTY_PASSWORD")?.value?.value === "yes";
      const pgport = lastEnv(service, "PGPORT")?.value?.value;
      db.port = (pgport && /^\d+$/.test(pgport) ? +pgport : undefined) ?? portFromCommand(service) ?? 5432;
    } else if (info.engine === "mysql" || info.engine === "mariadb") {
      const pre = info.engine === "mariadb" ? ["MARIADB_", "MYSQL_"] : ["MYSQL_"];
      db.user = setting(
        service,
        pre.map((p) => `${p}USER`),
        () => def("root"),
      );
      db.password =
        db.user.value === "root"
          ? setting(
              service,
              pre.map((p) => `${p}ROOT_PASSWORD`),
            )
          : setting(
              service,
              pre.map((p) => `${p}PASSWORD`),
            );
      db.database = setting(
        service,
        pre.map((p) => `${p}DATABASE`),
      );
      db.passwordOptional = pre.some(
        (p) =>
          lastEnv(service, `${p}ALLOW_EMPTY_PASSWORD`) || lastEnv(service, `${p}ALLOW_EMPTY_ROOT_PASSWORD`),
      );
      const tcp = lastEnv(service, "MYSQL_TCP_PORT")?.value?.value;
      db.port = (tcp && /^\d+$/.test(tcp) ? +tcp : undefined) ?? portFromCommand(service) ?? 3306;
    } else if (info.engine === "redis") {
      const pass = commandFlag(service, "--requirepass");
      db.password = pass !== undefined ? def(pass) : setting(service, ["REDIS_PASSWORD"]);
      db.passwordOptional = pass === undefined && !lastEnv(service, "REDIS_PASSWORD");
      db.port = portFromCommand(service) ?? 6379;
    } else if (info.engine === "rabbitmq") {
      db.user = setting(service, ["RABBITMQ_DEFAULT_USER"], () => def("guest"));
      db.password = setting(service, ["RABBITMQ_DEFAULT_PASS"], () => def("guest"));
    } else if (info.engine === "mongodb") {
      db.user = setting(service, ["MONGO_INITDB_ROOT_USERNAME"]);
      db.password = setting(service, ["MONGO_INITDB_ROOT_PASSWORD"]);
      db.passwordOptional = !lastEnv(service, "MONGO_INITDB_ROOT_PASSWORD");
    }
    out.push(db);
  }
  return out;
}

/** Every name a service answers to: its name, container_name, hostname, network aliases, link aliases. */
export function namesOf(model: ComposeModel, service: Service): Set<string> {
  const names = new Set<string>([service.name]);
  if (service.containerName) names.add(service.containerName.value);
  if (service.hostname) names.add(service.hostname.value.split(".")[0]);
  for (const n of service.networks ?? []) for (const a of n.aliases) names.add(a);
  for (const alias of linkAliases(model).get(service.name) ?? []) names.add(alias);
  return names;
}

/** Every name some service answers to (see namesOf), in lower case; once per model (asked per finding). */
export const answeredNames = perObject((model: ComposeModel): ReadonlySet<string> => {
  const names = new Set<string>();
  for (const service of model.services) for (const n of namesOf(model, service)) names.add(n.toLowerCase());
  return names;
});

/** The aliases other services' `links:` give each service, by its name; once per model. */
const linkAliases = perObject((model: ComposeModel): Map<string, string[]> => {
  const byTarget = new Map<string, string[]>();
  for (const other of model.services)
    for (const l of other.links) {
      const list = byTarget.get(l.service);
      if (list) list.push(l.alias);
      else byTarget.set(l.service, [l.alias]);
    }
  return byTarget;
});
