/**
 * The variables Compose would interpolate with: the `.env` next to the compose file.
 * Read from disk, cached by modification time so typing does not hit the disk.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseDotEnv } from "../parse/interpolate";

const cache = new Map<string, { mtimeMs: number; vars: Map<string, string> }>();
const EMPTY = new Map<string, string>();

export function dotEnvFor(composePath: string | undefined): Map<string, string> {
  if (!composePath) return EMPTY;
  const file = join(dirname(composePath), ".env");
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    cache.delete(file);
    return EMPTY;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.vars;
  let vars = EMPTY;
  try {
    vars = parseDotEnv(readFileSync(file, "utf8"));
  } catch {
    vars = EMPTY;
  }
  cache.set(file, { mtimeMs, vars });
  return vars;
}
