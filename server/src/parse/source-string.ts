/**
 * A string as Compose sees it (after YAML unquoting/folding and variable interpolation),
 * that still knows which characters of the file each of its characters came from.
 * Connection URLs and shell words are SourceStrings too, so a fix can replace just the
 * host of a URL inside a `bash -c "..."` folded block and nothing else.
 */
import type { RScalar } from "./resolve";
import type { Span } from "./url";

/** Maps each character of a scalar's value to its offset in the document, or null if unknown. */
export function scalarSourceMap(doc: string, scalar: RScalar): number[] | null {
  const value = scalar.text ?? "";
  const type = scalar.style;
  let p = scalar.span.start;
  let end = scalar.span.end;
  if (type === "QUOTE_DOUBLE" || type === "QUOTE_SINGLE") {
    p += 1;
    end -= 1;
  } else if (type === "BLOCK_FOLDED" || type === "BLOCK_LITERAL") {
    // Skip the header line (`>-`, `|2 # comment`): its characters are not content.
    const nl = doc.indexOf("\n", p);
    p = nl < 0 || nl >= end ? end : nl + 1;
  }
  // Skip a tag or anchor written before the value (`!reset x`, `&a x`).
  if (type === "PLAIN" || type === undefined) {
    while (p < end && (doc[p] === "!" || doc[p] === "&") && doc.slice(p).match(/^[!&]\S*\s+/)) {
      p += doc.slice(p).match(/^[!&]\S*\s+/)![0].length;
    }
  }
  const dq = type === "QUOTE_DOUBLE";
  const map = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    for (;;) {
      if (p >= end) return null;
      const s = doc[p];
      if (dq && s === "\\") {
        const next = doc[p + 1];
        if (next === "\n" || next === "\r") {
          // Escaped line break: produces nothing; skip it and the next line's indentation.
          p += next === "\r" && doc[p + 2] === "\n" ? 3 : 2;
          while (p < end && (doc[p] === " " || doc[p] === "\t")) p++;
          continue;
        }
        map[i] = p;
        p += next === "x" ? 4 : next === "u" ? 6 : next === "U" ? 10 : 2;
        break;
      }
      if (s === c) {
        map[i] = p++;
        break;
      }
      // A line break in the source folded into a space (or kept as a newline).
      if ((c === " " || c === "\n") && (s === "\n" || s === "\r")) {
        map[i] = p++;
        if (s === "\r" && doc[p] === "\n") p++;
        break;
      }
      p++;
    }
  }
  return map;
}

