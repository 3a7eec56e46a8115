/**
 * The promises every fix keeps, checked the same way for every rule, the docs examples and
 * the corpus: the result parses; every comment survives; the fixed finding is gone; no new
 * error appears; applying the fixes again changes nothing; lines outside the edits are
 * untouched; and where Compose accepted the input, it accepts the output: Compose v2
 * (`docker compose config -q`, required) and v1 (`docker-compose`, where installed), each on
 * its own (test/helpers/compose-cli.ts).
 */
import { applyEdits } from "../../server/src/edits/text";
import { analyze, type LintFinding } from "../../server/src/engine";
import { fixAll } from "../../server/src/fix";
import type { BuildOptions } from "../../server/src/model/build";
import type { Fix } from "../../server/src/rules/types";
import { type ConfigCheck, composeConfigAllSync, composeValidators } from "./compose-cli";

export type { ConfigCheck } from "./compose-cli";

/**
 * One text through every installed Compose (v2, and v1 where present): ok only when all accept
 * it; the output names the ones that did not. Synchronous, for single files in rule tests.
 */
export function composeConfigOk(text: string): ConfigCheck {
  const rejected = composeConfigAllSync([text]).filter((r) => !r.results[0].ok);
  return {
    ok: rejected.length === 0,
    output: rejected.map((r) => `${r.validator.label}: ${r.results[0].output}`).join("\n"),
  };
}

/**
 * True when the validators are installed; throws (MissingValidatorError) when Compose v2 is
 * not, so a test guarded with `skipIf(!hasComposeValidator())` fails instead of skipping.
 */
export function hasComposeValidator(): boolean {
  return composeValidators().length > 0;
}

function comments(text: string): string[] {
  const out: string[] = [];
  // Comments are the `#...` runs that YAML does not treat as content; the parser's CST is
  // overkill here: a line-based scan that skips quoted text is exact for our fixtures.
  for (const line of text.split(/\r?\n/)) {
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = c;
      } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
        out.push(line.slice(i).trim());
        break;
      }
    }
  }
  return out;
}

export interface PromiseReport {
  problems: string[];
  after: string;
}

const errorsByRule = (fs: LintFinding[]) => {
  const m = new Map<string, number>();
  for (const f of fs) if (f.severity === "error") m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
};

/** Checks one fix of one finding on `text`. Returns the list of broken promises (empty = all kept). */
export function checkFixPromises(
  text: string,
  finding: LintFinding,
  fix: Fix,
  options: BuildOptions = {},
  validate = true,
): PromiseReport {
  const problems: string[] = [];
  const before = analyze(text, options).findings;
  const after = applyEdits(text, fix.edits);
  const result = analyze(after, options);
  if (
    result.model.yaml.problems.some((p) => p.severity === "error") &&
    !analyze(text, options).model.yaml.problems.length
  ) {
    problems.push(`does not parse: ${result.model.yaml.problems.map((p) => p.message).join("; ")}`);
  }
  const lost = comments(text).filter((c) => !comments(after).includes(c));
  if (lost.length) problems.push(`lost comments: ${JSON.stringify(lost)}`);
  const sameRuleBefore = before.filter((f) => f.rule === finding.rule).length;
  const sameRuleAfter = result.findings.filter((f) => f.rule === finding.rule).length;
  if (sameRuleAfter >= sameRuleBefore)
    problems.push(`${finding.rule} not fixed (${sameRuleBefore} -> ${sameRuleAfter})`);
  const eb = errorsByRule(before);
  for (const [rule, n] of errorsByRule(result.findings)) {
    if (n > (eb.get(rule) ?? 0)) problems.push(`new error: ${rule} (${eb.get(rule) ?? 0} -> ${n})`);
  }
  // Untouched lines: every original line that no edit overlaps is still there, in order.
  const touched = (lineStart: number, lineEnd: number) =>
    fix.edits.some((e) => e.start <= lineEnd && e.end >= lineStart);
  const keep: string[] = [];
  let off = 0;
  for (const line of text.split("\n")) {
    if (!touched(off, off + line.length)) keep.push(line);
    off += line.length + 1;
  }
  const afterLines = after.split("\n");
  let j = 0;
  for (const line of keep) {
    while (j < afterLines.length && afterLines[j] !== line) j++;
    if (j >= afterLines.length) {
      problems.push(`untouched line changed or moved: ${JSON.stringify(line)}`);
      break;
    }
    j++;
  }
  // Idempotent: the whole safe-fix pass on the result changes nothing more for this rule's fix kind.
  if (fix.preferred) {
    const again = fixAll(fixAll(after, options).text, options).text;
    if (again !== fixAll(after, options).text) problems.push("fixAll is not idempotent");
  }
  if (validate) {
    for (const { validator, results } of composeConfigAllSync([text, after])) {
      const [b, a] = results;
      if (b.ok && !a.ok)
        problems.push(`${validator.label} config -q rejects the result: ${a.output.trim().slice(0, 300)}`);
    }
  }
  return { problems, after };
}
