/**
 * The project config file, `.mlops-compose.yaml`, found from the linted file upwards (the
 * nearest one wins, as ESLint's and Ruff's do). The CLI and the language server read it
 * through the same functions; in VS Code, settings the user set override it.
 *
 *   rules: {db-host-localhost: off, obsolete-version: error}
 *   ignore: ["legacy/**", "vendor/"]
 *   composeCommand: docker compose
 *   schema: {enable: false}
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";
import { levenshtein } from "../model/facts/names";
import { KNOWN_RULE_IDS, LEVELS, type LintConfigLayer } from "./settings";

export const CONFIG_FILE_NAMES = [".mlops-compose.yaml", ".mlops-compose.yml"] as const;

export interface ProjectConfig extends LintConfigLayer {
  /** Absolute path of the file. */
  file: string;
  /** Globs relative to the file's folder; a match is not linted. */
  ignore: string[];
  composeCommand?: string;
  /** Whether a path (absolute, or relative to the working directory) is ignored. */
  isIgnored(path: string): boolean;
}

export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
}

export interface LoadedConfig {
  /** What was valid (problems leave their key out). */
  config: ProjectConfig;
  problems: ConfigProblem[];
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

const KEYS = ["rules", "ignore", "composeCommand", "schema"];

/** The nearest config file in `dir` or above, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    const up = dirname(current);
    if (up === current) return undefined;
    current = up;
  }
}

/** Parses the text of a config file; never throws. */
export function parseProjectConfig(text: string, file: string): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined, message: string) => {
    const p = lines.linePos(offset ?? 0);
    problems.push({ file, line: p.line, column: p.col, message });
  };
  const layer: { rules: Record<string, (typeof LEVELS)[number]>; schema?: { enable?: boolean } } = {
    rules: {},
  };
  let ignore: string[] = [];
  let composeCommand: string | undefined;
  for (const e of doc.errors) at(e.pos[0], e.message.split("\n")[0]);
  const root = doc.errors.length === 0 ? doc.contents : null;
  if (root && !isMap(root))
    at(root.range?.[0], "The config file must be a mapping (`rules:`, `ignore:`, ...).");
  if (root && isMap(root)) {
    for (const pair of root.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const keyAt = pair.key?.range?.[0];
      const value = pair.value;
      const valueAt = value?.range?.[0] ?? keyAt;
      if (key === "rules") {
        if (!isMap(value)) {
          at(valueAt, "`rules` must map rule ids to off, hint, info, warning or error.");
          continue;
        }
        for (const r of value.items as Pair<Node, Node | null>[]) {
          const id = isScalar(r.key) ? String(r.key.value) : "";
          const level = isScalar(r.value) ? r.value.value : undefined;
          if (!KNOWN_RULE_IDS.includes(id)) {
            at(r.key?.range?.[0], `Unknown rule \`${id}\`${didYouMean(id, KNOWN_RULE_IDS)}.`);
          } else if (typeof level !== "string" || !(LEVELS as readonly string[]).includes(level)) {
            // YAML 1.1 habits: `off` unquoted is the string "off" in YAML 1.2 (the yaml package's default).
            at(
              r.value?.range?.[0] ?? r.key?.range?.[0],
              `\`${id}\`: use off, hint, info, warning or error, not \`${String(level)}\`.`,
            );
          } else layer.rules[id] = level as (typeof LEVELS)[number];
        }
      } else if (key === "ignore") {
        const items = isSeq(value) ? value.items : [value];
        const globs = items.map((i) => (isScalar(i) && typeof i.value === "string" ? i.value : undefined));
        if (globs.some((g) => !g)) at(valueAt, '`ignore` must be a list of path globs, e.g. ["legacy/**"].');
        else ignore = globs as string[];
      } else if (key === "composeCommand") {
        const v = isScalar(value) ? value.value : undefined;
        if (typeof v !== "string" || !v.trim())
          at(valueAt, "`composeCommand` must be a command, e.g. `docker compose` or `docker-compose`.");
        else composeCommand = v.trim();
      } else if (key === "schema") {
        const enable = isMap(value) ? value.get("enable", true) : undefined;
        const extra = isMap(value)
          ? (value.items as Pair<Node, unknown>[]).filter(
              (p) => !(isScalar(p.key) && p.key.value === "enable"),
            )
          : [];
        if (!isMap(value) || !isScalar(enable) || typeof enable.value !== "boolean" || extra.length > 0)
          at(valueAt, "`schema` must be `{enable: true}` or `{enable: false}`.");
        else layer.schema = { enable: enable.value };
      } else {
        at(keyAt, `Unknown key \`${key}\`${didYouMean(key, KEYS)} (known: ${KEYS.join(", ")}).`);
      }
    }
  }
  return { config: makeConfig(file, layer, ignore, composeCommand), problems };
}

function makeConfig(
  file: string,
  layer: LintConfigLayer,
  ignore: string[],
  composeCommand: string | undefined,
): ProjectConfig {
  const base = dirname(file);
  // `vendor/` means everything below it, as in .gitignore.
  const patterns = ignore.map((g) => (g.endsWith("/") ? `${g}**` : g));
  const match = patterns.length > 0 ? picomatch(patterns, { dot: true }) : undefined;
  return {
    ...layer,
    file,
    ignore,
    composeCommand,
    isIgnored(path: string) {
      if (!match) return false;
      const rel = relative(base, isAbsolute(path) ? path : resolve(path));
      if (rel.startsWith("..") || isAbsolute(rel)) return false;
      const posix = rel.split(sep).join("/");
      // A glob naming a folder ignores what is inside it.
      const parts = posix.split("/");
      for (let i = 1; i <= parts.length; i++) if (match(parts.slice(0, i).join("/"))) return true;
      return false;
    },
  };
}

function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = levenshtein(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean \`${best}\`?)` : "";
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  loaded: LoadedConfig;
}
const byFile = new Map<string, CacheEntry>();
const byDir = new Map<string, string | null>();

/**
 * The config that applies to a file: found once per folder, re-read when the file's
 * modification time or size changes. Undefined when there is none.
 */
export function configFor(path: string): LoadedConfig | undefined {
  const dir = dirname(resolve(path));
  let file = byDir.get(dir);
  if (file === undefined) {
    file = findConfigFile(dir) ?? null;
    byDir.set(dir, file);
  }
  return file ? loadConfigFile(file) : undefined;
}

/** Reads (or re-reads, if it changed) one config file; an unreadable file is one problem. */
export function loadConfigFile(file: string): LoadedConfig {
  let mtimeMs = -1;
  let size = -1;
  try {
    const st = statSync(file);
    mtimeMs = st.mtimeMs;
    size = st.size;
  } catch {
    // reported below by the read
  }
  const hit = byFile.get(file);
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.loaded;
  let loaded: LoadedConfig;
  try {
    loaded = parseProjectConfig(readFileSync(file, "utf8"), file);
  } catch (e) {
    loaded = {
      config: makeConfig(file, { rules: {} }, [], undefined),
      problems: [{ file, line: 1, column: 1, message: `cannot read it: ${(e as Error).message}` }],
    };
  }
  byFile.set(file, { mtimeMs, size, loaded });
  return loaded;
}

/** A config file was created, changed or deleted: look again on the next request. */
export function forgetConfigLookups(): void {
  byDir.clear();
}
