/** Shared by `npm run corpus` and the corpus tests: the real-world files and how to lint them. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { analyze, type LintFinding, lineLookup } from "../../server/src/engine";
import { parseDotEnv } from "../../server/src/parse/interpolate";
import { ROOT, SHARED } from "../helpers/paths";

export const CORPUS = join(SHARED, "corpus", "files");
export const EXPECTED = join(ROOT, "test", "corpus", "expected-findings.tsv");

export function corpusAvailable(): boolean {
  return existsSync(CORPUS);
}

export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

export interface CorpusResult {
  file: string;
  text: string;
  ms: number;
  findings: LintFinding[];
  lineOf: (offset: number) => number;
  error?: string;
}

export function lintCorpusFile(file: string): CorpusResult {
  const path = join(CORPUS, file);
  const text = readFileSync(path, "utf8");
  const envPath = join(dirname(path), ".env");
  const variables = existsSync(envPath)
    ? parseDotEnv(readFileSync(envPath, "utf8"))
    : new Map<string, string>();
  const lineOf = lineLookup(text);
  const t = performance.now();
  try {
    const { findings } = analyze(text, { path, variables });
    return { file, text, ms: performance.now() - t, findings, lineOf };
  } catch (e) {
    return {
      file,
      text,
      ms: performance.now() - t,
      findings: [],
      lineOf,
      error: (e as Error).stack ?? String(e),
    };
  }
}

/** `file<TAB>rule<TAB>line` (1-based), sorted: the corpus's findings at warning or error. */
export function expectedRows(results: CorpusResult[]): string[] {
  const rows: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      if (f.severity !== "error" && f.severity !== "warning") continue;
      rows.push(`${r.file}\t${f.rule}\t${r.lineOf(f.span.start) + 1}`);
    }
  }
  return rows.sort();
}

/** The reviewed verdicts a corpus finding may carry: `false` is a bug to fix, `` is not yet reviewed. */
export const VERDICTS = ["true", "false", "debatable"] as const;
export type Verdict = (typeof VERDICTS)[number] | "";

/** One row of expected-findings.tsv: the finding (`file rule line`) and its review. */
export interface ExpectedRow {
  key: string;
  verdict: Verdict;
  why: string;
}

export const EXPECTED_HEADER = "file\trule\tline\tverdict\twhy";

/** Parses expected-findings.tsv (header optional; rows of 3 columns have no verdict yet). */
export function parseExpected(text: string): ExpectedRow[] {
  const out: ExpectedRow[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line === EXPECTED_HEADER) continue;
    const cols = line.split("\t");
    const verdict = (cols[3] ?? "").trim();
    out.push({
      key: cols.slice(0, 3).join("\t"),
      verdict: (VERDICTS as readonly string[]).includes(verdict) ? (verdict as Verdict) : "",
      why: cols.slice(4).join(" ").trim(),
    });
  }
  return out;
}

/**
 * The new expected-findings.tsv for `rows` (from `expectedRows`): a finding already there
 * keeps its verdict and reason, a new one gets none (so the corpus test fails until someone
 * reviews it against the file).
 */
export function renderExpected(rows: string[], previous: ExpectedRow[]): string {
  const old = new Map(previous.map((r) => [r.key, r]));
  const lines = [EXPECTED_HEADER];
  for (const key of rows) {
    const r = old.get(key);
    lines.push(`${key}\t${r?.verdict ?? ""}\t${(r?.why ?? "").replace(/[\t\n]/g, " ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Per rule, how many reviewed findings are true / false / debatable / not reviewed, and the totals per 50 files. */
export function precisionSummary(rows: ExpectedRow[], files: number): string {
  const byRule = new Map<string, Record<string, number>>();
  const total: Record<string, number> = { true: 0, false: 0, debatable: 0, "": 0 };
  for (const r of rows) {
    const rule = r.key.split("\t")[1];
    const c = byRule.get(rule) ?? { true: 0, false: 0, debatable: 0, "": 0 };
    c[r.verdict]++;
    total[r.verdict]++;
    byRule.set(rule, c);
  }
  const per50 = (n: number) => ((n * 50) / files).toFixed(2);
  const lines = [...byRule]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(
      ([rule, c]) =>
        `  ${rule}: ${c.true} true / ${c.false} false / ${c.debatable} debatable${c[""] ? ` / ${c[""]} unreviewed` : ""}`,
    );
  lines.push(
    `  warnings and errors: ${rows.length} (${per50(rows.length)} per 50 files); false ${total.false} (${per50(total.false)} per 50 files); true ${total.true}; debatable ${total.debatable}; unreviewed ${total[""]}`,
  );
  return lines.join("\n");
}
