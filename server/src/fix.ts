/**
 * Applying fixes: one finding's fix, or every preferred (safe) fix until nothing changes,
 * as `--fix` and `source.fixAll` do. Each round re-analyses, so fixes never fight over stale
 * offsets; overlapping fixes simply wait for the next round.
 */

import { applyEdits } from "./edits/text";
import { analyze, type LintConfig, type LintFinding } from "./engine";
import type { BuildOptions } from "./model/build";
import { parseYamlText } from "./parse/yaml";
import type { Fix, TextEdit } from "./rules/types";

const MAX_ROUNDS = 20;

export interface FixAllResult {
  text: string;
  /** Titles of the fixes applied, in order. */
  applied: string[];
  remaining: LintFinding[];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // An insertion touching another edit (or another insertion at the same point) would
  // interleave unpredictably: treat it as overlapping and leave it for the next round.
  if (a.start === a.end || b.start === b.end) return a.start <= b.end && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}

export function fixAll(text: string, options: BuildOptions = {}, config: LintConfig = {}): FixAllResult {
  const applied: string[] = [];
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { findings } = analyze(current, options, config);
    const chosen: TextEdit[] = [];
    const titles: string[] = [];
    for (const f of findings) {
      const fix = f.fixes?.find((x) => x.preferred);
      if (!fix || fix.edits.length === 0) continue;
      if (fix.edits.some((e) => chosen.some((c) => overlaps(e, c)))) continue;
      chosen.push(...fix.edits);
      titles.push(fix.title);
    }
    if (chosen.length === 0) return { text: current, applied, remaining: findings };
    const next = applyEdits(current, chosen);
    if (next === current) return { text: current, applied, remaining: findings };
    // A safety net under every rule: a round that would make the YAML invalid is not applied.
    if (syntaxErrors(next) > syntaxErrors(current)) return { text: current, applied, remaining: findings };
    current = next;
    applied.push(...titles);
  }
  return { text: current, applied, remaining: analyze(current, options, config).findings };
}

function syntaxErrors(text: string): number {
  return parseYamlText(text).problems.filter((p) => p.severity === "error").length;
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/**
 * The smallest single edit turning `before` into `after`, on whole lines so that the
 * editor's undo and the diff view stay readable.
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  // Widen to line boundaries.
  const ls = before.lastIndexOf("\n", start - 1) + 1;
  start = ls;
  const nlB = before.indexOf("\n", endB);
  const extra = (nlB < 0 ? before.length : nlB) - endB;
  return {
    start,
    end: endB + extra,
    newText: after.slice(start, endA + extra),
  };
}
