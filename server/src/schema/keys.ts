/**
 * What the compose-spec schema (compose-spec.json, the copy schema validation reads too) says
 * about the keys at a place in a compose file: which keys may be written there, their
 * descriptions, their enum values. Key completion and key hover read it; nothing else is
 * hand-written about keys. A place is a path of map keys from the root, with "[]" for a list
 * item: ["services", "web", "depends_on", "db"].
 */
import schemaJson from "./compose-spec.json";

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  deprecated?: boolean;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  required?: string[];
}

const ROOT = schemaJson as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

export interface KeyInfo {
  name: string;
  description?: string;
  deprecated: boolean;
  /** The JSON types the value may have ("string", "object", "array", ...). */
  types: string[];
  /** Enum values, when the schema lists them. */
  values: string[];
  /** Required by its parent object. */
  required: boolean;
}

function deref(node: SchemaNode): SchemaNode {
  let n = node;
  for (let i = 0; n.$ref && i < 20; i++) {
    const name = /^#\/\$defs\/(.+)$/.exec(n.$ref)?.[1];
    const target = name ? ROOT.$defs[name] : undefined;
    if (!target) break;
    n = target;
  }
  // `{"$ref": ..., "description": ...}`: the description written beside the reference wins.
  return n !== node && node.description && n.description !== node.description
    ? { ...n, description: node.description }
    : n;
}

/** The alternatives a node stands for: itself and, recursively, its oneOf/anyOf/allOf branches. */
function alternatives(node: SchemaNode, out: SchemaNode[] = [], depth = 0): SchemaNode[] {
  const n = deref(node);
  if (depth > 10) return out;
  out.push(n);
  for (const branch of [...(n.oneOf ?? []), ...(n.anyOf ?? []), ...(n.allOf ?? [])])
    alternatives(branch, out, depth + 1);
  return out;
}

function typesOf(node: SchemaNode): string[] {
  const types = new Set<string>();
  for (const n of alternatives(node)) {
    if (typeof n.type === "string") types.add(n.type);
    else for (const t of n.type ?? []) types.add(t);
    if (n.properties || n.patternProperties) types.add("object");
    if (n.items) types.add("array");
  }
  return [...types];
}

function enumOf(node: SchemaNode): string[] {
  const values = new Set<string>();
  for (const n of alternatives(node)) for (const v of n.enum ?? []) values.add(String(v));
  // Some string keys list their values in prose only ("Options include: 'no', 'always', ...").
  if (values.size === 0) {
    const prose = /Options include:?([^.]*)/.exec(descriptionOf(node) ?? "")?.[1] ?? "";
    for (const m of prose.matchAll(/'([^']+)'/g)) values.add(m[1]);
  }
  return [...values];
}

function descriptionOf(node: SchemaNode): string | undefined {
  for (const n of alternatives(node)) if (n.description) return n.description;
  return undefined;
}

/** The child schema nodes that a key (or "[]") of `node` leads to. */
function childNodes(node: SchemaNode, segment: string): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const n of alternatives(node)) {
    if (segment === "[]") {
      if (n.items) out.push(n.items);
      continue;
    }
    const prop = n.properties?.[segment];
    if (prop) {
      out.push(prop);
      continue;
    }
    for (const [pattern, child] of Object.entries(n.patternProperties ?? {})) {
      // `^x-` extensions are allowed everywhere but say nothing about their content.
      if (pattern === "^x-") continue;
      if (new RegExp(pattern).test(segment)) out.push(child);
    }
  }
  return out;
}

/** The schema nodes describing the value at `path` (several when the schema offers alternatives). */
export function schemaAt(path: readonly string[]): SchemaNode[] {
  let nodes: SchemaNode[] = [ROOT];
  for (const segment of path) {
    nodes = nodes.flatMap((n) => childNodes(n, segment));
    if (nodes.length === 0) return [];
  }
  return nodes;
}

function info(name: string, node: SchemaNode, required: boolean): KeyInfo {
  const n = deref(node);
  return {
    name,
    description: descriptionOf(node),
    deprecated: !!n.deprecated,
    types: typesOf(node),
    values: enumOf(node),
    required,
  };
}

/** The keys the schema allows in the mapping at `path`, with their documentation. */
export function keysAt(path: readonly string[]): KeyInfo[] {
  const byName = new Map<string, KeyInfo>();
  for (const node of schemaAt(path)) {
    for (const n of alternatives(node)) {
      const required = new Set(n.required ?? []);
      for (const [name, child] of Object.entries(n.properties ?? {}))
        if (!byName.has(name)) byName.set(name, info(name, child, required.has(name)));
    }
  }
  return [...byName.values()];
}

/** What the schema says about the key `key` of the mapping at `path`. */
export function keyAt(path: readonly string[], key: string): KeyInfo | undefined {
  const nodes = schemaAt([...path, key]);
  if (nodes.length === 0) return undefined;
  const parentRequired = schemaAt(path).some((p) => alternatives(p).some((n) => n.required?.includes(key)));
  // Only a key the schema names itself (not a pattern such as a service name) has documentation.
  const named = schemaAt(path).some((p) => alternatives(p).some((n) => n.properties?.[key]));
  if (!named) return undefined;
  const merged: KeyInfo = {
    name: key,
    description: undefined,
    deprecated: false,
    types: [],
    values: [],
    required: parentRequired,
  };
  for (const n of nodes) {
    const i = info(key, n, parentRequired);
    merged.description ??= i.description;
    merged.deprecated ||= i.deprecated;
    merged.types = [...new Set([...merged.types, ...i.types])];
    merged.values = [...new Set([...merged.values, ...i.values])];
  }
  return merged;
}

/** The page of docs.docker.com that documents a key at `path` (the compose file reference). */
export function docsUrl(path: readonly string[], key: string): string {
  const base = "https://docs.docker.com/reference/compose-file";
  const [top, , section] = path;
  if (path.length === 0) {
    if (key === "version" || key === "name") return `${base}/version-and-name/`;
    return `${base}/${key === "include" ? "include" : key}/`;
  }
  if (top === "services") {
    if (path.length === 2) return `${base}/services/#${key}`;
    if (section === "build") return `${base}/build/#${path.length === 3 ? key : path[3]}`;
    if (section === "deploy") return `${base}/deploy/#${path.length === 3 ? key : path[3]}`;
    if (section === "develop") return `${base}/develop/`;
    return `${base}/services/#${section}`;
  }
  if (["networks", "volumes", "configs", "secrets", "include", "models"].includes(top))
    return `${base}/${top}/${path.length === 2 ? `#${key}` : ""}`;
  return `${base}/`;
}
