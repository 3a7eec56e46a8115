/**
 * Probes: what a service's written healthcheck `test:` actually runs, as Docker runs it
 * (the Dockerfile reference, HEALTHCHECK: `CMD` is exec'd as given, `CMD-SHELL` runs its one
 * string with `/bin/sh -c`, a plain string is `CMD-SHELL`; compose-go
 * `HealthCheckTest.DecodeMapstructure`, docker-py `Healthcheck`). A fact of one service.
 *
 * `shape` finds the forms that do not run what was written:
 * - `cmd-one-string`: `["CMD", "pg_isready -U x"]`: exec looks for a program named
 *   `pg_isready -U x`, which does not exist; the check never passes.
 * - `shell-extra-items`: `["CMD-SHELL", "curl", "-f", "http://…"]`: the shell runs `curl`
 *   alone; the other items become `$0`, `$1`, … of the script, which ignores them.
 * - `string-with-kind`: `test: "CMD-SHELL pg_isready"`: a string is already run by the shell,
 *   which looks for a program named `CMD-SHELL`; the check never passes.
 */

import { interpolate, type VariableRef } from "../../parse/interpolate";
import { getPair, type RNode, type RScalar, type RSeq } from "../../parse/resolve";
import { SourceString } from "../../parse/source-string";
import type { Span } from "../../parse/url";
import { engineOf, lastEnv, portFromCommand, variableOf } from "../databases";
import { mayHaveUnreadEnv } from "../env-complete";
import { ENGINE_LABEL } from "../labels";
import { perObject } from "../memo";
import type { ComposeModel, DatabaseEngine, EnvVar, PortMapping, Service } from "../types";
import { knownImageOf } from "./images";

export type HealthcheckShape =
  | {
      kind: "cmd-one-string";
      test: RSeq;
      kindItem: RScalar;
      program: RScalar;
      text: string;
      words: string[];
      more: number;
    }
  | { kind: "shell-extra-items"; test: RSeq; kindItem: RScalar; items: RScalar[] }
  | { kind: "string-with-kind"; test: RScalar; written: "CMD" | "CMD-SHELL" };

