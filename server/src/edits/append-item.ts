/**
 * Appending one item to an existing sequence, in the style it is written in:
 *
 *     networks:                 networks:
 *       - backend       ->        - backend
 *                                 - mlops
 *
 *     networks: [backend]  ->   networks: [backend, mlops]
 *
 * The new item goes on its own line after the last item, at the column of the other dashes
 * and with the same gap after the dash; nothing else changes. Returns undefined when the
 * layout is not one that can be edited safely (empty block sequence, a flow sequence that
 * spans lines or holds comments, a dash that does not start its line).
 */
import type { RSeq } from "../parse/resolve";
import { afterLine } from "./insert";
import { column, eol, isFirstOnLine } from "./text";
import type { TextEdit } from "./types";

/** `item` is the item's YAML text as it must appear (already quoted if it needs to be). */
export function appendToSeq(text: string, seq: RSeq, item: string): TextEdit | undefined {
  if (/[\r\n]/.test(item)) return undefined;
  if (seq.flow) {
    const source = text.slice(seq.span.start, seq.span.end);
    if (!source.startsWith("[") || !source.endsWith("]") || /[#\r\n]/.test(source)) return undefined;
    const last = seq.items[seq.items.length - 1];
    if (!last) return { start: seq.span.start + 1, end: seq.span.start + 1, newText: item };
    return { start: last.span.end, end: last.span.end, newText: `, ${item}` };
  }
  const first = seq.items[0];
  const last = seq.items[seq.items.length - 1];
  if (!first || !last) return undefined;
  const dash = text.lastIndexOf("-", first.span.start - 1);
  if (dash < 0 || !isFirstOnLine(text, dash)) return undefined;
  const gap = text.slice(dash + 1, first.span.start);
  if (!/^[ \t]+$/.test(gap)) return undefined;
  // The last item must be a line of its own in the same list (not a flow or nested oddity).
  const lastDash = text.lastIndexOf("-", last.span.start - 1);
  if (lastDash < 0 || !isFirstOnLine(text, lastDash) || column(text, lastDash) !== column(text, dash))
    return undefined;
  const at = afterLine(text, last.span.end);
  const nl = eol(text);
  const needsBreak = at === text.length && text.length > 0 && !text.endsWith("\n");
  const line = `${" ".repeat(column(text, dash))}-${gap}${item}`;
  return { start: at, end: at, newText: `${needsBreak ? nl : ""}${line}${nl}` };
}

/**
 * Items inserted right after one item of a sequence (`["CMD", "pg_isready", "-U", "app"]` →
 * `[…, "app", "-d", "mlflow"]`), in the style the sequence is written in, as appendToSeq
 * writes them. `items` are YAML texts, already quoted where they need it. Undefined when the
 * layout cannot be edited safely.
 */
export function insertIntoSeqAfter(
  text: string,
  seq: RSeq,
  after: RSeq["items"][number],
  items: string[],
): TextEdit | undefined {
  if (items.some((i) => /[\r\n]/.test(i)) || !seq.items.includes(after)) return undefined;
  if (after === seq.items[seq.items.length - 1]) {
    const edits = items.map((i) => appendToSeq(text, seq, i));
    if (edits.some((e) => !e)) return undefined;
    return { ...edits[0]!, newText: edits.map((e) => e!.newText).join("") };
  }
  if (seq.flow) {
    const source = text.slice(seq.span.start, seq.span.end);
    if (!source.startsWith("[") || !source.endsWith("]") || /[#\r\n]/.test(source)) return undefined;
    return { start: after.span.end, end: after.span.end, newText: items.map((i) => `, ${i}`).join("") };
  }
  const dash = text.lastIndexOf("-", after.span.start - 1);
  if (dash < 0 || !isFirstOnLine(text, dash)) return undefined;
  const gap = text.slice(dash + 1, after.span.start);
  if (!/^[ \t]+$/.test(gap) || text.slice(after.span.start, after.span.end).includes("\n")) return undefined;
  const at = afterLine(text, after.span.end);
  const nl = eol(text);
  const lines = items.map((i) => `${" ".repeat(column(text, dash))}-${gap}${i}${nl}`);
  return { start: at, end: at, newText: lines.join("") };
}
