// A small POSIX shell word splitter for `command:` / `entrypoint:` values. It never expands anything: it
// only removes quotes and backslashes and records, for every character it keeps, where that character
// sits in the source, so that a URL found inside `bash -c "..."` can be fixed in the YAML itself.

import type { Span } from "./url";

export interface ShellWord {
  /** The word after quote removal and backslash processing ($VAR, $(...) and `...` kept as written). */
  value: string;
  /** map[i] = offset in the input of value[i]; map.length === value.length. */
  map: number[];
  /** The word's extent in the input, quotes included. */
  span: Span;
}

/** One simple command. */
export interface ShellCommand {
  words: ShellWord[];
}

type Token =
  | { kind: "word"; word: ShellWord; plain: boolean }
  | { kind: "sep" }
  | { kind: "redir"; op: string; end: number };

// Reserved words are dropped when they start a command, so `if x; then mlflow server; fi` yields the
// commands `x` and `mlflow server`.
const RESERVED = new Set(["{", "}", "!", "if", "then", "else", "elif", "fi", "do", "done", "while", "until"]);

class WordBuilder {
  value = "";
  map: number[] = [];
  start = -1;
  end = -1;
  /** True while no quote, escape or expansion has touched the word, i.e. value is the literal source. */
  plain = true;

  get active(): boolean {
    return this.start >= 0;
  }

  begin(at: number): void {
    if (this.start < 0) this.start = at;
  }

  push(ch: string, at: number): void {
    this.value += ch;
    this.map.push(at);
  }

  pushRaw(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) this.push(s[k]!, k);
  }

  take(): ShellWord {
    const word: ShellWord = { value: this.value, map: this.map, span: { start: this.start, end: this.end } };
    this.value = "";
    this.map = [];
    this.start = -1;
    this.end = -1;
    this.plain = true;
    return word;
  }
}

/** Offset just after the ` that closes the backtick run starting at i (or the end of s). */
function skipBacktick(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === "\\") j += 2;
    else if (s[j] === "`") return j + 1;
    else j++;
  }
  return s.length;
}

/** Offset just after the '"' closing the double-quoted string starting at i, skipping nested expansions. */
function skipDoubleQuoted(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") j += 2;
    else if (c === '"') return j + 1;
    else if (c === "`") j = skipBacktick(s, j);
    else if (c === "$" && s[j + 1] === "(") j = skipParenExpansion(s, j);
    else if (c === "$" && s[j + 1] === "{") j = skipBraceExpansion(s, j);
    else j++;
  }
  return s.length;
}

/** Offset just after the ')' closing the `$(`/`$((` at i; quotes and nested expansions inside are skipped. */
function skipParenExpansion(s: string, i: number): number {
  let depth = 1;
  let j = i + 2;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") j += 2;
    else if (c === "'") {
      const close = s.indexOf("'", j + 1);
      j = close < 0 ? s.length : close + 1;
    } else if (c === '"') j = skipDoubleQuoted(s, j);
    else if (c === "`") j = skipBacktick(s, j);
    else if (c === "$" && s[j + 1] === "{") j = skipBraceExpansion(s, j);
    else if (c === "$" && s[j + 1] === "(") j = skipParenExpansion(s, j);
    else if (c === "(") {
      depth++;
      j++;
    } else if (c === ")") {
      depth--;
      j++;
      if (depth === 0) return j;
    } else j++;
  }
  return s.length;
}

/** Offset just after the '}' closing the `${` at i. Single quotes are literal there inside "...". */
function skipBraceExpansion(s: string, i: number): number {
  let j = i + 2;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") j += 2;
    else if (c === "}") return j + 1;
    else if (c === '"') j = skipDoubleQuoted(s, j);
    else if (c === "`") j = skipBacktick(s, j);
    else if (c === "$" && s[j + 1] === "{") j = skipBraceExpansion(s, j);
    else if (c === "$" && s[j + 1] === "(") j = skipParenExpansion(s, j);
    else j++;
  }
  return s.length;
}

