/** Finding compose files: explicit paths as given, directories searched for compose file names. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { isComposeFileName } from "../lsp/settings";

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", ".venv", "venv", "__pycache__"]);

export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p, files);
    else files.push(p);
  }
  return { files, missing };
}

function walk(dir: string, out: string[]): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), out);
    } else if (e.isFile() && isComposeFileName(e.name)) {
      out.push(join(dir, e.name));
    }
  }
}
