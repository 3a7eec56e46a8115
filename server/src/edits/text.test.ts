import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FC_SEED } from "../../../test/helpers/fc-seed";
import { applyEdits } from "./text";

type Edit = { start: number; end: number; newText: string };

/** The obvious way: each edit applied to what the others left, last first. */
function applyOneByOne(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe("applyEdits", () => {
  it("gives what applying the edits one by one gives, for any non-overlapping edits in any order", () => {
    const input = fc
      .tuple(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 }))),
      )
      .map(([text, raw]) => {
        // Edits at rising points: they touch at most at their ends (insertions may share a point).
        const edits: Edit[] = [];
        let floor = 0;
        for (const [at, len, newText] of raw) {
          const start = Math.min(floor + (at % 5), text.length);
          const end = Math.min(start + len, text.length);
          edits.push({ start, end, newText });
          floor = end;
        }
        return { text, edits };
      })
      .chain(({ text, edits }) =>
        fc
          .shuffledSubarray(edits, { minLength: edits.length })
          .map((shuffled) => ({ text, edits: shuffled })),
      );
    fc.assert(
      fc.property(input, ({ text, edits }) => {
        expect(applyEdits(text, edits)).toBe(applyOneByOne(text, edits));
      }),
      { numRuns: 500, seed: FC_SEED },
    );
  });
});
