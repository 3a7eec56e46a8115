/**
 * A compose file as plain values that remember where they were written: every scalar, map
 * and list of the merged project knows its file and range, so a finding about a merged value
 * lands in the file that holds it. Scalars are interpolated (with the variables of the
 * project the file belongs to); keys are not (Compose does not interpolate keys either).
 */
import { interpolate, type Lookup } from "../parse/interpolate";
import type { RNode } from "../parse/resolve";
import type { Span } from "../parse/url";

export interface Origin {
  /** Absolute path of the file the value is written in. */
  file: string;
  span: Span;
}

export interface PScalar {
  kind: "scalar";
  /** After interpolation; numbers and booleans as YAML read them (a string once interpolated). */
  value: string | number | boolean | null;
  /** The value as a string, null for YAML null. */
  text: string | null;
  at: Origin;
  tag?: string;
  /** Variables in the written text that had no value (their text is kept). */
  unresolved?: string[];
}
export interface PEntry {
  key: string;
  keyAt: Origin;
  value: PValue;
}
export interface PMap {
  kind: "map";
  entries: Map<string, PEntry>;
  at: Origin;
  tag?: string;
}
export interface PSeq {
  kind: "seq";
  items: PValue[];
  at: Origin;
  tag?: string;
}
export type PValue = PScalar | PMap | PSeq;

const NULL_AT: Span = { start: 0, end: 0 };

/** Converts a resolved YAML node of `file`, interpolating its scalars with `lookup`. */
export function fromNode(node: RNode | null | undefined, file: string, lookup: Lookup): PValue {
  if (!node) return { kind: "scalar", value: null, text: null, at: { file, span: NULL_AT } };
  const at = { file, span: node.span };
  if (node.kind === "scalar") {
    if (typeof node.value === "string" && node.value.includes("$")) {
      const r = interpolate(node.value, lookup);
      const out: PScalar = { kind: "scalar", value: r.value, text: r.value, at, tag: node.tag };
      if (r.unresolved.length) out.unresolved = r.unresolved.map((u) => u.name);
      return out;
    }
    const v = node.value;
    const value =
      v === null || v === undefined ? null : typeof v === "number" || typeof v === "boolean" ? v : String(v);
    return { kind: "scalar", value, text: node.text, at, tag: node.tag };
  }
  if (node.kind === "seq") {
    return { kind: "seq", items: node.items.map((i) => fromNode(i, file, lookup)), at, tag: node.tag };
  }
  const entries = new Map<string, PEntry>();
  for (const p of node.pairs) {
    const key = p.key.text ?? "";
    entries.set(key, { key, keyAt: { file, span: p.key.span }, value: fromNode(p.value, file, lookup) });
  }
  return { kind: "map", entries, at, tag: node.tag };
}

export function pget(v: PValue | undefined, key: string): PValue | undefined {
  return v?.kind === "map" ? v.entries.get(key)?.value : undefined;
}
export function ptext(v: PValue | undefined): string | undefined {
  return v?.kind === "scalar" && v.text !== null ? v.text : undefined;
}
export function isNull(v: PValue | undefined): boolean {
  return !v || (v.kind === "scalar" && v.value === null);
}

/** A plain JSON value, for output and comparison (origins dropped). */
export function toPlain(v: PValue | undefined): unknown {
  if (!v) return null;
  if (v.kind === "scalar") return v.value;
  if (v.kind === "seq") return v.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const [k, e] of v.entries) o[k] = toPlain(e.value);
  return o;
}

export function scalar(value: string | number | boolean | null, at: Origin): PScalar {
  return { kind: "scalar", value, text: value === null ? null : String(value), at };
}
