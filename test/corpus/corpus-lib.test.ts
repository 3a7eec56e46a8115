/** `npm run corpus -- --update` keeps the reviewed verdicts and leaves new findings without one. */
import { describe, expect, it } from "vitest";
import { EXPECTED_HEADER, parseExpected, precisionSummary, renderExpected } from "./corpus-lib";

describe("expected-findings.tsv verdicts", () => {
  const previous = parseExpected(
    `${EXPECTED_HEADER}\na.yml\tobsolete-version\t1\ttrue\tversion: present, Compose warns\nb.yml\tdepends-on-not-healthy\t9\tfalse\tMLflow retries by itself\nc.yml\twrong-db-host\t3\n`,
  );

  it("reads rows with and without a verdict (and the old three-column rows)", () => {
    expect(previous.map((r) => [r.key, r.verdict, r.why])).toEqual([
      ["a.yml\tobsolete-version\t1", "true", "version: present, Compose warns"],
      ["b.yml\tdepends-on-not-healthy\t9", "false", "MLflow retries by itself"],
      ["c.yml\twrong-db-host\t3", "", ""],
    ]);
  });

  it("keeps the verdict of a finding still there, drops gone ones, leaves new ones blank", () => {
    const text = renderExpected(["a.yml\tobsolete-version\t1", "d.yml\tdb-healthcheck-missing\t4"], previous);
    expect(text).toBe(
      `${EXPECTED_HEADER}\na.yml\tobsolete-version\t1\ttrue\tversion: present, Compose warns\nd.yml\tdb-healthcheck-missing\t4\t\t\n`,
    );
    const again = parseExpected(text);
    expect(again.find((r) => r.key.startsWith("d.yml"))?.verdict).toBe("");
    expect(renderExpected(["a.yml\tobsolete-version\t1", "d.yml\tdb-healthcheck-missing\t4"], again)).toBe(
      text,
    );
  });

  it("counts verdicts per rule and false positives per 50 files", () => {
    const summary = precisionSummary(previous, 100);
    expect(summary).toContain("depends-on-not-healthy: 0 true / 1 false / 0 debatable");
    expect(summary).toContain("wrong-db-host: 0 true / 0 false / 0 debatable / 1 unreviewed");
    expect(summary).toContain("warnings and errors: 3 (1.50 per 50 files); false 1 (0.50 per 50 files)");
  });
});
