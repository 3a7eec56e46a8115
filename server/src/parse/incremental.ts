/**
 * Incremental parsing for big files: the text is cut at top-level keys and, inside
 * `services:`, at each service; every piece is parsed on its own. A keystroke re-parses only
 * the pieces it touched: the text is compared with the previous version (common prefix and
 * suffix), the cuts before the change are kept, the ones after it move by the change's
 * length, and only the window between is cut and parsed again. Edits that change the file's
 * outline (a top-level key, the `services:` header, the first service) cut the whole text
 * again, reusing every piece whose text is unchanged. Pieces are independent YAML only when
 * no alias crosses them and the file is one document, so files with aliases, merge keys,
 * document markers or tabs take the full parse (they are small in practice: generated
 * 50,000-line files do not use anchors).
 */
import type { Resolved, RMap, RNode, RPair } from "./resolve";
import { resolveDocument } from "./resolve";
import type { Span } from "./url";
import { type ParseProblem, parseYamlText } from "./yaml";

/** Below this size a full parse is fast enough and exactly what Compose's parser sees. */
export const INCREMENTAL_MIN_LENGTH = 100_000;

interface Piece {
  /** Offset of the piece in the text it was last placed in: its nodes' spans are absolute for it. */
  base: number;
  pairs: RPair[];
  problems: ParseProblem[];
  /** Every span of the piece's nodes, so moving the piece is one flat loop. */
  spans: Span[];
}

/** A top-level key other than a `services:` with entries; the `services:` line itself; one service. */
type CutKind = "top" | "header" | "service";

interface Cut {
  start: number;
  end: number;
  kind: CutKind;
  /** Columns of indentation of the cut's first line (a service's indentation, else 0). */
  indent: number;
  piece: Piece;
}

interface Layout {
  text: string;
  /** Where the first top-level key starts (comments and blank lines may come before). */
  firstStart: number;
  cuts: Cut[];
}

export interface ChunkedParse extends Resolved {
  /** Pieces parsed this time (the rest came from the cache). */
  parsedPieces: number;
  totalPieces: number;
}