/** Shell syntax: a test with any of it means something only to a shell. */
export const SHELL_SYNTAX = /[|&;<>()$`"'\\*?[\]#~=%{}\n]/;

const shape = perObject((service: Service): HealthcheckShape | undefined => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return undefined;
  const test = hc.test;
  if (test.kind === "scalar") {
    const m = /^\s*(CMD-SHELL|CMD)\s/.exec(test.text ?? "");
    return m ? { kind: "string-with-kind", test, written: m[1] as "CMD" | "CMD-SHELL" } : undefined;
  }
  if (test.kind !== "seq") return undefined;
  const items = test.items;
  const kindItem = items[0];
  if (kindItem?.kind !== "scalar" || !items.every((i) => i.kind === "scalar")) return undefined;
  const scalars = items as RScalar[];
  if (hc.testKind === "CMD") {
    const program = scalars[1];
    const text = (program?.text ?? "").trim();
    if (!program || !/\s/.test(text)) return undefined;
    return {
      kind: "cmd-one-string",
      test,
      kindItem,
      program,
      text,
      words: text.split(/\s+/),
      more: scalars.length - 2,
    };
  }
  if (hc.testKind === "CMD-SHELL" && scalars.length > 2)
    return { kind: "shell-extra-items", test, kindItem, items: scalars.slice(1) };
  return undefined;
});

/**
 * How a Redis server's password is given to `redis-cli -a` in a healthcheck, when the server
 * requires one: `--requirepass X` in its command (the official images read no password
 * variable: docker-library/redis docker-entrypoint.sh), or REDIS_PASSWORD in Bitnami's image
 * (which sets requirepass from it). `arg` is the shell word for the container: a literal as
 * is, a Compose variable (`${REDIS_PASSWORD}`) single-quoted (Compose puts the same value in
 * the test as in the command), a container variable (`$$REDIS_PASSWORD`) double-quoted.
 * `unknown`: a password the test cannot repeat safely. Undefined: no password is required
 * (as far as the file says: a mounted redis.conf may still set one).
 */
export type RedisPassword = { arg: string } | "unknown";

const REQUIREPASS = /--requirepass[\s=]+("[^"]*"|'[^']*'|\S+)/;

const redisPassword = perObject((service: Service): RedisPassword | undefined => {
  const image = service.image?.repository ?? "";
  const texts: string[] = [];
  for (const node of [service.command?.node, service.entrypoint?.node]) scalarTexts(node, texts);
  const m = REQUIREPASS.exec(texts.join(" "));
  if (m) {
    const word = m[1].replace(/^(["'])(.*)\1$/, "$2");
    if (/^[A-Za-z0-9_.@%+=:,/-]+$/.test(word)) return { arg: word };
    if (/^\$\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(word)) return { arg: `"${word}"` };
    if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}']*)?\}?$/.test(word)) return { arg: `'${word}'` };
    return "unknown";
  }
  if (/^(bitnami|bitnamilegacy|bitnamisecure)\/redis$/.test(image)) {
    const set = service.environment.some(
      (e) => e.name === "REDIS_PASSWORD" || e.name === "REDIS_PASSWORD_FILE",
    );
    const empty = service.environment.some(
      (e) => e.name === "ALLOW_EMPTY_PASSWORD" && /^yes$/i.test(e.value?.value ?? ""),
    );
    if (set && !empty) return { arg: '"$$REDIS_PASSWORD"' };
  }
  return undefined;
});

/** The scalars of a node as written (before interpolation). */
function scalarTexts(node: RNode | undefined | null, out: string[]): string[] {
  if (!node) return out;
  if (node.kind === "scalar") out.push(node.text ?? "");
  else if (node.kind === "seq") for (const i of node.items) scalarTexts(i, out);
  else for (const p of node.pairs) scalarTexts(p.value, out);
  return out;
}

/**
 * A `redis-cli … ping` healthcheck that passes against a server requiring a password: it
 * gives none (no -a/--pass/--user/-u URL/AUTH, no REDISCLI_AUTH) and does not look for PONG,
 * so the NOAUTH error it prints exits 0. `options`: the words between `redis-cli` and `ping`
 * (`-h`, `-p`), when they are plain.
 */
export interface UnauthenticatedPing {
  password: RedisPassword;
  test: RNode;
  options?: string[];
}

const unauthenticatedPing = perObject((service: Service): UnauthenticatedPing | undefined => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return undefined;
  const password = redisPassword(service);
  if (!password) return undefined;
  const text = scalarTexts(hc.test, []).join(" ");
  if (!/\bredis-cli\b/.test(text) || !/\bping\b/i.test(text)) return undefined;
  if (/(^|\s)(-a|--pass|--askpass|--user|-u)(\s|=|$)|REDISCLI_AUTH|\bAUTH\b|PONG|grep/.test(text))
    return undefined;
  if (service.environment.some((e) => e.name === "REDISCLI_AUTH")) return undefined;
  // The one command `redis-cli [options] ping`, to rebuild with the password.
  const words = hc.commands.length === 1 ? hc.commands[0].map((w) => w.value) : [];
  const options =
    words[0] === "redis-cli" &&
    /^ping$/i.test(words[words.length - 1] ?? "") &&
    words.slice(1, -1).every((w) => !SHELL_SYNTAX.test(w) && !/\s/.test(w))
      ? words.slice(1, -1)
      : undefined;
  return { password, test: hc.test, ...(options ? { options } : {}) };
});

// ---------------------------------------------------------------------------------------------
// Ports a healthcheck probes

/** A port a healthcheck probes inside its own container: the digits `start..end` of `word`. */
export interface PortProbe {
  word: SourceString;
  start: number;
  end: number;
  port: number;
  /** The program that probes it (`pg_isready`, `curl`). */
  tool: string;
  /** The database engine the tool speaks to, for a database client (`pg_isready`: postgres). */
  engine?: DatabaseEngine;
}

/** The port a database server listens on inside its container, when the file says so surely. */
export interface ListenPort {
  port: number;
  /** What sets it: `PGPORT`, "its command"; undefined for the image's default. */
  by?: string;
  label: string;
}

/**
 * A healthcheck probing a port nothing in the container listens on: the published host port
 * of a mapping (`host-port`: `5433:5432` probed at 5433), or a port other than the one the
 * database server listens on (`not-listening`: `pg_isready -p 5433` where PGPORT is unset).
 * `right` is the port to probe instead.
 */
export interface WrongPort {
  probe: PortProbe;
  kind: "host-port" | "not-listening";
  right: number;
  /** The mapping whose host port is probed (`host-port`). */
  mapping?: PortMapping;
  listen?: ListenPort;
}

const TOOL_ENGINE: Record<string, DatabaseEngine> = {
  pg_isready: "postgres",
  psql: "postgres",
  "redis-cli": "redis",
  "valkey-cli": "redis",
  mysqladmin: "mysql",
  "mariadb-admin": "mysql",
  mysql: "mysql",
  mariadb: "mysql",
  mongosh: "mongodb",
  mongo: "mongodb",
};

/** The option that names the port, and the one that names the host, per client. */
const TOOL_FLAGS: Record<DatabaseEngine | "other", { port: string[]; host: string[] }> = {
  postgres: { port: ["-p", "--port"], host: ["-h", "--host"] },
  redis: { port: ["-p"], host: ["-h"] },
  mysql: { port: ["-P", "--port"], host: ["-h", "--host"] },
  mariadb: { port: ["-P", "--port"], host: ["-h", "--host"] },
  mongodb: { port: ["--port"], host: ["--host"] },
  mssql: { port: [], host: [] },
  rabbitmq: { port: [], host: [] },
  minio: { port: [], host: [] },
  other: { port: [], host: [] },
};

const LOOPBACK = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|::1|\[::1\])$/i;

/** Host names that reach the service's own container. */
function ownNames(service: Service): Set<string> {
  const names = new Set([service.name.toLowerCase()]);
  if (service.containerName) names.add(service.containerName.value.toLowerCase());
  if (service.hostname) names.add(service.hostname.value.toLowerCase());
  for (const n of service.networks ?? []) for (const a of n.aliases) names.add(a.toLowerCase());
  return names;
}

const HOST_PORT =
  /(^|[^\w.-])(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|[a-z0-9][a-z0-9_.-]*):(\d{1,5})(?![\d@])/gi;
const DEV_TCP = /\/dev\/tcp\/([^/\s]+)\/(\d{1,5})(?!\d)/g;

const portProbes = perObject((service: Service): PortProbe[] => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return [];
  const own = ownNames(service);
  const local = (host: string) => LOOPBACK.test(host) || own.has(host.toLowerCase());
  const out: PortProbe[] = [];
  const add = (word: SourceString, start: number, end: number, tool: string, engine?: DatabaseEngine) => {
    if (word.hasUnresolved(start, end)) return;
    const port = Number(word.value.slice(start, end));
    if (!(port > 0 && port < 65536)) return;
    if (out.some((p) => p.word === word && p.start === start)) return;
    out.push({ word, start, end, port, tool, ...(engine ? { engine } : {}) });
  };
  for (const cmd of hc.commands) {
    if (cmd.length === 0) continue;
    const tool = cmd[0].value.split("/").pop() ?? "";
    const engine = TOOL_ENGINE[tool];
    if (engine) {
      const flags = TOOL_FLAGS[engine];
      let host: string | undefined;
      let port: { word: SourceString; start: number } | undefined;
      let tcp = false;
      for (let i = 1; i < cmd.length; i++) {
        const w = cmd[i].value;
        const next = cmd[i + 1];
        for (const [names, set] of [
          [flags.host, (word: SourceString, start: number) => (host = word.value.slice(start))],
          [flags.port, (word: SourceString, start: number) => (port = { word, start })],
        ] as const) {
          for (const f of names) {
            if (w === f && next) {
              set(next, 0);
              i++;
            } else if (w.startsWith(`${f}=`)) set(cmd[i], f.length + 1);
            else if (f.length === 2 && w.startsWith(f) && w.length > 2 && /^\d+$/.test(w.slice(2)))
              set(cmd[i], 2);
            else continue;
            break;
          }
        }
        if (/^--protocol=tcp$/i.test(w) || (w === "--protocol" && /^tcp$/i.test(next?.value ?? "")))
          tcp = true;
        if (/^-(u|s)$|^--(socket|uri|url)\b/.test(w)) port = undefined;
      }
      const p = port as { word: SourceString; start: number } | undefined;
      if (p && /^\d+$/.test(p.word.value.slice(p.start))) {
        const h = host as string | undefined;
        // A MySQL client's `localhost` (and no host) is the Unix socket: the port is not used.
        const socketOnly = engine === "mysql" && !tcp && (h === undefined || /^localhost$/i.test(h));
        // A PostgreSQL client without a host uses the socket, whose file is named after the port.
        const isLocal = h === undefined || local(h) || (engine === "postgres" && h.startsWith("/"));
        if (isLocal && !socketOnly) add(p.word, p.start, p.word.value.length, tool, engine);
      }
    }
    if (tool === "nc" || tool === "ncat" || tool === "netcat") {
      const args = cmd.slice(1).filter((w) => !w.value.startsWith("-"));
      const [h, p] = args.slice(-2);
      if (h && p && local(h.value) && /^\d+$/.test(p.value)) add(p, 0, p.value.length, tool);
    }
    // host:port in any word (URLs of curl, wget, a python one-liner), and bash's /dev/tcp/host/port.
    for (const word of cmd) {
      if (!word.value.includes(":") && !word.value.includes("/dev/tcp")) continue;
      for (const m of word.value.matchAll(HOST_PORT)) {
        if (!local(m[2])) continue;
        const start = (m.index ?? 0) + m[1].length + m[2].length + 1;
        add(word, start, start + m[3].length, tool, engine);
      }
      for (const m of word.value.matchAll(DEV_TCP)) {
        if (!local(m[1])) continue;
        const start = (m.index ?? 0) + m[0].length - m[2].length;
        add(word, start, start + m[2].length, tool);
      }
    }
  }
  return out;
});

/** The port variables of each engine besides the image table's `setBy`. */
const PORT_ENV: Partial<Record<DatabaseEngine, string[]>> = {
  postgres: ["PGPORT"],
  mysql: ["MYSQL_TCP_PORT"],
  mariadb: ["MYSQL_TCP_PORT"],
};

/** Programs that start the server itself (so its command's port options are the server's). */
const SERVER_PROGRAM =
  /^(postgres|postmaster|docker-entrypoint\.sh|redis-server|valkey-server|redis-stack-server|mysqld|mariadbd|mongod)$/;

const listenPort = perObject((service: Service): ListenPort | undefined => {
  const info = engineOf(service);
  const known = knownImageOf(service);
  if (!info || !known || !["postgres", "mysql", "mariadb", "redis", "mongodb"].includes(info.engine))
    return undefined;
  // An env file not read or an extended service may set the port variable.
  if (mayHaveUnreadEnv(service) || getPair(service.node, "extends")) return undefined;
  const label = ENGINE_LABEL[info.engine];
  const first = known.facts.ports[0];
  if (!first) return undefined;
  let port = first.port;
  let by: string | undefined;
  const names = [...(first.setBy?.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? []), ...(PORT_ENV[info.engine] ?? [])];
  for (const name of new Set(names)) {
    const env = lastEnv(service, name);
    if (!env) continue;
    const v = env.value;
    if (!v || v.hasUnresolved() || !/^\d+$/.test(v.value.trim())) return undefined;
    port = Number(v.value.trim());
    by = `\`${name}\``;
  }
  const commands = [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])];
  const text = commands.map((c) => c.map((w) => w.value).join(" ")).join(" ; ");
  // A configuration file, a sentinel, a command of its own: the port may be elsewhere.
  if (/\.conf\b|\.cnf\b|config_file|--defaults(-extra)?-file|sentinel|--config\b|\$/.test(text))
    return undefined;
  if (
    commands.length > 0 &&
    !commands.some((c) => {
      const prog = c[0]?.value ?? "";
      return prog.startsWith("-") || SERVER_PROGRAM.test(prog.split("/").pop() ?? "");
    })
  )
    return undefined;
  const fromCommand = portFromCommand(service);
  if (fromCommand !== undefined) {
    port = fromCommand;
    by = "its command";
  }
  return { port, label, ...(by ? { by } : {}) };
});

