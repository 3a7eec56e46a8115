/** Replacing a whole scalar (a key or a value) with another, quoted only when it must be. */
import type { RScalar } from "../parse/resolve";
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
