/**
 * The promises every fix keeps, checked the same way for every rule, the docs examples and
 * the corpus: the result parses; every comment survives; the fixed finding is gone; no new
 * error appears; applying the fixes again changes nothing; lines outside the edits are
 * untouched; and where `docker-compose config -q` accepted the input, it accepts the output.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze, type LintFinding } from "../../server/src/engine";
import { applyEdits } from "../../server/src/edits/text";
import { fixAll } from "../../server/src/fix";
import type { BuildOptions } from "../../server/src/model/build";
import type { Fix } from "../../server/src/rules/types";

let composeBin: string | null | undefined;
/** Debian's docker-compose (v1, Python): a real validator that needs no engine. */
export function composeValidator(): string | null {
  if (composeBin === undefined) {
    const r = spawnSync("docker-compose", ["version", "--short"], { encoding: "utf8" });
    composeBin = r.status === 0 ? "docker-compose" : null;
  }
  return composeBin;
}

export function composeConfigOk(text: string, extraFiles: Record<string, string> = {}): { ok: boolean; output: string } {
  const bin = composeValidator();
  if (!bin) return { ok: true, output: "no validator" };
  const dir = mkdtempSync(join(tmpdir(), "mlops-cfg-"));
  try {
    for (const [n, t] of Object.entries(extraFiles)) writeFileSync(join(dir, n), t);
    writeFileSync(join(dir, "docker-compose.yml"), text);
    const r = spawnSync(bin, ["-f", join(dir, "docker-compose.yml"), "config", "-q"], {
      encoding: "utf8",
      cwd: dir,
      timeout: 30_000,
      env: { ...process.env, COMPOSE_PROJECT_NAME: "fixcheck" },
    });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  if (result.model.yaml.problems.some((p) => p.severity === "error") && !analyze(text, options).model.yaml.problems.length) {
    problems.push(`does not parse: ${result.model.yaml.problems.map((p) => p.message).join("; ")}`);
  }
  const lost = comments(text).filter((c) => !comments(after).includes(c));
  if (lost.length) problems.push(`lost comments: ${JSON.stringify(lost)}`);
  const sameRuleBefore = before.filter((f) => f.rule === finding.rule).length;
  const sameRuleAfter = result.findings.filter((f) => f.rule === finding.rule).length;
  if (sameRuleAfter >= sameRuleBefore) problems.push(`${finding.rule} not fixed (${sameRuleBefore} -> ${sameRuleAfter})`);
  const eb = errorsByRule(before);
  for (const [rule, n] of errorsByRule(result.findings)) {
    if (n > (eb.get(rule) ?? 0)) problems.push(`new error: ${rule} (${eb.get(rule) ?? 0} -> ${n})`);
  }
  // Untouched lines: every original line that no edit overlaps is still there, in order.
  const touched = (lineStart: number, lineEnd: number) => fix.edits.some((e) => e.start <= lineEnd && e.end >= lineStart);
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
  if (validate && composeValidator() && composeConfigOk(text).ok) {
    const v = composeConfigOk(after);
    if (!v.ok) problems.push(`docker-compose config -q rejects the result: ${v.output.trim().slice(0, 300)}`);
  }
  return { problems, after };
}

/** True when Debian's docker-compose is installed here (CI installs it). */
export function hasComposeValidator(): boolean {
  return composeValidator() !== null;
}

export function composeVersion(): string {
  try {
    return execFileSync("docker-compose", ["version", "--short"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}
