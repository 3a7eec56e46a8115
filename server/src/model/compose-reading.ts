/**
 * How each Compose CLI reads a service's `command:` / `entrypoint:` (the mechanics are in
 * parse/compose-words.ts; test/helpers/compose-argv.ts proves them against both CLIs).
 *
 * - A list is passed as is by both: no splitting, no shell.
 * - A string is interpolated (`${X:-d}`, `$$` -> `$`), then split into argv: v2 with
 *   go-shellwords, v1 with Python's shlex. Where a script follows `bash -c`, the script bash
 *   receives can differ: inside double quotes v2 drops the backslash of `\<newline>`, v1
 *   keeps it (so only under v1 is it a line continuation for bash).
 * - v1 also refuses interpolations v2 accepts: `${X:+alt}`, `${X+alt}`, and a `$` followed by
 *   anything but `$`, `{` or a name (`$(date)`, `$1`); and v1 does not nest defaults
 *   (`${X:-${Y}}`). Those give v1 an error or no reading here.
 * - A healthcheck `test:` string is `["CMD-SHELL", string]` for both (compose-go
 *   `HealthCheckTest.DecodeMapstructure`, docker-py `Healthcheck`): the container's shell reads
 *   it, so `Healthcheck.commands` (a POSIX reading) is right for both and no reading is needed.
 */
import { type ComposeCli, type ComposeSplit, splitLikeCompose } from "../parse/compose-words";
import { expandCommand } from "../parse/shell";
import type { SourceString } from "../parse/source-string";
import { perObject } from "./memo";
import type { CommandLine } from "./types";

export type { ComposeCli };
export const COMPOSE_CLIS: readonly ComposeCli[] = ["v2", "v1"];
export const CLI_NAME: Record<ComposeCli, string> = {
  v2: "Compose v2 (`docker compose`)",
  v1: "Compose v1 (`docker-compose`)",
};

export interface ComposeReading {
  cli: ComposeCli;
  /** The container's argv under this CLI; undefined when it refuses the value or we cannot tell. */
  argv?: SourceString[];
  /** The simple commands that run, `bash -c` scripts unwrapped (as CommandLine.commands). */
  commands: SourceString[][];
  /** v2: the text dropped after an unquoted `; & | < >` (the container never sees it). */
  dropped?: SourceString;
  /** The CLI's own complaint when it refuses the value. */
  error?: string;
}

/**
 * What v1 (docker-compose 1.29 `TemplateWithDefaults`) makes of the `$`s in a raw value where it
 * differs from v2: "refuses" (it stops with "Invalid interpolation format"), "differs" (it accepts
 * but reads a nested default literally), or undefined (the same as v2).
 */
export function v1Interpolation(raw: string): "refuses" | "differs" | undefined {
  let differs = false;
  for (let i = raw.indexOf("$"); i >= 0; i = raw.indexOf("$", i)) {
    const next = raw[i + 1];
    if (next === "$") {
      i += 2;
      continue;
    }
    if (next !== undefined && /[A-Za-z_]/.test(next)) {
      i++;
      continue;
    }
    if (next !== "{") return "refuses";
    const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(:?[-?])([^}]*))?\}/.exec(raw.slice(i));
    if (!m) return "refuses";
    if (m[2]?.includes("${")) differs = true;
    i += m[0].length;
  }
  return differs ? "differs" : undefined;
}

function fromSplit(cli: ComposeCli, str: SourceString, split: ComposeSplit): ComposeReading {
  if (split.error) return { cli, commands: [], error: split.error };
  const words = split.words.map((w) => str.derive(w.value, w.map));
  const commands = expandCommand(split.words).map((c) => c.words.map((w) => str.derive(w.value, w.map)));
  const reading: ComposeReading = { cli, argv: words, commands };
  if (split.droppedAt !== undefined) reading.dropped = str.slice(split.droppedAt, str.value.length);
  return reading;
}

/** No real command line is this long; beyond it the value is left unread (as commandsOfString does). */
const MAX_COMMAND_LENGTH = 100_000;

/**
 * The reading of a string command by one CLI. `str` is the interpolated value, `raw` the value
 * as written (YAML unquoted, not interpolated), which only v1's interpolation check needs.
 */
export function readCommandString(cli: ComposeCli, str: SourceString, raw: string): ComposeReading {
  if (str.value.length > MAX_COMMAND_LENGTH) return { cli, commands: [] };
  if (cli === "v1") {
    const v1 = v1Interpolation(raw);
    if (v1 === "refuses") return { cli, commands: [], error: "Invalid interpolation format" };
    if (v1 === "differs") return { cli, commands: [] };
  }
  return fromSplit(cli, str, splitLikeCompose(cli, str.value));
}

/** Both CLIs' readings of a command or entrypoint, computed once per CommandLine. */
export const commandReadings = perObject((line: CommandLine): Record<ComposeCli, ComposeReading> => {
  if (line.form === "list" || !line.str || line.node.kind !== "scalar") {
    const same = (cli: ComposeCli): ComposeReading => ({ cli, argv: line.argv, commands: line.commands });
    return { v2: same("v2"), v1: same("v1") };
  }
  const raw = line.node.text ?? "";
  const v2 = readCommandString("v2", line.str, raw);
  // Without a backslash, an operator, a parenthesis or a backtick the two splitters agree (most
  // commands): v1 is then v2's reading, unless v1's interpolation differs.
  if (v2.argv && !v2.dropped && !/[\\;&|<>()`]/.test(line.str.value) && v1Interpolation(raw) === undefined)
    return { v2, v1: { ...v2, cli: "v1" } };
  return { v2, v1: readCommandString("v1", line.str, raw) };
});

/**
 * The words of a string command as written (YAML unquoted, not interpolated) under one CLI: what a
 * fix rewriting the command keeps, so that `${VAR}` and `$$` stay as the user wrote them.
 */
export function rawWords(line: CommandLine, cli: ComposeCli): string[] | undefined {
  if (line.form !== "string" || line.node.kind !== "scalar" || line.node.text === null) return undefined;
  const split = splitLikeCompose(cli, line.node.text);
  return split.error || split.droppedAt !== undefined ? undefined : split.words.map((w) => w.value);
}

/**
 * A string command seen as the words before its script and the script (its last word, e.g. after
 * `bash -c`), as written, when both CLIs read them alike except for
 * `\<newline>` (v1 keeps the backslash, v2 drops it inside double quotes; kept here, as the user
 * meant it). This is what a fix may write as an exec-form list. Undefined otherwise, or when a
 * word before the script holds a `$` (a variable's value would no longer be split as a list item).
 */
export function scriptOfStringCommand(line: CommandLine): { words: string[]; script: string } | undefined {
  const v1 = rawWords(line, "v1");
  const v2 = rawWords(line, "v2");
  if (!v1 || !v2 || v1.length !== v2.length || v1.length < 2) return undefined;
  const last = v1.length - 1;
  const script = v1[last]!;
  const words = v1.slice(0, last);
  if (words.some((w, k) => w !== v2[k] || w.includes("\n") || w.includes("$"))) return undefined;
  const same = v2[last] === script;
  const onlyContinuationsDiffer = v2[last] === script.replaceAll("\\\n", "\n") && !/\\(?!\n)/.test(script);
  if (!same && !onlyContinuationsDiffer) return undefined;
  return { words, script };
}
