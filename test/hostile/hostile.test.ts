/**
 * Hostile input: whatever the text, the engine returns findings (a clear diagnostic where
 * the text is bad) and never throws or hangs. Bounds here are hang guards, generous on
 * purpose; speed targets live in `npm run bench`.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { analyze } from "../../server/src/engine";
import { fixAll } from "../../server/src/fix";
import { CORPUS, corpusAvailable, corpusFiles } from "../corpus/corpus-lib";
import { FC_SEED } from "../helpers/fc-seed";
import { EXAMPLE, lintText } from "../helpers/lint";

const HANG_GUARD_MS = 10_000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

describe("named hostile cases", () => {
  it("an alias bomb ends fast with a diagnostic, in bounded memory", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(",")}]`,
      );
    }
    const text = `${lines.join("\n")}\nservices:\n  x:\n    image: postgres\n    command: *j\n`;
    const heapBefore = process.memoryUsage().heapUsed;
    const { value, ms } = timed(() => lintText(text));
    expect(ms).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    const bomb = value.find((f) => f.rule === "yaml-syntax" && /Excessive aliasing/.test(f.message));
    expect(bomb).toBeDefined();
    expect(bomb!.text).toMatch(/^\*[a-j]$/);
    // The rest of the file is still analysed.
    expect(analyze(text).model.services.map((s) => s.name)).toEqual(["x"]);
  });

  it("a 10 MB file", () => {
    const big = `services:\n  a:\n    image: postgres:16\n    command: "${"x".repeat(10 * 1024 * 1024)}"\n`;
    const { value, ms } = timed(() => analyze(big));
    expect(ms).toBeLessThan(HANG_GUARD_MS);
    expect(value.model.services[0].command?.argv[0].value.length).toBe(10 * 1024 * 1024);
  });

  it("flow nesting 10,000 deep is refused with a diagnostic, not a stack overflow", () => {
    const text = `services: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const f = lintText(text);
    expect(f).toHaveLength(1);
    expect(f[0].rule).toBe("yaml-syntax");
    expect(f[0].message).toMatch(/nested 10000 levels deep/);
  });

  it("block nesting 1,500 deep is analysed up to the limit with a warning", () => {
    let text = "services:\n";
    for (let i = 0; i < 1500; i++) text += `${" ".repeat(i + 2)}k${i}:\n`;
    const f = lintText(text);
    expect(
      f.some((x) => x.rule === "yaml-syntax" && /nested too deeply|Nesting deeper than 1000/.test(x.message)),
    ).toBe(true);
  });

  it("binary bytes give a clear diagnostic", () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString("latin1");
    const f = lintText(bytes);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.rule === "yaml-syntax")).toBe(true);
  });

  it("empty file, only comments, a bare list: no crash; one error each, as Compose refuses them", () => {
    // Compose: "empty compose file". One finding at line 1, not silence.
    for (const text of ["", "# nothing\n# here\n"])
      expect(lintText(text).map((f) => [f.rule, f.start.line])).toEqual([["not-compose-file", 0]]);
    expect(lintText("- a\n- b\n")[0].message).toMatch(/not a Compose file/);
  });

  it("multiple documents, BOM, CRLF and tabs keep ranges exact", () => {
    const body = "version: '3'\nservices:\n  a:\n\timage: x\n";
    for (const text of [`\ufeff${body}`, body.replace(/\n/g, "\r\n"), `---\n${body}---\nfoo: 1\n`]) {
      const f = lintText(text);
      const v = f.find((x) => x.rule === "obsolete-version");
      expect(v?.text).toBe("version: '3'");
      // A tab used for indentation is a YAML error, reported where the tab is.
      const tab = f.find((x) => x.rule === "yaml-syntax" && x.severity === "error");
      expect(tab && text.slice(tab.span.start, tab.span.start + 1)).toBe("\t");
    }
  });

  it("fix all never writes YAML that reads differently: a network named `null` is declared quoted", () => {
    // Found by the property below (seed 56872066): `null:` declared 20 times, never matching.
    const text =
      'x-common: &common {image: postgres}\nservices:\n  db:\n    <<: *common\n    networks: ["null"]\n';
    const fixed = fixAll(text).text;
    expect(fixed).toContain('networks:\n  "null":\n');
    expect(lintText(fixed).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("every prefix of the example (what an editor sends while typing) lints without throwing", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const t = performance.now();
    for (let i = 0; i <= text.length; i++) analyze(text.slice(0, i));
    expect(performance.now() - t).toBeLessThan(60_000);
  });
});

// Compose-like documents built from the pieces that trip parsers: anchors, merges, URLs, ports.
const scalar = fc.oneof(
  fc.constantFrom(
    "postgres",
    "postgres:16",
    "apache/airflow:2.9",
    "mlflow",
    "5432:5432",
    "8080",
    "${X:-1}",
    "$${Y}",
    "''",
    '""',
    "~",
    "null",
  ),
  fc.constantFrom(
    "postgresql://u:p@db:5432/x",
    "postgresql+psycopg2://a:@b/c",
    "db+postgresql://a:b@[::1]/c",
    "redis://:pw@redis:6379/0",
    'bash -c "mlflow server --backend-store-uri postgresql://a:b@c/d"',
    "sqlite:////x",
    "://",
    "%",
  ),
  fc.string({ maxLength: 12 }),
);
const key = fc.constantFrom(
  "image",
  "environment",
  "ports",
  "depends_on",
  "command",
  "healthcheck",
  "networks",
  "volumes",
  "condition",
  "<<",
  "x-a",
  "test",
);
const node: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    scalar.map((s) => JSON.stringify(s)),
    tie("map"),
    tie("list"),
  ),
  map: fc.dictionary(key, tie("value"), { maxKeys: 4 }).map(
    (d) =>
      `{${Object.entries(d)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ")}}`,
  ),
  list: fc.array(tie("value"), { maxLength: 4 }).map((a) => `[${a.join(", ")}]`),
})).value as fc.Arbitrary<string>;
const composeLike = fc
  .array(
    fc.tuple(
      fc.constantFrom("db", "airflow", "mlflow", "x", "postgres"),
      fc.dictionary(key, node, { maxKeys: 5 }),
    ),
    { maxLength: 5 },
  )
  .map((services) => {
    const lines = ["x-common: &common {image: postgres, environment: {POSTGRES_USER: a}}", "services:"];
    for (const [name, body] of services) {
      lines.push(`  ${name}:`, "    <<: *common");
      for (const [k, v] of Object.entries(body)) lines.push(`    ${k}: ${v}`);
    }
    return `${lines.join("\n")}\n`;
  });

describe("property: linting never throws and always finishes", () => {
  it("on generated compose-like documents, and fix-all keeps them parseable", () => {
    fc.assert(
      fc.property(composeLike, (text) => {
        const { ms } = timed(() => analyze(text));
        expect(ms).toBeLessThan(HANG_GUARD_MS);
        const fixed = fixAll(text).text;
        const before = parseAllDocuments(text) as unknown as { errors: unknown[] }[];
        const after = parseAllDocuments(fixed) as unknown as { errors: unknown[] }[];
        if (before.every((d) => d.errors.length === 0))
          expect(after.every((d) => d.errors.length === 0)).toBe(true);
      }),
      { numRuns: 300, seed: FC_SEED },
    );
  });

  it.skipIf(!corpusAvailable())("on byte-level mutations of corpus files", () => {
    const files = corpusFiles().map((f) => readFileSync(`${CORPUS}/${f}`, "utf8"));
    const mutation = fc.record({
      file: fc.nat({ max: files.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          del: fc.nat({ max: 8 }),
          ins: fc.string({ maxLength: 6, unit: "binary" }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = files[file];
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        const { ms } = timed(() => analyze(text));
        expect(ms).toBeLessThan(HANG_GUARD_MS);
      }),
      { numRuns: 400, seed: FC_SEED },
    );
  });
});
