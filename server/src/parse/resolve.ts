/**
 * A resolved view of a YAML document: aliases followed, merge keys (`<<: *x`) applied,
 * and every value still pointing at the characters the user wrote. A value reached through
 * an alias is the anchor's node itself (shared, not copied), so its span is the anchor's
 * text: whoever edits it edits every user of the anchor. Callers that care check whether a
 * span lies inside the service they are looking at.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair } from "yaml";
import type { Span } from "./url";
import type { ParseProblem } from "./yaml";

interface RBase {
  /** Where the node's text is, including quotes, block indicators and nested content. */
  span: Span;
  tag?: string;
}
export interface RScalar extends RBase {
  kind: "scalar";
  /** The YAML style as the `yaml` package names it (PLAIN, QUOTE_DOUBLE, BLOCK_FOLDED, ...). */
  style?: string;
  /** The scalar as a string (numbers and booleans as written by String()), null for YAML null. */
  text: string | null;
  value: unknown;
}
export interface RPair {
  key: RScalar;
  value: RNode | null;
  /** True when the pair came in through a merge key rather than being written in this map. */
  merged: boolean;
}
export interface RMap extends RBase {
  kind: "map";
  pairs: RPair[];
  flow: boolean;
}
export interface RSeq extends RBase {
  kind: "seq";
  items: RNode[];
  flow: boolean;
}
export type RNode = RScalar | RMap | RSeq;

export function getPair(map: RMap | undefined | null, key: string): RPair | undefined {
  if (!map) return undefined;
  for (const p of map.pairs) if (p.key.text === key) return p;
  return undefined;
}
export function get(map: RNode | undefined | null, key: string): RNode | undefined {
  if (map?.kind !== "map") return undefined;
  return getPair(map, key)?.value ?? undefined;
}
export function asMap(n: RNode | null | undefined): RMap | undefined {
  return n?.kind === "map" ? n : undefined;
}
export function asSeq(n: RNode | null | undefined): RSeq | undefined {
  return n?.kind === "seq" ? n : undefined;
}
export function asScalar(n: RNode | null | undefined): RScalar | undefined {
  return n?.kind === "scalar" ? n : undefined;
}
export function scalarText(n: RNode | null | undefined): string | undefined {
  return n?.kind === "scalar" && n.text !== null ? n.text : undefined;
}

/** Limits that keep hostile input (alias bombs, absurd nesting) from hanging the server. */
export const RESOLVE_LIMITS = {
  /** Total nodes an expanded document may have; yaml.v3 (Compose) stops "excessive aliasing" similarly. */
  maxExpandedNodes: 2_000_000,
  maxDepth: 1_000,
};

export interface Resolved {
  root: RNode | null;
  problems: ParseProblem[];
}

