/**
 * What the connection-URL rules (wrong-db-host, db-host-localhost, db-port-is-host-port,
 * db-credentials-mismatch, db-password-missing) share: grouping one URL written once but used
 * by several services (anchors, merge keys), the database a URL reaches, the candidate
 * services a wrong host should have been (ranked), the edits that repoint a URL, the value a
 * fix writes for a user/password/database (as `${VAR}` when the database takes it from one),
 * and the error texts users actually see.
 */
import { appKindOf } from "../../model/apps";
import { envSetting, lastEnv } from "../../model/databases";
import { perObject } from "../../model/memo";
import type {
  ComposeModel,
  Connection,
  Database,
  EffectiveSetting,
  EnvVar,
  Service,
} from "../../model/types";
import { get, type RScalar } from "../../parse/resolve";
import { encodeUserinfo, type ParsedUrl, type Span, type UrlFamily, type UrlPart } from "../../parse/url";
import type { Fix, TextEdit } from "../types";
import { levenshtein } from "./near-names";
import { effectiveNetworks, shareNetwork } from "./networks";
import { extendsAnotherFile, partialProject } from "./project-scope";

// ---------------------------------------------------------------------------------------------
// Connections, grouped by the text they come from

/** One URL in the file, with every service that uses it (an anchor shared by many services). */
export interface UrlGroup {
  /** The first connection (all of them have the same text, url and spans). */
  conn: Connection;
  conns: Connection[];
  services: Service[];
}

/**
 * The model's connections grouped by where their URL is written, keeping only those `keep`
 * accepts. A URL in `x-airflow-common` merged into six services is one group, so it gives one
 * finding (naming the services) and one fix, not six of each.
 */
/** A number per scalar: where a URL is written, independent of where the scalar has moved since. */
const scalarIds = new WeakMap<RScalar, number>();
let nextScalarId = 0;

/**
 * Each connection's grouping key, computed once per connection (five rules group the same
 * URLs, and unchanged services keep their connections from keystroke to keystroke).
 */
const groupKeys = new WeakMap<ParsedUrl, string>();

function groupKey(c: Connection): string {
  let key = groupKeys.get(c.url);
  if (key === undefined) {
    // The scalar identifies where the URL is written (a URL reached through an anchor is the
    // same scalar for every service); its offset in the scalar needs no character map.
    let id = scalarIds.get(c.str.scalar);
    if (id === undefined) scalarIds.set(c.str.scalar, (id = nextScalarId++));
    key = `${id}:${c.str.scalarIndex(c.url.span.start)}:${c.url.span.end - c.url.span.start}:${c.str.value}`;
    groupKeys.set(c.url, key);
  }
  return key;
}

export function urlGroups(model: ComposeModel, keep: (c: Connection) => boolean): UrlGroup[] {
  const out: UrlGroup[] = [];
  // Index in the model of each group's first kept connection, to restore that order if needed.
  const firsts: number[] = [];
  let reordered = false;
  for (const { conns, indexes, whole } of connectionsByUrl(model)) {
    // The usual case: one service uses the URL, or every one is kept; the group is shared.
    if (conns.length === 1 || conns.every(keep)) {
      if (conns.length > 1 || keep(conns[0])) {
        out.push(whole);
        firsts.push(indexes[0]);
      }
      continue;
    }
    let group: UrlGroup | undefined;
    conns.forEach((c, k) => {
      if (!keep(c)) return;
      if (!group) {
        group = { conn: c, conns: [c], services: [c.service] };
        firsts.push(indexes[k]);
        reordered ||= k > 0;
      } else if (!group.services.includes(c.service)) {
        group.conns.push(c);
        group.services.push(c.service);
      }
    });
    if (group) out.push(group);
  }
  if (!reordered) return out;
  // Groups come in the order of their first kept connection, as if only those had been grouped.
  return out
    .map((group, k) => ({ group, first: firsts[k] }))
    .sort((a, b) => a.first - b.first)
    .map((g) => g.group);
}

