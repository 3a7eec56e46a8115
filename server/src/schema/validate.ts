/**
 * Validates resolved YAML nodes against the compose-spec schema the way `docker compose config`
 * does, and says where each problem is: the key for an unknown property, the value for a wrong
 * type, enum or pattern.
 *
 * Why a walker of our own instead of a JSON-schema library (ajv, @cfworker/json-schema and
 * @exodus/schemasafe were measured on this schema; see the commit that added this file):
 * - Compose interpolates `${VAR}` and then casts values at fixed paths (`cpus: "0.5"`,
 *   `privileged: yes`) before it validates. A value with an unset variable is *unknown* to us,
 *   which no JSON value can stand for: a library would need the errors it reports about such
 *   values filtered afterwards, and a `oneOf` around an unknown value cannot be filtered.
 * - The compose schema uses 14 keywords (type, enum, pattern, minimum, maximum, required,
 *   properties, patternProperties, additionalProperties, items, uniqueItems, oneOf, $ref,
 *   deprecated). Walking the nodes with them directly keeps every node's source place, needs no
 *   JSON copy of each service, and picks the one `oneOf` branch that fits the value's kind.
 * ajv is kept as the oracle in tests (validate.test.ts): on every corpus file without
 * variables, both must agree on valid/invalid per service.
 */

import { nearestNames } from "../model/facts/names";
import { interpolate, type Lookup } from "../parse/interpolate";
import type { RMap, RNode, RPair, RScalar } from "../parse/resolve";
import { deref, type JsonSchema, type JsonType, patternRegExp, typesOf } from "./index";

export type SchemaIssueKind =
  | "unknown-key"
  | "non-string-key"
  | "type"
  | "enum"
  | "pattern"
  | "range"
  | "required"
  | "unique"
  | "one-of"
  | "cast"
  | "format"
  | "interpolation"
  | "deprecated";

export interface SchemaIssue {
  kind: SchemaIssueKind;
  severity: "error" | "warning";
  /** Where it is: the key (unknown, deprecated, required-missing) or the value. */
  node: RNode;
  /** The dotted path as Compose prints it: `services.web.ports`. */
  path: string;
  message: string;
  /** Nearest allowed names (unknown key, enum): one means a clear fix. */
  suggestions?: string[];
  /** For a wrong type: the types allowed there. */
  expected?: JsonType[];
}

/** What Compose does to a string at a path before validating it (compose-go loader/interpolate.go). */
type Cast = "int" | "float" | "bool";
/** Paths whose strings Compose checks as Go durations (compose-go v2.0.2 schema `format: duration`, and its decoder). */
type Format = "duration";

interface PathTrie {
  cast?: Cast;
  format?: Format;
  /** Children by key; "*" any key, "[]" any list item. */
  next?: Record<string, PathTrie>;
}

function trie(entries: Array<[string, Cast | Format]>): PathTrie {
  const root: PathTrie = {};
  for (const [path, what] of entries) {
    let t = root;
    for (const part of path.split(".")) {
      t.next ??= {};
      t = t.next[part] ??= {};
    }
    if (what === "duration") t.format = what;
    else t.cast = what;
  }
  return root;
}

/**
 * Compose's interpolation casts, relative to a service, from compose-go's
 * `interpolateTypeCastMapping` (loader/interpolate.go): the union of v2.0.2 (Compose 2.26.1,
 * commit d0722c0e) and e70e961c (current), so that what either accepts is accepted.
 */
