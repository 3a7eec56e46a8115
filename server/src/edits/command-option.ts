/**
 * Adding an option to a program's command line right after one of its words (`mlflow server`
 * → `mlflow server --host 0.0.0.0`), in the form the command is written in: inside a string
 * (a plain command, a `bash -c` script, a folded block) the words go after that word; in a
 * list command whose items are the words, one `--flag=value` item goes at the end of the list.
 * Undefined when the place cannot be edited safely (the word comes from a variable, an escape).
 */

import type { Service } from "../model/types";
import type { SourceString } from "../parse/source-string";
import { appendToSeq } from "./append-item";
import type { TextEdit } from "./types";
import { yamlScalar } from "./yaml-text";

export function addCommandOption(
  text: string,
  service: Service,
  after: SourceString,
  flag: string,
  value: string,
): TextEdit | undefined {
  for (const field of ["entrypoint", "command"] as const) {
    const line = service[field];
    if (line?.form !== "list" || line.node.kind !== "seq") continue;
    const item = line.node.items.find((i) => i === after.scalar);
    if (!item) continue;
    // The word is a list item of its own: the option is an item of its own too.
    if (after.value !== after.scalar.text) break;
    return appendToSeq(text, line.node, yamlScalar(`${flag}=${value}`));
  }
  const insert = ` ${flag} ${value}`;
  const at = after.editableSpan(after.value.length, after.value.length);
  // Inside the scalar, after a word: a leading space is no plain scalar's start.
  if (!at || !after.canHold(insert.trimStart())) return undefined;
  return { start: at.start, end: at.start, newText: insert };
}