interface UrlConnections {
  /** Every connection with this URL occurrence, in model order, and their indexes in it. */
  conns: Connection[];
  indexes: number[];
  /** The group when all of them are kept. */
  whole: UrlGroup;
}

/** The model's connections by URL occurrence, computed once per model (six rules group them). */
const connectionsByUrl = perObject((model: ComposeModel): UrlConnections[] => {
  const byKey = new Map<string, UrlConnections>();
  model.connections.forEach((c, index) => {
    const key = groupKey(c);
    const entry = byKey.get(key);
    if (!entry) {
      byKey.set(key, { conns: [c], indexes: [index], whole: { conn: c, conns: [c], services: [c.service] } });
      return;
    }
    entry.conns.push(c);
    entry.indexes.push(index);
    if (!entry.whole.services.includes(c.service)) {
      entry.whole.conns.push(c);
      entry.whole.services.push(c.service);
    }
  });
  return [...byKey.values()];
});

/** "service `a`", "services `a` and `b`", "services `a`, `b` and `c`", or "... and 3 more". */
export function servicesPhrase(services: Service[]): string {
  const names = services.map((s) => `\`${s.name}\``);
  if (names.length === 1) return `service ${names[0]}`;
  if (names.length > 4) return `services ${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
  return `services ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The document span of a URL part (or of value offsets [a, b)). */
export function partSpan(conn: Connection, part: UrlPart | Span): Span {
  const s = "span" in part ? part.span : part;
  return conn.str.span(s.start, s.end);
}

/** True when a URL part holds a `${VAR}` with no known value: unknown is not wrong. */
export function isUnresolved(conn: Connection, part: UrlPart | undefined): boolean {
  return !!part && conn.str.hasUnresolved(part.span.start, part.span.end);
}

/**
 * Any `network_mode` (host, none, bridge, service:x, container:x): compose DNS names and the
 * loopback mean something else there, so URL hosts cannot be judged from the file.
 */
export const hasOwnNetworkMode = perObject((service: Service): boolean => {
  return !!service.networkMode || !!get(service.node, "network_mode");
});

/**
 * True when a server of the URL's family shares `service`'s network stack (`network_mode:
 * service:<it>` or `container:<its container_name>`): it then listens on that service's
 * addresses, loopback included.
 */
export function hostsSidecarServer(model: ComposeModel, service: Service, family: UrlFamily): boolean {
  const refs = new Set([`service:${service.name}`]);
  if (service.containerName) refs.add(`container:${service.containerName.value}`);
  return model.databases.some(
    (db) => db.family === family && refs.has(db.service.networkMode?.value.trim() ?? ""),
  );
}

// ---------------------------------------------------------------------------------------------
// Families, labels, ports and the errors users see

const FAMILY_LABEL: Partial<Record<UrlFamily, string>> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  redis: "Redis",
  mongodb: "MongoDB",
  mssql: "SQL Server",
  amqp: "RabbitMQ",
  http: "HTTP",
};

export function familyLabel(family: UrlFamily): string {
  return FAMILY_LABEL[family] ?? family;
}

export function engineLabel(db: Database): string {
  return db.engine === "mariadb" ? "MariaDB" : (FAMILY_LABEL[db.family as UrlFamily] ?? db.engine);
}

/** The port a client uses when the URL names none. */
export function defaultPort(url: ParsedUrl): number | undefined {
  switch (url.family) {
    case "postgres":
      return 5432;
    case "mysql":
      return 3306;
    case "redis":
      return 6379;
    case "mongodb":
      return url.dialect === "mongodb+srv" ? undefined : 27017;
    case "mssql":
      return 1433;
    case "amqp":
      return 5672;
    case "http":
      return url.dialect === "https" ? 443 : 80;
    default:
      return undefined;
  }
}