const SERVICE_PATHS: Array<[string, Cast | Format]> = [
  ["configs.[].mode", "int"],
  ["cpu_count", "int"],
  ["cpu_percent", "float"],
  ["cpu_period", "int"],
  ["cpu_quota", "int"],
  ["cpu_rt_period", "int"],
  ["cpu_rt_runtime", "int"],
  ["cpus", "float"],
  ["cpu_shares", "int"],
  ["init", "bool"],
  ["deploy.replicas", "int"],
  ["deploy.update_config.parallelism", "int"],
  ["deploy.update_config.max_failure_ratio", "float"],
  ["deploy.rollback_config.parallelism", "int"],
  ["deploy.rollback_config.max_failure_ratio", "float"],
  ["deploy.restart_policy.max_attempts", "int"],
  ["deploy.placement.max_replicas_per_node", "int"],
  ["depends_on.*.required", "bool"],
  ["depends_on.*.restart", "bool"],
  ["healthcheck.retries", "int"],
  ["healthcheck.disable", "bool"],
  ["oom_kill_disable", "bool"],
  ["oom_score_adj", "int"],
  ["pids_limit", "int"],
  ["ports.[].target", "int"],
  ["privileged", "bool"],
  ["read_only", "bool"],
  ["scale", "int"],
  ["secrets.[].mode", "int"],
  ["stdin_open", "bool"],
  ["tty", "bool"],
  ["ulimits.*", "int"],
  ["ulimits.*.hard", "int"],
  ["ulimits.*.soft", "int"],
  ["volumes.[].read_only", "bool"],
  ["volumes.[].volume.nocopy", "bool"],
  // Durations: `format: duration` in the schema Compose 2.26.1 embeds; decoded as durations since.
  ["stop_grace_period", "duration"],
  ["healthcheck.interval", "duration"],
  ["healthcheck.timeout", "duration"],
  ["healthcheck.start_period", "duration"],
  ["healthcheck.start_interval", "duration"],
  ["deploy.update_config.delay", "duration"],
  ["deploy.update_config.monitor", "duration"],
  ["deploy.rollback_config.delay", "duration"],
  ["deploy.rollback_config.monitor", "duration"],
  ["deploy.restart_policy.delay", "duration"],
  ["deploy.restart_policy.window", "duration"],
];
export const SERVICE_TRIE = trie(SERVICE_PATHS);

/** The same, from the file's top level; `services.*` continues with SERVICE_TRIE. */
export const TOP_TRIE: PathTrie = (() => {
  const t = trie([
    ["networks.*.external", "bool"],
    ["networks.*.internal", "bool"],
    ["networks.*.attachable", "bool"],
    ["networks.*.enable_ipv6", "bool"],
    ["networks.*.enable_ipv4", "bool"],
    ["volumes.*.external", "bool"],
    ["secrets.*.external", "bool"],
    ["configs.*.external", "bool"],
  ]);
  t.next!.services = { next: { "*": SERVICE_TRIE } };
  return t;
})();

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;
const BOOL = /^(?:true|false|y|yes|on|n|no|off)$/i;
const TRUE = /^(?:true|y|yes|on)$/i;
/** Go's time.ParseDuration. */
const DURATION = /^[+-]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/** A scalar as Compose sees it at validation time: typed, interpolated, cast; or unknown (an unset variable). */
type Value =
  | { t: "null" }
  | { t: "boolean"; v: boolean }
  | { t: "number"; v: number }
  | { t: "string"; v: string }
  | { t: "unknown" };

const UNKNOWN: Value = { t: "unknown" };
const NULL: Value = { t: "null" };

export interface ValidateOptions {
  lookup: Lookup;
  /** Dotted path of the node validated (for messages), e.g. ["services", "web"]. */
  path: string[];
  /** Casts and formats below the node. */
  paths?: PathTrie;
  /** Leave these keys of the validated mapping unvisited (their values are validated elsewhere). */
  shallow?: (path: readonly string[]) => boolean;
  /** Where a problem with the value itself goes when there is no value node (`key:` alone): the key. */
  where?: RNode;
}

interface Ctx {
  lookup: Lookup;
  path: string[];
  shallow?: (path: readonly string[]) => boolean;
  out: SchemaIssue[];
  /** Set when the walk met a value it cannot know (an unset variable): ambiguity is then no error. */
  unknown: boolean;
}

export function validate(node: RNode | null, schema: JsonSchema, options: ValidateOptions): SchemaIssue[] {
  const ctx: Ctx = {
    lookup: options.lookup,
    path: [...options.path],
    shallow: options.shallow,
    out: [],
    unknown: false,
  };
  check(node, schema, ctx, options.paths, node ?? options.where ?? null);
  return ctx.out;
}

const pathText = (path: readonly string[]) =>
  path.reduce((acc, p) => (p.startsWith("[") ? acc + p : acc ? `${acc}.${p}` : p), "");

function issue(
  ctx: Ctx,
  kind: SchemaIssueKind,
  node: RNode,
  message: string,
  suggestions?: string[],
  expected?: JsonType[],
): void {
  ctx.out.push({
    kind,
    severity: kind === "deprecated" ? "warning" : "error",
    node,
    path: pathText(ctx.path),
    message,
    suggestions,
    expected,
  });
}

const KIND_NAME: Record<JsonType, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  null: "null",
};

