/**
 * The rule docs are tests (as Biome does): for every docs/rules/<id>.md, the metadata table
 * says what the rule's `meta` says (default severity, whether it fixes, its tags), the
 * "Wrong" example gives exactly that rule at the marked places (and what the markers ask:
 * severity, fix, message), the "Right" example gives none of it, and the preferred fixes
 * applied to the wrong example give the right example.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { SYNTAX_RULE } from "../../server/src/engine";
import { fixAll } from "../../server/src/fix";
import { RULES } from "../../server/src/rules";
import { shellRunsUnderBoth } from "../helpers/compose-argv";
import { lintText } from "../helpers/lint";
import { atMark, markMismatches, parseMarked } from "../helpers/markers";

const DOCS = new URL("../../docs/rules/", import.meta.url).pathname;

function yamlBlockAfter(md: string, heading: string): string | undefined {
  const at = md.indexOf(`\n## ${heading}\n`);
  if (at < 0) return undefined;
  const m = /```yaml\n([\s\S]*?)```/.exec(md.slice(at));
  return m?.[1];
}

const ids = [SYNTAX_RULE, ...RULES.map((r) => r.meta.id)];

/** The cells of the metadata table's one row: `| Default severity | Fixable | Since |`. */
function metadataRow(md: string): string[] | undefined {
  const m = /\n\| Default severity \| Fixable \| Since \|\n\|[- |]+\|\n\|(.*)\|\n/.exec(md);
  return m?.[1].split(/ \| (?=(?:[^`]*`[^`]*`)*[^`]*$)/).map((c) => c.trim());
}

/** A fix title as the docs write it (`x`, `name`, N, <client> stand for what varies) as a pattern of a real title's start. */
function titlePattern(title: string): RegExp {
  const parts = title.split(/(`[^`]*`|<[^>]*>|\bN\b)/);
  const source = parts
    .map((p) => {
      if (/^`.*`$/.test(p) && p !== "` \\`") return "`[^`]+`";
      if (/^<.*>$/.test(p)) return '[^"`]+';
      if (p === "N") return "\\d+";
      return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}`);
}

describe("rule documentation", () => {
  it("every rule has a docs page and every page has a rule", () => {
    const pages = readdirSync(DOCS)
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.replace(/\.md$/, ""));
    expect(pages.sort()).toEqual([...ids].sort());
  });

  for (const id of ids) {
    describe(id, () => {
      // A missing page fails the "every rule has a docs page" test; the others then see "".
      const md = existsSync(`${DOCS}${id}.md`) ? readFileSync(`${DOCS}${id}.md`, "utf8") : "";
      const wrongRaw = yamlBlockAfter(md, "Wrong");
      const right = yamlBlockAfter(md, "Right");

      it("has a title, a why paragraph, a wrong and a right example", () => {
        expect(md.startsWith(`# ${id}\n`)).toBe(true);
        expect(md).toMatch(/\n## Why it matters\n\n\S/);
        expect(wrongRaw, "## Wrong with a yaml block").toBeDefined();
        expect(right, "## Right with a yaml block").toBeDefined();
      });

      it("the wrong example gives this rule exactly at the marked places", () => {
        const { text, marks } = parseMarked(wrongRaw!);
        expect(marks.length, "at least one ^^^ marker").toBeGreaterThan(0);
        const found = lintText(text).filter((f) => f.rule === id);
        for (const mark of marks) {
          const where = JSON.stringify(found.map((f) => [f.start, f.end, f.text]));
          const here = found.find((f) => atMark(mark, f));
          expect(
            here,
            `${id} expected at line ${mark.line + 1} cols ${mark.startCol}-${mark.endCol}; got ${where}`,
          ).toBeDefined();
          expect(markMismatches(mark, here!), `${id} at line ${mark.line + 1}`).toEqual([]);
        }
        expect(found.length).toBe(marks.length);
      });

      it("the right example does not give this rule", () => {
        expect(lintText(right!).filter((f) => f.rule === id)).toEqual([]);
      });

      const rule = RULES.find((r) => r.meta.id === id);
      if (rule) {
        it("its metadata table says what its meta says", () => {
          const row = metadataRow(md);
          expect(row, "a | Default severity | Fixable | Since | table").toBeDefined();
          const [severity, fixable, since] = row!;
          const { meta } = rule;
          expect(severity.split(" ")[0]).toBe(meta.defaultSeverity);
          expect(severity.includes("(shown faded)")).toBe(meta.tags?.includes("unnecessary") ?? false);
          expect(severity.includes("(shown struck through)")).toBe(
            meta.tags?.includes("deprecated") ?? false,
          );
          expect(fixable.startsWith(meta.fixable ? "yes: " : "no")).toBe(true);
          expect(since).toMatch(/^\d+\.\d+\.\d+$/);
          if (meta.fixable) {
            // The fix titles it names, placeholders and all (`x`, N), include one the wrong example offers.
            const titles = [...fixable.matchAll(/"((?:[^"]|"<[^>]*>")*)"/g)].map((m) => titlePattern(m[1]));
            expect(titles.length, "the fix titles, quoted").toBeGreaterThan(0);
            const offered = lintText(parseMarked(wrongRaw ?? "").text)
              .filter((f) => f.rule === id)
              .flatMap((f) => (f.fixes ?? []).map((x) => x.title));
            expect(
              offered.some((t) => titles.some((p) => p.test(t))),
              `one of ${titles} among ${JSON.stringify(offered)}`,
            ).toBe(true);
          }
        });
      }
      if (rule?.meta.fixable) {
        it("the preferred fixes turn the wrong example into the right one", () => {
          const { text } = parseMarked(wrongRaw!);
          const found = lintText(text).filter((f) => f.rule === id);
          // A rule whose fixes all need review (none preferred): the first fix of each finding.
          if (found.some((f) => f.fixes?.some((x) => x.preferred))) expect(fixAll(text).text).toBe(right);
          else
            expect(
              applyEdits(
                text,
                found.flatMap((f) => f.fixes?.[0]?.edits ?? []),
              ),
            ).toBe(right);
        });
      }
    });
  }
});

// The command-line-break examples are about what bash receives, which Compose decides: run
// both CLIs on them and the real bash, with a stand-in `mlflow` that records its argv.
describe("command-line-break examples under both Compose CLIs", () => {
  const md = readFileSync(`${DOCS}command-line-break.md`, "utf8");
  const wrong = parseMarked(yamlBlockAfter(md, "Wrong")!).text;
  const right = yamlBlockAfter(md, "Right")!;

  it("the right example gives bash one command line with every option, the wrong one does not", () => {
    const [w, r] = shellRunsUnderBoth(
      [wrong, right].map((text) => ({ text, service: "mlflow", programs: ["mlflow"] })),
    );
    const intended = ["mlflow", "server", "--backend-store-uri", "sqlite:///mlflow.db", "--host", "0.0.0.0"];
    for (const run of [r!.v2, r!.v1]) {
      expect(run.calls).toEqual([intended]);
      expect(run.stderr).not.toMatch(/command not found/);
    }
    for (const run of [w!.v2, w!.v1]) {
      expect(run.calls).toEqual([["mlflow", "server"]]);
      expect(run.stderr).toMatch(/--backend-store-uri: command not found/);
    }
  });
});