const ANSI_C: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Reads bash's $'...' at i into w; decoded characters map to their backslash. Returns the next offset. */
function readAnsiC(s: string, i: number, w: WordBuilder): number {
  let j = i + 2;
  while (j < s.length && s[j] !== "'") {
    if (s[j] === "\\" && j + 1 < s.length) {
      const e = s[j + 1]!;
      const hex = e === "x" ? /^[0-9A-Fa-f]{1,2}/.exec(s.slice(j + 2, j + 4)) : null;
      const oct = /^[0-7]{1,3}/.exec(s.slice(j + 1, j + 4));
      if (hex) {
        w.push(String.fromCharCode(Number.parseInt(hex[0], 16)), j);
        j += 2 + hex[0].length;
      } else if (oct) {
        w.push(String.fromCharCode(Number.parseInt(oct[0], 8)), j);
        j += 1 + oct[0].length;
      } else if (Object.hasOwn(ANSI_C, e)) {
        w.push(ANSI_C[e]!, j);
        j += 2;
      } else {
        w.push("\\", j);
        j++;
      }
    } else {
      w.push(s[j]!, j);
      j++;
    }
  }
  return Math.min(j + 1, s.length);
}

/** Handles a '$' at i (inside or outside double quotes); returns the next offset. */
function readDollar(s: string, i: number, w: WordBuilder, inDouble: boolean): number {
  const next = s[i + 1];
  let end = i + 1;
  if (next === "(") end = skipParenExpansion(s, i);
  else if (next === "{") end = skipBraceExpansion(s, i);
  else if (next === "$")
    end = i + 2; // "$$" is a unit, so "$${X}" is not read as "$" + "${X}"
  else if (!inDouble && next === "'") {
    w.plain = false;
    return readAnsiC(s, i, w);
  } else if (!inDouble && next === '"') {
    // $"..." (locale translation) reads like "...".
    w.plain = false;
    return readDoubleQuoted(s, i + 1, w);
  }
  if (end > i + 1) w.plain = false;
  w.pushRaw(s, i, end);
  return end;
}

