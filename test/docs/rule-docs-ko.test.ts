/**
 * The Korean rule docs (docs/rules/ko/<id>.md) are tests too, like the English ones: the
 * metadata table says what the rule's `meta` says, a fix title it quotes is one the wrong
 * example offers in Korean, the "잘못된 예" gives exactly that rule at the marked places (a
 * marker's message fragment is matched against the Korean message), the "올바른 예" gives
 * none of it, and the preferred fixes turn the one into the other. A rule in
 * NOT_YET_TRANSLATED may lack its page.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { SYNTAX_RULE } from "../../server/src/engine";
import { fixAll } from "../../server/src/fix";
import { NOT_YET_TRANSLATED } from "../../server/src/l10n/coverage";
import { ruleTitle } from "../../server/src/l10n/rules";
import { RULES } from "../../server/src/rules";
import { lintText } from "../helpers/lint";
import { atMark, markMismatches, parseMarked } from "../helpers/markers";

const DOCS = new URL("../../docs/rules/ko/", import.meta.url).pathname;
const ids = [SYNTAX_RULE, ...RULES.map((r) => r.meta.id)];
const ko = { locale: "ko" as const };

function yamlBlockAfter(md: string, heading: string): string | undefined {
  const at = md.indexOf(`\n## ${heading}\n`);
  if (at < 0) return undefined;
  return /```yaml\n([\s\S]*?)```/.exec(md.slice(at))?.[1];
}

function metadataRow(md: string): string[] | undefined {
  const m = /\n\| 기본 심각도 \| 수정 \| 도입 버전 \|\n\|[- |]+\|\n\|(.*)\|\n/.exec(md);
  return m?.[1].split(/ \| (?=(?:[^`]*`[^`]*`)*[^`]*$)/).map((c) => c.trim());
}

/** As in rule-docs.test.ts: `x`, <name> and N stand for what varies. */
function titlePattern(title: string): RegExp {
  const source = title
    .split(/(`[^`]*`|<[^>]*>|\bN\b)/)
    .map((p) => {
      if (/^`.*`$/.test(p) && p !== "` \\`") return "`[^`]+`";
      if (/^<.*>$/.test(p)) return '[^"`]+';
      if (p === "N") return "\\d+";
      return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}`);
}

describe("Korean rule documentation", () => {
  it("every rule has a Korean page, except those not yet translated, and every page has a rule", () => {
    const pages = readdirSync(DOCS)
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.replace(/\.md$/, ""));
    expect(pages.sort()).toEqual(ids.filter((id) => !NOT_YET_TRANSLATED.includes(id)).sort());
  });

  for (const id of ids) {
    if (!existsSync(`${DOCS}${id}.md`)) continue;
    describe(id, () => {
      const md = readFileSync(`${DOCS}${id}.md`, "utf8");
      const wrongRaw = yamlBlockAfter(md, "잘못된 예");
      const right = yamlBlockAfter(md, "올바른 예");
      const rule = RULES.find((r) => r.meta.id === id);

      it("has the title, its Korean title, a why paragraph, a wrong and a right example, a link to the English page", () => {
        expect(md.startsWith(`# ${id}\n\n`)).toBe(true);
        if (rule) expect(md).toContain(`\n\n${ruleTitle("ko", rule)}. ([English](../${id}.md))\n`);
        expect(md).toMatch(/\n## 왜 문제인가\n\n[^\n]*[\uac00-\ud7a3]/);
        expect(wrongRaw).toBeDefined();
        expect(right).toBeDefined();
      });

      it("the wrong example gives this rule exactly at the marked places, in Korean", () => {
        const { text, marks } = parseMarked(wrongRaw!);
        expect(marks.length).toBeGreaterThan(0);
        const found = lintText(text, {}, ko).filter((f) => f.rule === id);
        for (const mark of marks) {
          const here = found.find((f) => atMark(mark, f));
          expect(here, `${id} at line ${mark.line + 1}`).toBeDefined();
          expect(markMismatches(mark, here!)).toEqual([]);
        }
        expect(found.length).toBe(marks.length);
      });

      it("the right example does not give this rule", () => {
        expect(lintText(right!, {}, ko).filter((f) => f.rule === id)).toEqual([]);
      });

      if (rule) {
        it("its metadata table says what its meta says, with a Korean fix title the wrong example offers", () => {
          const row = metadataRow(md);
          expect(row, "a | 기본 심각도 | 수정 | 도입 버전 | table").toBeDefined();
          const [severity, fixable, since] = row!;
          expect(severity.split(" ")[0]).toBe(rule.meta.defaultSeverity);
          expect(severity.includes("(흐리게 표시)")).toBe(rule.meta.tags?.includes("unnecessary") ?? false);
          expect(severity.includes("(취소선으로 표시)")).toBe(
            rule.meta.tags?.includes("deprecated") ?? false,
          );
          expect(fixable.startsWith(rule.meta.fixable ? "예: " : "아니요")).toBe(true);
          expect(since).toMatch(/^\d+\.\d+\.\d+$/);
          if (rule.meta.fixable) {
            const titles = [...fixable.matchAll(/"((?:[^"]|"<[^>]*>")*)"/g)].map((m) => titlePattern(m[1]));
            expect(titles.length).toBeGreaterThan(0);
            const offered = lintText(parseMarked(wrongRaw ?? "").text, {}, ko)
              .filter((f) => f.rule === id)
              .flatMap((f) => (f.fixes ?? []).map((x) => x.title));
            expect(
              offered.some((t) => titles.some((p) => p.test(t))),
              `one of ${titles} among ${JSON.stringify(offered)}`,
            ).toBe(true);
          }
        });
        if (rule.meta.fixable)
          it("the preferred fixes turn the wrong example into the right one", () => {
            const { text } = parseMarked(wrongRaw!);
            const found = lintText(text, {}, ko).filter((f) => f.rule === id);
            // As in rule-docs.test.ts: a rule whose fixes all need review (none preferred),
            // the first fix of each finding.
            if (found.some((f) => f.fixes?.some((x) => x.preferred)))
              expect(fixAll(text, {}, ko).text).toBe(right);
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
