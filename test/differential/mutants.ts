/**
 * Deterministic mutants of a compose file, the mistakes people make: a key misspelt, a value
 * of the wrong type (a list written as a string, a mapping as a list, a word where a number,
 * boolean, duration or enum value goes), an entry dropped (an `image`, a declared network or
 * volume, a service others depend on). Each mutant is one edit of the original text, chosen by
 * a PRNG seeded with the file's name, so every run tests the same files.
 */
import { removePair } from "../../server/src/edits/remove";
import { applyEdits } from "../../server/src/edits/text";
import { buildModel } from "../../server/src/model/build";
import type { RMap, RNode, RPair } from "../../server/src/parse/resolve";
import type { TextEdit } from "../../server/src/rules/types";

export interface Mutant {
  /** e.g. "misspell services.web.depends_on -> depend_on". */
  label: string;
  text: string;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function misspell(word: string, rand: () => number): string {
  const ops = [
    () => word.slice(0, -1), // drops the last letter: volumes -> volume
    () => {
      const i = 1 + Math.floor(rand() * Math.max(1, word.length - 2));
      return word.slice(0, i) + word.slice(i + 1); // environment -> enviroment
    },
    () => {
      const i = Math.floor(rand() * (word.length - 1));
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // ports -> prots
    },
    () => `${word}z`,
  ];
  for (let k = 0; k < 8; k++) {
    const w = ops[Math.floor(rand() * ops.length)]();
    if (w && w !== word && /^[A-Za-z_]/.test(w)) return w;
  }
  return `${word}z`;
}

const own = (map: RMap): RPair[] => map.pairs.filter((p) => !p.merged && p.key.span.start >= map.span.start);

interface Site {
  label: string;
  edit: (rand: () => number) => TextEdit | undefined;
}

const INT_KEYS = new Set(["retries", "cpu_shares", "pids_limit", "replicas", "max_attempts", "scale"]);
const BOOL_KEYS = new Set([
  "privileged",
  "read_only",
  "tty",
  "stdin_open",
  "init",
  "external",
  "internal",
  "disable",
]);
const DURATION_KEYS = new Set([
  "interval",
  "timeout",
  "start_period",
  "stop_grace_period",
  "delay",
  "window",
]);
const ENUM_KEYS = new Set(["condition", "pull_policy", "driver"]);

/** Every place a mutation can go, by kind. */
function sites(text: string): Map<string, Site[]> {
  const out = new Map<string, Site[]>();
  const add = (kind: string, site: Site) => {
    let list = out.get(kind);
    if (!list) out.set(kind, (list = []));
    list.push(site);
  };
  const model = buildModel(text);
  const root = model.root;
  if (!root) return out;
  const replace = (node: RNode, newText: string): TextEdit => ({
    start: node.span.start,
    end: node.span.end,
    newText,
  });
  for (const p of own(root)) {
    const k = p.key.text ?? "";
    add("misspell-top", { label: `misspell top-level ${k}`, edit: (r) => replace(p.key, misspell(k, r)) });
  }
  for (const kind of ["networks", "volumes"] as const) {
    const used = model.services.some((s) =>
      kind === "networks" ? s.networks?.length : s.volumes.some((v) => v.type === "volume" && v.source),
    );
    const section = model.topLevel[kind]?.value;
    if (!used || section?.kind !== "map") continue;
    for (const p of own(section))
      add("drop-declaration", { label: `drop ${kind}.${p.key.text}`, edit: () => removePair(text, p) });
  }
  const dependedOn = new Set(model.services.flatMap((s) => s.dependsOn.map((d) => d.service)));
  for (const s of model.services) {
    const node = s.node;
    if (!node || s.key.span.start < (model.topLevel.services?.key.span.start ?? 0)) continue;
    if (dependedOn.has(s.name))
      add("drop-service", { label: `drop service ${s.name}`, edit: () => removePair(text, s.pair) });
    for (const p of own(node)) {
      const k = p.key.text ?? "";
      const where = `services.${s.name}.${k}`;
      if (k.startsWith("x-")) continue;
      add("misspell-key", { label: `misspell ${where}`, edit: (r) => replace(p.key, misspell(k, r)) });
      const v = p.value;
      if (k === "image") {
        add("drop-image", { label: `drop ${where}`, edit: () => removePair(text, p) });
        if (v) add("retype-scalar", { label: `${where} as a mapping`, edit: () => replace(v, "{name: x}") });
      }
      if (v?.kind === "seq" && v.items[0]?.kind === "scalar")
        add("list-as-string", {
          label: `${where} as a string`,
          edit: () => replace(v, JSON.stringify(String((v.items[0] as { text: string }).text))),
        });
      if (v?.kind === "map" && v.pairs.length > 0)
        add("map-as-list", { label: `${where} as a list`, edit: () => replace(v, "[x]") });
      if (v?.kind === "map") {
        for (const q of own(v)) {
          const qk = q.key.text ?? "";
          const qv = q.value;
          if (qv?.kind !== "scalar" || qv.span.end <= qv.span.start) continue;
          const at = `${where}.${qk}`;
          if (INT_KEYS.has(qk))
            add("retype-scalar", { label: `${at}: many`, edit: () => replace(qv, "many") });
          if (BOOL_KEYS.has(qk))
            add("retype-scalar", { label: `${at}: maybe`, edit: () => replace(qv, "maybe") });
          if (DURATION_KEYS.has(qk))
            add("retype-scalar", { label: `${at}: 10 seconds`, edit: () => replace(qv, '"10 seconds"') });
          if (ENUM_KEYS.has(qk) && qv.text)
            add("retype-scalar", {
              label: `${at}: misspelt`,
              edit: (r) => replace(qv, misspell(qv.text!, r)),
            });
        }
      }
      if (v?.kind === "scalar" && v.span.end > v.span.start) {
        if (BOOL_KEYS.has(k))
          add("retype-scalar", { label: `${where}: maybe`, edit: () => replace(v, "maybe") });
        if (k === "restart")
          add("retype-scalar", { label: `${where}: sometimes`, edit: () => replace(v, "sometimes") });
      }
    }
  }
  return out;
}

/** Up to `count` mutants of `text`, each of a different kind where possible. */
export function mutantsOf(name: string, text: string, count: number): Mutant[] {
  const rand = prng(fnv(name));
  const byKind = sites(text);
  const kinds = [...byKind.keys()].sort();
  const out: Mutant[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; out.length < count && attempt < count * 4 && kinds.length > 0; attempt++) {
    const kind = kinds[Math.floor(rand() * kinds.length)];
    const list = byKind.get(kind)!;
    const site = list[Math.floor(rand() * list.length)];
    const edit = site.edit(rand);
    if (!edit) continue;
    const mutated = applyEdits(text, [edit]);
    if (mutated === text || seen.has(mutated)) continue;
    seen.add(mutated);
    out.push({ label: `${kind}: ${site.label}`, text: mutated });
  }
  return out;
}