function typeList(types: JsonType[]): string {
  const names = [...new Set(types.map((t) => KIND_NAME[t]))];
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** What a node is, in JSON terms, for messages. */
function kindName(node: RNode | null, value: Value | undefined): string {
  if (!node) return "empty (null)";
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  switch (value?.t) {
    case "null":
      return "empty (null)";
    case "boolean":
      return `the boolean ${value.v}`;
    case "number":
      return `the number ${value.v}`;
    case "string":
      return `the string ${JSON.stringify(value.v.length > 40 ? `${value.v.slice(0, 40)}…` : value.v)}`;
    default:
      return "a string (interpolated)";
  }
}

/** The scalar's value as Compose validates it: after interpolation and the cast at its path. */
function scalarValue(node: RScalar, ctx: Ctx, paths: PathTrie | undefined): Value {
  const raw = node.value;
  let str: string;
  if (raw === null || raw === undefined) return NULL;
  if (typeof raw === "boolean") return { t: "boolean", v: raw };
  if (typeof raw === "number") return { t: "number", v: raw };
  if (typeof raw === "bigint") return { t: "number", v: Number(raw) };
  if (typeof raw !== "string") return { t: "string", v: String(raw) };
  str = raw;
  if (str.includes("$")) {
    const r = interpolate(str, ctx.lookup);
    // Bad syntax fails in Compose whatever the environment; a `${VAR:?message}` only when VAR is unset (not ours to judge).
    const syntax = r.errors.find((e) => /^(?:unterminated|invalid interpolation format)/.test(e.message));
    if (syntax) {
      issue(
        ctx,
        "interpolation",
        node,
        `Invalid interpolation: ${syntax.message}. Write \`$$\` for a literal \`$\`.`,
      );
      return UNKNOWN;
    }
    if (r.unresolved.length > 0 || r.errors.length > 0) {
      ctx.unknown = true;
      return UNKNOWN;
    }
    str = r.value;
  }
  const cast = paths?.cast;
  if (cast === "int") {
    if (INT.test(str.trim() === str ? str : "x")) return { t: "number", v: Number(str) };
    issue(ctx, "cast", node, `\`${ctx.path.at(-1)}\` must be an integer, not ${JSON.stringify(str)}.`);
    return UNKNOWN;
  }
  if (cast === "float") {
    if (FLOAT.test(str)) return { t: "number", v: Number(str) };
    issue(ctx, "cast", node, `\`${ctx.path.at(-1)}\` must be a number, not ${JSON.stringify(str)}.`);
    return UNKNOWN;
  }
  if (cast === "bool") {
    if (BOOL.test(str)) return { t: "boolean", v: TRUE.test(str) };
    issue(ctx, "cast", node, `\`${ctx.path.at(-1)}\` must be true or false, not ${JSON.stringify(str)}.`);
    return UNKNOWN;
  }
  return { t: "string", v: str };
}

function matchesType(types: JsonType[], node: RNode | null, value: Value | undefined): boolean {
  if (types.length === 0) return true;
  if (node?.kind === "map") return types.includes("object");
  if (node?.kind === "seq") return types.includes("array");
  const v = value ?? NULL;
  switch (v.t) {
    case "unknown":
      // An unset variable becomes some string, which Compose may still cast: any scalar type fits.
      return types.some((t) => t !== "object" && t !== "array");
    case "null":
      return types.includes("null");
    case "boolean":
      return types.includes("boolean");
    case "string":
      return types.includes("string");
    case "number":
      return types.includes("number") || (types.includes("integer") && Number.isInteger(v.v));
  }
}

/** A comparable form of a node's value for enum and uniqueItems; undefined when unknown. */
function canonical(node: RNode | null, ctx: Ctx, paths: PathTrie | undefined): string | undefined {
  if (!node) return "null";
  if (node.kind === "scalar") {
    const v = scalarValue(node, { ...ctx, out: [] }, paths);
    if (v.t === "unknown") return undefined;
    return JSON.stringify(v.t === "null" ? null : v.v);
  }
  const parts: string[] = [];
  if (node.kind === "seq") {
    for (const i of node.items) {
      const c = canonical(i, ctx, undefined);
      if (c === undefined) return undefined;
      parts.push(c);
    }
    return `[${parts.join(",")}]`;
  }
  for (const p of [...node.pairs].sort((a, b) => ((a.key.text ?? "") < (b.key.text ?? "") ? -1 : 1))) {
    const c = canonical(p.value, ctx, undefined);
    if (c === undefined) return undefined;
    parts.push(`${JSON.stringify(p.key.text)}:${c}`);
  }
  return `{${parts.join(",")}}`;
}

const isReset = (n: RNode | null) => n?.tag === "!reset";

/** Names near `name` among `candidates` (kept per candidate list: nearestNames caches by array). */
const candidateLists = new WeakMap<object, string[]>();
function candidatesOf(owner: object, make: () => string[]): string[] {
  let list = candidateLists.get(owner);
  if (!list) candidateLists.set(owner, (list = make()));
  return list;
}

function suggest(name: string, candidates: readonly string[]): string[] | undefined {
  return nearestNames(name, candidates)?.names;
}

function didYouMean(s: string[] | undefined): string {
  if (!s?.length) return "";
  return ` Did you mean ${s.map((x) => `\`${x}\``).join(" or ")}?`;
}

/**
 * Checks `node` against `schema`, pushing issues into ctx.out. `where` is the node an issue about
 * the value itself is put on (the value, or its key when there is no value).
 */
function check(
  node: RNode | null,
  schemaIn: JsonSchema,
  ctx: Ctx,
  paths: PathTrie | undefined,
  where: RNode | null,
  known?: Value,
): void {
  if (isReset(node)) return;
  // A scalar is read (interpolated, cast) once, however many branches look at it.
  const value = known ?? (node?.kind === "scalar" ? scalarValue(node, ctx, paths) : node ? undefined : NULL);
  let schema = schemaIn;
  if (schema.$ref) {
    const rest = siblingsOfRef(schema);
    if (rest) check(node, rest, ctx, paths, where, value);
    schema = deref(schema);
  }
  // `key:` with nothing after it is a null scalar without characters: point at the key.
  const at = node && node.span.end > node.span.start ? node : (where ?? node);

  const types = typesOf(schema);
  if (!matchesType(types, node, value)) {
    if (at)
      issue(
        ctx,
        "type",
        at,
        `\`${ctx.path.at(-1) ?? "The file"}\` must be ${typeList(types)}, not ${kindName(node, value)}.${typeHint(types, node)}`,
        undefined,
        types,
      );
    return;
  }
  // An unset variable is some string: its type was checked above, nothing else can be.
  if (value?.t === "unknown" && !schema.oneOf && !schema.anyOf) return;

  if (schema.oneOf || schema.anyOf) {
    checkAlternatives(node, schema.oneOf ?? schema.anyOf!, !!schema.oneOf, ctx, paths, where, value);
    if (value?.t === "unknown") return;
  }
  if (schema.allOf) for (const s of schema.allOf) check(node, s, ctx, paths, where, value);

  if (value && value.t !== "unknown" && value.t !== "null" && at) {
    if (schema.enum && !schema.enum.some((e) => e === (value as { v: unknown }).v)) {
      const allowed = schema.enum.filter((e): e is string => typeof e === "string");
      const s =
        value.t === "string"
          ? suggest(
              value.v,
              candidatesOf(schema.enum, () => allowed),
            )
          : undefined;
      issue(
        ctx,
        "enum",
        at,
        `\`${ctx.path.at(-1)}\` cannot be ${kindName(node, value)}. It must be one of ${schema.enum.map((e) => `\`${e}\``).join(", ")}.${didYouMean(s)}`,
        s,
      );
    }
    if (value.t === "string") {
      if (schema.pattern && !patternRegExp(schema.pattern).test(value.v))
        issue(
          ctx,
          "pattern",
          at,
          `\`${ctx.path.at(-1)}\` ${JSON.stringify(value.v)} does not match the pattern \`${schema.pattern}\`.`,
        );
      if (paths?.format === "duration" && !DURATION.test(value.v))
        issue(
          ctx,
          "format",
          at,
          `\`${ctx.path.at(-1)}\` ${JSON.stringify(value.v)} is not a duration: write a number with a unit, e.g. \`30s\`, \`1m30s\`, \`500ms\`.`,
        );
    }
    if (value.t === "number") {
      if (schema.minimum !== undefined && value.v < schema.minimum)
        issue(ctx, "range", at, `\`${ctx.path.at(-1)}\` must be at least ${schema.minimum}, not ${value.v}.`);
      if (schema.maximum !== undefined && value.v > schema.maximum)
        issue(ctx, "range", at, `\`${ctx.path.at(-1)}\` must be at most ${schema.maximum}, not ${value.v}.`);
    }
  }

  if (node?.kind === "map") checkMap(node, schema, ctx, paths, where);
  else if (node?.kind === "seq") {
    if (schema.items) {
      const itemPaths = paths?.next?.["[]"];
      node.items.forEach((item, i) => {
        if (isReset(item)) return;
        ctx.path.push(`[${i}]`);
        check(item, schema.items!, ctx, itemPaths, item);
        ctx.path.pop();
      });
    } else scanStrings(node, ctx);
    if (schema.uniqueItems) {
      const seen = new Map<string, number>();
      node.items.forEach((item, i) => {
        const c = canonical(item, ctx, paths?.next?.["[]"]);
        if (c === undefined) return;
        const first = seen.get(c);
        if (first === undefined) seen.set(c, i);
        else
          issue(
            ctx,
            "unique",
            item,
            `\`${ctx.path.at(-1)}\` lists ${c} twice (items ${first + 1} and ${i + 1}); Compose requires its items to be unique.`,
          );
      });
    }
  }
}

