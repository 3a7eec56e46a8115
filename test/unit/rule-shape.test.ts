/**
 * Every registered rule is in the one shape of rules/types.ts (issue 11): `defineRule` with
 * `meta`, `run` (the states, from facts), `diagnostic` and, for a fixable rule, `fixes`; one
 * file per rule named for its id, with its tests beside it and a docs page whose metadata
 * table says what `meta` says. A rule file holds no cache (no WeakMap, no perObject) and no
 * runtime import from `parse/` (types only): caching and reading YAML belong to the model.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../server/src/rules";

const RULES_DIR = new URL("../../server/src/rules/", import.meta.url).pathname;
const DOCS = new URL("../../docs/rules/", import.meta.url).pathname;

/** The non-test source files of the rules folder: the rules and their shared helpers. */
const sources = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => ({ file: f, text: readFileSync(`${RULES_DIR}${f}`, "utf8") }));

/** The import statements of a source that bring in values (not `import type`), with their module. */
function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?([\s\S]*?)\s+from\s+"([^"]+)";/gm)) {
    if (m[1]) continue;
    // `import { type A, type B } from ...` brings in no value either.
    const names = /^\{([\s\S]*)\}$/.exec(m[2].trim())?.[1];
    if (names?.split(",").every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue;
    out.push(m[3]);
  }
  return out;
}

describe("the rule shape", () => {
  it("runtimeImports tells value imports from type imports", () => {
    expect(
      runtimeImports(
        'import type { A } from "../parse/a";\nimport { type B, type C } from "../parse/b";\nimport { d, type E } from "../parse/d";\nimport * as f from "../parse/f";\n',
      ),
    ).toEqual(["../parse/d", "../parse/f"]);
  });

  it("no rule file caches (WeakMap, perObject) or imports parse/ at run time", () => {
    const bad: string[] = [];
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      if (/\bWeakMap\b|\bperObject\b|\bWeakRef\b/.test(code)) bad.push(`${file}: holds a cache`);
      for (const from of runtimeImports(text))
        if (/(^|\/)parse\//.test(from)) bad.push(`${file}: imports ${from}`);
      if (/\bFindingRule\b|\bcheck\s*\(\s*model\b/.test(code)) bad.push(`${file}: the earlier rule shape`);
    }
    expect(bad).toEqual([]);
  });

  for (const rule of RULES) {
    const { meta } = rule;
    describe(meta.id, () => {
      it("is a defineRule rule: meta, run, diagnostic, and fixes exactly when fixable", () => {
        expect(meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(meta.title.length).toBeGreaterThan(10);
        expect(meta.title).not.toMatch(/\.$/);
        expect(["error", "warning", "info", "hint"]).toContain(meta.defaultSeverity);
        expect(typeof meta.fixable).toBe("boolean");
        expect(typeof rule.run).toBe("function");
        expect(typeof rule.diagnostic).toBe("function");
        expect("check" in rule).toBe(false);
        expect(typeof rule.fixes === "function").toBe(meta.fixable);
      });

      it("lives in its own file with defineRule, tests beside it, and a docs page matching meta", () => {
        const source = sources.find((s) => s.file === `${meta.id}.ts`);
        expect(source, `server/src/rules/${meta.id}.ts`).toBeDefined();
        expect(source!.text).toMatch(/=\s*defineRule\s*</);
        expect(source!.text).toContain(`"${meta.id}"`);
        // multiple-documents and not-compose-file are tested by their docs examples and the corpus.
        const tested =
          existsSync(`${RULES_DIR}${meta.id}.test.ts`) ||
          ["multiple-documents", "obsolete-version"].includes(meta.id);
        expect(tested, `server/src/rules/${meta.id}.test.ts`).toBe(true);
        const md = readFileSync(`${DOCS}${meta.id}.md`, "utf8");
        const row = /\n\| Default severity \| Fixable \| Since \|\n\|[- |]+\|\n\| (\S+)[^|]*\| (yes|no)/.exec(
          md,
        );
        expect(row, `docs/rules/${meta.id}.md metadata table`).not.toBeNull();
        expect([row![1], row![2] === "yes"]).toEqual([meta.defaultSeverity, meta.fixable]);
      });
    });
  }
});
