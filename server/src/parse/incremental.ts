/**
 * Incremental parsing for big files: the text is cut at top-level keys and, inside
 * `services:`, at each service; every piece is parsed on its own and cached by its text.
 * A keystroke re-parses only the piece it touched; the others are reused with their spans
 * moved. Pieces are independent YAML only when no alias crosses them and the file is one
 * document, so files with aliases, merge keys or document markers take the full parse
 * (they are small in practice: generated 50,000-line files do not use anchors).
 */
import type { Resolved, RMap, RNode, RPair } from "./resolve";
import { resolveDocument } from "./resolve";
import type { Span } from "./url";
import { type ParseProblem, parseYamlText } from "./yaml";

/** Below this size a full parse is fast enough and exactly what Compose's parser sees. */
export const INCREMENTAL_MIN_LENGTH = 100_000;

interface Piece {
  text: string;
  /** Offset of the piece in the text it was last placed in: its nodes' spans are absolute for it. */
  base: number;
  pairs: RPair[];
  problems: ParseProblem[];
}

export interface ChunkedParse extends Resolved {
  /** Pieces parsed this time (the rest came from the cache). */
  parsedPieces: number;
  totalPieces: number;
}

const ALIAS = /(^|[\s[{,:-])\*[^\s,[\]{}]/m;
const DOC_MARKER = /^(---|\.\.\.)(\s|$)/m;

export function canParseIncrementally(text: string): boolean {
  return (
    text.length >= INCREMENTAL_MIN_LENGTH &&
    !ALIAS.test(text) &&
    !DOC_MARKER.test(text) &&
    !text.includes("\t")
  );
}

/** Starts of lines that begin a mapping key at exactly `indent` columns (not comments, not list items). */
function keyLineStarts(text: string, from: number, to: number, indent: number): number[] {
  const out: number[] = [];
  let i = from;
  while (i < to) {
    let j = i;
    while (j < to && text.charCodeAt(j) === 32) j++;
    const c = text[j];
    if (
      j - i === indent &&
      j < to &&
      c !== "#" &&
      c !== "-" &&
      c !== "\n" &&
      c !== "\r" &&
      c !== "]" &&
      c !== "}"
    )
      out.push(i);
    const nl = text.indexOf("\n", i);
    if (nl < 0 || nl >= to) break;
    i = nl + 1;
  }
  return out;
}

/** Moves a piece's nodes. Pieces have no aliases (see canParseIncrementally), so no node is reached twice. */
function shiftNode(node: RNode | null, delta: number): void {
  if (!node) return;
  // In place: a keystroke near the top moves every node below it, and new objects for each
  // would be garbage the next keystroke.
  node.span.start += delta;
  node.span.end += delta;
  if (node.kind === "map") {
    for (const p of node.pairs) {
      shiftNode(p.key, delta);
      shiftNode(p.value, delta);
    }
  } else if (node.kind === "seq") for (const i of node.items) shiftNode(i, delta);
}

const shiftSpan = (s: Span, d: number): Span => ({ start: s.start + d, end: s.end + d });

export class IncrementalParser {
  private cache = new Map<string, Piece>();

  private piece(
    text: string,
    start: number,
    end: number,
    used: Map<string, Piece>,
  ): { piece: Piece; parsed: boolean } {
    const src = text.slice(start, end);
    const hit = this.cache.get(src) ?? used.get(src);
    if (hit && !used.has(src)) {
      if (hit.base !== start) {
        for (const p of hit.pairs) {
          shiftNode(p.key, start - hit.base);
          shiftNode(p.value, start - hit.base);
        }
        hit.problems = hit.problems.map((p) => ({ ...p, span: shiftSpan(p.span, start - hit.base) }));
        hit.base = start;
      }
      used.set(src, hit);
      return { piece: hit, parsed: false };
    }
    // Parse the piece alone (an indented service parses as a mapping just the same), then move
    // its spans to where it stands in the whole text.
    const yaml = parseYamlText(src);
    const problems = yaml.problems.map((p) => ({ ...p, span: shiftSpan(p.span, start) }));
    const doc = yaml.documents[0];
    let pairs: RPair[] = [];
    if (doc) {
      const r = resolveDocument(doc);
      problems.push(...r.problems.map((p) => ({ ...p, span: shiftSpan(p.span, start) })));
      if (r.root?.kind === "map") {
        pairs = r.root.pairs;
        for (const p of pairs) {
          shiftNode(p.key, start);
          shiftNode(p.value, start);
        }
      }
    }
    const piece: Piece = { text: src, base: start, pairs, problems };
    // A piece text seen twice in one file (two identical services) must not share nodes.
    if (!used.has(src)) used.set(src, piece);
    return { piece, parsed: true };
  }

  parse(text: string): ChunkedParse {
    const used = new Map<string, Piece>();
    const problems: ParseProblem[] = [];
    let parsedPieces = 0;
    let totalPieces = 0;
    const take = (start: number, end: number) => {
      const { piece, parsed } = this.piece(text, start, end, used);
      totalPieces++;
      if (parsed) parsedPieces++;
      problems.push(...piece.problems);
      return piece;
    };
    const tops = keyLineStarts(text, 0, text.length, 0);
    const rootPairs: RPair[] = [];
    const firstStart = tops[0] ?? 0;
    if (
      firstStart > 0 &&
      text.slice(0, firstStart).trim() &&
      !/^(\s*#.*\n?)*\s*$/.test(text.slice(0, firstStart))
    ) {
      // Content before the first key (a stray value): let the whole-text parser explain it.
      return { ...fullParse(text), parsedPieces: 1, totalPieces: 1 };
    }
    for (let t = 0; t < tops.length; t++) {
      const start = tops[t];
      const end = tops[t + 1] ?? text.length;
      const isServices = /^services:[ \t]*(#.*)?\r?\n/.test(text.slice(start, start + 40));
      if (!isServices) {
        rootPairs.push(...take(start, end).pairs);
        continue;
      }
      // `services:` header, then one piece per service at the first service's indentation.
      const bodyStart = text.indexOf("\n", start) + 1;
      const firstKey = /^( +)[^ #\r\n-]/m.exec(text.slice(bodyStart, end));
      if (!firstKey) {
        rootPairs.push(...take(start, end).pairs);
        continue;
      }
      const indent = firstKey[1].length;
      const starts = keyLineStarts(text, bodyStart, end, indent);
      const header = take(start, starts[0] ?? end);
      const servicesPair = header.pairs[0];
      const servicePairs: RPair[] = [];
      for (let s = 0; s < starts.length; s++)
        servicePairs.push(...take(starts[s], starts[s + 1] ?? end).pairs);
      if (!servicesPair) continue;
      const last = servicePairs.at(-1);
      const map: RMap = {
        kind: "map",
        span: {
          start: servicePairs[0]?.key.span.start ?? bodyStart,
          end: last ? Math.max(last.key.span.end, last.value?.span.end ?? 0) : bodyStart,
        },
        pairs: servicePairs,
        flow: false,
      };
      reportDuplicates(servicePairs, problems);
      rootPairs.push({ ...servicesPair, value: map });
    }
    reportDuplicates(rootPairs, problems);
    const root: RMap = {
      kind: "map",
      span: { start: firstStart, end: text.length },
      pairs: rootPairs,
      flow: false,
    };
    this.cache = used;
    return { root, problems, parsedPieces, totalPieces };
  }
}

function reportDuplicates(pairs: RPair[], problems: ParseProblem[]): void {
  const seen = new Set<string>();
  for (const p of pairs) {
    const k = p.key.text ?? "";
    if (seen.has(k))
      problems.push({
        code: "yaml-syntax",
        message: "Map keys must be unique",
        span: p.key.span,
        severity: "error",
      });
    seen.add(k);
  }
}

function fullParse(text: string): Resolved {
  const yaml = parseYamlText(text);
  const doc = yaml.documents.find((d) => d.contents !== null) ?? yaml.documents[0];
  if (!doc) return { root: null, problems: yaml.problems };
  const r = resolveDocument(doc);
  return { root: r.root, problems: [...yaml.problems, ...r.problems] };
}
