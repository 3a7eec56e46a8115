/**
 * Rule tests read like rust-analyzer's: an inline YAML fixture with `# ^^^ rule-id` markers
 * under the text each finding must cover (a marker may also pin the severity, whether a fix
 * is offered and a fragment of the message: see markers.ts), and before/after pairs for fixes.
 *
 *   expectFindings("wrong-db-host", `
 *   services:
 *     app:
 *       environment:
 *         - URL=postgresql://u:p@nowhere:5432/db
 *     #                         ^^^^^^^ wrong-db-host error no-fix: No service answers to the host `nowhere`
 *   `);
 */
import { afterAll, expect } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import type { LintFinding } from "../../server/src/engine";
import type { BuildOptions } from "../../server/src/model/build";
import { brokenByFixes } from "./compose-cli";
import { checkFixPromises } from "./fix-promises";
import { lintText, type PositionedFinding } from "./lint";
import { atMark, markMismatches, parseMarked } from "./markers";
import { isShortMessage } from "./messages";

/**
 * Compose validation (v2, and v1 where installed) of every fix of a test file runs once,
 * after the file's tests, in one go (v2 calls in parallel, v1 in one process).
 */
const pendingValidation: { label: string; before: string; after: string }[] = [];
afterAll(async () => {
  if (pendingValidation.length === 0) return;
  const pairs = pendingValidation.splice(0);
  expect(await brokenByFixes(pairs)).toEqual([]);
});

/** Removes the common indentation of a template literal and a leading newline. */
export function dedent(s: string): string {
  const body = s.replace(/^\n/, "");
  const lines = body.split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** Asserts that `rule` reports exactly at the marked places (and nowhere else). Returns the findings. */
export function expectFindings(
  rule: string,
  marked: string,
  options: BuildOptions = {},
): PositionedFinding[] {
  const { text, marks } = parseMarked(dedent(marked));
  const found = lintText(text, options).filter((f) => f.rule === rule);
  const where = () =>
    JSON.stringify(
      found.map((f) => ({ at: [f.start, f.end], text: f.text, message: f.message })),
      null,
      1,
    );
  // Every message a rule test sees is what the Problems panel can show (issue 19).
  expect(
    found.filter((f) => !isShortMessage(f.message)).map((f) => f.message),
    "one sentence of at most 120 characters, the rest in `detail`",
  ).toEqual([]);
  for (const mark of marks) {
    const here = found.find((f) => atMark(mark, f));
    expect(
      here,
      `expected ${rule} at line ${mark.line + 1}:${mark.startCol}-${mark.endCol}; found ${where()}`,
    ).toBeDefined();
    expect(markMismatches(mark, here!), `${rule} at line ${mark.line + 1}:${mark.startCol}`).toEqual([]);
  }
  expect(found.length, `expected ${marks.length} ${rule} finding(s); found ${where()}`).toBe(marks.length);
  return found;
}

/** Asserts that `rule` reports nothing on the text. */
export function expectNoFindings(rule: string, text: string, options: BuildOptions = {}): void {
  const found = lintText(dedent(text), options).filter((f) => f.rule === rule);
  expect(found.map((f) => `${f.start.line + 1}:${f.start.character} ${f.message}`)).toEqual([]);
}

/**
 * Applies the fix titled `title` (or the preferred one) of the `index`-th finding of `rule`,
 * asserts the exact result and that every fix promise holds. Returns the fixed text.
 */
export function expectFix(
  rule: string,
  before: string,
  after: string,
  opts: { title?: string | RegExp; index?: number; options?: BuildOptions; validate?: boolean } = {},
): string {
  const text = parseMarked(dedent(before)).text;
  const findings: LintFinding[] = lintText(text, opts.options ?? {}).filter((f) => f.rule === rule);
  const finding = findings[opts.index ?? 0];
  expect(finding, `no ${rule} finding to fix`).toBeDefined();
  const fixes = finding.fixes ?? [];
  const fix =
    opts.title === undefined
      ? fixes.find((f) => f.preferred)
      : fixes.find((f) =>
          typeof opts.title === "string" ? f.title === opts.title : opts.title!.test(f.title),
        );
  expect(fix, `fix not offered; offered: ${JSON.stringify(fixes.map((f) => f.title))}`).toBeDefined();
  const result = applyEdits(text, fix!.edits);
  expect(result).toBe(dedent(after));
  const report = checkFixPromises(text, finding, fix!, opts.options ?? {}, false);
  expect(report.problems).toEqual([]);
  if (opts.validate ?? true)
    pendingValidation.push({ label: `${rule} "${fix!.title}"`, before: text, after: result });
  return result;
}
