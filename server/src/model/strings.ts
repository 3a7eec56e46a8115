/** Reading scalars as Compose sees them: interpolated, shell-split, with source maps kept. */
import { interpolate, type Lookup } from "../parse/interpolate";
import type { RNode } from "../parse/resolve";
import { expandCommand, type ShellWord, splitShell } from "../parse/shell";
import { type DocText, SourceString } from "../parse/source-string";

export class StringReader {
  constructor(
    private readonly text: DocText,
    private readonly lookup: Lookup,
  ) {}

  /** The scalar's value after `${VAR}` interpolation; undefined for a null or a non-scalar. */
  read(node: RNode | null | undefined): SourceString | undefined {
    if (node?.kind !== "scalar" || node.text === null) return undefined;
    const raw = SourceString.ofScalar(this.text, node);
    let out = raw;
    // Only strings are interpolated, and only when they contain a `$` (fast path for the rest).
    if (typeof node.value === "string" && raw.value.includes("$")) {
      const r = interpolate(raw.value, this.lookup);
      out = raw.derive(r.value, r.map, { fromVariable: r.fromVariable, unresolved: r.unresolved });
    }
    return out;
  }
}

/** Turns shell words (with maps into a concatenation of pieces) back into SourceStrings. */
function wordsToSource(words: ShellWord[], pieces: { str: SourceString; offset: number }[]): SourceString[] {
  const out: SourceString[] = [];
  for (const w of words) {
    const first = w.map.length > 0 ? w.map[0] : w.span.start;
    let piece = pieces[0];
    for (const p of pieces) if (p.offset <= first) piece = p;
    out.push(
      piece.str.derive(
        w.value,
        w.map.map((m) => m - piece.offset),
      ),
    );
  }
  return out;
}

/** The simple commands a string command (`bash -c "a && b"`) runs, each word mapped to the file. */
/** No real command line is this long; beyond it the value is kept whole rather than shell-split. */
const MAX_COMMAND_LENGTH = 100_000;

export function commandsOfString(str: SourceString): { argv: SourceString[]; commands: SourceString[][] } {
  if (str.value.length > MAX_COMMAND_LENGTH) return { argv: [str], commands: [[str]] };
  const parsed = splitShell(str.value);
  const pieces = [{ str, offset: 0 }];
  // Compose splits a string command into argv (no shell); the argv is then what runs.
  const argvWords = parsed.flatMap((c) => c.words);
  const commands = parsed.flatMap((c) => expandCommand(c.words)).map((c) => wordsToSource(c.words, pieces));
  return { argv: wordsToSource(argvWords, pieces), commands };
}

/** The simple commands an exec-form list command (`["bash", "-c", "..."]`) runs. */
export function commandsOfList(items: SourceString[]): { argv: SourceString[]; commands: SourceString[][] } {
  if (items.some((s) => s.value.length > MAX_COMMAND_LENGTH)) return { argv: items, commands: [items] };
  // Lay the items end to end (one space apart) so one map space covers them all.
  const pieces: { str: SourceString; offset: number }[] = [];
  const words: ShellWord[] = [];
  let offset = 0;
  for (const str of items) {
    pieces.push({ str, offset });
    const map = Array.from({ length: str.value.length }, (_, i) => offset + i);
    words.push({ value: str.value, map, span: { start: offset, end: offset + str.value.length } });
    offset += str.value.length + 1;
  }
  const commands = expandCommand(words).map((c) => wordsToSource(c.words, pieces));
  return { argv: items, commands };
}
