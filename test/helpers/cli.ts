/** Running the built CLI as users and CI do: a child process, real files, exit codes. */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findConfigFile } from "../../server/src/config/project-config";
import { CLI_JS } from "./lsp-client";
import { ROOT } from "./paths";

let copyForOtherUsers: string | undefined;
/**
 * The built CLI copied where any user can read it: the checkout may live in a folder only
 * its owner can enter (/root on CI), and some tests run the CLI as an unprivileged user.
 */
function cliForOtherUsers(): string {
  if (copyForOtherUsers) return copyForOtherUsers;
  const dir = mkdtempSync(join(tmpdir(), "mlops-cli-bin-"));
  for (const f of ["bin/mlops-compose.js", "dist/cli.js"]) {
    mkdirSync(join(dir, f, ".."), { recursive: true, mode: 0o755 });
    copyFileSync(join(ROOT, f), join(dir, f));
    chmodSync(join(dir, f), 0o644);
  }
  for (const d of [dir, join(dir, "bin"), join(dir, "dist")]) chmodSync(d, 0o755);
  copyForOtherUsers = join(dir, "bin/mlops-compose.js");
  return copyForOtherUsers;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; input?: string; uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const spawnOptions: SpawnSyncOptions = {
    encoding: "utf8",
    cwd: options.cwd,
    input: options.input,
    env: options.env ?? { ...process.env, NO_COLOR: "1" },
  };
  if (options.uid !== undefined) spawnOptions.uid = options.uid;
  if (options.gid !== undefined) spawnOptions.gid = options.gid;
  const cli = options.uid !== undefined ? cliForOtherUsers() : CLI_JS;
  const r = spawnSync(process.execPath, [cli, ...args], spawnOptions);
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A project in a fresh temporary folder (no config file above it, or the tests would see it). */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlops-cli-"));
  const above = findConfigFile(dirname(dir));
  if (above) throw new Error(`${above} would apply to every temporary project: remove it`);
  // Readable by the unprivileged user some tests run the CLI as.
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
