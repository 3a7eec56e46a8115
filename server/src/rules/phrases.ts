/**
 * How messages say things, in one place: lists of names, services, what a service is, and
 * the errors clients actually print (so users recognise them from their logs).
 */
import { appKindOf } from "../model/apps";
import { LOOPBACK_ADDRESS } from "../model/hosts";
import { appLabel, ENGINE_LABEL, engineLabel } from "../model/labels";
import type { ComposeModel, DatabaseEngine, Service } from "../model/types";
import type { ParsedUrl } from "../parse/url";

export interface ListOptions {
  /** How each name is quoted: "`" (default), '"', or "" (not at all: "MLflow and Airflow"). */
  quote?: "`" | '"' | "";
  /** "and" (default) or "or". */
  conjunction?: "and" | "or";
  /** Beyond this many names (default 4), the first three are named and the rest counted. */
  max?: number;
  /** How many there are in all, when `names` holds only the first few. */
  total?: number;
}

/** "`a`", "`a` and `b`", "`a`, `b` and `c`", or "`a`, `b`, `c` and 3 more"; "" for none. */
export function nameList(names: readonly string[], options: ListOptions = {}): string {
  const { quote = "`", conjunction = "and", max = 4, total = names.length } = options;
  // Only the names shown are quoted (a database with 2,000 dependants shows three).
  const q = (total > max ? names.slice(0, 3) : names).map((n) => `${quote}${n}${quote}`);
  if (total > max) return `${q.slice(0, 3).join(", ")} and ${total - 3} more`;
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} ${conjunction} ${q[q.length - 1]}`;
}

/**
 * What the Problems panel shows of a message before it cuts it off (issue 19): a finding's
 * `message` is one sentence this long at most, saying what is wrong; the rest is its `detail`.
 */
export const MESSAGE_MAX = 120;

/**
 * The first of these phrasings of one message that fits in MESSAGE_MAX characters, else the
 * last: give the full one first and shorter ones after (names dropped, then shortened).
 */
export function fitting(...phrasings: string[]): string {
  for (const p of phrasings) if (characters(p) <= MESSAGE_MAX) return p;
  return phrasings[phrasings.length - 1] ?? "";
}

/** Code points, without making an array of them (UTF-16 units are never fewer). */
function characters(s: string): number {
  if (s.length <= MESSAGE_MAX) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** The phrase as the start of a sentence: "POSTGRES_USER is…" stays, "it is…" becomes "It is…". */
export function capitalised(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/**
 * Where the first sentence of a text ends: after a `.`, `!` or `?` followed by a space, outside
 * `code`, "quotes" and (parentheses), and not in an abbreviation ("e.g.") or a number ("3.8").
 */
function firstSentenceEnd(text: string): number {
  let code = false;
  let quote = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "`") code = !code;
    else if (code) continue;
    else if (ch === '"') quote = !quote;
    else if (quote) continue;
    else if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === "." || ch === "!" || ch === "?") && /\s/.test(text[i + 1] ?? "")) {
      if (/(?:^|\s)(?:e\.g|i\.e|etc|vs|cf)\.$/i.test(text.slice(0, i + 1))) continue;
      return i + 1;
    }
  }
  return text.length;
}

/**
 * A text written as one paragraph (a schema issue, a YAML error) as a finding's `message`, its
 * first sentence, and `detail`, the rest.
 */
export function splitMessage(text: string): { message: string; detail?: string } {
  const end = firstSentenceEnd(text);
  const rest = text.slice(end).trim();
  return rest ? { message: text.slice(0, end), detail: rest } : { message: text };
}

/** Names for a short message: "`a`", "`a` and `b`", "`a` and 3 more". */
export function namesShort(
  names: readonly string[],
  options: Pick<ListOptions, "quote" | "conjunction"> = {},
): string {
  if (names.length <= 2) return nameList(names, options);
  const { quote = "`" } = options;
  return `${quote}${names[0]}${quote} and ${names.length - 1} more`;
}

/** "service `a`", "services `a` and `b`", "services `a` and 3 more": for a short message. */
export function servicesShort(services: readonly Service[]): string {
  return `${services.length === 1 ? "service" : "services"} ${namesShort(services.map((s) => s.name))}`;
}

/** "service `a`", "services `a` and `b`", "services `a`, `b`, `c` and 3 more". */
export function servicesPhrase(services: readonly Service[]): string {
  return `${services.length === 1 ? "service" : "services"} ${nameList(services.map((s) => s.name))}`;
}

/** `one` for a count of one, else `many`: "depends" / "depend". */
export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** Which application the service is, for messages: "the Airflow service `airflow`". */
export function describeService(model: ComposeModel, service: Service): string {
  const db = model.databaseByService.get(service.name);
  if (db) return `the ${engineLabel(db)} service \`${service.name}\``;
  const kind = appKindOf(service);
  return kind ? `the ${appLabel(kind)} service \`${service.name}\`` : `the service \`${service.name}\``;
}

/** The compose v2 container name for messages: `container_name`, else `<project>-<service>-1`. */
export function containerName(service: Service): string {
  return service.containerName?.value ?? `<project>-${service.name}-1`;
}

export { ENGINE_LABEL };

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

/** What a client sees when it connects before the server is ready. */
export const EARLY_ERRORS: Record<DatabaseEngine, string> = {
  postgres: '"Connection refused" or "FATAL: the database system is starting up"',
  mysql: `"Can't connect to MySQL server" (Connection refused)`,
  mariadb: `"Can't connect to MySQL server" (Connection refused)`,
  redis: '"Error 111 connecting to redis:6379. Connection refused"',
  mongodb: '"connection refused" (ServerSelectionTimeoutError)',
  mssql: '"Login timeout expired" or "Connection refused"',
  rabbitmq: '"Connection refused" (AMQPConnectionError)',
  minio: '"Connection refused" or "Could not connect to the endpoint URL"',
};