/** The port the URL connects to (written or default); undefined when it cannot be read. */
export function urlPort(url: ParsedUrl): number | undefined {
  return url.port ? url.port.number : defaultPort(url);
}

/** The database a connection reaches when its host is a database service of the URL's family. */
export function targetDatabase(model: ComposeModel, conn: Connection): Database | undefined {
  if (!conn.target) return undefined;
  const db = model.databaseByService.get(conn.target.name);
  return db && db.family === conn.url.family ? db : undefined;
}

/** A URL group that reaches a database server with logins, and that database. */
export interface LoginGroup {
  group: UrlGroup;
  db: Database;
}

/**
 * The URL groups whose connections reach a PostgreSQL, MySQL/MariaDB or Redis service of the
 * URL's own family, with that service's database: what the credential rules compare. Once
 * per model (two rules ask).
 */
export const loginGroups = perObject((model: ComposeModel): readonly LoginGroup[] => {
  const list: LoginGroup[] = [];
  for (const group of urlGroups(model, (c) => !!targetDatabase(model, c))) {
    const db = targetDatabase(model, group.conn)!;
    if (db.family === "postgres" || db.family === "mysql" || db.family === "redis") list.push({ group, db });
  }
  return list;
});

const LOOPBACK_ADDRESS: Record<string, string> = {
  localhost: "127.0.0.1",
  "ip6-localhost": "::1",
  "127.0.0.1": "127.0.0.1",
  "::1": "::1",
  "0.0.0.0": "0.0.0.0",
};

/** The client's error when nothing listens at host:port ("Connection refused"). */
export function refusedError(url: ParsedUrl, host: string, port: number | undefined): string {
  const addr = LOOPBACK_ADDRESS[host.toLowerCase()] ?? "…";
  const p = port ?? "…";
  switch (url.family) {
    case "postgres":
      return `connection to server at "${host}" (${addr}), port ${p} failed: Connection refused`;
    case "mysql":
      return `Can't connect to MySQL server on '${host}' ([Errno 111] Connection refused)`;
    case "redis":
      return `Error 111 connecting to ${host}:${p}. Connection refused.`;
    case "http":
      return `HTTPConnectionPool(host='${host}', port=${p}): Max retries exceeded ... [Errno 111] Connection refused`;
    default:
      return `${host}:${p}: [Errno 111] Connection refused`;
  }
}

/** The client's error when the host name does not resolve. */
export function unknownHostError(url: ParsedUrl, host: string, port: number | undefined): string {
  switch (url.family) {
    case "postgres":
      return `could not translate host name "${host}" to address: Name or service not known`;
    case "mysql":
      return `Can't connect to MySQL server on '${host}' ([Errno -2] Name or service not known)`;
    case "redis":
      return `Error -2 connecting to ${host}:${port ?? "…"}. Name or service not known.`;
    default:
      return `${host}: [Errno -2] Name or service not known`;
  }
}

// ---------------------------------------------------------------------------------------------
// Candidate services for a wrong host

/** A service a URL could be repointed at: a database of the URL's family, or an MLflow server. */
export interface Target {
  service: Service;
  db?: Database;
  /** The port it listens on inside its container. */
  port: number;
  /** "PostgreSQL", "MLflow". */
  label: string;
}

/** Whether `client` can reach `target` by name: both on compose networks, sharing one (as no-shared-network sees it). */
export function reachable(model: ComposeModel, client: Service, target: Service): boolean {
  if (hasOwnNetworkMode(client) || hasOwnNetworkMode(target)) return false;
  const a = effectiveNetworks(model, client);
  const b = effectiveNetworks(model, target);
  return !!a && !!b && shareNetwork(model, a.keys, b.keys);
}

/** Database services of the URL's family that containers can reach by name. */
export function databaseTargets(model: ComposeModel, family: UrlFamily): Target[] {
  return model.databases
    .filter((db) => db.family === family && !hasOwnNetworkMode(db.service))
    .map((db) => ({ service: db.service, db, port: db.port, label: engineLabel(db) }));
}