/** The container port a published host port leads to, through a mapping of the service. */
function mappingOf(service: Service, hostPort: number): { mapping: PortMapping; target: number } | undefined {
  for (const m of service.ports) {
    const p = m.published;
    if (!p || m.unknown || m.protocol !== "tcp") continue;
    if (hostPort < p.start || hostPort > p.end) continue;
    if (p.end - p.start !== m.target.end - m.target.start) continue;
    return { mapping: m, target: m.target.start + (hostPort - p.start) };
  }
  return undefined;
}

/** Text of the service's command, entrypoint and environment values, where an app's port may be set. */
function mentionsPort(service: Service, port: number): boolean {
  const re = new RegExp(`(^|[^\\d])${port}([^\\d]|$)`);
  for (const line of [service.command, service.entrypoint])
    for (const w of line?.argv ?? []) if (re.test(w.value)) return true;
  return service.environment.some((e) => e.value !== null && re.test(e.value.value));
}

const wrongPorts = perObject((service: Service): WrongPort[] => {
  if (service.networkMode) return [];
  const probes = portProbes(service);
  if (probes.length === 0) return [];
  const listen = listenPort(service);
  const engine = engineOf(service)?.engine;
  const out: WrongPort[] = [];
  for (const probe of probes) {
    const p = probe.port;
    if (listen && p === listen.port) continue;
    // The container listens there too, as far as the file says: another mapping's or `expose`'s port.
    if (service.ports.some((m) => !m.unknown && p >= m.target.start && p <= m.target.end)) continue;
    if (service.expose.some((e) => e.port === p)) continue;
    const speaks =
      listen &&
      probe.engine !== undefined &&
      (probe.engine === engine || (probe.engine === "mysql" && engine === "mariadb"));
    const mapped = mappingOf(service, p);
    if (mapped && mapped.target !== p) {
      if (!listen && mentionsPort(service, p)) continue;
      out.push({
        probe,
        kind: "host-port",
        right: speaks ? listen.port : mapped.target,
        mapping: mapped.mapping,
        ...(listen ? { listen } : {}),
      });
    } else if (speaks && !mapped) {
      out.push({ probe, kind: "not-listening", right: listen.port, listen });
    }
  }
  return out;
});
// ---------------------------------------------------------------------------------------------
// The login of a pg_isready healthcheck

