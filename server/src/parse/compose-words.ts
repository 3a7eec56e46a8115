/**
 * How Compose itself turns a string `command:` / `entrypoint:` into argv (no shell runs at this
 * level), with every kept character mapped back to the input so diagnostics land in the YAML.
 * The two CLIs differ, and both differ from a POSIX shell:
 *
 * - Compose v2 decodes a string with `shellwords.Parse` (github.com/mattn/go-shellwords v1.0.12,
 *   commit 973b9d5391598d4ee601db46fa32f6e186a356ac), called from compose-go v2.1.3
 *   `types/command.go` (`ShellCommand.DecodeMapstructure`, commit
 *   35c575c758afd2a8363bd47290c3ddec0d23ebaf; Debian's docker-compose 2.26.1 is built with it).
 *   A backslash escapes any character, inside double quotes too: `"a \<newline>b"` keeps the line
 *   break and drops the backslash, `"\n"` is `n`. An unquoted `; & | < >` ends the parse: the rest
 *   of the string is silently dropped. An unquoted `(` not after `$`, or an unclosed quote, is an
 *   error ("invalid command line string").
 * - Compose v1 passes the string to docker-py's `split_command`, i.e. Python's
 *   `shlex.split(s)` (posix mode, no comments). Inside double quotes a backslash escapes only `"`
 *   and `\`; elsewhere in the quotes it is kept, so `"a \<newline>b"` keeps both. Operators are
 *   ordinary characters. An unclosed quote is "No closing quotation", a trailing backslash
 *   "No escaped character".
 * Neither expands `$`, `` ` `` or `~`: interpolation (`${VAR}`, `$$`) happens before the split.
 */
import type { ShellWord } from "./shell";

export type ComposeCli = "v2" | "v1";

export interface ComposeSplit {
  words: ShellWord[];
  /** v2 only: offset of the unquoted `; & | < >` where reading stopped; the input from there is dropped. */
  droppedAt?: number;
  /** The CLI refuses the value (its own message). `words` is then empty. */
  error?: string;
}

class Word {
  value = "";
  map: number[] = [];
  start = -1;
  end = -1;

  push(ch: string, at: number): void {
    if (this.start < 0) this.start = at;
    this.value += ch;
    this.map.push(at);
    this.end = at + 1;
  }

  touch(at: number): void {
    if (this.start < 0) this.start = at;
    this.end = at + 1;
  }

  take(): ShellWord {
    const w: ShellWord = { value: this.value, map: this.map, span: { start: this.start, end: this.end } };
    this.value = "";
    this.map = [];
    this.start = -1;
    this.end = -1;
    return w;
  }
}

const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** A port of go-shellwords v1.0.12 `Parse` with ParseEnv and ParseBacktick off (as compose-go calls it). */
export function splitLikeComposeV2(line: string): ComposeSplit {
  const words: ShellWord[] = [];
  const w = new Word();
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  // got: 0 none, 1 an unquoted character, 2 a closed quote (so "" still makes a word)
  let got = 0;
  let droppedAt: number | undefined;
  const invalid = (): ComposeSplit => ({ words: [], error: "invalid command line string" });
  for (let i = 0; i < line.length; i++) {
    const r = line[i]!;
    if (escaped) {
      w.push(r, i);
      escaped = false;
      got = 1;
      continue;
    }
    if (r === "\\") {
      if (singleQuoted) w.push(r, i);
      else {
        escaped = true;
        w.touch(i);
      }
      continue;
    }
    if (isSpace(r)) {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) w.push(r, i);
      else if (got !== 0) {
        words.push(w.take());
        got = 0;
      }
      continue;
    }
    switch (r) {
      case "`":
        if (!singleQuoted && !doubleQuoted && !dollarQuote) backQuote = !backQuote;
        break;
      case ")":
        if (!singleQuoted && !doubleQuoted && !backQuote) dollarQuote = !dollarQuote;
        break;
      case "(":
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote && w.value.endsWith("$")) {
            dollarQuote = true;
            w.push(r, i);
            continue;
          }
          return invalid();
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuote) {
          if (doubleQuoted) got = 2;
          doubleQuoted = !doubleQuoted;
          w.touch(i);
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuote) {
          if (singleQuoted) got = 2;
          singleQuoted = !singleQuoted;
          w.touch(i);
          continue;
        }
        break;
      case ";":
      case "&":
      case "|":
      case "<":
      case ">":
        if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote)) {
          // "2>": the file descriptor's digits are dropped with the rest.
          if (r === ">" && /^[0-9]/.test(w.value)) {
            got = 0;
            w.take();
          }
          droppedAt = i;
          i = line.length;
          continue;
        }
        break;
    }
    got = 1;
    w.push(r, i);
  }
  if (got !== 0) words.push(w.take());
  if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote) return invalid();
  return droppedAt === undefined ? { words } : { words, droppedAt };
}

/** A port of CPython's `shlex.split(s)` (posix=True, whitespace_split=True, no commenters). */
export function splitLikeComposeV1(s: string): ComposeSplit {
  const words: ShellWord[] = [];
  const w = new Word();
  // state: " " between words, "a" in a word, "'" or '"' in quotes, "\\" after an escape
  let state = " ";
  let escapedState = " ";
  let quoted = false;
  const emit = () => {
    if (w.value !== "" || quoted) words.push(w.take());
    else w.take();
    quoted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (state === " " || state === "a") {
      if (isSpace(c)) {
        if (state === "a") emit();
        state = " ";
      } else if (c === "\\") {
        w.touch(i);
        escapedState = "a";
        state = "\\";
      } else if (c === "'" || c === '"') {
        w.touch(i);
        state = c;
      } else {
        w.push(c, i);
        state = "a";
      }
    } else if (state === "'" || state === '"') {
      quoted = true;
      if (c === state) {
        w.touch(i);
        state = "a";
      } else if (c === "\\" && state === '"') {
        w.touch(i);
        escapedState = state;
        state = "\\";
      } else w.push(c, i);
    } else {
      // In quotes only the quote itself or the backslash can be escaped; otherwise both are kept.
      if (escapedState === '"' && c !== '"' && c !== "\\") w.push("\\", i - 1);
      w.push(c, i);
      state = escapedState;
    }
  }
  if (state === "'" || state === '"') return { words: [], error: "No closing quotation" };
  if (state === "\\") return { words: [], error: "No escaped character" };
  if (state === "a") emit();
  return { words };
}

export function splitLikeCompose(cli: ComposeCli, s: string): ComposeSplit {
  return cli === "v2" ? splitLikeComposeV2(s) : splitLikeComposeV1(s);
}
