/**
 * Each claim about how Compose splits a string command, checked twice: our splitters give the
 * argv written here, and so do the real CLIs (`docker compose config` for v2, v1's loader plus
 * docker-py's ContainerConfig for v1; test/helpers/compose-argv.ts). `null`: the CLI refuses it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeArgvBatch } from "../../../test/helpers/compose-argv";
import { splitLikeComposeV1, splitLikeComposeV2 } from "./compose-words";

interface Case {
  why: string;
  /** The command's value as YAML gives it (before interpolation; `$$` is Compose's escaped `$`). */
  value: string;
  v2: string[] | null;
  v1: string[] | null;
}

const CASES: Case[] = [
  {
    why: "inside double quotes v2 drops the backslash of \\<newline>, v1 keeps it",
    value: 'bash -c "a \\\n  --flag"',
    v2: ["bash", "-c", "a \n  --flag"],
    v1: ["bash", "-c", "a \\\n  --flag"],
  },
  {
    why: "inside single quotes both keep \\<newline>",
    value: "bash -c 'a \\\n  --flag'",
    v2: ["bash", "-c", "a \\\n  --flag"],
    v1: ["bash", "-c", "a \\\n  --flag"],
  },
  {
    why: "double-escaped backslash before a newline gives bash one backslash under both",
    value: 'bash -c "a \\\\\n  --flag"',
    v2: ["bash", "-c", "a \\\n  --flag"],
    v1: ["bash", "-c", "a \\\n  --flag"],
  },
  {
    why: 'v2 drops every backslash in double quotes; v1 only before " and \\',
    value: 'echo "a\\nb\\tc\\qd" "x\\\\y" "q\\"q"',
    v2: ["echo", "anbtcqd", "x\\y", 'q"q'],
    v1: ["echo", "a\\nb\\tc\\qd", "x\\y", 'q"q'],
  },
  {
    why: "outside quotes a backslash escapes the next character for both",
    value: "echo a\\ b c\\\nd",
    v2: ["echo", "a b", "c\nd"],
    v1: ["echo", "a b", "c\nd"],
  },
  {
    why: "v2 stops at an unquoted && ; | and drops the rest; v1 keeps them as words",
    value: "echo a && echo b; c | d",
    v2: ["echo", "a"],
    v1: ["echo", "a", "&&", "echo", "b;", "c", "|", "d"],
  },
  {
    why: "v2 drops a redirection with its file descriptor",
    value: "echo 2>&1 x",
    v2: ["echo"],
    v1: ["echo", "2>&1", "x"],
  },
  {
    why: "v2 keeps the word before a > glued to it",
    value: "echo foo>bar",
    v2: ["echo", "foo"],
    v1: ["echo", "foo>bar"],
  },
  {
    why: "quoted operators are text for both",
    value: 'echo "a;b" \'c|d\' "e && f"',
    v2: ["echo", "a;b", "c|d", "e && f"],
    v1: ["echo", "a;b", "c|d", "e && f"],
  },
  {
    why: "adjacent quotes join, empty quotes make an empty word",
    value: "echo 'it''s' a\"b c\"d '' \"\"",
    v2: ["echo", "its", "ab cd", "", ""],
    v1: ["echo", "its", "ab cd", "", ""],
  },
  {
    why: "v2 keeps `...` and $(...) whole; v1 splits them at spaces; # is no comment for either",
    value: "echo `a b` $$(c d) a#b #c",
    v2: ["echo", "`a b`", "$(c d)", "a#b", "#c"],
    v1: ["echo", "`a", "b`", "$(c", "d)", "a#b", "#c"],
  },
  {
    why: "single quotes keep backslashes for both",
    value: "echo 'a\\b' 'c\\'",
    v2: ["echo", "a\\b", "c\\"],
    v1: ["echo", "a\\b", "c\\"],
  },
  {
    why: "\\$ in double quotes: v2 gives $, v1 keeps the backslash",
    value: 'echo "a\\$$b"',
    v2: ["echo", "a$b"],
    v1: ["echo", "a\\$b"],
  },
  {
    why: "tabs, newlines and runs of spaces all separate words",
    value: "a\tb\nc   d\r\ne",
    v2: ["a", "b", "c", "d", "e"],
    v1: ["a", "b", "c", "d", "e"],
  },
  {
    why: "non-ASCII text is kept",
    value: 'echo héllo "wörld"',
    v2: ["echo", "héllo", "wörld"],
    v1: ["echo", "héllo", "wörld"],
  },
  {
    why: "v2 refuses an unquoted ( not after $",
    value: "python -c print(1)",
    v2: null,
    v1: ["python", "-c", "print(1)"],
  },
  { why: "v2 refuses a stray )", value: "echo ) x", v2: null, v1: ["echo", ")", "x"] },
  { why: "v2 refuses $(( ))", value: "echo $$((1 + 2))", v2: null, v1: ["echo", "$((1", "+", "2))"] },
  { why: "both refuse an unclosed quote", value: 'echo "open', v2: null, v1: null },
  { why: "both refuse a trailing backslash", value: "echo x\\", v2: null, v1: null },
];

