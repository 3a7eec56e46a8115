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

const squash = (s: string) => s.toLowerCase().replace(/[-_.]/g, "");

/** How far `candidate` is from `name`: 0 for a case/separator difference, else the edit distance. */
export function nameDistance(name: string, candidate: string): number {
  if (squash(name) === squash(candidate)) return 0;
  return levenshtein(name.toLowerCase(), candidate.toLowerCase());
}

export interface NearNames {
  /** The candidates at the smallest distance (several when it is a tie). */
  names: string[];
  distance: number;
}

/** The nearest candidates within the allowed distance, or undefined when none is near. */
export function nearestNames(name: string, candidates: Iterable<string>): NearNames | undefined {
  let best: NearNames | undefined;
  for (const c of candidates) {
    if (c === name) continue;
    const d = nameDistance(name, c);
    if (d > (Math.min(c.length, name.length) <= 4 ? 1 : 2)) continue;
    if (!best || d < best.distance) best = { names: [c], distance: d };
    else if (d === best.distance && !best.names.includes(c)) best.names.push(c);
  }
  return best;
}
