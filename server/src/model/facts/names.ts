/**
 * "Did you mean ...?": the defined name nearest to a misspelt one. Near means the same name
 * up to case and `-`/`_`/`.` separators, or a Levenshtein distance of at most 2 (at most 1
 * for names of four characters or fewer, where two edits turn `db` into `mq`).
 *
 * A file with hundreds of misspelt names and thousands of defined ones must not compare each
 * with each: two names within 2 edits always share a string that 2 deletions or fewer make of
 * each, so the misspelt names' deletion variants are put in a map and each candidate's own
 * (kept per candidate string) are looked up in it. Only the few candidates found are compared.
 */

import { detached } from "./once";

/** Two rows of the distance table, reused from call to call (names are short; ranking compares thousands). */
let rowA = new Uint32Array(64);
let rowB = new Uint32Array(64);

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
  if (rowA.length <= b.length) {
    rowA = new Uint32Array(2 * (b.length + 1));
    rowB = new Uint32Array(2 * (b.length + 1));
  }
  let prev = rowA;
  let cur = rowB;
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

/** The largest distance any pair of names may have and still be near. */
const MAX_DISTANCE = 2;

export interface NearNames {
  /** The candidates at the smallest distance (several when it is a tie). */
  names: string[];
  distance: number;
}

interface NearName {
  name: string;
  distance: number;
}

/** Every string that deleting at most `k` characters of `s` gives, `s` included. */
function deletions(s: string, k: number): string[] {
  const out = new Set([s]);
  let level = [s];
  for (let d = 0; d < k; d++) {
    const next: string[] = [];
    for (const w of level) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    level = next;
  }
  return [...out];
}

/**
 * What is kept per name, across models: its lower-case and squashed forms and its deletion
 * variants (copies: see `detached`). Bounded: a document's names are a few thousand, and a
 * name no longer used costs one entry until the table is cleared.
 */
interface Prepared {
  lower: string;
  squashed: string;
  variants?: string[];
}
const PREPARED = new Map<string, Prepared>();
const MAX_PREPARED = 10_000;

function prepared(name: string): Prepared {
  let p = PREPARED.get(name);
  if (!p) {
    if (PREPARED.size >= MAX_PREPARED) PREPARED.clear();
    const lower = detached(name.toLowerCase());
    PREPARED.set(detached(name), (p = { lower, squashed: lower.replace(SEPARATORS, "") }));
  }
  return p;
}

function variantsOf(p: Prepared): string[] {
  p.variants ??= deletions(p.lower, MAX_DISTANCE);
  return p.variants;
}

/** The names near `name` of those given (in their order) and how far: the rule every lookup applies. */
function near(name: string, candidates: Iterable<{ name: string; index: number }>): NearName[] {
  const out: NearName[] = [];
  const q = prepared(name);
  for (const { name: c } of candidates) {
    if (c === name) continue;
    const limit = Math.min(c.length, name.length) <= 4 ? 1 : 2;
    const p = prepared(c);
    let d: number;
    if (q.squashed === p.squashed) d = 0;
    // The edit distance is at least the difference in length.
    else if (Math.abs(q.lower.length - p.lower.length) > limit) continue;
    else d = levenshteinWithin(q.lower, p.lower, limit);
    if (d <= limit) out.push({ name: c, distance: d });
  }
  return out;
}

const NONE: readonly number[] = [];

/** The defined names of one kind, and for each misspelt name asked about, those near it. */
export class NearNameIndex {
  private readonly withinReach = new Map<string, NearName[]>();

  constructor(private readonly candidates: readonly string[]) {}

  /**
   * Finds what is near each of `names` in one pass over the candidates. Without it, each
   * name asked about is compared with every candidate (fine for the few of a small file).
   */
  prepare(names: Iterable<string>): void {
    const todo = [...new Set(names)].filter((n) => !this.withinReach.has(n));
    if (todo.length === 0) return;
    // A handful of names, or few candidates: comparing directly is cheaper than the variants.
    if (todo.length * this.candidates.length <= 4096) {
      for (const n of todo) this.lookup(n);
      return;
    }
    const byVariant = new Map<string, number[]>();
    const bySquashed = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, q: number) => {
      const list = map.get(key);
      if (!list) map.set(key, [q]);
      else if (list[list.length - 1] !== q) list.push(q);
    };
    todo.forEach((n, q) => {
      const p = prepared(n);
      for (const v of variantsOf(p)) add(byVariant, v, q);
      add(bySquashed, p.squashed, q);
    });
    const found: Array<Array<{ name: string; index: number }>> = todo.map(() => []);
    // The last candidate each misspelt name was found near, so that one is listed once.
    const lastFound = new Int32Array(todo.length).fill(-1);
    const hit = (q: number, name: string, index: number) => {
      if (lastFound[q] === index) return;
      lastFound[q] = index;
      found[q].push({ name, index });
    };
    this.candidates.forEach((c, index) => {
      const p = prepared(c);
      for (const q of bySquashed.get(p.squashed) ?? NONE) hit(q, c, index);
      for (const v of variantsOf(p)) {
        const qs = byVariant.get(v);
        if (qs) for (const q of qs) hit(q, c, index);
      }
    });
    todo.forEach((n, q) => {
      this.withinReach.set(n, near(n, found[q]));
    });
  }

  private lookup(name: string): NearName[] {
    let list = this.withinReach.get(name);
    if (!list) {
      list = near(
        name,
        this.candidates.map((c, index) => ({ name: c, index })),
      );
      this.withinReach.set(name, list);
    }
    return list;
  }

  /** The nearest candidates within the allowed distance, or undefined when none is near; `skip` leaves candidates out. */
  nearest(name: string, skip?: (candidate: string) => boolean): NearNames | undefined {
    let best: NearNames | undefined;
    for (const { name: c, distance: d } of this.lookup(name)) {
      if (skip?.(c)) continue;
      if (!best || d < best.distance) best = { names: [c], distance: d };
      else if (d === best.distance && !best.names.includes(c)) best.names.push(c);
    }
    return best;
  }
}

/**
 * The index for these candidates: the last one when the candidates are the same, in the same
 * order (an open document's keystrokes rarely rename a service), so what is near each
 * misspelt name is found once, not once per keystroke. One per kind of name.
 */
const lastIndex = new Map<string, { key: string; index: NearNameIndex }>();

export function nearNameIndex(kind: string, candidates: readonly string[]): NearNameIndex {
  const key = candidates.join("\u0000");
  const last = lastIndex.get(kind);
  if (last && last.key === key) return last.index;
  const index = new NearNameIndex(candidates);
  lastIndex.set(kind, { key, index });
  return index;
}

/** The nearest of `candidates` to `name` (see NearNameIndex). */
export function nearestNames(
  name: string,
  candidates: readonly string[],
  skip?: (candidate: string) => boolean,
): NearNames | undefined {
  return new NearNameIndex(candidates).nearest(name, skip);
}
