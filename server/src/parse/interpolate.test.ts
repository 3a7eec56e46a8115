// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose "${VAR}" references are the test data, not templates
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Interpolated, interpolate, type Lookup, parseDotEnv } from "./interpolate";
import { parseConnectionUrl } from "./url";

const env =
  (vars: Record<string, string>): Lookup =>
  (name) =>
    Object.hasOwn(vars, name) ? vars[name] : undefined;

/** The invariant quick fixes rely on: a character not from a variable is the input character it maps to. */
function checkMap(input: string, r: Interpolated): void {
  expect(r.map).toHaveLength(r.value.length);
  expect(r.fromVariable).toHaveLength(r.value.length);
  for (let i = 0; i < r.value.length; i++) {
    if (!r.fromVariable[i]) expect(input[r.map[i]!], `value[${i}]`).toBe(r.value[i]);
  }
  for (const u of r.unresolved) expect(r.value.slice(u.start, u.end)).toMatch(/^\$\{?[A-Za-z_]/);
}

/** Offsets of value[i] in the input, as a string of input characters ('·' for variable characters). */
const traced = (input: string, r: Interpolated): string =>
  r.value
    .split("")
    .map((_, i) => (r.fromVariable[i] ? "·" : input[r.map[i]!]))
    .join("");

describe("interpolate", () => {
  const vars = env({ USER: "airflow", EMPTY: "", HOST: "pg" });

  it.each([
    ["${USER}", "airflow"],
    ["$USER", "airflow"],
    ["$USER.x", "airflow.x"],
    ["${MISSING:-def}", "def"],
    ["${EMPTY:-def}", "def"],
    ["${EMPTY-def}", ""],
    ["${MISSING-def}", "def"],
    ["${USER:-def}", "airflow"],
    ["${USER:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["${MISSING+alt}", ""],
    ["${USER:?boom}", "airflow"],
    ["${EMPTY?boom}", ""],
    ["$$", "$"],
    ["$${USER}", "${USER}"],
    ["a$", "a$"],
    ["$1 $- $ x", "$1 $- $ x"],
    ["${MISSING:-${HOST:-c}}", "pg"],
    ["${MISSING:-${ALSO_MISSING:-c}}", "c"],
    ["${MISSING:-a$$b}", "a$b"],
    ["${MISSING:-}", ""],
    ["x${MISSING:-{y}}z", "x{y}z"],
  ])("%s -> %s", (input, want) => {
    const r = interpolate(input, vars);
    expect(r.value).toBe(want);
    expect(r.errors).toEqual([]);
    checkMap(input, r);
  });

  it("maps variable values to the `$` that produced them", () => {
    const input = "postgresql://${USER}:pw@$HOST/db";
    const r = interpolate(input, vars);
    expect(r.value).toBe("postgresql://airflow:pw@pg/db");
    expect(traced(input, r)).toBe("postgresql://·······:pw@··/db");
    expect(r.map.slice(13, 20)).toEqual(Array(7).fill(13));
    expect(r.map.slice(24, 26)).toEqual([24, 24]);
    expect(r.variables).toEqual([
      { name: "USER", span: { start: 13, end: 20 }, resolved: true, operator: "" },
      { name: "HOST", span: { start: 24, end: 29 }, resolved: true, operator: "" },
    ]);
  });

  it("maps a used default to its own characters in the input", () => {
    const input = "postgresql://u:p@${DB_HOST:-postgres}:5432/db";
    const r = interpolate(input, vars);
    expect(r.value).toBe("postgresql://u:p@postgres:5432/db");
    expect(r.fromVariable.every((f) => !f)).toBe(true);
    const at = r.value.indexOf("postgres:");
    expect(r.map[at]).toBe(input.indexOf("postgres}"));
    // The URL parser's host span, carried through the map, lands on the default text in the input.
    const host = parseConnectionUrl(r.value)!.host!;
    expect(input.slice(r.map[host.span.start], r.map[host.span.end - 1]! + 1)).toBe("postgres");
  });

  it("maps nested defaults", () => {
    const input = "${A:-${B:-inner}}!";
    const r = interpolate(input, env({}));
    expect(r.value).toBe("inner!");
    expect(r.map).toEqual([10, 11, 12, 13, 14, 17]);
    expect(r.variables.map((v) => [v.name, v.span.start, v.span.end, v.resolved])).toEqual([
      ["A", 0, 17, false],
      ["B", 5, 16, false],
    ]);
  });

  it("lists references inside an unused default", () => {
    const r = interpolate("${USER:-${OTHER}}", vars);
    expect(r.value).toBe("airflow");
    expect(r.unresolved).toEqual([]);
    expect(r.variables.map((v) => [v.name, v.resolved])).toEqual([
      ["USER", true],
      ["OTHER", false],
    ]);
  });

  it("maps $$ to the first $", () => {
    const r = interpolate("a$$b", vars);
    expect(r.value).toBe("a$b");
    expect(r.map).toEqual([0, 1, 3]);
  });

  it("keeps unresolved references verbatim and lists their output spans", () => {
    const input = "postgresql://${DB_USER}:${DB_PASS}@$DB_HOST:5432/${MISSING:-${DB}}";
    const r = interpolate(input, vars);
    expect(r.value).toBe("postgresql://${DB_USER}:${DB_PASS}@$DB_HOST:5432/${DB}");
    expect(r.unresolved.map((u) => [u.name, r.value.slice(u.start, u.end)])).toEqual([
      ["DB_USER", "${DB_USER}"],
      ["DB_PASS", "${DB_PASS}"],
      ["DB_HOST", "$DB_HOST"],
      ["DB", "${DB}"],
    ]);
    expect(r.errors).toEqual([]);
    checkMap(input, r);
    const url = parseConnectionUrl(r.value)!;
    expect(url.user?.raw).toBe("${DB_USER}");
    expect(url.host?.raw).toBe("$DB_HOST");
  });

  it("reports required variables", () => {
    const input = "x ${NEED:?set NEED in .env} ${EMPTY:?} ${GONE?}";
    const r = interpolate(input, vars);
    expect(r.errors).toEqual([
      { message: "set NEED in .env", span: { start: 2, end: 27 } },
      { message: "required variable EMPTY is missing a value", span: { start: 28, end: 38 } },
      { message: "required variable GONE is missing a value", span: { start: 39, end: 47 } },
    ]);
    expect(r.value).toBe(input);
    expect(r.unresolved.map((u) => u.name)).toEqual(["NEED", "EMPTY", "GONE"]);
    checkMap(input, r);
  });

  it("does not report a required variable in an unused branch", () => {
    const r = interpolate("${USER:-${NEED:?x}}", vars);
    expect(r.errors).toEqual([]);
    expect(r.value).toBe("airflow");
  });

  it.each([
    ["${", "unterminated", { start: 0, end: 2 }],
    ["a ${USER b", "unterminated", { start: 2, end: 10 }],
    ["${1X}", "invalid", { start: 0, end: 5 }],
    ["${}", "invalid", { start: 0, end: 3 }],
    ["${A B}", "invalid", { start: 0, end: 6 }],
    ["${USER:x}", "invalid", { start: 0, end: 9 }],
  ])("reports malformed %j and keeps its text", (input, kind, span) => {
    const r = interpolate(input, vars);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toContain(kind);
    expect(r.errors[0]!.span).toEqual(span);
    expect(r.value).toBe(input);
    checkMap(input, r);
  });

  it("keeps the map exact on arbitrary input (property)", () => {
    const piece = fc.constantFrom(
      "$",
      "{",
      "}",
      ":",
      "-",
      "?",
      "+",
      "A",
      "B",
      "E",
      "x",
      " ",
      "$$",
      "${",
      "${A",
      "${E:-",
    );
    const lookup = env({ A: "value-a", E: "" });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const input = pieces.join("");
        const r = interpolate(input, lookup);
        checkMap(input, r);
        for (const u of r.unresolved) {
          expect(u.start).toBeLessThanOrEqual(u.end);
          expect(u.end).toBeLessThanOrEqual(r.value.length);
        }
        for (const v of r.variables) expect(input.slice(v.span.start, v.span.end)).toMatch(/^\$\{?[A-Za-z_]/);
      }),
      { numRuns: 3000 },
    );
  });

  it("handles values with astral characters", () => {
    const r = interpolate("${X}", env({ X: "a😀" }));
    expect(r.value).toBe("a😀");
    expect(r.map).toEqual([0, 0, 0]);
  });
});

