/**
 * Fixes that edit more than the compose file (the secrets fix writes `.env`): a project in a
 * temporary folder, the fix applied to every file, and what both Compose CLIs resolve the
 * project to (`config`, reading the folder's `.env`), before and after. Every call goes
 * through `guarded()` (a time limit and a memory cap that hold if this process dies).
 *
 *   const p = makeProject({ "docker-compose.yml": text, ".env": "A=1\n" });
 *   const before = resolvedProject(p.dir);
 *   applyProjectFix(p.dir, fix);
 *   expect(resolvedProject(p.dir)).toEqual(before);
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { applyEdits } from "../../server/src/edits/text";
import type { Fix } from "../../server/src/rules/types";
import { findComposeV1, findComposeV2, guarded } from "./compose-cli";

export interface Project {
  dir: string;
  compose: string;
  read(name: string): string | undefined;
  remove(): void;
}

/** A folder holding `files` (name → text); `git: true` makes it look like a git work tree. */
export function makeProject(files: Record<string, string>, opts: { git?: boolean } = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), "mcd-project-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  if (opts.git) mkdirSync(join(dir, ".git"));
  return {
    dir,
    compose: join(dir, "docker-compose.yml"),
    read: (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : undefined),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Applies a fix's compose-file edits to `composePath` and its file edits beside it. */
export function applyProjectFix(composePath: string, fix: Fix): void {
  writeFileSync(composePath, applyEdits(readFileSync(composePath, "utf8"), fix.edits));
  for (const f of fix.fileEdits ?? []) {
    const path = join(dirname(composePath), f.path);
    const text = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (f.create && existsSync(path)) throw new Error(`${f.path} exists but the fix creates it`);
    writeFileSync(path, applyEdits(text, f.edits));
  }
}

export interface Resolved {
  cli: string;
  ok: boolean;
  /** The resolved project (stdout) or the error (stderr). */
  output: string;
}

const env = (dir: string) => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir });

function run(argv: string[], dir: string): { code: number | null; stdout: string; stderr: string } {
  const [file, ...args] = guarded(argv, 20_000);
  const r = spawnSync(file, args, {
    cwd: dir,
    env: env(dir),
    encoding: "utf8",
    timeout: 25_000,
    killSignal: "SIGKILL",
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * What Compose v2 (required) and v1 (where installed) resolve the folder's project to, each
 * with the folder's `.env`: `config` with a fixed project name, in a clean environment.
 */
export function resolvedProject(dir: string): Resolved[] {
  const out: Resolved[] = [];
  const v2 = findComposeV2();
  if (!v2) throw new Error("Compose v2 (`docker compose`) is required to validate this fix");
  const r2 = run(
    [
      ...v2.argv,
      "-p",
      "fixcheck",
      "--project-directory",
      dir,
      "-f",
      join(dir, "docker-compose.yml"),
      "config",
    ],
    dir,
  );
  out.push({ cli: "v2", ok: r2.code === 0, output: r2.code === 0 ? r2.stdout : r2.stderr });
  if (findComposeV1()) {
    const r1 = run(
      [
        "docker-compose",
        "-p",
        "fixcheck",
        "--project-directory",
        dir,
        "-f",
        join(dir, "docker-compose.yml"),
        "config",
      ],
      dir,
    );
    out.push({ cli: "v1", ok: r1.code === 0, output: r1.code === 0 ? r1.stdout : r1.stderr });
  }
  return out;
}
