/**
 * Editing a connection URL in place: only the characters of the part that changes (host,
 * port, user, password, database), and only where they are written literally in the file
 * (`str.editableSpan`: not escaped, folded or from a variable) and the new text fits the
 * scalar's quoting (`str.canHold`). Every function returns undefined when it cannot.
 */
import { defaultPort } from "../model/facts/connections";
import type { Connection, EffectiveSetting, EnvVar } from "../model/types";
import { encodeUserinfo, type UrlPart } from "../parse/url";
import type { TextEdit } from "./types";

/** The edit writing `text` over a URL part, or undefined when it cannot be done in place. */
export function replaceUrlPart(
  conn: Connection,
  part: UrlPart | undefined,
  text: string,
): TextEdit | undefined {
  if (!part || !conn.str.canHold(text)) return undefined;
  const span = conn.str.editableSpan(part.span.start, part.span.end);
  return span ? { ...span, newText: text } : undefined;
}

/** The edit inserting `text` at an offset of the URL's value (`url.insertAt.*`). */
export function insertIntoUrl(conn: Connection, offset: number, text: string): TextEdit | undefined {
  if (!conn.str.canHold(text)) return undefined;
  const span = conn.str.editableSpan(offset, offset);
  return span ? { ...span, newText: text } : undefined;
}

/**
 * The edits that make the URL's host `name` (and its port `port` when that differs), or
 * undefined when the characters are not written literally in the file. A URL without a port
 * gets `name:port` unless `port` is the default for its scheme.
 */
export function repointEdits(conn: Connection, to: { name: string; port: number }): TextEdit[] | undefined {
  const url = conn.url;
  if (!url.host) return undefined;
  const { name } = to;
  const hostSpan = conn.str.editableSpan(url.host.span.start, url.host.span.end);
  if (!hostSpan) return undefined;
  if (url.port) {
    if (url.port.number === undefined) return undefined;
    const edits: TextEdit[] = [];
    if (url.host.value !== name) {
      if (!conn.str.canHold(name)) return undefined;
      edits.push({ ...hostSpan, newText: name });
    }
    if (url.port.number !== to.port) {
      const portSpan = conn.str.editableSpan(url.port.span.start, url.port.span.end);
      if (!portSpan) return undefined;
      edits.push({ ...portSpan, newText: String(to.port) });
    }
    return edits;
  }
  const text = defaultPort(url) === to.port ? name : `${name}:${to.port}`;
  if (!conn.str.canHold(text)) return undefined;
  return [{ ...hostSpan, newText: text }];
}

/**
 * The edits that point a URL at another server with other credentials: host, port, user,
 * password (inserted when absent) and database; undefined if any part is not editable.
 */
export function rewriteUrl(
  conn: Connection,
  to: { host: string; user: string; password: string; database: string; port: number },
): TextEdit[] | undefined {
  const { url } = conn;
  const edits: TextEdit[] = [];
  const push = (edit: TextEdit | undefined): boolean => {
    if (edit) edits.push(edit);
    return !!edit;
  };
  if (!push(replaceUrlPart(conn, url.host, to.host))) return undefined;
  if (url.port && url.port.number !== to.port && !push(replaceUrlPart(conn, url.port, String(to.port))))
    return undefined;
  if (url.user) {
    if (!push(replaceUrlPart(conn, url.user, to.user))) return undefined;
    if (url.password) {
      if (!push(replaceUrlPart(conn, url.password, to.password))) return undefined;
    } else if (!push(insertIntoUrl(conn, url.insertAt.password, `:${to.password}`))) return undefined;
  } else if (!push(insertIntoUrl(conn, url.insertAt.password, `${to.user}:${to.password}@`)))
    return undefined;
  if (!url.database || !push(replaceUrlPart(conn, url.database, to.database))) return undefined;
  return edits;
}

export type UrlPartKind = "user" | "password" | "database";

export interface WrittenValue {
  /** The text to write into the URL. */
  text: string;
  /** Written as the variable the database reads (`${PG_PASSWORD}`), not as a literal. */
  viaVariable: boolean;
}

/** The raw text of an env entry's value as written (`${PG_PASSWORD:-x}`), without `KEY=`. */
function rawEnvValue(env: EnvVar): string | undefined {
  const raw = env.value?.scalar.text;
  if (raw == null) return undefined;
  return (env.form === "list" ? raw.slice(raw.indexOf("=") + 1) : raw).trim();
}

/**
 * The text a fix writes into a URL part so that it equals a database's setting: the same
 * `${VAR}` expression the database uses when its value comes from a variable and needs no
 * percent-encoding, else the value percent-encoded for the URL. `varEnv` is the env entry
 * holding the variable when the setting itself has none (the database defaulting to the
 * user); `variables` are the file's (.env) variables.
 */
export function urlValueText(
  variables: ReadonlyMap<string, string>,
  setting: EffectiveSetting,
  kind: UrlPartKind,
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
    else if (variables.has(setting.variable)) expr = `\${${setting.variable}}`;
    if (expr) return { text: expr, viaVariable: true };
  }
  // A database name goes into the path: keep to names that need no encoding at all.
  if (kind === "database" && encoded !== value) return undefined;
  return { text: encoded, viaVariable: false };
}