/** One option value of a command word: the characters `start..` of `word` (`-Uapp`, `--username=app`). */
export interface OptionValue {
  word: SourceString;
  start: number;
  value: string;
}

/** A `pg_isready` of a healthcheck, with its `-U` and `-d` as written. */
export interface PgIsready {
  /** The words of its command (the first is pg_isready). */
  words: SourceString[];
  user?: OptionValue;
  database?: OptionValue;
  host?: OptionValue;
}

function optionValue(
  words: SourceString[],
  i: number,
  short: string,
  long: string,
): OptionValue | "next" | undefined {
  const w = words[i].value;
  if (w === short || w === long) {
    const next = words[i + 1];
    return next ? { word: next, start: 0, value: next.value } : undefined;
  }
  if (w.startsWith(`${long}=`))
    return { word: words[i], start: long.length + 1, value: w.slice(long.length + 1) };
  if (w.startsWith(short) && w.length > short.length && !w.startsWith("--"))
    return { word: words[i], start: short.length, value: w.slice(short.length) };
  return undefined;
}

const pgIsreadyCalls = perObject((service: Service): PgIsready[] => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return [];
  const out: PgIsready[] = [];
  for (const words of hc.commands) {
    if ((words[0]?.value.split("/").pop() ?? "") !== "pg_isready") continue;
    const call: PgIsready = { words };
    for (let i = 1; i < words.length; i++) {
      const user = optionValue(words, i, "-U", "--username");
      const db = optionValue(words, i, "-d", "--dbname");
      const host = optionValue(words, i, "-h", "--host");
      if (user && user !== "next") call.user = user;
      if (db && db !== "next") call.database = db;
      if (host && host !== "next") call.host = host;
      if ((user || db || host) && /^(-U|-d|-h|--username|--dbname|--host)$/.test(words[i].value)) i++;
    }
    out.push(call);
  }
  return out;
});

