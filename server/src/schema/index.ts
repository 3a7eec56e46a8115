/**
 * The Compose specification's JSON schema (compose-spec.json beside this file; where it comes
 * from: README.md here), parsed once, with the lookups that schema validation, key completion
 * and hover share: the schema that applies at a key path, a key's description, the keys an
 * object allows.
 */
import raw from "./compose-spec.json";

/** The part of JSON Schema the compose spec uses (the validator handles exactly these keywords). */
export interface JsonSchema {
  $ref?: string;
  $id?: string;
  $schema?: string;
  type?: JsonType | JsonType[];
  title?: string;
  description?: string;
  deprecated?: boolean;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  uniqueItems?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  $defs?: Record<string, JsonSchema>;
}

export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

export const composeSchema: JsonSchema = raw as JsonSchema;

/** Follows `$ref` ("#/$defs/service") to the schema it names; other schemas as they are. */
export function deref(schema: JsonSchema): JsonSchema {
  let s = schema;
  // Refs in this schema are local and never circular at one level; the bound is a guard only.
  for (let i = 0; s.$ref && i < 16; i++) {
    const target = refTarget(s.$ref);
    if (!target) break;
    s = target;
  }
  return s;
}

const refCache = new Map<string, JsonSchema | undefined>();
function refTarget(ref: string): JsonSchema | undefined {
  if (refCache.has(ref)) return refCache.get(ref);
  let target: JsonSchema | undefined;
  if (ref.startsWith("#/")) {
    let at: unknown = composeSchema;
    for (const part of ref.slice(2).split("/")) {
      const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      at = at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined;
    }
    target = at as JsonSchema | undefined;
  }
  refCache.set(ref, target);
  return target;
}

const patternCache = new Map<string, RegExp>();
/** The compiled form of a schema `pattern` (JSON Schema patterns are unanchored ECMA regexes). */
export function patternRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) patternCache.set(pattern, (re = new RegExp(pattern, "u")));
  return re;
}

/**
 * The schema for the value of `key` inside an object schema: its property, else the first
 * matching pattern property, else `additionalProperties` when that is a schema.
 */
export function propertySchema(objectSchema: JsonSchema, key: string): JsonSchema | undefined {
  const s = deref(objectSchema);
  const named = s.properties?.[key];
  if (named) return named;
  for (const [pattern, sub] of Object.entries(s.patternProperties ?? {}))
    if (patternRegExp(pattern).test(key)) return sub;
  return typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
}

/** The object-shaped alternative of a schema (itself, or the branch of a oneOf that is an object). */
function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  const s = deref(schema);
  if (s.properties || s.patternProperties || typesOf(s).includes("object")) return s;
  for (const b of s.oneOf ?? s.anyOf ?? []) {
    const o = objectBranch(b);
    if (o) return o;
  }
  return undefined;
}

/** The list-item alternative of a schema, when it (or a oneOf branch) is an array. */
function itemsBranch(schema: JsonSchema): JsonSchema | undefined {
  const s = deref(schema);
  if (s.items) return s.items;
  for (const b of s.oneOf ?? s.anyOf ?? []) {
    const i = itemsBranch(b);
    if (i) return i;
  }
  return undefined;
}

export function typesOf(schema: JsonSchema): JsonType[] {
  const t = schema.type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/**
 * The schema at a path of keys from the file's top level, e.g. ["services", "web", "healthcheck",
 * "interval"]. A number (or "[]") steps into a list's items. undefined when the path leaves the
 * schema (an `x-` extension, an unknown key).
 */
export function schemaAtPath(path: readonly (string | number)[]): JsonSchema | undefined {
  let s: JsonSchema | undefined = composeSchema;
  for (const part of path) {
    if (!s) return undefined;
    if (typeof part === "number" || part === "[]") {
      const items = itemsBranch(s);
      s = items && deref(items);
      continue;
    }
    const obj = objectBranch(s);
    const next = obj && propertySchema(obj, part);
    s = next && deref(next);
  }
  return s;
}

/** The description the spec gives the key at `path`, for hover. */
export function keyDescription(path: readonly (string | number)[]): string | undefined {
  // A key's description may sit on the reference itself or on what it refers to.
  let s: JsonSchema | undefined = composeSchema;
  let described: JsonSchema | undefined;
  for (const part of path) {
    if (!s) return undefined;
    if (typeof part === "number" || part === "[]") {
      described = itemsBranch(s);
    } else {
      const obj = objectBranch(s);
      described = obj && propertySchema(obj, part);
    }
    s = described && deref(described);
  }
  return described?.description ?? s?.description;
}

/** The keys an object schema names (its `properties`), for completion and "did you mean". */
export function knownKeys(schema: JsonSchema): string[] {
  const obj = objectBranch(schema);
  return obj?.properties ? Object.keys(obj.properties) : [];
}
