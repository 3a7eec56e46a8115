/**
 * command-line-break: inside `bash -c "..."` a line break ends the shell command. A folded block
 * (`>`) keeps the line breaks of lines indented more than its first line, so the blog post's own
 * fixed file runs `mlflow server` with no options and then fails on `--backend-store-uri ...:
 * command not found` (same for `airflow users create`).
 *
 * Compose decides what bash receives (model/compose-reading.ts): for a string command v2 drops
 * the backslash of `\<newline>` inside double quotes, v1 keeps it, so ` \` at the line ends
 * continues the command under v1 only. We look at both readings: a finding where either breaks
 * the command (a simple command made only of options right after a line break), saying which
 * CLI when they differ.
 *
 * Fixes: a list command (`- bash`, `- -c`, `- |`) reaches bash as written under both CLIs, so
 * ` \` at the line ends is right there. A string command is rewritten as such a list, with the
 * script in a literal block and ` \` at the line ends: the same bytes for bash under both.
 */
import { commandAsList, continuedScript } from "../edits/command-list";
import { lineEnd } from "../edits/text";
import {
  CLI_NAME,
  COMPOSE_CLIS,
  type ComposeCli,
  type ComposeReading,
  commandReadings,
  scriptOfStringCommand,
} from "../model/compose-reading";
import type { CommandLine, Service } from "../model/types";
import type { SourceString } from "../parse/source-string";
import { capitalised, fitting } from "./phrases";
import { defineRule, type Fix, type TextEdit } from "./types";

const ID = "command-line-break";

const isOption = (word: string) => /^--?[A-Za-z]/.test(word);
const isOptionsOnly = (cmd: SourceString[]) => cmd.length > 0 && isOption(cmd[0]!.value);

/** A run of option-only commands cut off by line breaks from the command before them. */
interface Cut {
  owner: SourceString[];
  options: SourceString[][];
  /** Where each cut-off line break is: the end of the last word before it. */
  breaks: number[];
}

function cutsOf(commands: SourceString[][], text: string): Cut[] {
  const cuts: Cut[] = [];
  for (let i = 1; i < commands.length; i++) {
    if (!isOptionsOnly(commands[i]!) || isOptionsOnly(commands[i - 1]!)) continue;
    let j = i;
    while (j + 1 < commands.length && isOptionsOnly(commands[j + 1]!)) j++;
    const breaks: number[] = [];
    for (let k = i; k <= j; k++) {
      const prevEnd = commands[k - 1]!.at(-1)!.span().end;
      // Commands on one line of the file are separated by `;` or `&&`, not by a line break.
      if (!text.slice(prevEnd, commands[k]![0]!.span().start).includes("\n")) break;
      breaks.push(prevEnd);
    }
    if (breaks.length === j - i + 1)
      cuts.push({ owner: commands[i - 1]!, options: commands.slice(i, j + 1), breaks });
    i = j;
  }
  return cuts;
}

/** ` \` at the end of each line a cut ends, where the line does not already end with a backslash. */
function continuationEdits(text: string, cut: Cut): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const end of cut.breaks) {
    const at = lineEnd(text, end);
    if (!/\\\s*$/.test(text.slice(end, at))) edits.push({ start: at, end: at, newText: " \\" });
  }
  return edits;
}

function listFix(text: string, service: Service, field: "command" | "entrypoint", line: CommandLine): Fix[] {
  const parts = scriptOfStringCommand(line);
  const pair = service.node?.pairs.find((p) => p.key.text === field);
  const script = parts && continuedScript(parts.script);
  const edit = parts && pair && script && commandAsList(text, pair, parts.words, script);
  if (!edit) return [];
  return [
    {
      title: "Write the command as a list, the script in a block with ` \\` at the line ends",
      edits: [edit],
      preferred: true,
    },
  ];
}

