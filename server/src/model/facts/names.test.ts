/**
 * Near names are found through deletion variants when many names are asked about at once:
 * it must give exactly what comparing each name with every candidate gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FC_SEED } from "../../../../test/helpers/fc-seed";
import { NearNameIndex } from "./names";

describe("near names", () => {
  it("found for many names at once are those found one by one", () => {
    const word = fc.stringMatching(/^[a-dA-D_.-]{0,7}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 120 }),
        fc.array(word, { minLength: 1, maxLength: 60 }),
        (candidates, names) => {
          const batch = new NearNameIndex(candidates);
          // Enough names against enough candidates to take the variant path.
          batch.prepare(
            names.length * candidates.length > 4096 ? names : [...names, ...candidates, ...candidates],
          );
          for (const n of names) {
            const alone = new NearNameIndex(candidates);
            expect(batch.nearest(n)).toEqual(alone.nearest(n));
            expect(batch.nearest(n, (c) => c.startsWith("a"))).toEqual(
              alone.nearest(n, (c) => c.startsWith("a")),
            );
          }
        },
      ),
      { numRuns: 200, seed: FC_SEED },
    );
  });
});
