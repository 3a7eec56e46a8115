// Compose variable interpolation (https://docs.docker.com/reference/compose-file/interpolation/) that
// remembers where every output character came from, so diagnostics and quick fixes on an interpolated
// value (say, a connection URL) land on the right characters of the YAML source.

import type { Span } from "./url";

/** A span in the OUTPUT value covering kept text such as "${NAME}". */
export interface Unresolved {
  name: string;
  start: number;
  end: number;
}

/** A span in the INPUT. */
export interface InterpolationError {
  message: string;
  span: Span;
}

/** One `$NAME` / `${NAME...}` reference. */
export interface VariableRef {
  name: string;
  /** The whole reference in the INPUT, e.g. all of "${DB:-postgres}". */
  span: Span;
  /** The variable is set (the lookup returned a string, possibly empty). */
  resolved: boolean;
  /** "" for $NAME and ${NAME}, else one of ":-" "-" ":?" "?" ":+" "+". */
  operator: string;
}

export interface Interpolated {
  value: string;
  /** map[i] = offset in the input of value[i]; characters of a variable's value map to its `$`. */
  map: number[];
  /** fromVariable[i] is true when value[i] came from a variable's value (so it cannot be edited in place). */
  fromVariable: boolean[];
  /** References with no value and no default; their original text is kept in `value` (opaque downstream). */
  unresolved: Unresolved[];
  errors: InterpolationError[];
  /** Every reference in input order, including those inside defaults that were not used. */
  variables: VariableRef[];
}

export type Lookup = (name: string) => string | undefined;

const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = [":-", ":?", ":+", "-", "?", "+"];

function matchName(input: string, at: number, to: number): string | null {
  NAME_RE.lastIndex = at;
  const m = NAME_RE.exec(input);
  if (!m) return null;
  return at + m[0].length <= to ? m[0] : m[0].slice(0, to - at) || null;
}

/** Offset of the '}' closing the "${" at i (nested "${" count, "$$" is skipped), or -1. */
function findClose(input: string, i: number, to: number): number {
  let depth = 1;
  let k = i + 2;
  while (k < to) {
    if (input[k] === "$" && (input[k + 1] === "$" || input[k + 1] === "{") && k + 1 < to) {
      if (input[k + 1] === "{") depth++;
      k += 2;
    } else if (input[k] === "}") {
      depth--;
      if (depth === 0) return k;
      k++;
    } else k++;
  }
  return -1;
}

/**
 * Interpolates `input` the way Compose does, except that a reference with no value and no default keeps
 * its original text (Compose would substitute ""), so later parsers see it as an opaque unit.
 */
