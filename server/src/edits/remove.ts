/** Removing a key with its value, its trailing comment and nothing else. */
import type { RPair } from "../parse/resolve";
import { isFirstOnLine, lineStart, nextLineStart, restOfLineIsBlankOrComment } from "./text";
import type { TextEdit } from "./types";

/** The offset where the pair's text (key through value) ends. */
export function pairEnd(pair: RPair): number {
  return Math.max(pair.key.span.end, pair.value?.span.end ?? 0);
}

/**
 * Deletes a block-mapping entry: its whole lines, including a comment on its last line.
 * Comment lines above it are left alone (they may describe the file, not this key).
 * A blank line left at the very top of the file goes too.
 */
export function removePair(text: string, pair: RPair): TextEdit | undefined {
  const keyStart = pair.key.span.start;
  const end = pairEnd(pair);
  if (!isFirstOnLine(text, keyStart) || !restOfLineIsBlankOrComment(text, end)) return undefined;
  const start = lineStart(text, keyStart);
  let stop = nextLineStart(text, end);
  if (start === 0 && /^[ \t]*\r?\n/.test(text.slice(stop))) stop = nextLineStart(text, stop);
  return { start, end: stop, newText: "" };
}
