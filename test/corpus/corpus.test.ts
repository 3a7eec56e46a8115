/**
 * The engine on 244 compose files other people wrote (../shared/corpus, read in place):
 * no crash; exactly the findings recorded in expected-findings.tsv (so any change in what
 * the corpus yields shows up in review: `npm run corpus -- --update` rewrites it, keeping
 * the verdicts); every one of them reviewed (a verdict with its reason) and none `false`; MLOps
 * stacks with one server and a database per app are never `shared-database`; and every
 * quick fix offered on every file keeps the fix promises when applied alone.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import type { Fix } from "../../server/src/rules/types";
import { brokenByFixes } from "../helpers/compose-cli";
import { checkFixPromises } from "../helpers/fix-promises";
import { applyProjectFix, makeProject, resolvedProject } from "../helpers/project-fix";
import {
  corpusAvailable,
  corpusFiles,
  EXPECTED,
  expectedRows,
  lintCorpusFile,
  parseExpected,
} from "./corpus-lib";

const available = corpusAvailable();
if (!available) console.warn("corpus tests skipped: ../shared/corpus is not here");

describe.skipIf(!available)("real-world corpus", () => {
  const results = available ? corpusFiles().map(lintCorpusFile) : [];

  it("lints all 244 files without an exception", () => {
    expect(results.length).toBe(244);
    expect(results.filter((r) => r.error).map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  });

  it("yields exactly the reviewed findings in test/corpus/expected-findings.tsv", () => {
    const expected = existsSync(EXPECTED) ? parseExpected(readFileSync(EXPECTED, "utf8")) : [];
    expect(expectedRows(results)).toEqual(expected.map((r) => r.key));
  });

  it("every finding on the corpus is reviewed, and none is a false positive", () => {
    const rows = existsSync(EXPECTED) ? parseExpected(readFileSync(EXPECTED, "utf8")) : [];
    expect(rows.length).toBeGreaterThan(0);
    // A row without a verdict is a new finding nobody has checked against its file yet.
    expect(rows.filter((r) => r.verdict === "").map((r) => r.key)).toEqual([]);
    // A `false` verdict is a bug in the rule: fix it (and add a regression test), do not keep it.
    expect(rows.filter((r) => r.verdict === "false").map((r) => `${r.key}: ${r.why}`)).toEqual([]);
    // A verdict says why, so that the next reviewer need not redo the work.
    expect(rows.filter((r) => r.why.length < 8).map((r) => r.key)).toEqual([]);
  });

  it("never calls one server with a database per app `shared-database`", () => {
    const manifest = readFileSync(new URL("../../../shared/corpus/MANIFEST.tsv", import.meta.url), "utf8");
    const separate = manifest
      .split("\n")
      .filter((l) => /same DB server, different DB names/.test(l))
      .map((l) => l.split("\t")[0]);
    expect(separate.length).toBeGreaterThan(0);
    for (const file of separate) {
      const r = results.find((x) => x.file === file)!;
      expect(r.findings.filter((f) => f.rule === "shared-database")).toEqual([]);
    }
  });

  it("every fix offered on every file keeps the fix promises when applied alone", async () => {
    const broken: string[] = [];
    const pairs: { file: string; title: string; before: string; after: string }[] = [];
    const projectFixes = new Map<string, { file: string; text: string; fix: Fix }>();
    for (const r of results) {
      for (const f of r.findings) {
        for (const fix of f.fixes ?? []) {
          const report = checkFixPromises(r.text, f, fix, {}, false);
          for (const p of report.problems) broken.push(`${r.file} ${f.rule} "${fix.title}": ${p}`);
          // A fix that writes other files (the secrets fix: `.env`) is checked on a project
          // folder below, where Compose reads the `.env` it writes.
          // Once per file: "Move secrets to .env" moves them all, the per-secret fixes are parts of it.
          if (fix.fileEdits?.length) {
            if (fix.title !== "Move secrets to .env") continue;
            const key = r.file;
            if (!projectFixes.has(key)) projectFixes.set(key, { file: r.file, text: r.text, fix });
            continue;
          }
          pairs.push({
            file: r.file,
            title: fix.title,
            before: r.text,
            after: applyEdits(r.text, fix.edits),
          });
        }
      }
    }
    expect(pairs.length).toBeGreaterThan(0);
    const t0 = Date.now();
    broken.push(
      ...(await brokenByFixes(
        pairs.map((p) => ({ label: `${p.file} "${p.title}"`, before: p.before, after: p.after })),
      )),
    );
    console.log(`[corpus] ${pairs.length} fixes validated by Compose in ${Date.now() - t0} ms`);
    // The resolved project (both CLIs, with the `.env` the fix writes) is the same as before.
    const t1 = Date.now();
    for (const { file, text, fix } of projectFixes.values()) {
      const project = makeProject({ "docker-compose.yml": text });
      try {
        const before = resolvedProject(project.dir);
        applyProjectFix(project.compose, fix);
        const after = resolvedProject(project.dir);
        for (const [i, b] of before.entries())
          if (b.ok && (!after[i].ok || after[i].output !== b.output))
            broken.push(
              `${file} "${fix.title}": ${b.cli} resolves the project differently: ${after[i].output.slice(0, 300)}`,
            );
      } finally {
        project.remove();
      }
    }
    console.log(
      `[corpus] ${projectFixes.size} multi-file fixes validated as projects in ${Date.now() - t1} ms`,
    );
    expect(broken).toEqual([]);
  }, 600_000);
});