// Compose interpolates before splitting; these values hold no variables, only `$$`.
const uninterpolated = (value: string) => value.replaceAll("$$", "$");
const ours = (split: { words: { value: string }[]; error?: string }) =>
  split.error ? null : split.words.map((w) => w.value);

describe("splitting a string command like Compose", () => {
  it.each(CASES)("$why (ours)", (c) => {
    expect(ours(splitLikeComposeV2(uninterpolated(c.value))), "v2").toEqual(c.v2);
    expect(ours(splitLikeComposeV1(uninterpolated(c.value))), "v1").toEqual(c.v1);
  });

  it("the real CLIs give the same argv for every case", () => {
    const texts = CASES.map(
      (c) => `services:\n  s:\n    image: busybox\n    command: ${JSON.stringify(c.value)}\n`,
    );
    const got = composeArgvBatch(texts).map((r, i) => ({
      why: CASES[i]!.why,
      v2: r.v2.ok ? (r.v2.services.s!.command ?? []) : null,
      v1: r.v1.ok ? (r.v1.services.s!.command ?? []) : null,
    }));
    expect(got).toEqual(CASES.map((c) => ({ why: c.why, v2: c.v2, v1: c.v1 })));
  });

  it("maps every kept character back to the input", () => {
    const input = `bash -c "mlflow server \\\n  --host 0.0.0.0" 'x y'`;
    for (const split of [splitLikeComposeV2(input), splitLikeComposeV1(input)]) {
      for (const w of split.words) {
        expect(w.map.length).toBe(w.value.length);
        w.map.forEach((at, i) => {
          expect(input[at]).toBe(w.value[i]);
        });
      }
    }
    const v2 = splitLikeComposeV2(input);
    expect(v2.words.map((w) => input.slice(w.span.start, w.span.end))).toEqual([
      "bash",
      "-c",
      `"mlflow server \\\n  --host 0.0.0.0"`,
      "'x y'",
    ]);
  });

  it("v2 says where it stopped reading", () => {
    expect(splitLikeComposeV2("a b && c").droppedAt).toBe(4);
    expect(splitLikeComposeV2("a 'b && c'").droppedAt).toBeUndefined();
  });

  it("without \\ ; & | < > ( ) ` the two agree (model/compose-reading.ts relies on it)", () => {
    const plain = fc.string({ unit: fc.constantFrom(..."ab $#{}*~=-'\"\t\n\r".split("")), maxLength: 40 });
    fc.assert(
      fc.property(plain, (s) => {
        const v2 = splitLikeComposeV2(s);
        const v1 = splitLikeComposeV1(s);
        expect(v2.droppedAt).toBeUndefined();
        expect(ours(v2) === null).toBe(ours(v1) === null);
        expect(ours(v2)).toEqual(ours(v1) ?? null);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws, and every map points at the character it keeps", () => {
    const any = fc.string({ unit: fc.constantFrom(..."a \\\"'`$();&|<>2\n".split("")), maxLength: 30 });
    fc.assert(
      fc.property(any, (s) => {
        for (const split of [splitLikeComposeV2(s), splitLikeComposeV1(s)])
          for (const w of split.words)
            w.map.forEach((at, i) => {
              // v1 keeps a backslash of \x inside double quotes: it maps to that backslash.
              expect(s[at]).toBe(w.value[i]);
            });
      }),
      { numRuns: 2000 },
    );
  });

  it("random commands: the real CLIs agree with our splitters", () => {
    // Strings our splitters say both CLIs accept, all in one file (a refusal fails the whole file).
    const unit = fc.constantFrom(..."ab  -\\\"'`$();&|<>2#\n\t".split(""));
    const samples = fc
      .sample(fc.string({ unit, minLength: 1, maxLength: 24 }), { numRuns: 400, seed: 20261202 })
      .filter((s) => ours(splitLikeComposeV2(s)) && ours(splitLikeComposeV1(s)))
      .slice(0, 80);
    expect(samples.length).toBe(80);
    const yaml = [
      "services:",
      ...samples.flatMap((s, i) => [
        `  s${i}:`,
        "    image: busybox",
        `    command: ${JSON.stringify(s.replaceAll("$", "$$$$"))}`,
      ]),
      "",
    ].join("\n");
    const [cli] = composeArgvBatch([yaml]);
    const got = (r: typeof cli.v2) =>
      r.ok ? samples.map((_, i) => r.services[`s${i}`]!.command ?? []) : r.error;
    expect(got(cli!.v2)).toEqual(samples.map((s) => ours(splitLikeComposeV2(s))));
    expect(got(cli!.v1)).toEqual(samples.map((s) => ours(splitLikeComposeV1(s))));
  });
});
