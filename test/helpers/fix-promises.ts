/**
 * The promises every fix keeps, checked the same way for every rule, the docs examples and
 * the corpus: the result parses; every comment survives; the fixed finding is gone; no new
 * error appears; applying the fixes again changes nothing; lines outside the edits are
 * untouched; and where `docker-compose config -q` accepted the input, it accepts the output.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyEdits } from "../../server/src/edits/text";
import { analyze, type LintFinding } from "../../server/src/engine";
import { fixAll } from "../../server/src/fix";
import type { BuildOptions } from "../../server/src/model/build";
import type { Fix } from "../../server/src/rules/types";

let composePython: string | null | undefined;
const VALIDATE_PY = new URL("../../scripts/compose-validate.py", import.meta.url).pathname;

/**
 * Debian's docker-compose (v1, Python) is a real validator that needs no engine. We run its
 * own loader (the code behind `docker-compose config -q`) for many files per process
 * (scripts/compose-validate.py), with the interpreter named in the docker-compose script.
 */
export function composeValidator(): string | null {
  if (composePython === undefined) {
    composePython = null;
    const which = spawnSync("sh", ["-c", "command -v docker-compose"], { encoding: "utf8" });
    const path = which.stdout.trim();
    if (which.status === 0 && path) {
      const shebang = /^#!\s*(\S+)/.exec(readFileSync(path, "utf8").split("\n")[0] ?? "");
      const py = shebang?.[1];
      if (py && spawnSync(py, ["-c", "import compose.config.config"], { encoding: "utf8" }).status === 0)
        composePython = py;
    }
  }
  return composePython;
}

export interface ConfigCheck {
  ok: boolean;
  output: string;
}

/** Validates each text as a docker-compose.yml in its own temporary directory, in one process. */
export function composeConfigBatch(texts: string[]): ConfigCheck[] {
  const py = composeValidator();
  if (!py) return texts.map(() => ({ ok: true, output: "no validator" }));
  const root = mkdtempSync(join(tmpdir(), "mlops-cfg-"));
  try {
    const items = texts.map((text, i) => {
      const dir = join(root, String(i));
      mkdirSync(dir);
      writeFileSync(join(dir, "docker-compose.yml"), text);
      return { dir, file: join(dir, "docker-compose.yml") };
    });
    const r = spawnSync(py, [VALIDATE_PY], {
      input: JSON.stringify(items),
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, COMPOSE_PROJECT_NAME: "fixcheck" },
    });
    if (r.status !== 0) throw new Error(`compose-validate.py failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as { ok: boolean; error: string }[]).map((x) => ({
      ok: x.ok,
      output: x.error,
    }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function composeConfigOk(text: string): ConfigCheck {
  return composeConfigBatch([text])[0];
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
  if (validate && composeValidator()) {
    const [b, a] = composeConfigBatch([text, after]);
    if (b.ok && !a.ok)
      problems.push(`docker-compose config -q rejects the result: ${a.output.trim().slice(0, 300)}`);
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