/**
 * Whether the service runs `mlflow server`/`mlflow ui`, and on which port: undefined when it
 * runs no MLflow server, `{ port: undefined }` when the port is a variable the file cannot show.
 */
export function mlflowServer(service: Service): { port?: number } | undefined {
  for (const cmd of [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])]) {
    const words = cmd.map((w) => w.value);
    let i = 0;
    if (/^python(\d(\.\d+)?)?$/.test(words[0]?.split("/").pop() ?? "") && words[1] === "-m") i = 2;
    if (words[i]?.split("/").pop() !== "mlflow" || !["server", "ui"].includes(words[i + 1])) continue;
    const digits = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? { port: +v } : {});
    for (let k = i + 2; k < words.length; k++) {
      const w = words[k];
      if (w.startsWith("--port=")) return digits(w.slice("--port=".length));
      if (w === "--port" || w === "-p") return digits(words[k + 1]);
    }
    const env = lastEnv(service, "MLFLOW_PORT");
    if (env) return digits(env.value?.value);
    return { port: 5000 };
  }
  return undefined;
}

/** Services that run `mlflow server`/`mlflow ui`, as targets for a tracking URI. */
export function mlflowTargets(model: ComposeModel): Target[] {
  const out: Target[] = [];
  for (const service of model.services) {
    const port = mlflowServer(service)?.port;
    if (port !== undefined && !hasOwnNetworkMode(service)) out.push({ service, port, label: "MLflow" });
  }
  return out;
}

/** 0..1: how much the URL's host looks like one of the service's names. */
function nameSimilarity(host: string, names: Iterable<string>): number {
  let best = 0;
  const h = host.toLowerCase();
  for (const raw of names) {
    const n = raw.toLowerCase();
    let s = 1 - levenshtein(h, n) / Math.max(h.length, n.length, 1);
    if (h.length >= 2 && (n.includes(h) || h.includes(n))) s = Math.max(s, 0.75);
    best = Math.max(best, s);
  }
  return best;
}

export interface Ranking {
  ranked: Target[];
  /** The first candidate is clearly the one meant: the only one, or the only one with the URL's database. */
  clear: boolean;
}

/**
 * Candidates best first: the URL's database name matches theirs, then its user, then its port
 * (a published or container port, the usual case for `localhost:5433`), then the host name
 * looks like theirs, then those the clients can reach.
 */
export function rankTargets(model: ComposeModel, group: UrlGroup, targets: Target[]): Ranking {
  const url = group.conn.url;
  const own = new Set(group.services);
  const list = targets.filter((t) => !own.has(t.service));
  const dbName = url.database?.value;
  const user = url.user?.value;
  const port = url.port?.number;
  const score = (t: Target) => {
    const dbMatch = !!dbName && t.db?.database.known === true && t.db.database.value === dbName;
    const userMatch = !!user && t.db?.user.known === true && t.db.user.value === user;
    const portMatch =
      port !== undefined &&
      (t.port === port ||
        t.service.ports.some(
          (p) => !p.unknown && p.published && p.published.start <= port && port <= p.published.end,
        ));
    const names = t.db
      ? t.db.names
      : new Set([t.service.name, t.service.containerName?.value ?? t.service.name]);
    return {
      dbMatch,
      userMatch,
      portMatch,
      similarity: url.host ? nameSimilarity(url.host.value, names) : 0,
      reach: group.services.every((s) => reachable(model, s, t.service)),
    };
  };
  const scored = list.map((t, i) => ({ t, i, s: score(t) }));
  scored.sort(
    (a, b) =>
      +b.s.dbMatch - +a.s.dbMatch ||
      +b.s.userMatch - +a.s.userMatch ||
      +b.s.portMatch - +a.s.portMatch ||
      b.s.similarity - a.s.similarity ||
      +b.s.reach - +a.s.reach ||
      a.i - b.i,
  );
  const dbMatches = scored.filter((x) => x.s.dbMatch).length;
  const clear = scored.length === 1 || (dbMatches === 1 && scored[0].s.dbMatch);
  return { ranked: scored.map((x) => x.t), clear };
}