export function resolveDocument(doc: Document.Parsed): Resolved {
  const problems: ParseProblem[] = [];
  const memo = new Map<Node, RNode | null>();
  const anchors = new Map<string, Node>();
  let expandedBudget = RESOLVE_LIMITS.maxExpandedNodes;
  let budgetExceeded = false;
  let depthExceeded = false;
  const sizeMemo = new Map<RNode, number>();

  // Expanded size of a resolved subtree, memoised: a shared alias target counts each time it
  // is used, which is exactly what blows up in a "billion laughs" document.
  function expandedSize(n: RNode | null): number {
    if (!n) return 1;
    const known = sizeMemo.get(n);
    if (known !== undefined) return known;
    let size = 1;
    if (n.kind === "map") for (const p of n.pairs) size += 1 + expandedSize(p.value);
    else if (n.kind === "seq") for (const i of n.items) size += expandedSize(i);
    sizeMemo.set(n, size);
    return size;
  }

  function visit(node: unknown, depth: number): RNode | null {
    if (node == null) return null;
    if (depth > RESOLVE_LIMITS.maxDepth) {
      if (!depthExceeded) {
        depthExceeded = true;
        const r = (node as Node).range;
        problems.push({
          code: "yaml-syntax",
          message: `Nesting deeper than ${RESOLVE_LIMITS.maxDepth} levels is not analysed.`,
          span: r ? { start: r[0], end: r[1] } : { start: 0, end: 0 },
          severity: "warning",
        });
      }
      return null;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        const r = node.range!;
        problems.push({
          code: "yaml-syntax",
          message: `Unknown anchor: *${node.source} refers to no &${node.source} defined before it.`,
          span: { start: r[0], end: r[1] },
          severity: "error",
        });
        return null;
      }
      if (budgetExceeded) return null;
      const resolved = memo.has(target) ? memo.get(target)! : visit(target, depth + 1);
      const size = expandedSize(resolved);
      expandedBudget -= size;
      if (expandedBudget < 0) {
        budgetExceeded = true;
        const r = node.range!;
        problems.push({
          code: "yaml-syntax",
          message:
            "Excessive aliasing: the document expands to more than " +
            `${RESOLVE_LIMITS.maxExpandedNodes.toLocaleString("en-US")} nodes (an "alias bomb"). Aliases after this one are not followed.`,
          span: { start: r[0], end: r[1] },
          severity: "error",
        });
        return null;
      }
      return resolved;
    }
    const n = node as Node;
    // Only anchored nodes can be reached twice (through an alias), so only they are memoised.
    const anchored = !!n.anchor;
    if (anchored && memo.has(n)) return memo.get(n)!;
    if (anchored) anchors.set(n.anchor!, n);
    const r = n.range ?? [0, 0, 0];
    const span = { start: r[0], end: r[1] };
    const tag = n.tag;
    let out: RNode | null = null;
    if (isScalar(n)) {
      const v = n.value;
      out = {
        kind: "scalar",
        style: n.type ?? undefined,
        span,
        tag,
        value: v,
        text: v === null || v === undefined ? null : String(v),
      };
    } else if (isSeq(n)) {
      const seq: RSeq = { kind: "seq", span, tag, items: [], flow: !!n.flow };
      if (anchored) memo.set(n, seq);
      for (const item of n.items) {
        const ri = visit(item, depth + 1);
        if (ri) seq.items.push(ri);
      }
      out = seq;
    } else if (isMap(n)) {
      const map: RMap = { kind: "map", span, tag, pairs: [], flow: !!n.flow };
      if (anchored) memo.set(n, map);
      const mergeSources: RMap[] = [];
      for (const pair of n.items as Pair[]) {
        const keyNode = pair.key;
        if (isScalar(keyNode) && keyNode.value === "<<" && !keyNode.type?.startsWith("QUOTE")) {
          const v = visit(pair.value, depth + 1);
          const sources = v?.kind === "map" ? [v] : v?.kind === "seq" ? v.items : [v];
          if (v && sources.every((i): i is RMap => i?.kind === "map")) mergeSources.push(...sources);
          else if (v) {
            // yaml.v3 (Compose) refuses the whole file here.
            problems.push({
              code: "yaml-syntax",
              message:
                "A merge key `<<` needs a mapping (or a list of mappings) as its value, e.g. `<<: *defaults`.",
              span: v.span,
              severity: "error",
            });
          }
          continue;
        }
        const key = visit(keyNode, depth + 1);
        if (key?.kind !== "scalar") continue; // complex keys mean nothing to Compose
        map.pairs.push({ key, value: visit(pair.value, depth + 1), merged: false });
      }
      // Explicit keys win over merged ones; among merge sources the first one wins (YAML merge spec).
      for (const src of mergeSources) {
        for (const p of src.pairs) {
          if (getPair(map, p.key.text ?? "")) continue;
          map.pairs.push({ ...p, merged: true });
        }
      }
      out = map;
    }
    if (anchored) memo.set(n, out);
    return out;
  }

  const root = visit(doc.contents, 0);
  return { root, problems };
}
