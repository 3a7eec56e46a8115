/**
 * Merging compose files as Compose v2 does (compose-spec/compose-go `override/merge.go` and
 * `override/uncity.go`, read at commit e70e961c3a3a): mappings merge by key, lists are
 * appended, scalars are replaced; `command`, `entrypoint` and `healthcheck.test` are
 * replaced whole; `environment`, `labels`, `annotations`, `build.args` and the like merge by
 * variable name (a list `K=V` and a mapping are the same thing); `depends_on` and
 * `networks` merge by service/network name (list form first read as a mapping); then lists
 * whose items name a key (`ports`, `volumes` by target, `expose`, `dns`, `env_file`,
 * `secrets`...) keep one item per key: a later one takes the place of the earlier one.
 * `!override` replaces the earlier value, `!reset` removes it. Every value keeps its origin.
 */
import { type Origin, type PEntry, type PMap, type PSeq, type PValue, scalar } from "./tree";

type Path = readonly string[];

function matches(path: Path, pattern: string): boolean {
  const parts = pattern.split(".");
  if (parts.length !== path.length) return false;
  return parts.every((p, i) => p === "*" || p === path[i]);
}

/** Keys whose list form `K=V` and mapping form are one mapping, merged by name. */
const KEY_VALUE = [
  "services.*.environment",
  "services.*.labels",
  "services.*.annotations",
  "services.*.build.args",
  "services.*.build.labels",
  "services.*.deploy.labels",
  "services.*.sysctls",
  "networks.*.labels",
  "volumes.*.labels",
];
const REPLACED = ["services.*.command", "services.*.entrypoint", "services.*.healthcheck.test"];

/** A mapping read from a list of names (depends_on, networks), each with the default body. */
function namesAsMap(v: PValue, body: ((at: Origin) => PValue) | undefined): PValue {
  if (v.kind !== "seq") return v;
  const entries = new Map<string, PEntry>();
  for (const item of v.items) {
    if (item.kind !== "scalar" || item.text === null) continue;
    entries.set(item.text, {
      key: item.text,
      keyAt: item.at,
      value: body ? body(item.at) : scalar(null, item.at),
    });
  }
  return { kind: "map", entries, at: v.at, tag: v.tag };
}

function dependencyBody(at: Origin): PMap {
  const entries = new Map<string, PEntry>([
    ["condition", { key: "condition", keyAt: at, value: scalar("service_started", at) }],
    ["required", { key: "required", keyAt: at, value: scalar(true, at) }],
  ]);
  return { kind: "map", entries, at };
}

/** `K=V` items as a mapping; each value's range is the characters after `=` when the item is a plain one-line scalar. */
export function keyValueAsMap(v: PValue): PValue {
  if (v.kind !== "seq") return v;
  const entries = new Map<string, PEntry>();
  for (const item of v.items) {
    if (item.kind !== "scalar" || item.text === null) continue;
    const eq = item.text.indexOf("=");
    const key = eq < 0 ? item.text : item.text.slice(0, eq);
    const { span } = item.at;
    const quoted = span.end - span.start === item.text.length + 2 ? 1 : 0;
    const exact = quoted || span.end - span.start === item.text.length;
    const keyAt = exact
      ? { file: item.at.file, span: { start: span.start + quoted, end: span.start + quoted + key.length } }
      : item.at;
    const valueAt =
      exact && eq >= 0
        ? { file: item.at.file, span: { start: span.start + quoted + eq + 1, end: span.end - quoted } }
        : item.at;
    entries.set(key, { key, keyAt, value: scalar(eq < 0 ? null : item.text.slice(eq + 1), valueAt) });
  }
  return { kind: "map", entries, at: v.at, tag: v.tag };
}

/** Reads one file's service the way merging needs it: list forms as mappings where Compose treats them so. */
export function normalizeForMerge(v: PValue, path: Path): PValue {
  if (KEY_VALUE.some((p) => matches(path, p))) return keyValueAsMap(v);
  if (matches(path, "services.*.depends_on")) return namesAsMap(v, dependencyBody);
  if (matches(path, "services.*.networks")) return namesAsMap(v, undefined);
  if (matches(path, "services.*.build") && v.kind === "scalar" && v.text !== null) {
    const entries = new Map<string, PEntry>([["context", { key: "context", keyAt: v.at, value: v }]]);
    return { kind: "map", entries, at: v.at };
  }
  if (v.kind === "map") {
    const entries = new Map<string, PEntry>();
    for (const [k, e] of v.entries) entries.set(k, { ...e, value: normalizeForMerge(e.value, [...path, k]) });
    return { ...v, entries };
  }
  if (v.kind === "seq" && matches(path, "services.*.depends_on")) return v;
  return v;
}

/** Drops `!reset` values (nothing to reset in a first file) and the tags, after merging. */
export function dropResets(v: PValue): PValue | undefined {
  if (v.tag === "!reset") return undefined;
  if (v.kind === "map") {
    const entries = new Map<string, PEntry>();
    for (const [k, e] of v.entries) {
      const value = dropResets(e.value);
      if (value) entries.set(k, { ...e, value });
    }
    return { ...v, entries, tag: undefined };
  }
  if (v.kind === "seq") {
    const items = v.items.map(dropResets).filter((i): i is PValue => i !== undefined);
    return { ...v, items, tag: undefined };
  }
  return v.tag === "!override" ? { ...v, tag: undefined } : v;
}

