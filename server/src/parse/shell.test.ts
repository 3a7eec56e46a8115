// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose "${VAR}" references are the test data, not templates
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandCommand, type ShellCommand, type ShellWord, shQuote, splitShell } from "./shell";

const values = (cmds: ShellCommand[]): string[][] => cmds.map((c) => c.words.map((w) => w.value));

/** Every kept character must map to a source offset inside the word's span. */
function checkWord(w: ShellWord): void {
  expect(w.map).toHaveLength(w.value.length);
  for (const k of w.map) {
    expect(k).toBeGreaterThanOrEqual(w.span.start);
    expect(k).toBeLessThan(w.span.end);
  }
}

/** The source text a word's value came from, assuming it is one contiguous run. */
const sourceOf = (input: string, w: ShellWord): string => input.slice(w.map[0], w.map[w.map.length - 1]! + 1);

// The seed's broken MLflow service: a YAML folded scalar gives one line.
const SEED_MLFLOW =
  'bash -c "pip install psycopg2-binary && mlflow server --backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow --default-artifact-root ./mlruns --host 0.0.0.0 --port 5000"\n';
const SEED_URL = "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow";

describe("splitShell", () => {
  it("splits on operators and keeps flags whole", () => {
    expect(values(splitShell("a b; c && d || e | f & g\nh --flag=value"))).toEqual([
      ["a", "b"],
      ["c"],
      ["d"],
      ["e"],
      ["f"],
      ["g"],
      ["h", "--flag=value"],
    ]);
  });

  it("treats operators without spaces as separators", () => {
    expect(values(splitShell("a&&b;c|d"))).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("removes quotes and maps every character back", () => {
    const input = `echo 'a b' "c \\"d\\" \\\\ \\$ \\x" e\\ f`;
    const [cmd] = splitShell(input);
    const words = cmd!.words;
    expect(words.map((w) => w.value)).toEqual(["echo", "a b", 'c "d" \\ $ \\x', "e f"]);
    for (const w of words) {
      checkWord(w);
      for (let i = 0; i < w.value.length; i++) expect(input[w.map[i]!]).toBe(w.value[i]);
    }
    expect(input.slice(words[1]!.span.start, words[1]!.span.end)).toBe("'a b'");
    expect(input.slice(words[3]!.span.start, words[3]!.span.end)).toBe("e\\ f");
  });

  it("keeps $(...), backticks and ${...} text, even with nested quotes", () => {
    const input = `echo "$(date "+%F %T")" $(echo "a b") \`x "y"\` "\${X:-"q r"}" $((1 + 2))`;
    expect(values(splitShell(input))).toEqual([
      ["echo", '$(date "+%F %T")', '$(echo "a b")', '`x "y"`', '${X:-"q r"}', "$((1 + 2))"],
    ]);
  });

  it('keeps $$ as a unit: compose\'s "$${X}"', () => {
    const input = `echo "$\${X}" $$`;
    const [cmd] = splitShell(input);
    expect(cmd!.words.map((w) => w.value)).toEqual(["echo", "$${X}", "$$"]);
    expect(sourceOf(input, cmd!.words[1]!)).toBe("$${X}");
  });

  it("drops comments at word start only", () => {
    expect(values(splitShell("a b#c # comment here\nd # x"))).toEqual([["a", "b#c"], ["d"]]);
    expect(values(splitShell("# only a comment"))).toEqual([]);
  });

  it("removes line continuations without splitting the word", () => {
    const input = "mlflow server \\\n  --host 0.0.0.0 \\\r\n --port 50\\\n00";
    const [cmd, ...rest] = splitShell(input);
    expect(rest).toHaveLength(0);
    expect(cmd!.words.map((w) => w.value)).toEqual([
      "mlflow",
      "server",
      "--host",
      "0.0.0.0",
      "--port",
      "5000",
    ]);
    const port = cmd!.words[5]!;
    expect(port.map.map((k) => input[k]).join("")).toBe("5000");
  });

  it("treats parentheses, braces and reserved words as separators", () => {
    expect(values(splitShell("(cd /x && make) ; { a; b; }"))).toEqual([["cd", "/x"], ["make"], ["a"], ["b"]]);
    expect(values(splitShell("if pg_isready; then mlflow server; else exit 1; fi"))).toEqual([
      ["pg_isready"],
      ["mlflow", "server"],
      ["exit", "1"],
    ]);
    expect(values(splitShell("echo } { fi"))).toEqual([["echo", "}", "{", "fi"]]);
    expect(values(splitShell("'{' x"))).toEqual([["{", "x"]]);
  });

  it("drops redirections and heredoc bodies", () => {
    expect(values(splitShell("a >/dev/null 2>&1 b < in.txt &> log c >>out"))).toEqual([["a", "b", "c"]]);
    expect(values(splitShell("cat <<-'EOF' > f\n\tnot a command\n\tEOF\nnext"))).toEqual([["cat"], ["next"]]);
    expect(values(splitShell("x2>y"))).toEqual([["x2"]]);
  });

  it("keeps empty quoted words", () => {
    const [cmd] = splitShell(`a "" ''`);
    expect(cmd!.words.map((w) => w.value)).toEqual(["a", "", ""]);
    expect(cmd!.words[1]!.span).toEqual({ start: 2, end: 4 });
  });

  it("reads $'...' ANSI-C strings", () => {
    const [cmd] = splitShell("printf $'a\\tb\\x41\\'c'");
    expect(cmd!.words[1]!.value).toBe("a\tbA'c");
    checkWord(cmd!.words[1]!);
  });

  it("never throws on unterminated quotes and expansions", () => {
    for (const input of [
      `echo "abc`,
      `echo 'abc`,
      "echo $(abc",
      "echo ${abc",
      "echo `abc",
      "a \\",
      "x <<",
      "$'\\",
    ]) {
      const cmds = splitShell(input);
      for (const c of cmds) c.words.forEach(checkWord);
    }
    expect(values(splitShell(`echo "abc def`))).toEqual([["echo", "abc def"]]);
  });

  it("maps consistently on arbitrary input (property)", () => {
    const alphabet = fc.constantFrom(..."ab $'\"\\`(){};&|<>#\n\t=-".split(""), "$(", "${", "$$", "&&");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (pieces) => {
        const input = pieces.join("");
        for (const c of splitShell(input)) c.words.forEach(checkWord);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("expandCommand", () => {
  it("finds the seed's mlflow server command and maps its URL into the original string", () => {
    const [outer, ...more] = splitShell(SEED_MLFLOW);
    expect(more).toHaveLength(0);
    const cmds = expandCommand(outer!.words);
    expect(values(cmds)).toEqual([
      ["pip", "install", "psycopg2-binary"],
      [
        "mlflow",
        "server",
        "--backend-store-uri",
        SEED_URL,
        "--default-artifact-root",
        "./mlruns",
        "--host",
        "0.0.0.0",
        "--port",
        "5000",
      ],
    ]);
    const url = cmds[1]!.words[3]!;
    expect(sourceOf(SEED_MLFLOW, url)).toBe(SEED_URL);
    expect(SEED_MLFLOW.slice(url.span.start, url.span.end)).toBe(SEED_URL);
    expect(SEED_MLFLOW.indexOf(SEED_URL)).toBe(url.map[0]);
    for (const w of cmds.flatMap((c) => c.words)) {
      for (let i = 0; i < w.value.length; i++) expect(SEED_MLFLOW[w.map[i]!]).toBe(w.value[i]);
    }
  });

  it("shows that the seed's fixed file runs `mlflow server` without its flags", () => {
    // seed-after.yml's folded scalar keeps the newlines of its more-indented lines.
    const value =
      'bash -c "\n  pip install psycopg2-binary &&\n  mlflow server\n    --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow\n    --port 5000\n"\n';
    const cmds = expandCommand(splitShell(value)[0]!.words);
    expect(values(cmds)).toEqual([
      ["pip", "install", "psycopg2-binary"],
      ["mlflow", "server"],
      ["--backend-store-uri", "postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow"],
      ["--port", "5000"],
    ]);
  });

  it("composes maps for list-form argv where each element has its own source", () => {
    // Simulates `command: ["bash", "-c", "airflow db migrate && airflow webserver"]` at offsets 100, 200, 300.
    const mk = (value: string, at: number): ShellWord => ({
      value,
      map: [...value].map((_, i) => at + i),
      span: { start: at - 1, end: at + value.length + 1 },
    });
    const argv = [mk("bash", 100), mk("-c", 200), mk("airflow db migrate && airflow webserver", 300)];
    const cmds = expandCommand(argv);
    expect(values(cmds)).toEqual([
      ["airflow", "db", "migrate"],
      ["airflow", "webserver"],
    ]);
    const web = cmds[1]!.words[1]!;
    expect(web.map[0]).toBe(300 + "airflow db migrate && airflow ".length);
    expect(web.span).toEqual({ start: web.map[0], end: web.map[0]! + "webserver".length });
  });

  it("unwraps nested shells, exec, env, assignments and option clusters", () => {
    const input = `sh -c 'exec env -i A=1 B=2 /bin/bash -euo pipefail -lc "X=y exec mlflow server --host 0.0.0.0"'`;
    const cmds = expandCommand(splitShell(input)[0]!.words);
    expect(values(cmds)).toEqual([["mlflow", "server", "--host", "0.0.0.0"]]);
    const host = cmds[0]!.words[3]!;
    expect(sourceOf(input, host)).toBe("0.0.0.0");
  });

  it("unwraps `exec mlflow server` and init wrappers", () => {
    expect(values(expandCommand(splitShell("exec mlflow server")[0]!.words))).toEqual([["mlflow", "server"]]);
    expect(values(expandCommand(splitShell("tini -- gosu airflow airflow scheduler")[0]!.words))).toEqual([
      ["airflow", "scheduler"],
    ]);
    expect(values(expandCommand(splitShell("dumb-init --single-child -- nohup x")[0]!.words))).toEqual([
      ["x"],
    ]);
  });

  it("keeps shells that run a file, and assignment-only statements", () => {
    expect(values(expandCommand(splitShell("bash /entrypoint.sh")[0]!.words))).toEqual([
      ["bash", "/entrypoint.sh"],
    ]);
    expect(values(expandCommand(splitShell("DB=postgresql://h/d")[0]!.words))).toEqual([
      ["DB=postgresql://h/d"],
    ]);
    expect(expandCommand([])).toEqual([]);
    expect(expandCommand(splitShell("bash -c")[0]!.words)).toEqual([]);
  });
});

describe("shQuote", () => {
  const hostile = [
    "a b",
    "it's",
    "$(rm -rf /)",
    ";",
    "",
    "line\nbreak",
    "`id`",
    '"',
    "\\",
    "*",
    "~x",
    "-n",
    "'",
  ];

  it("leaves safe words alone and quotes the rest", () => {
    expect(shQuote("postgresql+psycopg2://a:b@h:5432/db")).toBe("postgresql+psycopg2://a:b@h:5432/db");
    expect(shQuote("a b")).toBe("'a b'");
    expect(shQuote("it's")).toBe("'it'\\''s'");
    expect(shQuote("")).toBe("''");
  });

  it.each(hostile)("round-trips %j through /bin/sh", (s) => {
    const out = execFileSync("/bin/sh", ["-c", `printf %s ${shQuote(s)}`], { encoding: "utf8" });
    expect(out).toBe(s);
  });

  it("round-trips through our own splitter", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const [cmd] = splitShell(`printf ${shQuote(s)}`);
        expect(cmd!.words[1]!.value).toBe(s);
      }),
    );
  });
});
