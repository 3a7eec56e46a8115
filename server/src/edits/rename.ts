/** Renaming a name written at the start of a scalar (a depends_on entry, a network, a volume source). */
import type { RScalar } from "../parse/resolve";
import { SourceString } from "../parse/source-string";
import type { TextEdit } from "./types";

/**
 * The edit replacing `from` (the first characters of the scalar's value) with `to`, when they
 * are written literally in the file and `to` fits the scalar's quoting; undefined otherwise.
 */
export function renameInScalar(
  text: string,
  scalar: RScalar,
  from: string,
  to: string,
): TextEdit | undefined {
  const str = SourceString.ofScalar(text, scalar);
  if (str.value.slice(0, from.length) !== from) return undefined;
  const span = str.editableSpan(0, from.length);
  if (!span || !str.canHold(to) || /[:\s#]/.test(to)) return undefined;
  return { start: span.start, end: span.end, newText: to };
}
