/** Replacing a whole scalar (a key or a value) with another, quoted only when it must be. */
import type { RScalar } from "../parse/resolve";
import { SourceString } from "../parse/source-string";
import type { TextEdit } from "../rules/types";
import { yamlScalar } from "./yaml-text";

/**
 * Rewrites a plain or quoted one-line scalar as `value`; undefined for block scalars and
 * multi-line text, where a replacement would have to re-indent.
 */
export function replaceScalar(text: string, node: RScalar, value: string): TextEdit | undefined {
  const { start, end } = node.span;
  if (end <= start || text.slice(start, end).includes("\n")) return undefined;
  if (node.style === "BLOCK_LITERAL" || node.style === "BLOCK_FOLDED") return undefined;
  return { start, end, newText: yamlScalar(value) };
}

/** The scalar's whole value replaced by `word`, inside its quotes (`"CMD"` -> `"CMD-SHELL"`). */
export function rewordScalar(text: string, scalar: RScalar, word: string): TextEdit | undefined {
  const str = SourceString.ofScalar(text, scalar);
  const span = str.editableSpan(0, str.value.length);
  return span && str.canHold(word) ? { start: span.start, end: span.end, newText: word } : undefined;
}

/** Removes the start of the scalar's value that `prefix` matches, when it is written literally. */
export function removeScalarPrefix(text: string, scalar: RScalar, prefix: RegExp): TextEdit | undefined {
  const str = SourceString.ofScalar(text, scalar);
  const m = prefix.exec(str.value);
  const span = m && m.index === 0 ? str.editableSpan(0, m[0].length) : undefined;
  return span ? { start: span.start, end: span.end, newText: "" } : undefined;
}