/** `over` merged onto `base` at `path`; both already normalised. `undefined`: the key is reset. */
export function mergeValue(base: PValue | undefined, over: PValue, path: Path): PValue | undefined {
  if (over.tag === "!reset") return undefined;
  if (over.tag === "!override" || base === undefined) return over;
  if (over.kind === "scalar" && over.value === null) return base;
  if (REPLACED.some((p) => matches(path, p))) return over;
  if (matches(path, "services.*.logging") && base.kind === "map" && over.kind === "map") {
    const d1 = base.entries.get("driver")?.value;
    const d2 = over.entries.get("driver")?.value;
    const same = !d1 || !d2 || (d1.kind === "scalar" && d2.kind === "scalar" && d1.value === d2.value);
    return same ? mergeMaps(base, over, path) : over;
  }
  if (matches(path, "services.*.ulimits.*")) return over;
  if (base.kind === "map" && over.kind === "map") return mergeMaps(base, over, path);
  if (base.kind === "seq" && over.kind === "seq") {
    const seq: PSeq = { kind: "seq", items: [...base.items, ...over.items], at: over.at };
    return seq;
  }
  return over;
}

export function mergeMaps(base: PMap, over: PMap, path: Path): PMap {
  const entries = new Map(base.entries);
  for (const [k, e] of over.entries) {
    const merged = mergeValue(base.entries.get(k)?.value, e.value, [...path, k]);
    if (merged === undefined) entries.delete(k);
    else {
      const prev = base.entries.get(k);
      // The key stays where it was first written unless the later file replaces the value whole.
      entries.set(k, { key: k, keyAt: merged === e.value || !prev ? e.keyAt : prev.keyAt, value: merged });
    }
  }
  return { kind: "map", entries, at: base.at, tag: undefined };
}

// ------------------------------------------------------------------ unicity (uncity.go)

type Indexer = (item: PValue) => string | undefined;

const str = (v: PValue): string | undefined =>
  v.kind === "scalar" && v.value !== null ? String(v.value) : undefined;
const field = (v: PValue, k: string): string | undefined => {
  const f = v.kind === "map" ? v.entries.get(k)?.value : undefined;
  return f ? str(f) : undefined;
};

const keyValueIndexer: Indexer = (v) => str(v)?.split("=")[0];
const volumeIndexer: Indexer = (v) => {
  if (v.kind === "map") return field(v, "target");
  const s = str(v);
  if (s === undefined) return undefined;
  // SOURCE:TARGET[:MODE], or a lone TARGET; a Windows drive letter is not split on.
  const parts = s.split(":");
  if (parts.length >= 2 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1]))
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  return parts.length === 1 ? parts[0] : parts[1];
};
const portIndexer: Indexer = (v) => {
  if (v.kind === "map") {
    return `${field(v, "host_ip") ?? "0.0.0.0"}:${field(v, "published") ?? ""}:${field(v, "target")}/${field(v, "protocol") ?? "tcp"}`;
  }
  return str(v);
};
const mountIndexer =
  (dir: string): Indexer =>
  (v) =>
    v.kind === "map" ? (field(v, "target") ?? `${dir}/${field(v, "source")}`) : `${dir}/${str(v)}`;
const envFileIndexer: Indexer = (v) => (v.kind === "map" ? field(v, "path") : str(v));

const UNIQUE: [string, Indexer][] = [
  ["services.*.cap_add", keyValueIndexer],
  ["services.*.cap_drop", keyValueIndexer],
  ["services.*.devices", volumeIndexer],
  ["services.*.configs", mountIndexer("")],
  ["services.*.dns", keyValueIndexer],
  ["services.*.dns_opt", keyValueIndexer],
  ["services.*.dns_search", keyValueIndexer],
  ["services.*.env_file", envFileIndexer],
  ["services.*.expose", str],
  ["services.*.links", keyValueIndexer],
  ["services.*.networks.*.aliases", keyValueIndexer],
  ["services.*.ports", portIndexer],
  ["services.*.profiles", keyValueIndexer],
  ["services.*.secrets", mountIndexer("/run/secrets")],
  ["services.*.tmpfs", keyValueIndexer],
  ["services.*.volumes", volumeIndexer],
  ["services.*.build.tags", keyValueIndexer],
  ["services.*.build.platforms", keyValueIndexer],
];

/** One item per key in the lists that name one: a later item takes the earlier one's place. */
export function enforceUnicity(v: PValue, path: Path): PValue {
  if (v.kind === "map") {
    const entries = new Map<string, PEntry>();
    for (const [k, e] of v.entries) entries.set(k, { ...e, value: enforceUnicity(e.value, [...path, k]) });
    return { ...v, entries };
  }
  if (v.kind === "seq") {
    const rule = UNIQUE.find(([p]) => matches(path, p));
    if (!rule) return v;
    const items: PValue[] = [];
    const seen = new Map<string, number>();
    for (const item of v.items) {
      const key = rule[1](item);
      const at = key === undefined ? undefined : seen.get(key);
      if (at !== undefined) items[at] = item;
      else {
        if (key !== undefined) seen.set(key, items.length);
        items.push(item);
      }
    }
    return { ...v, items };
  }
  return v;
}
