import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateFindingHeavy } from "../../bench/generate";
import { fullMessage } from "../../server/src/rules/types";
import { corpusAvailable, corpusFiles, lintCorpusFile } from "../corpus/corpus-lib";
import { EXAMPLE, lintText } from "../helpers/lint";
import { parseMarked } from "../helpers/markers";
import { firstSentence, isShortMessage, measureFirstSentences } from "../helpers/messages";

describe("firstSentence (for holding diagnostics to the Problems panel's width)", () => {
  it("ends at the first full stop followed by a space or the end", () => {
    expect(firstSentence("The host is wrong. It fails with X.")).toBe("The host is wrong.");
    expect(firstSentence("No full stop at all")).toBe("No full stop at all");
    expect(firstSentence("Is it? Yes.")).toBe("Is it?");
  });

  it("does not end inside code, quotes, parentheses, numbers, file names or abbreviations", () => {
    expect(firstSentence("Use `a. b` here. Then.")).toBe("Use `a. b` here.");
    expect(firstSentence('It says "Connection refused. Retry." and stops. More.')).toBe(
      'It says "Connection refused. Retry." and stops.',
    );
    expect(firstSentence("Version 3.8 of docker-compose.yml is old (see the docs. Really). Next.")).toBe(
      "Version 3.8 of docker-compose.yml is old (see the docs. Really).",
    );
    expect(firstSentence("Use a healthcheck, e.g. pg_isready. Then wait.")).toBe(
      "Use a healthcheck, e.g. pg_isready.",
    );
  });

  it("measures in characters, longest first", () => {
    expect(
      measureFirstSentences([
        { rule: "a", message: "Short. Rest." },
        { rule: "b", message: "A bit longer: é. Rest." },
      ]),
    ).toEqual([
      { rule: "b", length: 16, sentence: "A bit longer: é." },
      { rule: "a", length: 6, sentence: "Short." },
    ]);
  });
});

const DOCS = new URL("../../docs/rules/", import.meta.url).pathname;

/** Every yaml example of the rule docs (markers removed), the bundled example and the benchmark's finding-heavy file. */
function docsTexts(): { name: string; text: string }[] {
  const out = [
    { name: "examples/mlflow-airflow", text: readFileSync(EXAMPLE, "utf8") },
    // Every rule fires in every block of ten services, with generated (long) names.
    { name: "bench finding-heavy (100 services)", text: generateFindingHeavy(100) },
  ];
  for (const page of readdirSync(DOCS).filter((f) => f.endsWith(".md"))) {
    const md = readFileSync(`${DOCS}${page}`, "utf8");
    let n = 0;
    for (const m of md.matchAll(/```yaml\n([\s\S]*?)```/g))
      out.push({ name: `${page} example ${++n}`, text: parseMarked(m[1]).text });
  }
  return out;
}

interface Seen {
  where: string;
  rule: string;
  message: string;
  detail?: string;
}

function findingsOfAll(): Seen[] {
  const seen: Seen[] = [];
  for (const { name, text } of docsTexts())
    for (const f of lintText(text))
      seen.push({ where: name, rule: f.rule, message: f.message, detail: f.detail });
  if (corpusAvailable())
    for (const file of corpusFiles())
      for (const f of lintCorpusFile(file).findings)
        seen.push({ where: file, rule: f.rule, message: f.message, detail: f.detail });
  return seen;
}

describe("every finding on the corpus, the docs examples, the bundled example and the finding-heavy file", () => {
  const seen = findingsOfAll();

  it("has a message that is one sentence of at most 120 characters (the rest is in `detail`)", () => {
    expect(seen.length).toBeGreaterThan(100);
    const bad = seen.filter((f) => !isShortMessage(f.message));
    expect(bad.map((f) => `${f.rule} (${f.where}): ${f.message}`)).toEqual([]);
  });

  it("keeps what the long messages said: the detail, where there is one, is more than a word", () => {
    for (const f of seen) if (f.detail !== undefined) expect(f.detail.trim().length).toBeGreaterThan(10);
    // The LSP and SARIF show message and detail as one text.
    for (const f of seen) expect(fullMessage(f).startsWith(f.message)).toBe(true);
  });
});