describe("parseDotEnv", () => {
  it("reads the usual forms", () => {
    const text = [
      "# comment",
      "",
      "POSTGRES_USER=airflow",
      "export POSTGRES_PASSWORD = secret # inline comment",
      "POSTGRES_DB=air#flow",
      "SINGLE='literal ${POSTGRES_USER} # kept'",
      'DOUBLE="line1\\nline2 \\"q\\" ${POSTGRES_USER} \\$HOME" # comment',
      "URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}",
      "DEFAULTED=${NOPE:-fallback}",
      "UNKNOWN=${NOPE}",
      "EMPTY=",
      "YAML_STYLE: value",
      "not an assignment",
      "1BAD=x",
      "DOLLARS=a$$b",
      "POSTGRES_USER=override",
    ].join("\n");
    const e = parseDotEnv(text);
    expect(Object.fromEntries(e)).toEqual({
      POSTGRES_USER: "override",
      POSTGRES_PASSWORD: "secret",
      POSTGRES_DB: "air#flow",
      SINGLE: "literal ${POSTGRES_USER} # kept",
      DOUBLE: 'line1\nline2 "q" airflow $HOME',
      URL: "postgresql://airflow:secret@postgres:5432/air#flow",
      DEFAULTED: "fallback",
      UNKNOWN: "${NOPE}",
      EMPTY: "",
      YAML_STYLE: "value",
      DOLLARS: "a$b",
    });
  });

  it("handles CRLF line ends, a BOM and multi-line quotes", () => {
    const text = "\uFEFFA=1\r\nB=\"x\r\ny\"\r\n# c\r\nC='p q'\r\nD=${A}2 \r\n";
    expect(Object.fromEntries(parseDotEnv(text))).toEqual({ A: "1", B: "x\ny", C: "p q", D: "12" });
  });

  it("falls back to the given lookup and reads unterminated quotes as plain text", () => {
    const e = parseDotEnv('A=${HOME}/x\nB="open\nC=3', env({ HOME: "/root" }));
    expect(Object.fromEntries(e)).toEqual({ A: "/root/x", B: '"open', C: "3" });
  });
});