function programOf(owner: SourceString[]): string {
  // The program and its subcommands: `mlflow server`, `airflow users create`.
  const head: string[] = [];
  for (const w of owner) {
    if (w.value.startsWith("-") || head.length === 3) break;
    head.push(w.value);
  }
  return head.join(" ");
}

function message(
  text: string,
  cut: Cut,
  clis: ComposeCli[],
  readings: Record<ComposeCli, ComposeReading>,
): { message: string; detail: string } {
  const program = programOf(cut.owner);
  const first = cut.options[0]![0]!.value;
  const flags = cut.options.map((c) => c[0]!.value).join(", ");
  const folded = cut.owner[0]!.scalar.style === "BLOCK_FOLDED";
  const broken = `the shell runs ${flags} as separate commands ("command not found") and \`${program}\` starts without them.`;
  const ends = (under: string) =>
    fitting(
      `\`${program}\` ends at the line break before \`${first}\`${under}, so it starts without its options.`,
      `The command ends at the line break before \`${first}\`${under}, so it starts without its options.`,
      `The command ends at a line break${under}, so it starts without its options.`,
    );
  if (clis.length === COMPOSE_CLIS.length) {
    return {
      message: ends(""),
      detail: capitalised(
        (folded
          ? "in a folded block (`>`) a line indented more than the block's first line keeps its line break, so "
          : "") + broken,
      ),
    };
  }
  const [cli] = clis as [ComposeCli];
  const other = COMPOSE_CLIS.find((c) => c !== cli)!;
  const backslash = cut.breaks.some((end) => /\\\s*$/.test(text.slice(end, lineEnd(text, end))));
  const why =
    cli === "v2" && backslash
      ? `${CLI_NAME.v2} drops the backslash before a line break inside double quotes, so bash gets no line continuation: `
      : `under ${CLI_NAME[cli]} `;
  const error = readings[other].error;
  const otherCli = error
    ? ` ${CLI_NAME[other]} refuses the command ("${error}").`
    : readings[other].argv
      ? ` ${CLI_NAME[other]} reads it as one command.`
      : "";
  return { message: ends(` under ${CLI_NAME[cli]}`), detail: capitalised(`${why}${broken}${otherCli}`) };
}

/** One cut-off place in a service's command or entrypoint, with the CLIs that cut it there. */
interface State {
  service: Service;
  field: "command" | "entrypoint";
  line: CommandLine;
  cut: Cut;
  clis: ComposeCli[];
  readings: Record<ComposeCli, ComposeReading>;
}

export const commandLineBreak = defineRule<State>({
  meta: {
    id: ID,
    title: "A line break in a multi-line command ends the command before its options",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ model }) => {
    const text = model.text;
    const states: State[] = [];
    for (const service of model.services) {
      for (const field of ["entrypoint", "command"] as const) {
        const line = service[field];
        if (!line) continue;
        const readings = commandReadings(line);
        // One finding per cut-off place, with the CLIs that cut it there.
        const byPlace = new Map<string, State>();
        for (const cli of COMPOSE_CLIS) {
          for (const cut of cutsOf(readings[cli].commands, text)) {
            const span = cut.options[0]![0]!.span();
            const key = `${span.start}:${span.end}`;
            const seen = byPlace.get(key);
            if (seen) seen.clis.push(cli);
            else byPlace.set(key, { service, field, line, cut, clis: [cli], readings });
          }
        }
        for (const state of byPlace.values()) states.push(state);
      }
    }
    return states;
  },
  diagnostic: ({ model }, { cut, clis, readings }) => ({
    span: cut.options[0]![0]!.span(),
    ...message(model.text, cut, clis, readings),
  }),
  fixes: ({ model }, { service, field, line, cut }) => {
    const text = model.text;
    if (line.form === "list") {
      const edits = continuationEdits(text, cut);
      return edits.length
        ? [{ title: "Continue the command with ` \\` at the line ends", edits, preferred: true }]
        : [];
    }
    return listFix(text, service, field, line);
  },
});
