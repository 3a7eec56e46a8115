/**
 * Where the repository and ../shared are, found from the working directory (so the same
 * code works in vitest and in esbuild-bundled scripts, where import.meta.url differs).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function findRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "mlops-compose-doctor") return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const ROOT = findRoot();
export const SHARED = join(ROOT, "..", "shared");
