// Connection-URL parsing that keeps an exact offset for every part, so quick fixes can rewrite a
// password or a host in place without touching the rest of the string.

/** A half-open [start, end) range of offsets into the string that was parsed. */
export interface Span {
  start: number;
  end: number;
}

export type UrlFamily =
  | "postgres"
  | "mysql"
  | "sqlite"
  | "redis"
  | "amqp"
  | "http"
  | "mongodb"
  | "mssql"
  | "other";

export interface UrlPart {
  /** The text exactly as written: `text.slice(span.start, span.end) === raw`. */
  raw: string;
  /** Percent-decoded for user, password and database; equal to `raw` for the other parts. */
  value: string;
  span: Span;
}

export interface ParsedUrl {
  /** The string the spans point into (for findUrls, the whole searched text, not just the URL). */
  text: string;
  /** Where the URL sits in `text` (surrounding whitespace is trimmed). */
  span: Span;
  scheme: UrlPart;
  /** Lower-case base dialect without prefix or driver: "postgresql", "mysql", "redis", "mongodb+srv", ... */
  dialect: string;
  /** Lower-case driver: "psycopg2" in "postgresql+psycopg2". */
  driver?: string;
  /** Lower-case prefix: "db" in Celery's "db+postgresql". */
  prefix?: string;
  family: UrlFamily;
  /** Present (possibly empty) whenever there is an '@' userinfo section. */
  user?: UrlPart;
  /** Present when a ':' separates user and password, even if the password is empty. */
  password?: UrlPart;
  hasCredentials: boolean;
  /** The first host only (libpq/MongoDB multi-host lists are cut at the first ','); no IPv6 brackets. */
  host?: UrlPart;
  /** Port of the first host; `number` is undefined unless the port is all digits. */
  port?: UrlPart & { number?: number };
  /** The path without its leading '/'; present (maybe empty) whenever a '/' follows the authority. */
  database?: UrlPart;
  /** After '?', without the '?'. */
  query?: UrlPart;
  /** Decoded query parameters; the first occurrence of a repeated key wins. */
  params: Record<string, string>;
  /**
   * Where a new part can be inserted. password: the password's start when it exists (after "user:"),
   * right after the user when there is no ':' (insert ":pw"), or right after "://" when there is no
   * userinfo (insert "user:pw@"). port: the port's start when it exists, else right after the host
   * (after "]" for IPv6) where ":5432" can go.
   */
  insertAt: { password: number; port: number };
}

const SCHEME_RE = /[A-Za-z][A-Za-z0-9+.-]*:\/\//y;
const SCHEME_SEARCH_RE = /[A-Za-z][A-Za-z0-9+.-]*:\/\//g;

// Base dialects we recognise; used to tell "db+postgresql" (prefix+dialect) from "postgresql+psycopg2".
const FAMILY_BY_DIALECT: Record<string, UrlFamily> = {
  postgres: "postgres",
  postgresql: "postgres",
  pgsql: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
  sqlite: "sqlite",
  redis: "redis",
  rediss: "redis",
  amqp: "amqp",
  amqps: "amqp",
  pyamqp: "amqp",
  http: "http",
  https: "http",
  mongodb: "mongodb",
  "mongodb+srv": "mongodb",
  mssql: "mssql",
};
const OTHER_DIALECTS = new Set([
  "oracle",
  "snowflake",
  "bigquery",
  "clickhouse",
  "duckdb",
  "sqs",
  "file",
  "s3",
]);

function isKnownDialect(d: string): boolean {
  return Object.hasOwn(FAMILY_BY_DIALECT, d) || OTHER_DIALECTS.has(d);
}

/**
 * If a `${...}` compose reference starts at i, returns the offset just after its closing '}' (nested
 * references count), else -1. Unterminated references are not opaque, so one stray "${" can't swallow
 * the rest of the URL.
 */