/** "`postgres`" or "`a`, `b` and `c`". */
export function namesList(targets: Target[]): string {
  const names = targets.map((t) => `\`${t.service.name}\``);
  return names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The edits that make the URL's host `target` (and its port the target's container port when
 * that differs), or undefined when the characters are not written literally in the file.
 */
export function repointEdits(conn: Connection, target: Target): TextEdit[] | undefined {
  const url = conn.url;
  if (!url.host) return undefined;
  const name = target.service.name;
  const hostSpan = conn.str.editableSpan(url.host.span.start, url.host.span.end);
  if (!hostSpan) return undefined;
  if (url.port) {
    if (url.port.number === undefined) return undefined;
    const edits: TextEdit[] = [];
    if (url.host.value !== name) {
      if (!conn.str.canHold(name)) return undefined;
      edits.push({ ...hostSpan, newText: name });
    }
    if (url.port.number !== target.port) {
      const portSpan = conn.str.editableSpan(url.port.span.start, url.port.span.end);
      if (!portSpan) return undefined;
      edits.push({ ...portSpan, newText: String(target.port) });
    }
    return edits;
  }
  const text = defaultPort(url) === target.port ? name : `${name}:${target.port}`;
  if (!conn.str.canHold(text)) return undefined;
  return [{ ...hostSpan, newText: text }];
}

/**
 * One fix per candidate, best first; only the first is preferred, and only when it is clearly
 * right and every client of the URL can reach it.
 */
