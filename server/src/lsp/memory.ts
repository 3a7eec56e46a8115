/**
 * Keeping the server's memory near what it really uses on big files. After a full
 * collection V8 lets the old generation grow by a factor of up to 4 before the next one, so
 * a server that re-analyses a 50,000-line file on every keystroke climbs by the garbage each
 * analysis promotes (~2 MB: the new text, objects alive at a scavenge) to well over 300 MB
 * while keeping only ~50 MB alive. Capping the growth factor makes V8 start its own
 * (incremental, mostly concurrent) marking sooner: the resident size stays within ~20% of
 * the live heap, and the pauses stay small, unlike a forced `gc()`, which marks the whole
 * heap in one ~50 ms stop on that file. Small files never grow the heap enough to notice.
 */
import { setFlagsFromString } from "node:v8";

/** The old generation may grow this much (in percent) past its live size before V8 collects. */
export const HEAP_GROWING_PERCENT = 20;

let applied = false;

/** Called once when the server starts; the flag is read by V8 at each collection, so it applies at once. */
export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  // Respect an explicit choice made on the command line or in NODE_OPTIONS.
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  if (given.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