function skipReference(text: string, i: number, end: number): number {
  if (text.charCodeAt(i) !== 36 /* $ */ || text.charCodeAt(i + 1) !== 123 /* { */) return -1;
  let depth = 0;
  for (let j = i; j < end; j++) {
    if (text[j] === "$" && text[j + 1] === "{") {
      depth++;
      j++;
    } else if (text[j] === "}") {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** First offset in [from, to) holding one of `stops`, ignoring `${...}` units; `to` when none. */
function scanTo(text: string, from: number, to: number, stops: string): number {
  let i = from;
  while (i < to) {
    const skip = skipReference(text, i, to);
    if (skip > 0) {
      i = skip;
      continue;
    }
    if (stops.includes(text[i]!)) return i;
    i++;
  }
  return to;
}

/** Last offset in [from, to) holding `ch`, ignoring `${...}` units; -1 when none. */
function scanLast(text: string, from: number, to: number, ch: string): number {
  let found = -1;
  let i = from;
  while (i < to) {
    const skip = skipReference(text, i, to);
    if (skip > 0) {
      i = skip;
      continue;
    }
    if (text[i] === ch) found = i;
    i++;
  }
  return found;
}

/** Decodes %XX escapes; a run that is not valid UTF-8 is kept as written instead of throwing. */
export function percentDecode(raw: string, plusAsSpace = false): string {
  const s = plusAsSpace ? raw.replace(/\+/g, " ") : raw;
  if (!s.includes("%")) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function part(text: string, start: number, end: number, decode: boolean): UrlPart {
  const raw = text.slice(start, end);
  return { raw, value: decode ? percentDecode(raw) : raw, span: { start, end } };
}

function parseParams(raw: string): Record<string, string> {
  // Null prototype: a "__proto__" key in a hostile file must stay a plain entry.
  const params: Record<string, string> = Object.create(null);
  for (const piece of raw.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const key = percentDecode(eq < 0 ? piece : piece.slice(0, eq), true);
    const val = eq < 0 ? "" : percentDecode(piece.slice(eq + 1), true);
    if (!Object.hasOwn(params, key)) params[key] = val;
  }
  return params;
}

function splitScheme(scheme: string): { dialect: string; driver?: string; prefix?: string } {
  const lower = scheme.toLowerCase();
  // "mongodb+srv" is a dialect of its own, not mongodb with a driver named srv.
  const srv = lower.match(/^(?:([^+]+)\+)?(mongodb\+srv)$/);
  if (srv) return srv[1] ? { dialect: srv[2]!, prefix: srv[1] } : { dialect: srv[2]! };
  const pieces = lower.split("+");
  if (pieces.length >= 2 && !isKnownDialect(pieces[0]!) && isKnownDialect(pieces[1]!)) {
    const driver = pieces.slice(2).join("+");
    return driver
      ? { prefix: pieces[0]!, dialect: pieces[1]!, driver }
      : { prefix: pieces[0]!, dialect: pieces[1]! };
  }
  const driver = pieces.slice(1).join("+");
  return driver ? { dialect: pieces[0]!, driver } : { dialect: pieces[0]! };
}

/** Parses the URL occupying text[start, end); null unless it begins with "scheme://". */
function parseRange(text: string, start: number, end: number): ParsedUrl | null {
  SCHEME_RE.lastIndex = start;
  const m = SCHEME_RE.exec(text);
  if (!m || start + m[0].length > end) return null;
  const schemeEnd = start + m[0].length - 3;
  const scheme = part(text, start, schemeEnd, false);
  const { dialect, driver, prefix } = splitScheme(scheme.raw);
  const family: UrlFamily = Object.hasOwn(FAMILY_BY_DIALECT, dialect) ? FAMILY_BY_DIALECT[dialect]! : "other";
  // Only web URLs have fragments; '#' is a legal (if sloppy) password character in database URLs.
  const isHttp = family === "http";

  const authStart = schemeEnd + 3;
  let authEnd = scanTo(text, authStart, end, isHttp ? "/?#" : "/?");
  // Userinfo ends at the LAST '@': real files contain unencoded '@' in passwords.
  let at = scanLast(text, authStart, authEnd, "@");
  if (
    at < 0 &&
    !isHttp &&
    authEnd < end &&
    text[authEnd] === "/" &&
    scanTo(text, authStart, authEnd, ":") < authEnd
  ) {
    // "user:pa/ss@host": SQLAlchemy lets a password hold '/', as base64 secrets often do. Only an '@'
    // before the query counts, so "h:5432/db?user=a@b" keeps its host.
    const queryStart = scanTo(text, authEnd, end, "?");
    const later = scanTo(text, authEnd, queryStart, "@");
    if (later < queryStart) {
      at = later;
      authEnd = scanTo(text, at + 1, end, "/?");
    }
  }

  const url: ParsedUrl = {
    text,
    span: { start, end },
    scheme,
    dialect,
    family,
    hasCredentials: false,
    params: Object.create(null),
    insertAt: { password: authStart, port: authStart },
  };
  if (driver !== undefined) url.driver = driver;
  if (prefix !== undefined) url.prefix = prefix;

  let hostStart = authStart;
  if (at >= 0) {
    url.hasCredentials = true;
    const colon = scanTo(text, authStart, at, ":");
    url.user = part(text, authStart, colon, true);
    if (colon < at) {
      url.password = part(text, colon + 1, at, true);
      url.insertAt.password = colon + 1;
    } else {
      url.insertAt.password = colon;
    }
    hostStart = at + 1;
  }

  // libpq and MongoDB allow "h1:5432,h2:5433"; we describe only the first host.
  const hostPortEnd = scanTo(text, hostStart, authEnd, ",");
  let afterHost: number;
  let portStart = -1;
  if (hostStart < hostPortEnd && text[hostStart] === "[") {
    const close = text.indexOf("]", hostStart);
    if (close < 0 || close >= hostPortEnd) {
      if (hostPortEnd > hostStart + 1) url.host = part(text, hostStart + 1, hostPortEnd, false);
      afterHost = hostPortEnd;
    } else {
      if (close > hostStart + 1) url.host = part(text, hostStart + 1, close, false);
      afterHost = close + 1;
      if (text[afterHost] === ":") portStart = afterHost + 1;
    }
  } else {
    const colon = scanTo(text, hostStart, hostPortEnd, ":");
    if (colon > hostStart) url.host = part(text, hostStart, colon, false);
    afterHost = colon;
    if (colon < hostPortEnd) portStart = colon + 1;
  }
  url.insertAt.port = afterHost;
  if (portStart >= 0) {
    const port: UrlPart & { number?: number } = part(text, portStart, hostPortEnd, false);
    if (/^\d+$/.test(port.raw)) port.number = Number(port.raw);
    url.port = port;
    url.insertAt.port = portStart;
  }

  let pos = authEnd;
  if (pos < end && text[pos] === "/") {
    const pathEnd = scanTo(text, pos + 1, end, isHttp ? "?#" : "?");
    url.database = part(text, pos + 1, pathEnd, true);
    pos = pathEnd;
  }
  if (pos < end && text[pos] === "?") {
    const queryEnd = isHttp ? scanTo(text, pos + 1, end, "#") : end;
    url.query = part(text, pos + 1, queryEnd, false);
    url.params = parseParams(url.query.raw);
  }
  return url;
}

/**
 * Parses `dialect[+driver]://user:password@host:port/db?query` (SQLAlchemy and libpq forms). Returns null
 * when the text is not a URL of that shape (no "scheme://"). Never throws. Leading and trailing whitespace
 * is ignored (spans still point into `text`). Unresolved `${...}` references stay whole inside one part.
 */
export function parseConnectionUrl(text: string): ParsedUrl | null {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start === end) return null;
  return parseRange(text, start, end);
}

const URL_END = " \t\r\n\f\v\"'`<>";

/**
 * Finds URL-looking substrings (scheme://...) inside a longer string, e.g. a shell word or an env value;
 * each result's spans are offsets into `text`. Stops a URL at whitespace, quotes, '<' and '>' (but not
 * inside a `${...}` reference).
 */
export function findUrls(text: string): ParsedUrl[] {
  const found: ParsedUrl[] = [];
  SCHEME_SEARCH_RE.lastIndex = 0;
  for (;;) {
    const m = SCHEME_SEARCH_RE.exec(text);
    if (!m) break;
    const start = m.index;
    let end = start + m[0].length;
    while (end < text.length) {
      const skip = skipReference(text, end, text.length);
      if (skip > 0) {
        end = skip;
        continue;
      }
      if (URL_END.includes(text[end]!) || /\s/.test(text[end]!)) break;
      end++;
    }
    const url = parseRange(text, start, end);
    if (url) found.push(url);
    SCHEME_SEARCH_RE.lastIndex = end;
  }
  return found;
}

/** True for families that are databases a service connects to (postgres, mysql, redis, mongodb, mssql, amqp). */
export function isDatabaseFamily(f: UrlFamily): boolean {
  return (
    f === "postgres" || f === "mysql" || f === "redis" || f === "mongodb" || f === "mssql" || f === "amqp"
  );
}

/**
 * Percent-encodes a value for the userinfo part (so a password with '@' or ':' stays a valid URL). Only
 * RFC 3986 unreserved characters pass; '$' is encoded too, which also keeps Compose interpolation away.
 * Never throws: a lone surrogate is encoded as U+FFFD.
 */
export function encodeUserinfo(value: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}