/**
 * A `pg_isready -U`/`-d` naming a role or database the server does not have. pg_isready does
 * not check either (it only asks whether the server accepts connections), so the check still
 * passes; the server, which trusts local and loopback connections in the official image,
 * logs `FATAL: role "postgres" does not exist` (or `database "x" does not exist`) at every
 * check. `missing`: `role`, `database` (the `-d` given) or `default-database` (no `-d`: libpq
 * connects to the database named after the user). `user`/`database`: the effective ones.
 */
export interface PgWrongLogin {
  call: PgIsready;
  missing: "role" | "database" | "default-database";
  /** The name the server does not have. */
  name: string;
  user: Named;
  database?: Named;
}

/** A name, and the text that writes it in the file (`${PG_USER}` where the setting follows that variable). */
export interface Named {
  value: string;
  text: string;
}

const SYSTEM_DATABASES = new Set(["postgres", "template0", "template1"]);
/** A role or database name as pg_isready passes it (no shell expansion left, no URL). */
const PLAIN_NAME = /^[A-Za-z0-9_.@+-]+$/;

const pgWrongLogins = perObject((service: Service): PgWrongLogin[] => {
  const calls = pgIsreadyCalls(service);
  if (calls.length === 0) return [];
  const known = knownImageOf(service);
  if (known?.facts.kind !== "postgres") return [];
  const bitnami = known.facts.flavour === "bitnami";
  if (known.facts.flavour !== "official" && !bitnami) return [];
  // Init scripts may create other roles and databases; an env file or `extends` may set them.
  if (service.volumes.some((v) => /^\/docker-entrypoint-(pre)?initdb\.d/.test(v.target ?? ""))) return [];
  if (mayHaveUnreadEnv(service) || getPair(service.node, "extends")) return [];
  const setting = (names: string[], fallback: Named | undefined): Named | undefined => {
    for (const name of names) {
      if (lastEnv(service, `${name}_FILE`)) return undefined;
      const env = lastEnv(service, name);
      if (!env) continue;
      const v = env.value;
      if (!v || v.hasUnresolved() || !PLAIN_NAME.test(v.value)) return undefined;
      // A value that follows one Compose variable is written as that reference, so it follows it still.
      const raw = (
        env.form === "list" ? (v.scalar.text ?? "").replace(/^[^=]*=/, "") : (v.scalar.text ?? "")
      ).trim();
      return { value: v.value, text: variableOf(env) && !raw.includes("$$") ? raw : v.value };
    }
    return fallback;
  };
  const initdbArgs = lastEnv(service, "POSTGRES_INITDB_ARGS")?.value?.value ?? "";
  if (/(^|\s)(-U|--username)/.test(initdbArgs)) return [];
  const postgres = { value: "postgres", text: "postgres" };
  const userSetting = bitnami
    ? setting(["POSTGRESQL_USERNAME", "POSTGRES_USER"], postgres)
    : setting(["POSTGRES_USER"], postgres);
  if (!userSetting) return [];
  const user = userSetting.value;
  const databaseSetting = bitnami
    ? setting(["POSTGRESQL_DATABASE", "POSTGRES_DB"], postgres)
    : setting(["POSTGRES_DB"], userSetting);
  const database = databaseSetting?.value;
  const roles = new Set([user, ...(bitnami ? ["postgres"] : [])]);
  const databases = new Set([...(database ? [database] : []), ...SYSTEM_DATABASES]);
  const pgDatabase = lastEnv(service, "PGDATABASE");
  const own = ownNames(service);
  // The server it asks is this one: the socket, loopback or the service's own name (PGHOST too).
  const local = (h: string) => h.startsWith("/") || LOOPBACK.test(h) || own.has(h.toLowerCase());
  const pgHost = lastEnv(service, "PGHOST");
  const out: PgWrongLogin[] = [];
  for (const call of calls) {
    const host = call.host?.value ?? (pgHost ? (pgHost.value?.value ?? "?") : undefined);
    if (host !== undefined && !local(host)) continue;
    const u = call.user;
    // Only what the test names itself, as plain names: `$POSTGRES_USER` is the container's to expand.
    if (!u || !PLAIN_NAME.test(u.value) || u.word.hasUnresolved()) continue;
    if (!database) {
      if (!roles.has(u.value)) out.push({ call, missing: "role", name: u.value, user: userSetting });
      continue;
    }
    if (!roles.has(u.value)) {
      out.push({ call, missing: "role", name: u.value, user: userSetting, database: databaseSetting });
      continue;
    }
    const d = call.database;
    if (d) {
      if (!PLAIN_NAME.test(d.value) || d.word.hasUnresolved()) continue;
      if (!databases.has(d.value))
        out.push({ call, missing: "database", name: d.value, user: userSetting, database: databaseSetting });
    } else if (!pgDatabase && !databases.has(u.value)) {
      out.push({
        call,
        missing: "default-database",
        name: u.value,
        user: userSetting,
        database: databaseSetting,
      });
    }
  }
  return out;
});