/** Characters that would change the meaning of a scalar of this style if inserted as-is. */
export function isSafeInScalar(type: string | undefined, text: string): boolean {
  if (/[\r\n]/.test(text)) return false;
  switch (type) {
    case "QUOTE_DOUBLE":
      return !/["\\]/.test(text);
    case "QUOTE_SINGLE":
      return !text.includes("'");
    case "BLOCK_FOLDED":
    case "BLOCK_LITERAL":
      return true;
    default:
      // Plain: no comment start, no mapping indicator, nothing that needs quoting.
      return !/(^|\s)#|:(\s|$)|^[\s[\]{}&*!|>'"%@`,]/.test(text);
  }
}

/**
 * The text a scalar belongs to. The incremental parser reuses unchanged scalars (and the
 * strings read from them) from one version of a document to the next, their spans moved:
 * they hold this box, which always has the current text, rather than the text itself.
 */
export class DocText {
  constructor(public text: string) {}
}

interface Base {
  doc: DocText;
  scalar: RScalar;
  /** Offsets relative to the scalar's start (so they survive the scalar moving), computed lazily. */
  map: Int32Array | null | undefined;
}

/** Per-character flags of a derived string. */
const FROM_VARIABLE = 1;
const OPAQUE = 2;

/**
 * A derived string: `value[i]` is `base value[toBase[i]]`. Without toBase, `value[i]` is
 * `base value[shift + i]`: the scalar's own value (shift 0, unbounded), or a contiguous run
 * of it (a shell word, the value after `KEY=`), which is most derived strings and needs no
 * array. Flags mark characters that came from a variable's value (not in the file) and
 * characters of a `${VAR}` kept as written because VAR has no value. Typed arrays keep a
 * multi-megabyte value from turning into millions of boxed numbers.
 */
export class SourceString {
  private constructor(
    readonly value: string,
    private readonly base: Base,
    private readonly toBase: Int32Array | null,
    private readonly flags: Uint8Array | null,
    private readonly shift = 0,
    /** True for a contiguous run: indexes past its end map to nothing, as with an array. */
    private readonly bounded = false,
  ) {}

  static ofScalar(doc: DocText | string, scalar: RScalar): SourceString {
    const box = typeof doc === "string" ? new DocText(doc) : doc;
    return new SourceString(scalar.text ?? "", { doc: box, scalar, map: undefined }, null, null);
  }

  /** Which character of the base value value[i] is; undefined past the end of a mapped string, -1 for none. */
  private baseIndex(i: number): number | undefined {
    if (this.toBase) return this.toBase[i];
    return !this.bounded || (i >= 0 && i < this.value.length) ? this.shift + i : undefined;
  }

  /** The scalar this string was read from. */
  get scalar(): RScalar {
    return this.base.scalar;
  }

  /** A string computed from this one, with `map[i]` = index in this.value of the new value's char i (-1: none). */
  derive(
    value: string,
    map: ArrayLike<number>,
    extra?: { fromVariable?: ArrayLike<boolean>; unresolved?: ReadonlyArray<{ start: number; end: number }> },
  ): SourceString {
    const n = value.length;
    const toBase = new Int32Array(n);
    let flags: Uint8Array | null = null;
    const flag = (i: number, f: number) => {
      if (!flags) flags = new Uint8Array(n);
      flags[i] |= f;
    };
    let contiguous = true;
    for (let i = 0; i < n; i++) {
      const k = map[i] ?? -1;
      toBase[i] = k < 0 ? -1 : (this.baseIndex(k) ?? -1);
      if (toBase[i] < 0 || toBase[i] !== toBase[0] + i) contiguous = false;
      const inherited = k >= 0 && this.flags ? this.flags[k] : 0;
      if (inherited) flag(i, inherited);
      if (k < 0 || extra?.fromVariable?.[i]) flag(i, FROM_VARIABLE);
    }
    for (const u of extra?.unresolved ?? []) for (let i = u.start; i < u.end && i < n; i++) flag(i, OPAQUE);
    // Most derived strings are a run of their base: a number then stands for the whole array.
    if (contiguous && n > 0) return new SourceString(value, this.base, null, flags, toBase[0], true);
    return new SourceString(value, this.base, toBase, flags);
  }

  /** This string's characters [start, end) as a string of their own. */
  slice(start: number, end: number): SourceString {
    const map = new Int32Array(end - start);
    for (let i = 0; i < map.length; i++) map[i] = start + i;
    return this.derive(this.value.slice(start, end), map);
  }

  private isFromVariable(i: number): boolean {
    return !!this.flags && (this.flags[i] & FROM_VARIABLE) !== 0;
  }

  /** True when value[start, end) contains text of a variable that has no value (so its meaning is unknown). */
  hasUnresolved(start = 0, end = this.value.length): boolean {
    if (!this.flags) return false;
    for (let i = start; i < end; i++) if (this.flags[i] & OPAQUE) return true;
    return false;
  }

  /** True when value[start, end) contains characters that came from a variable's value. */
  hasVariable(start = 0, end = this.value.length): boolean {
    if (!this.flags) return false;
    for (let i = start; i < end; i++) if (this.flags[i] & FROM_VARIABLE) return true;
    return false;
  }
  private baseMap(): Int32Array | null {
    if (this.base.map === undefined) {
      const abs = scalarSourceMap(this.base.doc.text, this.base.scalar);
      const start = this.base.scalar.span.start;
      this.base.map = abs ? Int32Array.from(abs, (o) => o - start) : null;
    }
    return this.base.map;
  }

  /** Which character of the scalar's value value[i] is (-1: none); cheap, needs no source map. */
  scalarIndex(i: number): number {
    return this.baseIndex(i) ?? -1;
  }

  /** The document offset of value[i], or undefined when it cannot be known. */
  docOffset(i: number): number | undefined {
    const map = this.baseMap();
    if (!map) return undefined;
    const b = this.baseIndex(i);
    if (b === undefined || b < 0 || b >= map.length) return undefined;
    return this.base.scalar.span.start + map[b];
  }

  /**
   * The document span covering value[start, end), for placing a diagnostic. Falls back to the
   * whole scalar when the characters cannot be located (never a wrong place, at worst a wide one).
   */
  span(start = 0, end = this.value.length): Span {
    if (end <= start) {
      const at = this.insertionOffset(start);
      return at === undefined ? this.scalar.span : { start: at, end: at };
    }
    const a = this.docOffset(start);
    const b = this.docOffset(end - 1);
    if (a === undefined || b === undefined || b < a) return this.scalar.span;
    return { start: a, end: b + 1 };
  }

  /** Where text inserted before value[i] would go in the document, if that place is knowable. */
  insertionOffset(i: number): number | undefined {
    if (i > 0) {
      if (this.isFromVariable(i - 1)) return undefined;
      const prev = this.docOffset(i - 1);
      if (prev === undefined) return undefined;
      // Only when the previous character is written literally (not an escape) is "after it" well defined.
      return this.base.doc.text[prev] === this.value[i - 1] ? prev + 1 : undefined;
    }
    if (this.value.length === 0) return undefined;
    return this.docOffset(0);
  }

  /**
   * The document span of value[start, end) if those characters are written literally and
   * contiguously in the file (no escapes, no folding, no variable), so that replacing that span
   * replaces exactly those characters. Undefined otherwise: the caller must not edit in place.
   */
  editableSpan(start: number, end: number): Span | undefined {
    if (end <= start) {
      const at = this.insertionOffset(start);
      return at === undefined ? undefined : { start: at, end: at };
    }
    let prev = -1;
    for (let i = start; i < end; i++) {
      if (this.isFromVariable(i)) return undefined;
      const o = this.docOffset(i);
      if (o === undefined || this.base.doc.text[o] !== this.value[i]) return undefined;
      if (prev >= 0 && o !== prev + 1) return undefined;
      prev = o;
    }
    const first = this.docOffset(start)!;
    return { start: first, end: prev + 1 };
  }

  /** Whether `text` can be written into this string's scalar without changing its YAML meaning. */
  canHold(text: string): boolean {
    return isSafeInScalar(this.scalar.style, text);
  }
}
