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
import { splitShell } from "../parse/shell";
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

const isOption = (word: string) => /^--?[A-Za-z]/.test(word);

/**
 * The script's lines without their common indentation, with ` \` ending each line that a cut-off
 * run of options continues. Undefined when re-indenting could change what bash reads: a quoted
 * string or a heredoc spanning lines.
 */
export function continuedScript(script: string): string[] | undefined {
  const lines = script.split("\n").map((l) => l.trimEnd());
  while (lines.length && lines[0] === "") lines.shift();
  while (lines.length && lines.at(-1) === "") lines.pop();
  if (!lines.length || lines.some((l) => /^\s*\t/.test(l))) return undefined;
  const indent = Math.min(...lines.filter((l) => l).map((l) => /^ */.exec(l)![0].length));
  const body = lines.map((l) => l.slice(indent));
  const text = body.join("\n");
  if (text.includes("<<")) return undefined;
  const commands = splitShell(text);
  if (commands.some((c) => c.words.some((w) => text.slice(w.span.start, w.span.end).includes("\n"))))
    return undefined;
  // The same cut-off runs, found in the script's own coordinates: add ` \` where a line is cut.
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length - 1;
  const isOptions = (k: number) => isOption(commands[k]!.words[0]!.value);
  const continued = new Set<number>();
  for (let i = 1; i < commands.length; i++) {
    if (!isOptions(i) || isOptions(i - 1)) continue;
    let k = i;
    for (; k < commands.length && isOptions(k); k++) {
      const prevLine = lineOf(commands[k - 1]!.words.at(-1)!.span.end - 1);
      if (prevLine !== lineOf(commands[k]!.words[0]!.span.start)) continued.add(prevLine);
    }
    i = k - 1;
  }
  return body.map((l, n) => (continued.has(n) && !l.endsWith("\\") ? `${l} \\` : l));
}