// ---------------------------------------------------------------------------------------------
// Variables of the healthcheck that Compose interpolates on the host

/** A `$NAME`/`${NAME…}` written in a healthcheck test scalar (raw text, before interpolation). */
interface TestReference {
  scalar: RScalar;
  ref: VariableRef;
  /** The scalar runs in a shell (`CMD-SHELL`, a string test) and the `$` is not inside '…'. */
  shell: boolean;
}

/** Whether offset `at` of a shell script is inside single quotes (outside double quotes, no backslash). */
function inSingleQuotes(script: string, at: number): boolean {
  let single = false;
  let double = false;
  for (let i = 0; i < at; i++) {
    const c = script[i];
    if (c === "\\" && !single) i++;
    else if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
  }
  return single;
}

const testReferences = perObject((service: Service): TestReference[] => {
  const hc = service.healthcheck;
  if (!hc || hc.disabled || !hc.test) return [];
  const scalars: Array<{ scalar: RScalar; shell: boolean }> = [];
  if (hc.test.kind === "scalar") scalars.push({ scalar: hc.test, shell: true });
  else if (hc.test.kind === "seq")
    hc.test.items.forEach((item, i) => {
      if (item.kind === "scalar" && i > 0)
        scalars.push({ scalar: item, shell: hc.testKind === "CMD-SHELL" && i === 1 });
    });
  const out: TestReference[] = [];
  for (const { scalar, shell } of scalars) {
    const raw = scalar.text ?? "";
    if (typeof scalar.value !== "string" || !raw.includes("$")) continue;
    for (const ref of interpolate(raw, () => undefined).variables)
      out.push({ scalar, ref, shell: shell && !inSingleQuotes(raw, ref.span.start) });
  }
  return out;
});

