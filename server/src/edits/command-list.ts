/**
 * Rewrites a string `command:` / `entrypoint:` as an exec-form list whose last item is a literal
 * block. Compose passes list items to the container as they are (neither v1 nor v2 splits or
 * unescapes them), so a script written this way reaches bash byte for byte under both.
 *
 *   command: >                      command:
 *     bash -c "                       - bash
 *       mlflow server           ->    - -c
 *         --host 0.0.0.0              - |
 *     "                                 mlflow server \
 *                                         --host 0.0.0.0
 */
import type { RPair } from "../parse/resolve";
import type { TextEdit } from "../rules/types";
import { column, eol, indentUnit, isFirstOnLine, lineEnd } from "./text";
import { yamlScalar } from "./yaml-text";

/**
 * The edit that turns `pair`'s scalar value into `- word` items followed by `- |` and `script`
 * (its lines, already without common indentation). Undefined when the value cannot be replaced
 * whole without losing something: a comment or an anchor beside it, a flow mapping, an alias.
 */
export function commandAsList(
  text: string,
  pair: RPair,
  words: string[],
  script: string[],
): TextEdit | undefined {
  const node = pair.value;
  if (node?.kind !== "scalar" || pair.merged || !isFirstOnLine(text, pair.key.span.start)) return undefined;
  const colon = text.indexOf(":", pair.key.span.end);
  // Only spaces between the colon and the value: no tag, no anchor, not an alias to text elsewhere.
  if (colon < 0 || !/^[ \t]+$/.test(text.slice(colon + 1, node.span.start))) return undefined;
  const block = node.style === "BLOCK_FOLDED" || node.style === "BLOCK_LITERAL";
  if (block) {
    const header = text.slice(node.span.start, text.indexOf("\n", node.span.start));
    if (header.includes("#")) return undefined;
  } else if (!/^[ \t]*$/.test(text.slice(node.span.end, lineEnd(text, node.span.end)))) {
    return undefined; // a comment after the value would end up inside the block
  }
  if (script.length === 0 || /^\s/.test(script[0]!)) return undefined;
  const nl = eol(text);
  const itemIndent = " ".repeat(column(text, pair.key.span.start) + indentUnit(text));
  const lines = [
    ...words.map((w) => `${itemIndent}- ${yamlScalar(w)}`),
    `${itemIndent}- |`,
    ...script.map((l) => (l === "" ? "" : `${itemIndent}  ${l}`)),
  ];
  return {
    start: colon + 1,
    end: node.span.end,
    newText: nl + lines.join(nl) + (text[node.span.end - 1] === "\n" ? nl : ""),
  };
}