function typeHint(types: JsonType[], node: RNode | null): string {
  if (
    types.includes("array") &&
    !types.includes("string") &&
    !types.includes("object") &&
    node?.kind === "scalar" &&
    node.text
  )
    return " Write it as a list: one `- item` per line, or `[item]`.";
  if (types.includes("object") && !types.includes("array") && node?.kind === "seq")
    return " Write it as a mapping of `key: value` lines.";
  return "";
}

function checkMap(
  node: RMap,
  schema: JsonSchema,
  ctx: Ctx,
  paths: PathTrie | undefined,
  where: RNode | null,
): void {
  const props = schema.properties;
  const patterns = schema.patternProperties;
  const additional = schema.additionalProperties;
  const constrained = props || patterns || additional !== undefined || schema.required;
  if (!constrained) {
    scanStrings(node, ctx);
    return;
  }
  for (const req of schema.required ?? []) {
    if (node.pairs.some((p) => p.key.text === req && !isReset(p.value))) continue;
    const on = where && where !== node ? where : node;
    issue(ctx, "required", on, `\`${ctx.path.at(-1)}\` needs \`${req}\`.`);
  }
  for (const pair of node.pairs) {
    if (isReset(pair.value)) continue;
    const key = pair.key;
    if (typeof key.value !== "string") {
      // yaml.v3 keeps a number or boolean key as such, and Compose refuses it.
      issue(
        ctx,
        "non-string-key",
        key,
        `The key ${key.text ?? "null"} in \`${pathText(ctx.path) || "the top level"}\` is ${key.value === null ? "null" : `a ${typeof key.value}`}: Compose needs string keys. Quote it: "${key.text ?? ""}".`,
      );
      continue;
    }
    const name = key.value;
    ctx.path.push(name);
    const sub = paths?.next?.[name] ?? paths?.next?.["*"];
    if (ctx.shallow?.(ctx.path)) {
      ctx.path.pop();
      continue;
    }
    let matched = false;
    const named = props?.[name];
    if (named) {
      matched = true;
      if (named.deprecated || deref(named).deprecated)
        issue(ctx, "deprecated", key, deprecatedMessage(name, named));
      check(pair.value, named, ctx, sub, key);
    }
    if (patterns) {
      for (const [pattern, s] of entriesOf(patterns)) {
        if (!patternRegExp(pattern).test(name)) continue;
        matched = true;
        check(pair.value, s, ctx, sub, key);
      }
    }
    if (!matched) {
      if (additional === false) unknownKey(pair, schema, ctx);
      else if (typeof additional === "object") check(pair.value, additional, ctx, sub, key);
      else scanStrings(pair.value, ctx);
    }
    ctx.path.pop();
  }
}