/**
 * A `$VAR`/`${VAR}` in a healthcheck test that Compose replaces on the host when it reads the
 * file (from the shell and `.env`), where the container's own variable was meant: VAR is set in
 * the service's `environment:` (not as a pass-through of the same host variable) and the host
 * value Compose uses is not the container's. `composeValue`: what Compose writes there (empty
 * for an unset variable, its default); `containerValue`: the container's, when known.
 * `fromDotEnv`: VAR is set in `.env`, so the test gets that value (then only a differing value
 * is reported, and as a hint of lower certainty by the rule).
 */
export interface ComposeTimeVariable {
  name: string;
  env: EnvVar;
  scalar: RScalar;
  /** The reference in the scalar's value as written. */
  start: number;
  end: number;
  composeValue: string;
  containerValue?: string;
  fromDotEnv: boolean;
  /** `$$` would reach the container's shell (a `CMD-SHELL` or string test, outside single quotes). */
  shell: boolean;
}
export class ProbeFacts {
  constructor(private readonly model?: ComposeModel) {}

  /**
   * The references of the service's healthcheck test that Compose fills from the host where
   * the container's variable of that name was meant (see ComposeTimeVariable).
   */
  composeTimeVariables(service: Service): ComposeTimeVariable[] {
    const refs = testReferences(service);
    if (refs.length === 0) return [];
    const variables = this.model?.variables ?? new Map<string, string>();
    const out: ComposeTimeVariable[] = [];
    for (const { scalar, ref, shell } of refs) {
      // `${VAR:?message}`: Compose refuses the file itself when VAR is unset, and says so.
      if (ref.operator.includes("?")) continue;
      const env = lastEnv(service, ref.name);
      // Not the container's variable, or one it takes from the same host variable (`VAR: ${VAR}`, `- VAR`).
      if (!env || env.value === null) continue;
      if (out.some((o) => o.scalar === scalar && o.start === ref.span.start)) continue;
      const written = (scalar.text ?? "").slice(ref.span.start, ref.span.end);
      const composed = interpolate(written, (n) => variables.get(n));
      if (composed.unresolved.some((u) => u.name !== ref.name)) continue;
      const composeValue = composed.unresolved.length > 0 ? "" : composed.value;
      const containerValue = env.value.hasUnresolved() ? undefined : env.value.value;
      // `VAR: ${VAR}` with VAR unset: the container and the test both get the host's (nothing) alike.
      if (containerValue === undefined && variableOf(env) === ref.name) continue;
      if (containerValue !== undefined && containerValue === composeValue) continue;
      const fromDotEnv = variables.has(ref.name);
      // Set in .env too, to a value the container's may be: unknown is not wrong.
      if (fromDotEnv && containerValue === undefined) continue;
      out.push({
        name: ref.name,
        env,
        scalar,
        start: ref.span.start,
        end: ref.span.end,
        composeValue,
        ...(containerValue !== undefined ? { containerValue } : {}),
        fromDotEnv,
        shell,
      });
    }
    return out;
  }