export function repointFixes(
  model: ComposeModel,
  group: UrlGroup,
  ranking: Ranking,
  title: (t: Target) => string,
): Fix[] {
  const fixes: Fix[] = [];
  ranking.ranked.forEach((t, i) => {
    const edits = repointEdits(group.conn, t);
    if (!edits || edits.length === 0) return;
    const portChanges = edits.length > 1 || edits[0].newText.includes(":");
    fixes.push({
      title: title(t) + (portChanges ? ` on port ${t.port}` : ""),
      edits,
      preferred: i === 0 && ranking.clear && group.services.every((s) => reachable(model, s, t.service)),
    });
  });
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// Accounts and the values fixes write

/** Images whose defaults (user `postgres`, database = user, ...) are the official entrypoint's. */
const DEFAULTS_IMAGES =
  /^(postgres|postgis\/postgis|pgvector\/pgvector|ankane\/pgvector|timescale\/timescaledb(-ha|-postgis)?|mysql|mysql\/mysql-server|mariadb|redis|valkey\/valkey|redis\/redis-stack(-server)?)$/;

/** True when the service runs an image with the official entrypoint's behaviour (not bitnami, supabase, ...). */
export function officialImage(db: Database): boolean {
  const repo = (db.service.image?.repository ?? "").replace(/^(.*\/)?library\//, "");
  return !db.service.build && DEFAULTS_IMAGES.test(repo);
}

/** A setting this rule may rely on: known, and either written in the file or a default of a known image. */
export function certain(db: Database, s: EffectiveSetting): s is EffectiveSetting & { value: string } {
  if (!s.known || s.value === undefined) return false;
  // A value copied from a command flag with a variable the model could not resolve.
  if (!s.env && /\$\{?[A-Za-z_]/.test(s.value)) return false;
  if (s.env) return true;
  return officialImage(db);
}

/**
 * Roles or databases beyond the POSTGRES_* / MYSQL_* ones may exist: init scripts mounted into
 * /docker-entrypoint-initdb.d, an image built here (it may bake them in), or an image with
 * another entrypoint (bitnami always has `postgres`, supabase creates a dozen roles).
 */
export function mayHaveExtraAccounts(db: Database): boolean {
  if (!officialImage(db)) return true;
  return db.service.volumes.some((v) => v.target?.startsWith("/docker-entrypoint-initdb.d"));
}

/** A PostgreSQL with its own client authentication file (mounted pg_hba.conf, `-c hba_file=`). */
function ownHbaFile(service: Service): boolean {
  if (service.volumes.some((v) => v.target?.endsWith("pg_hba.conf"))) return true;
  return (service.command?.commands ?? []).some((cmd) => cmd.some((w) => w.value.includes("hba_file")));
}

/** One login the database accepts: user and password with where they come from. */
export interface Account {
  user: EffectiveSetting;
  password: EffectiveSetting;
  /** The env var that sets the password (for messages), e.g. POSTGRES_PASSWORD. */
  passwordVar?: string;
  /** The password is required: it is set (or must be set) for this login. */
  passwordRequired: boolean;
}

/**
 * The logins a database accepts: for MySQL/MariaDB the MYSQL_USER and root; for others the
 * one user. Once per database of a model (every URL to it asks); callers never mutate it.
 */
export const accountsOf = perObject((db: Database): Account[] => {
  const s = db.service;
  const has = (n: string) => !!lastEnv(s, n) || !!lastEnv(s, `${n}_FILE`);
  if (db.engine === "postgres") {
    const bitnami = s.image?.repository.startsWith("bitnami/") ?? false;
    const pwVar = bitnami && has("POSTGRESQL_PASSWORD") ? "POSTGRESQL_PASSWORD" : "POSTGRES_PASSWORD";
    return [
      {
        user: db.user,
        password: db.password,
        passwordVar: pwVar,
        // An env_file may set POSTGRES_HOST_AUTH_METHOD=trust, and a pg_hba.conf of one's own may
        // trust anyone: then no password is checked.
        passwordRequired:
          !db.passwordOptional &&
          has(pwVar) &&
          (s.envFiles.length === 0 || has("POSTGRES_HOST_AUTH_METHOD")) &&
          !ownHbaFile(s),
      },
    ];
  }
  if (db.engine === "mysql" || db.engine === "mariadb") {
    const pre = db.engine === "mariadb" ? ["MARIADB_", "MYSQL_"] : ["MYSQL_"];
    const names = (suffix: string) => pre.map((p) => p + suffix);
    const root: EffectiveSetting = { value: "root", known: true };
    const rootPwVar = names("ROOT_PASSWORD").find(has) ?? "MYSQL_ROOT_PASSWORD";
    const rootPw = envSetting(s, names("ROOT_PASSWORD")) ?? { known: false };
    const emptyRoot = names("ALLOW_EMPTY_ROOT_PASSWORD")
      .concat(names("ALLOW_EMPTY_PASSWORD"))
      .some((n) => !!lastEnv(s, n));
    const random = names("RANDOM_ROOT_PASSWORD").some((n) => !!lastEnv(s, n));
    const rootAccount: Account = {
      user: root,
      password: random ? { known: false } : rootPw,
      passwordVar: rootPwVar,
      passwordRequired: !emptyRoot && (random || names("ROOT_PASSWORD").some(has)),
    };
    const userEnv = envSetting(s, names("USER"));
    if (!userEnv || userEnv.value === "root") return [rootAccount];
    const pwVar = names("PASSWORD").find(has) ?? "MYSQL_PASSWORD";
    return [
      {
        user: userEnv,
        password: envSetting(s, names("PASSWORD")) ?? { known: false },
        passwordVar: pwVar,
        passwordRequired: names("PASSWORD").some(has),
      },
      rootAccount,
    ];
  }
  if (db.engine === "redis") {
    return [
      {
        user: { known: false },
        password: db.password,
        passwordVar: db.password.env?.name ?? "--requirepass",
        passwordRequired: !db.passwordOptional,
      },
    ];
  }
  return [];
});

/** The raw text of an env entry's value as written (`${PG_PASSWORD:-x}`), without `KEY=`. */
function rawEnvValue(env: EnvVar): string | undefined {
  const raw = env.value?.scalar.text;
  if (raw == null) return undefined;
  return (env.form === "list" ? raw.slice(raw.indexOf("=") + 1) : raw).trim();
}

export type PartKind = "user" | "password" | "database";

export interface WrittenValue {
  /** The text to write into the URL. */
  text: string;
  /** Written as the variable the database reads (`${PG_PASSWORD}`), not as a literal. */
  viaVariable: boolean;
}

/**
 * The text a fix writes into a URL part so that it equals the database's setting: the same
 * `${VAR}` expression the database uses when its value comes from a variable and needs no
 * percent-encoding, else the value percent-encoded for the URL. `varEnv` is the env entry
 * holding the variable when the setting itself has none (the database defaulting to the user).
 */
export function valueText(
  model: ComposeModel,
  setting: EffectiveSetting,
  kind: PartKind,
  varEnv?: EnvVar,
): WrittenValue | undefined {
  if (!setting.known || setting.value === undefined) return undefined;
  const value = setting.value;
  const encoded = encodeUserinfo(value);
  const env = setting.env ?? varEnv;
  if (setting.variable && env && encoded === value) {
    const raw = rawEnvValue(env);
    let expr: string | undefined;
    // Keep the database's own default (`${PG_PASSWORD:-airflow}`) when it needs no encoding either.
    if (raw && /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][A-Za-z0-9._~-]*)?\}$/.test(raw)) expr = raw;
    else if (raw && /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) expr = `\${${raw.slice(1)}}`;
    else if (model.variables.has(setting.variable)) expr = `\${${setting.variable}}`;
    if (expr) return { text: expr, viaVariable: true };
  }
  // A database name goes into the path: keep to names that need no encoding at all.
  if (kind === "database" && encoded !== value) return undefined;
  return { text: encoded, viaVariable: false };
}

