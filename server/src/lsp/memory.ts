/**
 * Keeping the server's memory near what it really uses on big files. V8 defers full
 * collections while the heap is far below its (multi-gigabyte) limit, so a server that
 * re-analyses a 50,000-line file on every keystroke sees its resident size climb by the
 * garbage of each analysis (~2 MB) although what it keeps alive stays flat (~50 MB). After an
 * analysis, when the process has grown well past its size after the last collection, we ask
 * for a full collection ourselves; it costs a few milliseconds at that heap size, and
 * small files (the usual case) never reach the threshold.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined;
/** Resident size right after our last collection (or at start). */
let residentAfterLastGc = 0;
/** Below this resident size nothing is done: small files never pay for a collection. */
const MIN_RESIDENT_FOR_GC = 150 * 1024 * 1024;

function gcFunction(): (() => void) | undefined {
  if (collect) return collect;
  try {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  } catch {
    collect = undefined;
  }
  return collect;
}

/** Called after each analysis; collects when the process grew 20% past its size after the last collection. */
export function collectIfBloated(): void {
  const rss = process.memoryUsage.rss();
  if (rss < MIN_RESIDENT_FOR_GC || rss < 1.2 * residentAfterLastGc) return;
  const gc = gcFunction();
  if (!gc) return;
  gc();
  residentAfterLastGc = process.memoryUsage.rss();
}