/** Reads the "..." string whose opening quote is at i into w; returns the offset after the closing quote. */
function readDoubleQuoted(s: string, i: number, w: WordBuilder): number {
  w.plain = false;
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === '"') return j + 1;
    if (c === "\\") {
      const nx = s[j + 1];
      if (nx === "\n") j += 2;
      else if (nx === "\r" && s[j + 2] === "\n") j += 3;
      else if (nx === '"' || nx === "\\" || nx === "$" || nx === "`") {
        w.push(nx, j + 1);
        j += 2;
      } else {
        w.push("\\", j);
        j++;
      }
    } else if (c === "$") j = readDollar(s, j, w, true);
    else if (c === "`") {
      const end = skipBacktick(s, j);
      w.pushRaw(s, j, end);
      j = end;
    } else {
      w.push(c, j);
      j++;
    }
  }
  return s.length;
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  const w = new WordBuilder();
  const heredocs: { delim: string; stripTabs: boolean }[] = [];
  let heredocPending: boolean | null = null; // the next word is a heredoc delimiter (value: strip tabs)

  const finish = (): void => {
    if (!w.active) return;
    const plain = w.plain;
    const word = w.take();
    if (heredocPending !== null) {
      heredocs.push({ delim: word.value, stripTabs: heredocPending });
      heredocPending = null;
    }
    tokens.push({ kind: "word", word, plain });
  };

  /** Skips heredoc bodies after a newline at i; returns the offset of the first line after them. */
  const skipHeredocs = (i: number): number => {
    let j = i;
    for (const h of heredocs) {
      while (j < s.length) {
        let lineEnd = s.indexOf("\n", j);
        if (lineEnd < 0) lineEnd = s.length;
        let line = s.slice(j, lineEnd).replace(/\r$/, "");
        if (h.stripTabs) line = line.replace(/^\t+/, "");
        j = Math.min(lineEnd + 1, s.length);
        if (line === h.delim) break;
      }
    }
    heredocs.length = 0;
    return j;
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "\\" && s[i + 1] === "\n") {
      i += 2; // line continuation: removed, the word (if any) goes on
    } else if (c === "\\" && s[i + 1] === "\r" && s[i + 2] === "\n") {
      i += 3;
    } else if (c === "\n") {
      finish();
      tokens.push({ kind: "sep" });
      i = heredocs.length > 0 ? skipHeredocs(i + 1) : i + 1;
    } else if (c === " " || c === "\t" || (c === "\r" && s[i + 1] === "\n")) {
      finish();
      i++;
    } else if (c === "#" && !w.active) {
      while (i < s.length && s[i] !== "\n") i++;
    } else if (c === ";" || c === "|" || c === "(" || c === ")" || (c === "&" && s[i + 1] !== ">")) {
      finish();
      const two = s.slice(i, i + 2);
      i += two === "&&" || two === "||" || two === ";;" || two === "|&" ? 2 : 1;
      tokens.push({ kind: "sep" });
    } else if (c === "<" || c === ">" || c === "&") {
      // An all-digit word glued to the operator is a file descriptor ("2>&1"), not an argument.
      if (w.active && w.plain && /^\d+$/.test(w.value)) w.take();
      else finish();
      const op = /^(?:<<<|<<-|<<|<>|<&|<|>>|>\||>&|>|&>>|&>)/.exec(s.slice(i, i + 3))![0];
      if (op === "<<" || op === "<<-") heredocPending = op === "<<-";
      i += op.length;
      tokens.push({ kind: "redir", op, end: i });
    } else {
      w.begin(i);
      if (c === "'") {
        w.plain = false;
        const close = s.indexOf("'", i + 1);
        const end = close < 0 ? s.length : close;
        w.pushRaw(s, i + 1, end);
        i = close < 0 ? s.length : close + 1;
      } else if (c === '"') {
        i = readDoubleQuoted(s, i, w);
      } else if (c === "\\") {
        w.plain = false;
        if (i + 1 < s.length) {
          w.push(s[i + 1]!, i + 1);
          i += 2;
        } else {
          w.push("\\", i);
          i++;
        }
      } else if (c === "$") {
        i = readDollar(s, i, w, false);
      } else if (c === "`") {
        w.plain = false;
        const end = skipBacktick(s, i);
        w.pushRaw(s, i, end);
        i = end;
      } else {
        w.push(c, i);
        i++;
      }
      w.end = Math.min(i, s.length);
    }
  }
  finish();
  return tokens;
}

/**
 * Splits a POSIX shell script into simple commands separated by ; && || | & newlines and parentheses.
 * Handles '...', "..." (with \" \\ \$ \` escapes), $'...', backslash-newline continuations (removed),
 * # comments at word start, and keeps $VAR, ${VAR}, $(...) and `...` text inside the word unchanged.
 * Redirections (`> file`, `2>&1`, heredoc bodies) are dropped, and reserved words that start a command
 * (`{ } ! if then else elif fi do done while until`) act as separators. Never throws: an unterminated quote
 * runs to the end.
 */
export function splitShell(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let dropNext = false;
  const flush = (): void => {
    if (words.length > 0) commands.push({ words });
    words = [];
  };
  for (const t of tokenize(script)) {
    if (t.kind === "sep") {
      flush();
      dropNext = false;
    } else if (t.kind === "redir") {
      dropNext = true;
    } else if (dropNext) {
      dropNext = false;
    } else if (words.length === 0 && t.plain && RESERVED.has(t.word.value)) {
      // a reserved word at command start: nothing to keep
    } else {
      words.push(t.word);
    }
  }
  flush();
  return commands;
}

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const MAX_DEPTH = 16;

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Re-expresses a word split out of `script.value` in the coordinates of the script's own source. */
function compose(w: ShellWord, script: ShellWord): ShellWord {
  const at = (k: number): number => script.map[Math.min(k, script.map.length - 1)] ?? script.span.start;
  return {
    value: w.value,
    map: w.map.map((k) => at(k)),
    span: { start: at(w.span.start), end: at(w.span.end - 1) + 1 },
  };
}