export function interpolate(input: string, lookup: Lookup): Interpolated {
  const chars: string[] = [];
  const map: number[] = [];
  const fromVariable: boolean[] = [];
  const unresolved: Unresolved[] = [];
  const errors: InterpolationError[] = [];
  const variables: VariableRef[] = [];

  const push = (ch: string, at: number, fromVar: boolean): void => {
    chars.push(ch);
    map.push(at);
    fromVariable.push(fromVar);
  };
  const pushRaw = (from: number, to: number): void => {
    for (let k = from; k < to; k++) push(input[k]!, k, false);
  };
  const pushValue = (value: string, at: number): void => {
    for (const ch of value) for (let u = 0; u < ch.length; u++) push(ch[u]!, at, true);
  };
  const keep = (name: string, from: number, to: number): void => {
    const start = chars.length;
    pushRaw(from, to);
    unresolved.push({ name, start, end: chars.length });
  };
  const malformed = (message: string, from: number, to: number, emit: boolean): void => {
    errors.push({ message, span: { start: from, end: to } });
    if (emit) pushRaw(from, to);
  };

  /** Handles the "${" at i inside [.., to); returns the offset after it. Only emits output when `emit`. */
  const braced = (i: number, to: number, emit: boolean): number => {
    const name = matchName(input, i + 2, to);
    const close = findClose(input, i, to);
    if (close < 0) {
      malformed(`unterminated variable reference "${input.slice(i, Math.min(to, i + 40))}"`, i, to, emit);
      return to;
    }
    const end = close + 1;
    if (!name) {
      malformed(`invalid interpolation format: "${input.slice(i, end)}"`, i, end, emit);
      return end;
    }
    const afterName = i + 2 + name.length;
    const operator = afterName === close ? "" : OPERATORS.find((op) => input.startsWith(op, afterName));
    if (operator === undefined) {
      malformed(`invalid interpolation format: "${input.slice(i, end)}"`, i, end, emit);
      return end;
    }
    const value = lookup(name);
    variables.push({ name, span: { start: i, end }, resolved: value !== undefined, operator });
    const argStart = afterName + operator.length;
    const empty = value === undefined || value === "";

    switch (operator) {
      case "":
        if (emit) {
          if (value !== undefined) pushValue(value, i);
          else keep(name, i, end);
        }
        break;
      case ":-":
      case "-": {
        const useDefault = operator === ":-" ? empty : value === undefined;
        if (emit && !useDefault) pushValue(value!, i);
        // The default is input text: its characters map to themselves so a fix can edit them.
        run(argStart, close, emit && useDefault);
        break;
      }
      case ":?":
      case "?": {
        const missing = operator === ":?" ? empty : value === undefined;
        if (!emit) break;
        if (missing) {
          const text = input.slice(argStart, close);
          errors.push({
            message: text || `required variable ${name} is missing a value`,
            span: { start: i, end },
          });
          keep(name, i, end);
        } else pushValue(value!, i);
        break;
      }
      default: {
        const useAlt = operator === ":+" ? !empty : value !== undefined;
        run(argStart, close, emit && useAlt);
        break;
      }
    }
    return end;
  };

  /** Interpolates input[from, to). With emit false it only records references (an unused default). */
  const run = (from: number, to: number, emit: boolean): void => {
    let i = from;
    while (i < to) {
      const c = input[i]!;
      const next = i + 1 < to ? input[i + 1] : undefined;
      if (c !== "$" || next === undefined) {
        if (emit) push(c, i, false);
        i++;
      } else if (next === "$") {
        if (emit) push("$", i, false); // "$$" is a literal '$', mapped to the first one
        i += 2;
      } else if (next === "{") {
        i = braced(i, to, emit);
      } else {
        const name = matchName(input, i + 1, to);
        if (!name) {
          if (emit) push("$", i, false);
          i++;
          continue;
        }
        const end = i + 1 + name.length;
        const value = lookup(name);
        variables.push({ name, span: { start: i, end }, resolved: value !== undefined, operator: "" });
        if (emit) {
          if (value !== undefined) pushValue(value, i);
          else keep(name, i, end);
        }
        i = end;
      }
    }
  };

  run(0, input.length, true);
  return { value: chars.join(""), map, fromVariable, unresolved, errors, variables };
}

const DQ_ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  '"': '"',
  // Compose turns `\$` into `$$`, so the '$' survives interpolation as a literal.
  $: "$$",
};

/** One assignment of a dotenv file, with where its name and value are written. */
export interface DotEnvEntry {
  name: string;
  /** The value after quotes, escapes and interpolation; undefined for a bare `KEY` line whose variable is unset. */
  value: string | undefined;
  keySpan: Span;
  /** The value as written, quotes included (empty at the end of the line for `KEY=`). */
  valueSpan: Span;
  /** The whole assignment, `export` to the value's end. */
  entrySpan: Span;
  quote?: "'" | '"';
}