/** Which application the service is, for messages: "the Airflow service `airflow`". */
export function describeService(model: ComposeModel, service: Service): string {
  const db = model.databaseByService.get(service.name);
  if (db) return `the ${engineLabel(db)} service \`${service.name}\``;
  const kind = appKindOf(service);
  const label = kind
    ? { mlflow: "MLflow", airflow: "Airflow", optuna: "Optuna", superset: "Superset" }[kind]
    : "";
  return label ? `the ${label} service \`${service.name}\`` : `the service \`${service.name}\``;
}

/** True when the file is one part of a multi-file project, so a name may be defined elsewhere. */
export function isPartialProject(model: ComposeModel): boolean {
  return partialProject(model) !== undefined;
}

/** Whether a client's own settings may make an unknown name resolve (extra_hosts, custom DNS, external links or networks). */
export function mayResolveElsewhere(model: ComposeModel, client: Service, host: string): boolean {
  const node = client.node;
  if (!node || extendsAnotherFile(client)) return true;
  if (get(node, "dns") || get(node, "dns_search") || get(node, "external_links")) return true;
  const extra = get(node, "extra_hosts");
  if (extra) {
    const entries =
      extra.kind === "map"
        ? extra.pairs.map((p) => p.key.text ?? "")
        : extra.kind === "seq"
          ? extra.items.map((i) => (i.kind === "scalar" ? (i.text ?? "") : ""))
          : [];
    if (entries.some((e) => e.split(/[:=]/)[0].trim().toLowerCase() === host.toLowerCase())) return true;
  }
  // An external network is shared with containers of other projects, which answer to their names.
  const networks = effectiveNetworks(model, client);
  if (!networks) return true;
  for (const name of networks.keys) {
    const decl = model.declared.networks.get(name);
    const ext = get(decl?.value, "external");
    if (ext && !(ext.kind === "scalar" && ext.text === "false")) return true;
  }
  return false;
}