/**
 * Skips leading options of a wrapper: words starting with '-' (those listed in withArg take one more
 * word), ending after "--". Returns the index of the first operand.
 */
function skipOptions(argv: ShellWord[], i: number, withArg: Set<string>): number {
  let j = i;
  while (j < argv.length) {
    const v = argv[j]!.value;
    if (v === "--") return j + 1;
    if (!v.startsWith("-") || v === "-") return j;
    j += withArg.has(v) ? 2 : 1;
  }
  return j;
}

function expand(argv: ShellWord[], depth: number): ShellCommand[] {
  let i = 0;
  while (i < argv.length && ASSIGNMENT.test(argv[i]!.value)) i++;
  // An assignment-only statement is kept: its values (often URLs) are still worth linting.
  if (i >= argv.length) return argv.length > 0 ? [{ words: argv }] : [];
  const words = argv.slice(i);
  if (depth >= MAX_DEPTH) return [{ words }];
  const name = basename(words[0]!.value);

  if (SHELLS.has(name)) {
    let j = 1;
    let hasC = false;
    while (j < words.length) {
      const v = words[j]!.value;
      if (v === "--" || v === "-") {
        j++;
        break;
      }
      if (/^[-+][A-Za-z]+$/.test(v)) {
        if (v[0] === "-" && v.includes("c")) hasC = true;
        // each o/O in a cluster takes an option name: "-euo pipefail", "-O extglob"
        j += 1 + (v.match(/[oO]/g)?.length ?? 0);
      } else if (v === "--rcfile" || v === "--init-file") j += 2;
      else if (/^--[a-z-]+$/.test(v)) j++;
      else break;
    }
    if (!hasC) return [{ words }];
    const script = words[j];
    if (!script) return [];
    return splitShell(script.value).flatMap((cmd) =>
      expand(
        cmd.words.map((w) => compose(w, script)),
        depth + 1,
      ),
    );
  }

  let rest = -1;
  switch (name) {
    case "exec":
      rest = skipOptions(words, 1, new Set(["-a"]));
      break;
    case "env": {
      rest = skipOptions(words, 1, new Set(["-u", "-C", "-S", "--unset", "--chdir", "--split-string"]));
      while (rest < words.length && ASSIGNMENT.test(words[rest]!.value)) rest++;
      break;
    }
    case "nohup":
      rest = 1;
      break;
    case "time":
      rest = skipOptions(words, 1, new Set(["-f", "-o"]));
      break;
    case "gosu":
    case "su-exec":
      rest = 2;
      break;
    case "tini":
    case "tini-static":
      rest = skipOptions(words, 1, new Set(["-p", "-e"]));
      break;
    case "dumb-init":
      rest = skipOptions(words, 1, new Set(["-r", "--rewrite"]));
      break;
  }
  if (rest < 0) return [{ words }];
  return rest < words.length ? expand(words.slice(rest), depth + 1) : [];
}

/**
 * Given argv words (each with a map into some source), returns the simple commands that will actually run,
 * unwrapping `sh|bash|dash|zsh [-opts]c SCRIPT`, `exec`, `env [-i] [A=B] X`, `nohup`, `time`,
 * `gosu|su-exec USER`, `tini [--]`, `dumb-init [--]` and leading `VAR=value` assignments, recursively.
 * Words of a -c SCRIPT have their maps composed with the SCRIPT word's map, so they point into the
 * ORIGINAL source. A shell without -c (running a script file) is returned as is.
 */
export function expandCommand(argv: ShellWord[]): ShellCommand[] {
  return expand(argv, 0);
}

/** Quotes a string for POSIX sh with single quotes (used when we write scripts). Only [A-Za-z0-9_./:=@%+,-] pass unquoted. */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}
