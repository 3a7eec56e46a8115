/**
 * Connections as the URL rules see them: grouped by the text they come from (one URL written
 * once but used by several services through an anchor or merge key is one group, so it gives
 * one finding naming the services and one fix, not one per service), the database a URL
 * reaches, who connects to whom, and the port a URL connects to.
 */
import type { RScalar } from "../../parse/resolve";
import { isDatabaseFamily, type ParsedUrl, type Span, type UrlPart } from "../../parse/url";
import { variableOf } from "../databases";
import type { ComposeModel, Connection, Database, Service } from "../types";
import { once } from "./once";

/** One URL in the file, with every service that uses it (an anchor shared by many services). */
export interface UrlGroup {
  /** The first connection (all of them have the same text, url and spans). */
  conn: Connection;
  conns: Connection[];
  services: Service[];
}

/** A URL group that reaches a database server with logins, and that database. */
export interface LoginGroup {
  group: UrlGroup;
  db: Database;
}

interface UrlConnections {
  /** Every connection with this URL occurrence, in model order, and their indexes in it. */
  conns: Connection[];
  indexes: number[];
  /** The group when all of them are kept. */
  whole: UrlGroup;
}

/** A number per scalar: where a URL is written, independent of where the scalar has moved since. */
const scalarIds = new WeakMap<RScalar, number>();
let nextScalarId = 0;

/**
 * Each connection's grouping key, once per URL (unchanged services keep their connections,
 * and so their parsed URLs, from keystroke to keystroke).
 */
const groupKeys = new WeakMap<ParsedUrl, string>();

function keyOf(c: Connection): string {
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

export class ConnectionFacts {
  constructor(private readonly model: ComposeModel) {}

  /** The model's connections by URL occurrence, in the order of their first connection. */
  private readonly byUrl = once((): UrlConnections[] => {
    const byKey = new Map<string, UrlConnections>();
    this.model.connections.forEach((c, index) => {
      const key = keyOf(c);
      const entry = byKey.get(key);
      if (!entry) {
        byKey.set(key, {
          conns: [c],
          indexes: [index],
          whole: { conn: c, conns: [c], services: [c.service] },
        });
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

  /**
   * The connections grouped by where their URL is written, keeping only those `keep` accepts,
   * in the order of their first kept connection.
   */
  groups(keep: (c: Connection) => boolean): UrlGroup[] {
    const out: UrlGroup[] = [];
    // Index in the model of each group's first kept connection, to restore that order if needed.
    const firsts: number[] = [];
    let reordered = false;
    for (const { conns, indexes, whole } of this.byUrl()) {
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

  /** The database a connection reaches when its host is a database service of the URL's family. */
  targetDatabase(conn: Connection): Database | undefined {
    if (!conn.target) return undefined;
    const db = this.model.databaseByService.get(conn.target.name);
    return db && db.family === conn.url.family ? db : undefined;
  }

  /**
   * The URL groups whose connections reach a PostgreSQL, MySQL/MariaDB or Redis service of
   * the URL's own family, with that service's database: what the credential rules compare.
   */
  readonly loginGroups = once((): readonly LoginGroup[] => {
    const list: LoginGroup[] = [];
    for (const group of this.groups((c) => !!this.targetDatabase(c))) {
      const db = this.targetDatabase(group.conn)!;
      if (db.family === "postgres" || db.family === "mysql" || db.family === "redis")
        list.push({ group, db });
    }
    return list;
  });

  /** Who connects to each service (a URL whose host is it), in model order. */
  private readonly byTarget = once(() => {
    const map = new Map<Service, Connection[]>();
    for (const c of this.model.connections) {
      if (!c.target) continue;
      const list = map.get(c.target);
      if (list) list.push(c);
      else map.set(c.target, [c]);
    }
    return map;
  });

  /** The connections whose host is `service`, in model order. */
  to(service: Service): readonly Connection[] {
    return this.byTarget().get(service) ?? [];
  }

  /** The connections `service` makes, in model order. */
  from(service: Service): readonly Connection[] {
    return this.byClient().get(service) ?? [];
  }

  private readonly byClient = once(() => {
    const map = new Map<Service, Connection[]>();
    for (const c of this.model.connections) {
      const list = map.get(c.service);
      if (list) list.push(c);
      else map.set(c.service, [c]);
    }
    return map;
  });

  /** True for a URL to a database server (PostgreSQL, MySQL, Redis, MongoDB, SQL Server, RabbitMQ). */
  isDatabase(conn: Connection): boolean {
    return isDatabaseUrl(conn);
  }

  /** The port the URL connects to (written or default); undefined when it cannot be read. */
  port(url: ParsedUrl): number | undefined {
    return url.port ? url.port.number : defaultPort(url);
  }

  defaultPort(url: ParsedUrl): number | undefined {
    return defaultPort(url);
  }

  /** The document span of a URL part (or of value offsets [a, b)). */
  partSpan(conn: Connection, part: UrlPart | Span): Span {
    const s = "span" in part ? part.span : part;
    return conn.str.span(s.start, s.end);
  }

  /**
   * True when the URL is the default of a variable that is not set (`${DATABASE_URL:-postgresql://…@host/db}`
   * with DATABASE_URL unset): a placeholder whose real value comes from the deployment, not
   * necessarily what runs. Rules lower such findings to a hint.
   */
  isPlaceholderDefault(conn: Connection): boolean {
    if (conn.where.kind !== "env") return false;
    const name = variableOf(conn.where.env);
    if (!name || this.model.variables.get(name) !== undefined) return false;
    const raw = conn.where.env.value?.scalar.text ?? "";
    return /\$\{[A-Za-z_][A-Za-z0-9_]*:?-/.test(raw);
  }

  /** True when a URL part holds a `${VAR}` with no known value: unknown is not wrong. */
  isUnresolved(conn: Connection, part: UrlPart | undefined): boolean {
    return !!part && conn.str.hasUnresolved(part.span.start, part.span.end);
  }
}

/** True for a URL to a database server (PostgreSQL, MySQL, Redis, MongoDB, SQL Server, RabbitMQ). */
export function isDatabaseUrl(conn: Connection): boolean {
  return isDatabaseFamily(conn.url.family);
}
