/**
 * `npm run corpus`: lints every file of ../shared/corpus in one process and writes a
 * per-file report to test-artifacts/corpus/. Fails on a crash, an uncaught exception, or a
 * file that takes over 2 s. `--update` rewrites test/corpus/expected-findings.tsv, keeping the
 * verdict and reason of every finding already there; new findings get none (the corpus test
 * fails until they are reviewed), findings that went away are dropped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import {
  corpusAvailable,
  corpusFiles,
  EXPECTED,
  expectedRows,
  lintCorpusFile,
  parseExpected,
  precisionSummary,
  renderExpected,
} from "../test/corpus/corpus-lib";

const LIMIT_MS = 2000;

if (!corpusAvailable()) {
  console.log("corpus: ../shared/corpus is not here; nothing to do.");
  process.exit(0);
}
const results = corpusFiles().map(lintCorpusFile);
mkdirSync("test-artifacts/corpus", { recursive: true });
const lines = ["file\tms\terrors\twarnings\tinfos\trules"];
for (const r of results) {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const rules = [...new Set(r.findings.map((f) => f.rule))].sort().join(",");
  lines.push(
    `${r.file}\t${r.ms.toFixed(1)}\t${count("error")}\t${count("warning")}\t${count("info")}\t${r.error ? `CRASH ${r.error.split("\n")[0]}` : rules}`,
  );
}
writeFileSync("test-artifacts/corpus/report.tsv", `${lines.join("\n")}\n`);
const rows = expectedRows(results);
writeFileSync("test-artifacts/corpus/findings.tsv", `${rows.join("\n")}\n`);
const previous = existsSync(EXPECTED) ? parseExpected(readFileSync(EXPECTED, "utf8")) : [];
if (process.argv.includes("--update")) {
  writeFileSync(EXPECTED, renderExpected(rows, previous));
  const kept = new Set(previous.map((r) => r.key));
  const fresh = rows.filter((k) => !kept.has(k));
  if (fresh.length > 0)
    console.log(
      `${fresh.length} new finding(s) without a verdict: review each against its file and fill the verdict column:\n  ${fresh.join("\n  ")}`,
    );
}

const crashed = results.filter((r) => r.error);
const slow = results.filter((r) => r.ms > LIMIT_MS);
const byRule = new Map<string, number>();
for (const r of results) for (const f of r.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
const total = results.reduce((a, r) => a + r.ms, 0);
console.log(
  `corpus: ${results.length} files in ${total.toFixed(0)} ms (slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms)`,
);
console.log(
  `findings by rule: ${[...byRule]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`,
);
const reviewed = new Map(previous.map((r) => [r.key, r]));
console.log(
  `verdicts (expected-findings.tsv) of today's findings:\n${precisionSummary(
    rows.map((key) => reviewed.get(key) ?? { key, verdict: "", why: "" }),
    results.length,
  )}`,
);
console.log("report: test-artifacts/corpus/report.tsv, findings: test-artifacts/corpus/findings.tsv");
for (const r of crashed) console.error(`CRASH ${r.file}\n${r.error}`);
for (const r of slow) console.error(`SLOW ${r.file}: ${r.ms.toFixed(0)} ms > ${LIMIT_MS} ms`);
process.exit(crashed.length || slow.length ? 1 : 0);
