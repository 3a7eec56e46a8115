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
