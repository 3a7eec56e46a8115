/**
 * command-line-break: in a block scalar, a line break inside `bash -c "..."` ends the shell
 * command. A folded block (`>`) keeps the line breaks of lines indented more than its first
 * line, so the blog post's own fixed file runs `mlflow server` with no options and then fails
 * on `--backend-store-uri ...: command not found` (same for `airflow users create`).
 * We see it in the model as a simple command made only of options (`--flag ...`) right after
 * a line break. Fix: end the lines with ` \` so the shell continues the command.
 */
import { lineEnd } from "../edits/text";
import type { SourceString } from "../parse/source-string";
import type { Finding, FindingRule, TextEdit } from "./types";

const ID = "command-line-break";

const isOptionsOnly = (cmd: SourceString[]) => cmd.length > 0 && /^--?[A-Za-z]/.test(cmd[0].value);

export const commandLineBreak: FindingRule = {
  meta: {
    id: ID,
    title: "A line break in a multi-line command ends the command before its options",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const text = model.text;
    const findings: Finding[] = [];
    // Same line: no line break between them (counting lines from the top per word is quadratic).
    const sameLine = (a: number, b: number) => !text.slice(Math.min(a, b), Math.max(a, b)).includes("\n");
    for (const service of model.services) {
      for (const field of ["entrypoint", "command"] as const) {
        const commands = service[field]?.commands ?? [];
        for (let i = 1; i < commands.length; i++) {
          if (!isOptionsOnly(commands[i]) || isOptionsOnly(commands[i - 1])) continue;
          // The run of option-only commands cut off from commands[i - 1].
          let j = i;
          while (j + 1 < commands.length && isOptionsOnly(commands[j + 1])) j++;
          const owner = commands[i - 1];
          const edits: TextEdit[] = [];
          let separatedByLineBreak = true;
          for (let k = i; k <= j; k++) {
            const prevLast = commands[k - 1].at(-1)!;
            const prevEnd = prevLast.span().end;
            const start = commands[k][0].span().start;
            if (sameLine(prevEnd, start)) {
              separatedByLineBreak = false;
              break;
            }
            const at = lineEnd(text, prevEnd);
            const before = text.slice(prevEnd, at);
            if (/\\\s*$/.test(before)) continue;
            edits.push({ start: at, end: at, newText: " \\" });
          }
          if (!separatedByLineBreak) {
            i = j;
            continue;
          }
          // The program and its subcommands: `mlflow server`, `airflow users create`.
          const head: string[] = [];
          for (const w of owner) {
            if (w.value.startsWith("-") || head.length === 3) break;
            head.push(w.value);
          }
          const program = head.join(" ");
          const flags = commands
            .slice(i, j + 1)
            .map((c) => c[0].value)
            .join(", ");
          const folded = owner[0].scalar.style === "BLOCK_FOLDED";
          findings.push({
            rule: ID,
            message:
              `\`${program}\` ends at the line break before \`${commands[i][0].value}\`: ` +
              (folded
                ? "in a folded block (`>`) a line indented more than the block's first line keeps its line break, so "
                : "") +
              `the shell runs ${flags} as separate commands ("command not found") and \`${program}\` starts without them. ` +
              "End each line with ` \\` (or indent the lines alike).",
            span: commands[i][0].span(),
            fixes: edits.length
              ? [{ title: "Continue the command with ` \\` at the line ends", edits, preferred: true }]
              : [],
          });
          i = j;
        }
      }
    }
    return findings;
  },
};
