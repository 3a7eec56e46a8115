/**
 * "Did you mean ...?": the defined name nearest to a misspelt one. Near means the same name
 * up to case and `-`/`_`/`.` separators, or a Levenshtein distance of at most 2 (at most 1
 * for names of four characters or fewer, where two edits turn `db` into `mq`).
 */

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

const SEPARATORS = /[-_.]/g;
const squash = (s: string) => s.toLowerCase().replace(SEPARATORS, "");

export interface NearNames {
  /** The candidates at the smallest distance (several when it is a tie). */
  names: string[];
  distance: number;
}

/** A candidate list with each name's lower-case and squashed forms, made once per list. */
interface Prepared {
  lower: string[];
  squashed: string[];
}
const preparedLists = new WeakMap<readonly string[], Prepared>();

function prepare(candidates: readonly string[]): Prepared {
  let p = preparedLists.get(candidates);
  if (!p) {
    p = { lower: candidates.map((c) => c.toLowerCase()), squashed: candidates.map(squash) };
    preparedLists.set(candidates, p);
  }
  return p;
}

/**
 * The nearest candidates within the allowed distance, or undefined when none is near.
 * `skip` leaves candidates out. Pass the same array again (a list kept per model) and its
 * names are not lower-cased and squashed again: a file with hundreds of misspelt references
 * to thousands of services stays fast.
 */
export function nearestNames(
  name: string,
  candidates: readonly string[],
  skip?: (candidate: string) => boolean,
): NearNames | undefined {
  const { lower, squashed } = prepare(candidates);
  const nameLower = name.toLowerCase();
  const nameSquashed = squash(name);
  let best: NearNames | undefined;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k];
    if (c === name || skip?.(c)) continue;
    const limit = Math.min(c.length, name.length) <= 4 ? 1 : 2;
    let d: number;
    if (nameSquashed === squashed[k]) d = 0;
    // The edit distance is at least the difference in length.
    else if (Math.abs(nameLower.length - lower[k].length) > limit) continue;
    else d = levenshtein(nameLower, lower[k]);
    if (d > limit) continue;
    if (!best || d < best.distance) best = { names: [c], distance: d };
    else if (d === best.distance && !best.names.includes(c)) best.names.push(c);
  }
  return best;
}