/**
 * Parses a .env file like Compose does: KEY=VALUE (or KEY: VALUE), `export KEY=V`, quotes ('...' literal,
 * "..." with \n-style escapes, both may span lines), inline ` #` comments on unquoted values, blank lines
 * and # comments, CRLF line ends. Unquoted and double-quoted values are interpolated with `lookup` (e.g. the
 * process environment), then earlier keys; a reference to neither keeps its text. Lines without a
 * separator or with an invalid key are skipped, except a bare `KEY` line, which takes the variable from
 * `lookup` (compose-go dotenv/parser.go: "inherited"). Later keys win.
 */
export function parseDotEnv(text: string, lookup?: Lookup): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of readDotEnv(text, lookup)) if (e.value !== undefined) env.set(e.name, e.value);
  return env;
}

/** The assignments of a dotenv file in order, with their ranges (see parseDotEnv for the syntax). */
export function readDotEnv(text: string, lookup?: Lookup): DotEnvEntry[] {
  const out: DotEnvEntry[] = [];
  const env = new Map<string, string>();
  // compose-go dotenv's expandVariables: the lookup (the environment, earlier env files) first, then this file.
  const resolve: Lookup = (name) => lookup?.(name) ?? env.get(name);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineEndFrom = (k: number): number => {
    const e = text.indexOf("\n", k);
    return e < 0 ? n : e;
  };
  const add = (e: DotEnvEntry): void => {
    out.push(e);
    if (e.value !== undefined) env.set(e.name, e.value);
  };

  while (i < n) {
    const lineEnd = lineEndFrom(i);
    const next = lineEnd + 1;
    let j = i;
    while (j < lineEnd && (text[j] === " " || text[j] === "\t")) j++;
    const entryStart = j;
    const exported = /^export[ \t]+/.exec(text.slice(j, lineEnd));
    if (exported) j += exported[0].length;
    const line = text.slice(j, lineEnd);
    const sep = line.search(/[=:]/);
    if (sep < 0) {
      // A bare name: the variable is passed on from the environment Compose runs in.
      const bare = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*\r?$/.exec(line);
      if (bare) {
        const keySpan = { start: j, end: j + bare[1].length };
        add({
          name: bare[1],
          value: lookup?.(bare[1]),
          keySpan,
          valueSpan: { start: keySpan.end, end: keySpan.end },
          entrySpan: { start: entryStart, end: keySpan.end },
        });
      }
      i = next;
      continue;
    }
    const key = line.slice(0, sep).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      i = next; // blank, comment, or not an assignment
      continue;
    }
    const keyStart = j + line.indexOf(key);
    const keySpan = { start: keyStart, end: keyStart + key.length };
    let v = j + sep + 1;
    while (v < lineEnd && (text[v] === " " || text[v] === "\t")) v++;
    const quote = text[v];

    if (quote === "'" || quote === '"') {
      let close = -1;
      for (let k = v + 1; k < n; k++) {
        if (quote === '"' && text[k] === "\\") k++;
        else if (text[k] === quote) {
          close = k;
          break;
        }
      }
      if (close >= 0) {
        const raw = text.slice(v + 1, close).replace(/\r\n/g, "\n");
        const value =
          quote === "'"
            ? raw
            : interpolate(
                raw.replace(/\\(.)/gs, (m, e: string) => (Object.hasOwn(DQ_ESCAPES, e) ? DQ_ESCAPES[e]! : m)),
                resolve,
              ).value;
        add({
          name: key,
          value,
          keySpan,
          valueSpan: { start: v, end: close + 1 },
          entrySpan: { start: entryStart, end: close + 1 },
          quote,
        });
        i = lineEndFrom(close) + 1;
        continue;
      }
      // An unterminated quote is read as an unquoted value.
    }

    let raw = text.slice(v, lineEnd).replace(/\r$/, "");
    const comment = raw.search(/[ \t]#/);
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = raw.trimEnd();
    add({
      name: key,
      value: interpolate(raw, resolve).value,
      keySpan,
      valueSpan: { start: v, end: v + raw.length },
      entrySpan: { start: entryStart, end: v + raw.length },
    });
    i = next;
  }
  return out;
}
