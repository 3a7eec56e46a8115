/**
 * Inline expectation markers, rust-analyzer style, written as YAML comments so that the
 * example stays valid YAML:
 *
 *     version: '3.8'
 *     # ^^^^^^^^^^^^ obsolete-version
 *     # ^^^^^^^^^^^^ obsolete-version warning safe-fix: is obsolete
 *
 * A marker line is `#`, spaces, a run of `^`, then a rule id, and optionally:
 *   - a severity (`error`, `warning`, `info`, `hint`): the finding has it;
 *   - `fix` (some fix is offered), `safe-fix` (a preferred one is, as `--fix` applies) or
 *     `no-fix` (none is);
 *   - `: text`: the message contains the text.
 * The carets mark columns of the nearest line above that is not a marker. When the carets
 * follow `#` with no space, the `#` counts as the first caret (so `#^^^^^^` marks columns
 * 0-7, as it looks). Marker lines are removed from the text before it is analysed.
 */
import { fullMessage, type Severity } from "../../server/src/rules/types";

export type FixExpectation = "fix" | "safe-fix" | "no-fix";

export interface Mark {
  rule: string;
  /** 0-based line in the text without marker lines. */
  line: number;
  startCol: number;
  endCol: number;
  severity?: Severity;
  fix?: FixExpectation;
  /** A fragment the message must contain. */
  message?: string;
}

const MARKER =
  /^(\s*#)(\s*)(\^+)\s+([a-z0-9-]+)(?:\s+(error|warning|info|hint))?(?:\s+(fix|safe-fix|no-fix))?(?:\s*:\s*(.*?))?\s*$/;

export function parseMarked(input: string): { text: string; marks: Mark[] } {
  const eol = input.includes("\r\n") ? "\r\n" : "\n";
  const lines = input.split(/\r?\n/);
  const kept: string[] = [];
  const marks: Mark[] = [];
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m && kept.length > 0) {
      const afterHash = m[1].length + m[2].length;
      const start = m[2].length === 0 ? afterHash - 1 : afterHash;
      const mark: Mark = {
        rule: m[4],
        line: kept.length - 1,
        startCol: start,
        endCol: afterHash + m[3].length,
      };
      if (m[5]) mark.severity = m[5] as Severity;
      if (m[6]) mark.fix = m[6] as FixExpectation;
      if (m[7]) mark.message = m[7];
      marks.push(mark);
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join(eol), marks };
}

interface MarkedFinding {
  rule: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
  severity?: Severity;
  message?: string;
  detail?: string;
  fixes?: ReadonlyArray<{ preferred: boolean }>;
}

/** Does a finding sit where the mark says (line, startCol..endCol on its first line)? */
export function atMark(mark: Mark, finding: MarkedFinding): boolean {
  if (finding.rule !== mark.rule || finding.start.line !== mark.line) return false;
  const startOk = finding.start.character === mark.startCol;
  // Multi-line findings: the carets mark the first line only, to its end.
  const endOk = finding.end.line > mark.line || finding.end.character === mark.endCol;
  return startOk && endOk;
}

/** What the finding at the mark's place lacks of what the mark also asks (severity, fix, message); [] when nothing. */
export function markMismatches(mark: Mark, finding: MarkedFinding): string[] {
  const out: string[] = [];
  if (mark.severity && finding.severity !== mark.severity)
    out.push(`severity ${finding.severity}, not ${mark.severity}`);
  if (mark.fix) {
    const fixes = finding.fixes ?? [];
    const ok =
      mark.fix === "no-fix"
        ? fixes.length === 0
        : mark.fix === "fix"
          ? fixes.length > 0
          : fixes.some((f) => f.preferred);
    if (!ok)
      out.push(
        `${fixes.length} fix(es), ${fixes.filter((f) => f.preferred).length} preferred: not "${mark.fix}"`,
      );
  }
  // The fragment may be in the first sentence or in the detail: the editor shows both.
  const text =
    finding.message === undefined
      ? undefined
      : fullMessage({ message: finding.message, detail: finding.detail });
  if (mark.message && !text?.includes(mark.message))
    out.push(`message ${JSON.stringify(text)} does not contain ${JSON.stringify(mark.message)}`);
  return out;
}

/** Does a finding satisfy the mark: its place and all it asks? */
export function matchesMark(mark: Mark, finding: MarkedFinding): boolean {
  return atMark(mark, finding) && markMismatches(mark, finding).length === 0;
}
