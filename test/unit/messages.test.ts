import { describe, expect, it } from "vitest";
import { firstSentence, measureFirstSentences } from "../helpers/messages";

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
