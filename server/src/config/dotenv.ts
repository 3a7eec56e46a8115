/**
 * The variables Compose would interpolate with: the `.env` next to the compose file.
 * Read from disk, cached by modification time so typing does not hit the disk.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseDotEnv } from "../parse/interpolate";

const cache = new Map<string, { mtimeMs: number; vars: Map<string, string> }>();
const EMPTY = new Map<string, string>();

/** The last `.env` text an editor had open, parsed (a keystroke elsewhere must not re-parse it). */
const fromEditor = new Map<string, { text: string; vars: Map<string, string> }>();

/**
 * `openText`: an open editor's text of a path (the language server's), which wins over the
 * disk, so that a keystroke in `.env` is seen before it is saved.
 */
export function dotEnvFor(
  composePath: string | undefined,
  openText?: (path: string) => string | undefined,
): Map<string, string> {
  if (!composePath) return EMPTY;
  const file = join(dirname(composePath), ".env");
  const open = openText?.(file);
  if (open !== undefined) {
    const hit = fromEditor.get(file);
    if (hit && hit.text === open) return hit.vars;
    const vars = parseDotEnv(open);
    fromEditor.set(file, { text: open, vars });
    return vars;
  }
  fromEditor.delete(file);
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

/** `--env-file`s read in order, later ones winning, as `docker compose --env-file a --env-file b` reads them. */
export function envFileVariables(paths: readonly string[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch {
      continue; // loading the project reports it at the option
    }
    for (const [k, v] of parseDotEnv(text, (n) => vars.get(n))) vars.set(k, v);
  }
  return vars;
}