  /** Where a compose-time variable's reference is written, for the diagnostic. */
  referenceSpan(v: ComposeTimeVariable): Span {
    return SourceString.ofScalar(this.model?.text ?? "", v.scalar).span(v.start, v.end);
  }

  /** The span of the reference's `$`, when it is written plainly (for inserting `$` before it). */
  referenceDollar(v: ComposeTimeVariable): Span | undefined {
    return SourceString.ofScalar(this.model?.text ?? "", v.scalar).editableSpan(v.start, v.start + 1);
  }

  /** The password a Redis service requires, as a `redis-cli -a` argument (see RedisPassword). */
  redisPassword(service: Service): RedisPassword | undefined {
    return redisPassword(service);
  }

  /** A `redis-cli ping` healthcheck that passes without the password the server requires. */
  unauthenticatedPing(service: Service): UnauthenticatedPing | undefined {
    return unauthenticatedPing(service);
  }

  /** The ports the service's healthcheck probes inside its own container (`pg_isready -p`, `curl localhost:N`). */
  portProbes(service: Service): readonly PortProbe[] {
    return portProbes(service);
  }

  /** The port a database server of a known image listens on in its container, when the file says so surely. */
  listenPort(service: Service): ListenPort | undefined {
    return listenPort(service);
  }

  /** The probes of the healthcheck at a port nothing in the container listens on (see WrongPort). */
  wrongPorts(service: Service): readonly WrongPort[] {
    return wrongPorts(service);
  }

  /** The `pg_isready` commands of the service's healthcheck, with their `-U` and `-d`. */
  pgIsready(service: Service): readonly PgIsready[] {
    return pgIsreadyCalls(service);
  }

  /** The `pg_isready -U`/`-d` of the healthcheck naming a role or database the server lacks (see PgWrongLogin). */
  pgWrongLogins(service: Service): readonly PgWrongLogin[] {
    return pgWrongLogins(service);
  }

  /** A healthcheck test whose form does not run what was written (see the module comment). */
  shape(service: Service): HealthcheckShape | undefined {
    return shape(service);
  }
}

/** The shape of a service's healthcheck (for other fact areas; rules ask `facts.probes`). */
export const healthcheckShape = shape;

/** The wrong-port probes of a service's healthcheck (for other fact areas; rules ask `facts.probes.wrongPorts`). */
export const wrongPortsOf = wrongPorts;

/** The password a Redis service requires (for edits; rules ask `facts.probes.redisPassword`). */
export const redisPasswordOf = redisPassword;

/** The redis-cli test that fails unless the server answers PONG to the given password. */
export function redisPingTest(
  password: RedisPassword | undefined,
  options: string[] = [],
): string[] | undefined {
  if (password === "unknown") return undefined;
  const opts = options.length ? `${options.join(" ")} ` : "";
  if (!password) return ["CMD-SHELL", `redis-cli ${opts}ping | grep -q PONG`];
  return ["CMD-SHELL", `redis-cli ${opts}-a ${password.arg} --no-auth-warning ping | grep -q PONG`];
}
