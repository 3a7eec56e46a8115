/** The test markers: where a finding sits, and what else a marker may pin (severity, fix, message). */
import { describe, expect, it } from "vitest";
import { matchesMark, parseMarked } from "../helpers/markers";

const finding = {
  rule: "obsolete-version",
  start: { line: 0, character: 0 },
  end: { line: 0, character: 14 },
  severity: "warning" as const,
  message: "The attribute `version` is obsolete.",
  fixes: [{ preferred: true }],
};

describe("markers", () => {
  it("read the place, and optionally the severity, the fix and a fragment of the message", () => {
    const { text, marks } = parseMarked(
      "version: '3.8'\n#^^^^^^^^^^^^^ obsolete-version\n#^^^^^^^^^^^^^ obsolete-version warning safe-fix: is obsolete\n",
    );
    expect(text).toBe("version: '3.8'\n");
    expect(marks).toEqual([
      { rule: "obsolete-version", line: 0, startCol: 0, endCol: 14 },
      {
        rule: "obsolete-version",
        line: 0,
        startCol: 0,
        endCol: 14,
        severity: "warning",
        fix: "safe-fix",
        message: "is obsolete",
      },
    ]);
    for (const mark of marks) expect(matchesMark(mark, finding)).toBe(true);
  });

  it("fail on another severity, fix or message", () => {
    const at = "version: '3.8'\n#^^^^^^^^^^^^^ obsolete-version";
    const mark = (rest: string) => parseMarked(`${at} ${rest}\n`).marks[0];
    expect(matchesMark(mark("error"), finding)).toBe(false);
    expect(matchesMark(mark("no-fix"), finding)).toBe(false);
    expect(matchesMark(mark("safe-fix"), { ...finding, fixes: [{ preferred: false }] })).toBe(false);
    expect(matchesMark(mark("fix"), { ...finding, fixes: [{ preferred: false }] })).toBe(true);
    expect(matchesMark(mark(": is deprecated"), finding)).toBe(false);
    expect(matchesMark(parseMarked(`${at}\n`).marks[0], { ...finding, end: { line: 0, character: 9 } })).toBe(
      false,
    );
  });
});
