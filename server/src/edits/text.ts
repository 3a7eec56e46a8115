/**
 * Line and indentation facts about the text that every edit needs, computed from offsets.
 * Kept tiny and pure so edits never re-serialise YAML.
 */
import type { TextEdit } from "./types";

/** Offset of the start of the line containing `offset`. */
export function lineStart(text: string, offset: number): number {
  const nl = text.lastIndexOf("\n", offset - 1);
  return nl + 1;
}

/** Offset just past the line break ending the line that contains `offset` (or text.length). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset of the end of the line containing `offset`, before any `\r\n` / `\n`. */
export function lineEnd(text: string, offset: number): number {
  let nl = text.indexOf("\n", offset);
  if (nl < 0) nl = text.length;
  return nl > 0 && text[nl - 1] === "\r" ? nl - 1 : nl;
}

/** Column (0-based, in characters) of `offset` within its line. */
export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The file's line break: CRLF files get CRLF in inserted text too. */
export function eol(text: string): string {
  const nl = text.indexOf("\n");
  return nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
}

/** True when only spaces/tabs stand between the start of the line and `offset`. */
export function isFirstOnLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** True when the rest of the line after `offset` is empty or a comment. */
export function restOfLineIsBlankOrComment(text: string, offset: number): boolean {
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(offset, lineEnd(text, offset)));
}

/** The last text asked about and its unit: every edit of one analysis asks about the same text. */
let lastText: string | undefined;
let lastUnit = 2;

/** The indentation step the file uses (the smallest positive indent of a content line), default 2. */
export function indentUnit(text: string): number {
  if (text !== lastText) {
    lastUnit = readIndentUnit(text);
    lastText = text;
  }
  return lastUnit;
}

function readIndentUnit(text: string): number {
  let unit = 0;
  const re = /^( +)[^ \r\n#]/gm;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text)) && seen < 200) {
    seen++;
    const n = m[1].length;
    if (unit === 0 || n < unit) unit = n;
  }
  return unit > 0 && unit <= 8 ? unit : 2;
}

/**
 * Applies edits (non-overlapping) to text in one pass: a thousand edits to a megabyte file
 * must not copy the megabyte a thousand times. Insertions at one place land in reverse
 * order of the list (as if each were applied to the text the others left, last first).
 */
export function applyEdits(
  text: string,
  edits: ReadonlyArray<{ start: number; end: number; newText: string }>,
): string {
  const sorted = edits
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || b.index - a.index);
  const parts: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    parts.push(text.slice(at, e.start), e.newText);
    at = Math.max(at, e.end);
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** The edit writing `newText` over the characters of `span` (found by the model as written literally). */
export function replaceSpan(span: { start: number; end: number }, newText: string): TextEdit {
  return { start: span.start, end: span.end, newText };
}

/** The edits without repeats (two steps of one fix may produce the same edit). */
export function uniqueEdits<T extends { start: number; end: number; newText: string }>(edits: T[]): T[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}:${e.end}:${e.newText}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