/** The keywords written beside a `$ref` (2020-12 applies both), or undefined when there are none that validate. */
const siblingCache = new WeakMap<JsonSchema, JsonSchema | null>();
function siblingsOfRef(schema: JsonSchema): JsonSchema | undefined {
  let rest = siblingCache.get(schema);
  if (rest === undefined) {
    const { $ref: _ref, description: _d, ...others } = schema;
    rest = Object.keys(others).length > 0 ? others : null;
    siblingCache.set(schema, rest);
  }
  return rest ?? undefined;
}

const entryCache = new WeakMap<object, [string, JsonSchema][]>();
function entriesOf(patterns: Record<string, JsonSchema>): [string, JsonSchema][] {
  let e = entryCache.get(patterns);
  if (!e) entryCache.set(patterns, (e = Object.entries(patterns)));
  return e;
}

function deprecatedMessage(name: string, schema: JsonSchema): string {
  const why = schema.description ?? deref(schema).description;
  return `\`${name}\` is deprecated${why ? `: ${why.replace(/\.$/, "")}` : ""}.`;
}

function unknownKey(pair: RPair, schema: JsonSchema, ctx: Ctx): void {
  const name = pair.key.value as string;
  const parent = ctx.path.length >= 2 ? ctx.path.at(-2)! : "";
  const where = parent ? ` in \`${pathText(ctx.path.slice(0, -1))}\`` : " at the top level";
  const known = candidatesOf(schema, () => Object.keys(schema.properties ?? {}));
  const s = known.length ? suggest(name, known) : undefined;
  const patterns = Object.keys(schema.patternProperties ?? {}).filter((p) => p !== "^x-");
  let message: string;
  if (!schema.properties && patterns.length) {
    message = `\`${name}\`${where} is not a valid name: it must match \`${patterns[0]}\`.`;
  } else {
    const ext = !s && schema.patternProperties?.["^x-"] ? " (custom keys must start with `x-`)" : "";
    message = `Unknown key \`${name}\`${where}${ext}.${didYouMean(s)}`;
  }
  ctx.out.push({
    kind: "unknown-key",
    severity: "error",
    node: pair.key,
    path: pathText(ctx.path),
    message,
    suggestions: s,
  });
}

