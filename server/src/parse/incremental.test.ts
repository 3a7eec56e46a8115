import { describe, expect, it } from "vitest";
import { generateCompose } from "../../../bench/generate";
import { analyze } from "../engine";
import { ModelCache } from "../model/cache";

/** With a cache: the piecewise parse; without: the whole text at once, the reference. */
const summary = (text: string, cache?: ModelCache) =>
  analyze(text, cache ? { cache } : { chunked: false }).findings.map(
    (f) => `${f.rule} ${f.span.start}-${f.span.end} ${f.message}`,
  );

describe("incremental parsing of big files", () => {
  const base = generateCompose(300);

  it("gives exactly the findings of a full parse", () => {
    expect(base.length).toBeGreaterThan(100_000);
    const parser = new ModelCache();
    expect(summary(base, parser)).toEqual(summary(base));
  });

  it("re-parses only the piece an edit touches, and stays exact edit after edit", () => {
    const parser = new ModelCache();
    let text = base;
    summary(text, parser);
    const edits: Array<(t: string) => string> = [
      // A wrong host typed into one service's URL.
      (t) =>
        t.replace(
          "@db0:5432/app0\n      - SERVICE_NAME=svc0\n",
          "@dbX:5432/app0\n      - SERVICE_NAME=svc0\n",
        ),
      // A duplicate published port.
      (t) => t.replace('"20005:8080"', '"20004:8080"'),
      // A new service in the middle.
      (t) => t.replace("  svc10:\n", "  extra:\n    image: postgres\n    ports: ['20004:5432']\n  svc10:\n"),
      // A service removed.
      (t) => t.replace(/ {2}svc20:\n[\s\S]*? {2}svc21:\n/, "  svc21:\n"),
      // A syntax error typed, then fixed.
      (t) => t.replace("    restart: unless-stopped\n", "    restart: [unless-stopped\n"),
      (t) => t.replace("    restart: [unless-stopped\n", "    restart: unless-stopped\n"),
      // A duplicate service name.
      (t) => t.replace("  svc30:\n", "  svc31:\n"),
      // The top-level volumes touched.
      (t) => t.replace("volumes:\n", "volumes:\n  extra_data:\n"),
    ];
    for (const edit of edits) {
      text = edit(text);
      const r = parser.parser.parse(text);
      expect(r.parsedPieces).toBeLessThanOrEqual(3);
      expect(summary(text, parser)).toEqual(summary(text));
    }
  });

  it("falls back to the full parse for aliases and document markers", () => {
    const parser = new ModelCache();
    const withAlias = base
      .replace("  svc1:\n", "  svc1: &one\n")
      .replace("  svc2:\n    image", "  svc2:\n    <<: *one\n    image");
    expect(summary(withAlias, parser)).toEqual(summary(withAlias));
    const multi = `${base}---\nfoo: 1\n`;
    expect(summary(multi, parser)).toEqual(summary(multi));
  });
});