const ALIAS = /(^|[\s[{,:-])\*[^\s,[\]{}]/m;
const DOC_MARKER = /^(---|\.\.\.)(\s|$)/m;
const SERVICES_HEADER = /^services:[ \t]*(#.*)?\r?\n/;

/**
 * True when the text (or a run of whole lines of it) can be parsed in independent pieces:
 * no alias crosses pieces, one document, no tabs.
 */
function piecewiseSafe(text: string): boolean {
  return !ALIAS.test(text) && !DOC_MARKER.test(text) && !text.includes("\t");
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

/** Collects the spans of a piece's nodes. Pieces have no aliases (see piecewiseSafe), so no node is reached twice. */
function collectSpans(node: RNode | null, out: Span[]): void {
  if (!node) return;
  out.push(node.span);
  if (node.kind === "map") {
    for (const p of node.pairs) {
      collectSpans(p.key, out);
      collectSpans(p.value, out);
    }
  } else if (node.kind === "seq") for (const i of node.items) collectSpans(i, out);
}

/**
 * Moves spans in place: a keystroke near the top moves every node below it, and new objects
 * for each would be garbage the next keystroke.
 */
function shiftSpans(spans: Span[], delta: number): void {
  for (const span of spans) {
    span.start += delta;
    span.end += delta;
  }
}

const shiftSpan = (s: Span, d: number): Span => ({ start: s.start + d, end: s.end + d });

/** Puts a piece's nodes where the piece now starts. */
function place(piece: Piece, start: number): Piece {
  const delta = start - piece.base;
  if (delta === 0) return piece;
  shiftSpans(piece.spans, delta);
  piece.problems = piece.problems.map((p) => ({ ...p, span: shiftSpan(p.span, delta) }));
  piece.base = start;
  return piece;
}

/**
 * A copy of `text.slice(start, end)` that does not keep `text` alive. V8 makes a long slice
 * a view into its parent, and every string the YAML parser cuts from a piece would then hold
 * on to the whole file as it was when the piece was parsed: a megabyte per edited service.
 */
function detachedSlice(text: string, start: number, end: number): string {
  // Concatenating makes a rope; slicing the rope flattens it into a new string of the piece alone.
  return ` ${text.slice(start, end)}`.slice(1);
}

/** Parses the piece alone (an indented service parses as a mapping just the same), placed at `start`. */
function parsePiece(text: string, start: number, end: number): Piece {
  const src = detachedSlice(text, start, end);
  const yaml = parseYamlText(src);
  const problems = yaml.problems.map((p) => ({ ...p, span: shiftSpan(p.span, start) }));
  const doc = yaml.documents[0];
  let pairs: RPair[] = [];
  const spans: Span[] = [];
  if (doc) {
    const r = resolveDocument(doc);
    problems.push(...r.problems.map((p) => ({ ...p, span: shiftSpan(p.span, start) })));
    if (r.root?.kind === "map") {
      pairs = r.root.pairs;
      for (const p of pairs) {
        collectSpans(p.key, spans);
        collectSpans(p.value, spans);
      }
      shiftSpans(spans, start);
    }
  }
  return { base: start, pairs, problems, spans };
}

interface Outline {
  firstStart: number;
  cuts: Array<Omit<Cut, "piece">>;
}

/** Where the text is cut into pieces, or undefined when content precedes the first key. */
function outline(text: string): Outline | undefined {
  const tops = keyLineStarts(text, 0, text.length, 0);
  const firstStart = tops[0] ?? 0;
  if (
    firstStart > 0 &&
    text.slice(0, firstStart).trim() &&
    !/^(\s*#.*\n?)*\s*$/.test(text.slice(0, firstStart))
  ) {
    return undefined;
  }
  const cuts: Outline["cuts"] = [];
  for (let t = 0; t < tops.length; t++) {
    const start = tops[t];
    const end = tops[t + 1] ?? text.length;
    const isServices = SERVICES_HEADER.test(text.slice(start, start + 40));
    // `services:` header, then one piece per service at the first service's indentation.
    const bodyStart = text.indexOf("\n", start) + 1;
    const firstKey = isServices ? /^( +)[^ #\r\n-]/m.exec(text.slice(bodyStart, end)) : null;
    if (!firstKey) {
      cuts.push({ start, end, kind: "top", indent: 0 });
      continue;
    }
    const indent = firstKey[1].length;
    const starts = keyLineStarts(text, bodyStart, end, indent);
    cuts.push({ start, end: starts[0] ?? end, kind: "header", indent: 0 });
    for (let s = 0; s < starts.length; s++)
      cuts.push({ start: starts[s], end: starts[s + 1] ?? end, kind: "service", indent });
  }
  return { firstStart, cuts };
}

/** Length of the common prefix of a and b: a bisection over slice comparisons, which V8 does natively. */
function commonPrefix(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the common suffix of a and b, not reaching into their first `floor` characters. */
function commonSuffix(a: string, b: string, floor: number): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length) - floor;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the cut that holds position `pos`, or -1. */
function cutAt(cuts: Cut[], pos: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid].end <= pos) lo = mid + 1;
    else if (cuts[mid].start > pos) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export class IncrementalParser {
  private last: Layout | undefined;

  /** `minLength`: texts shorter than this are left to the whole-text parser (tests lower it). */
  constructor(private readonly minLength = INCREMENTAL_MIN_LENGTH) {}

  /** The pieces of a big text, or undefined when it cannot be parsed piecewise (see piecewiseSafe). */
  parse(text: string): ChunkedParse | undefined {
    if (text.length < this.minLength) {
      this.last = undefined;
      return undefined;
    }
    const result = (this.last && this.reparse(this.last, text)) ?? this.parseAll(text);
    if (!result) this.last = undefined;
    return result;
  }

  /** Cuts the whole text, reusing the previous version's pieces whose text is unchanged. */
  private parseAll(text: string): ChunkedParse | undefined {
    if (!piecewiseSafe(text)) return undefined;
    const plan = outline(text);
    if (!plan) {
      // Content before the first key (a stray value): let the whole-text parser explain it.
      this.last = undefined;
      return { ...fullParse(text), parsedPieces: 1, totalPieces: 1 };
    }
    // Earlier pieces by their text. The keys are slices of the previous text, which stays
    // alive only as long as this map does.
    const earlier = new Map<string, Piece>();
    if (this.last) {
      const prev = this.last.text;
      for (const c of this.last.cuts) {
        const key = prev.slice(c.start, c.end);
        // Two identical pieces must not share nodes: the second one is parsed again.
        if (!earlier.has(key)) earlier.set(key, c.piece);
      }
    }
    let parsedPieces = 0;
    const cuts: Cut[] = plan.cuts.map((c) => {
      const key = text.slice(c.start, c.end);
      const hit = earlier.get(key);
      if (hit) earlier.delete(key);
      else parsedPieces++;
      return { ...c, piece: hit ? place(hit, c.start) : parsePiece(text, c.start, c.end) };
    });
    this.last = { text, firstStart: plan.firstStart, cuts };
    return assemble(this.last, parsedPieces);
  }

  /**
   * Re-parses only what changed since `last`, or returns undefined when the change reaches
   * the file's outline (then the caller cuts the whole text again).
   */
  private reparse(last: Layout, text: string): ChunkedParse | undefined {
    const old = last.text;
    const prefix = commonPrefix(old, text);
    if (prefix === old.length && prefix === text.length) return assemble(last, 0);
    const suffix = commonSuffix(old, text, prefix);
    const delta = text.length - old.length;
    const { cuts } = last;
    // The cuts holding the first and the last changed character (an insertion belongs to the one before it).
    let i = cutAt(cuts, Math.max(prefix - 1, 0));
    let j = cutAt(cuts, Math.min(old.length - suffix, old.length - 1));
    if (i < 0 || j < 0 || prefix <= last.firstStart) return undefined;
    // A cut stays where it is only if its first line (the newline before it, the indentation
    // and the first character after) lies in the unchanged prefix or suffix.
    while (i >= 0 && cuts[i].start + cuts[i].indent + 1 > prefix) i--;
    while (j + 1 < cuts.length && cuts[j + 1].start - 1 < old.length - suffix) j++;
    if (i < 0) return undefined;
    const from = cuts[i].start;
    const to = cuts[j].end + delta;
    const window = text.slice(from, to);
    if (!piecewiseSafe(window)) return undefined;
    const replaced: Cut[] = [];
    const kinds = new Set(cuts.slice(i, j + 1).map((c) => c.kind));
    if (kinds.size === 1 && kinds.has("service")) {
      // Services of one `services:` section. The first one's first line sets the indentation
      // of them all; it is unchanged, as the window starts on an unchanged line.
      const { indent } = cuts[i];
      if (keyLineStarts(text, from, to, 0).length > 0) return undefined;
      const starts = keyLineStarts(text, from, to, indent);
      if (starts[0] !== from) return undefined;
      for (let s = 0; s < starts.length; s++) {
        const end = starts[s + 1] ?? to;
        replaced.push({
          start: starts[s],
          end,
          kind: "service",
          indent,
          piece: parsePiece(text, starts[s], end),
        });
      }
    } else if (i === j && cuts[i].kind === "top") {
      // One top-level key other than `services:`: it must stay one key.
      const starts = keyLineStarts(text, from, to, 0);
      if (starts.length !== 1 || SERVICES_HEADER.test(window.slice(0, 40))) return undefined;
      replaced.push({ ...cuts[i], end: to, piece: parsePiece(text, from, to) });
    } else {
      return undefined;
    }
    const after = cuts.slice(j + 1);
    for (const c of after) {
      c.start += delta;
      c.end += delta;
      place(c.piece, c.start);
    }
    this.last = { text, firstStart: last.firstStart, cuts: [...cuts.slice(0, i), ...replaced, ...after] };
    return assemble(this.last, replaced.length);
  }
}

/** The document's root mapping from its pieces, with the problems of every piece. */
function assemble(layout: Layout, parsedPieces: number): ChunkedParse {
  const problems: ParseProblem[] = [];
  const rootPairs: RPair[] = [];
  const { cuts } = layout;
  for (let k = 0; k < cuts.length; k++) {
    const cut = cuts[k];
    problems.push(...cut.piece.problems);
    if (cut.kind !== "header") {
      rootPairs.push(...cut.piece.pairs);
      continue;
    }
    const servicesPair = cut.piece.pairs[0];
    const servicePairs: RPair[] = [];
    while (k + 1 < cuts.length && cuts[k + 1].kind === "service") {
      k++;
      problems.push(...cuts[k].piece.problems);
      servicePairs.push(...cuts[k].piece.pairs);
    }
    if (!servicesPair) continue;
    const last = servicePairs.at(-1);
    const bodyStart = layout.text.indexOf("\n", cut.start) + 1;
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
    span: { start: layout.firstStart, end: layout.text.length },
    pairs: rootPairs,
    flow: false,
  };
  return { root, problems, parsedPieces, totalPieces: cuts.length };
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
