/**
 * "Did you mean ...?": the defined name nearest to a misspelt one. Near means the same name
 * up to case and `-`/`_`/`.` separators, or a Levenshtein distance of at most 2 (at most 1
 * for names of four characters or fewer, where two edits turn `db` into `mq`).
 */

/** The edit distance between a and b. */
export function levenshtein(a: string, b: string): number {
  return levenshteinWithin(a, b, Number.POSITIVE_INFINITY);
}

/**
 * The edit distance when it is at most `limit`, else `limit + 1`: stops at the first row whose
 * every cell is past the limit (a name compared with thousands of others rarely gets far).
 */
export function levenshteinWithin(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length], limit + 1);
}

const SEPARATORS = /[-_.]/g;
const squash = (s: string) => s.toLowerCase().replace(SEPARATORS, "");

export interface NearNames {
  /** The candidates at the smallest distance (several when it is a tie). */
  names: string[];
  distance: number;
}

/** For one candidate list: per misspelt name, the candidates within reach, in list order. */
const nearOfList = new WeakMap<readonly string[], Map<string, NearName[]>>();

interface NearName {
  name: string;
  distance: number;
}

/** Every candidate within its allowed distance of `name` (not `name` itself), in list order. */
function withinReach(name: string, candidates: readonly string[]): NearName[] {
  let byName = nearOfList.get(candidates);
  if (!byName) nearOfList.set(candidates, (byName = new Map()));
  let near = byName.get(name);
  if (near) return near;
  near = [];
  const nameLower = name.toLowerCase();
  const nameSquashed = squash(name);
  for (const c of candidates) {
    if (c === name) continue;
    const limit = Math.min(c.length, name.length) <= 4 ? 1 : 2;
    const cLower = c.toLowerCase();
    let d: number;
    if (nameSquashed === squash(c)) d = 0;
    // The edit distance is at least the difference in length.
    else if (Math.abs(nameLower.length - cLower.length) > limit) continue;
    else d = levenshteinWithin(nameLower, cLower, limit);
    if (d <= limit) near.push({ name: c, distance: d });
  }
  byName.set(name, near);
  return near;
}

/**
 * The nearest candidates within the allowed distance, or undefined when none is near.
 * `skip` leaves candidates out. Pass the same array again (a list kept per model): what is
 * near a name is then found once, however many references misspell it the same way (199
 * services naming a renamed database).
 */
export function nearestNames(
  name: string,
  candidates: readonly string[],
  skip?: (candidate: string) => boolean,
): NearNames | undefined {
  let best: NearNames | undefined;
  for (const { name: c, distance: d } of withinReach(name, candidates)) {
    if (skip?.(c)) continue;
    if (!best || d < best.distance) best = { names: [c], distance: d };
    else if (d === best.distance && !best.names.includes(c)) best.names.push(c);
  }
  return best;
}
