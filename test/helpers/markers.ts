/**
 * Inline expectation markers, rust-analyzer style, written as YAML comments so that the
 * example stays valid YAML:
 *
 *     version: '3.8'
 *     # ^^^^^^^^^^^^ obsolete-version
 *
 * A marker line is `#`, spaces, a run of `^`, then a rule id. The carets mark columns of the
 * nearest line above that is not a marker. When the carets follow `#` with no space, the `#`
 * counts as the first caret (so `#^^^^^^` marks columns 0-7, as it looks).
 * Marker lines are removed from the text before it is analysed.
 */
export interface Mark {
  rule: string;
  /** 0-based line in the text without marker lines. */
  line: number;
  startCol: number;
  endCol: number;
}

const MARKER = /^(\s*#)(\s*)(\^+)\s+([a-z0-9-]+)\s*$/;

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
      marks.push({ rule: m[4], line: kept.length - 1, startCol: start, endCol: afterHash + m[3].length });
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join(eol), marks };
}

/** Does a finding at (line, startCol..endCol on its first line) satisfy the mark? */
export function matchesMark(
  mark: Mark,
  finding: {
    rule: string;
    start: { line: number; character: number };
    end: { line: number; character: number };
  },
): boolean {
  if (finding.rule !== mark.rule || finding.start.line !== mark.line) return false;
  const startOk = finding.start.character === mark.startCol;
  // Multi-line findings: the carets mark the first line only, to its end.
  const endOk = finding.end.line > mark.line || finding.end.character === mark.endCol;
  return startOk && endOk;
}