/** Alternatives (`oneOf`/`anyOf`): passes when one (exactly one for oneOf) passes, else reports the branch that fits best. */
function checkAlternatives(
  node: RNode | null,
  branches: JsonSchema[],
  exactlyOne: boolean,
  ctx: Ctx,
  paths: PathTrie | undefined,
  where: RNode | null,
  value: Value | undefined,
): void {
  // A branch whose type does not fit the value fails on its type alone: only the others are
  // worth walking, and most often exactly one fits (a list or a mapping, a string or a number).
  const fit = branches.filter((b) => matchesType(typesOf(deref(b)), node, value));
  if (fit.length === 1) {
    check(node, fit[0], ctx, paths, where, value);
    return;
  }
  const at = node && node.span.end > node.span.start ? node : (where ?? node);
  if (fit.length === 0) {
    const types = branches.flatMap((b) => typesOf(deref(b)));
    if (at && types.length)
      issue(
        ctx,
        "type",
        at,
        `\`${ctx.path.at(-1)}\` must be ${typeList(types)}, not ${kindName(node, value)}.${typeHint(types, node)}`,
        undefined,
        types,
      );
    else if (at) issue(ctx, "one-of", at, `\`${ctx.path.at(-1)}\` has none of its allowed forms.`);
    return;
  }
  const results: { errors: SchemaIssue[]; warnings: SchemaIssue[]; unknown: boolean }[] = [];
  for (const b of fit) {
    const sub: Ctx = { ...ctx, path: [...ctx.path], out: [], unknown: false };
    check(node, b, sub, paths, where, value);
    results.push({
      errors: sub.out.filter((i) => i.severity === "error"),
      warnings: sub.out.filter((i) => i.severity !== "error"),
      unknown: sub.unknown,
    });
  }
  const passing = results.filter((r) => r.errors.length === 0);
  if (passing.length === 1 || (!exactlyOne && passing.length > 0)) {
    ctx.out.push(...passing[0].warnings);
    if (passing[0].unknown) ctx.unknown = true;
    return;
  }
  if (passing.length > 1) {
    // Two branches accept the value: gojsonschema (Compose 2.26.1) refuses that for oneOf, but
    // not when a part of the value is unknown (another value could settle it).
    if (!passing.some((r) => r.unknown) && value?.t !== "unknown" && at)
      issue(ctx, "one-of", at, `\`${ctx.path.at(-1)}\` fits more than one of its allowed forms.`);
    ctx.out.push(...passing[0].warnings);
    return;
  }
  // The branch that fits the value's kind with the fewest problems speaks for all.
  let best = results[0];
  for (const r of results) if (r.errors.length < best.errors.length) best = r;
  ctx.out.push(...best.errors, ...best.warnings);
  if (best.unknown) ctx.unknown = true;
}

/** Values the schema leaves open are still interpolated by Compose: an invalid `${` there fails too. */
function scanStrings(node: RNode | null, ctx: Ctx): void {
  if (!node) return;
  if (node.kind === "scalar") {
    if (typeof node.value === "string" && node.value.includes("$")) scalarValue(node, ctx, undefined);
    return;
  }
  if (node.kind === "seq") for (const i of node.items) scanStrings(i, ctx);
  else for (const p of node.pairs) scanStrings(p.value, ctx);
}
