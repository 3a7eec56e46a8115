/**
 * Finding compose files: explicit paths as given (whatever their name), directories
 * searched for compose file names. A missing path, an unreadable directory and a directory
 * with no compose file are each an error the caller reports (nothing checked is not "no problems").
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { COMPOSE_NAMES_DESCRIPTION, isComposeFileName } from "../config/compose-files";
import { ioError } from "./io-errors";

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", ".venv", "venv", "__pycache__"]);

export interface FoundFile {
  path: string;
  /** Named on the command line (not found by a directory search). */
  explicit: boolean;
}

export interface Collected {
  files: FoundFile[];
  /** The command cannot do what was asked: exit 2. */
  errors: string[];
  /** Worth saying, not failing for: a folder below the one given that cannot be read
   * (a database's data directory owned by its container user, typically). */
  notes: string[];
}

export function collectFiles(paths: string[]): Collected {
  const files: FoundFile[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (e) {
      errors.push(ioError("read", p, e));
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      try {
        walk(p, readdirSync(p, { withFileTypes: true }), files, notes);
      } catch (e) {
        errors.push(ioError("search", p, e));
        continue;
      }
      if (files.length === before)
        errors.push(`${p}: no compose file found (looked for ${COMPOSE_NAMES_DESCRIPTION}, and .yaml)`);
    } else files.push({ path: p, explicit: true });
  }
  return { files, errors, notes };
}

function walk(dir: string, entries: Dirent[], out: FoundFile[], notes: string[]): void {
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name)) continue;
      const sub = join(dir, e.name);
      let inner: Dirent[];
      try {
        inner = readdirSync(sub, { withFileTypes: true });
      } catch (err) {
        notes.push(`skipped ${ioError("search", sub, err).slice("cannot search ".length)}`);
        continue;
      }
      walk(sub, inner, out, notes);
    } else if (e.isFile() && isComposeFileName(e.name)) {
      out.push({ path: join(dir, e.name), explicit: false });
    }
  }
}
