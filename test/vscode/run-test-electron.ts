/**
 * `npm run test:vscode`: the extension-host suite (test/suite/, bundled to out/test/suite/index.js
 * by test/suite/build.mjs) in a downloaded VS Code desktop, with @vscode/test-electron 2.5.x's
 * `runTests`, on a fresh copy of examples/mlflow-airflow. The same bundle runs inside
 * code-server in `npm run test:e2e` (test/e2e/extension-host.e2e.test.ts) on machines that cannot
 * download VS Code, like this project's own.
 *
 * Environment:
 *   VSCODE_TEST_VERSION            VS Code to download (default 1.100.3: the extension's
 *                                  engines.vscode ^1.100.0, and code-server 4.100.3's VS Code)
 *   VSCODE_EXECUTABLE_PATH         use this VS Code instead of downloading one
 *   VSCODE_TEST_CACHE              where downloads are kept (default
 *                                  ${XDG_CACHE_HOME:-~/.cache}/mlops-compose-doctor/vscode-test)
 *   VSCODE_TEST_DOWNLOAD_DEADLINE  seconds the whole download may take (default 600)
 *   VSCODE_TEST_RUN_DEADLINE       seconds the test run may take (default 600)
 * Linux without a display: run it under `xvfb-run -a`.
 *
 * It fails fast with a clear message, never hangs: when @vscode/test-electron is not installed,
 * when VS Code cannot be downloaded (no network: idle timeout 30 s, overall deadline), or when the
 * run takes too long.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";

/** The repository: the nearest folder above this file (bundled into out/test/vscode/) with a package.json. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir))
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  throw new Error(`no package.json above ${__dirname}`);
}

const REPO_ROOT = repoRoot();
const SUITE = path.join(REPO_ROOT, "out", "test", "suite", "index.js");
const EXAMPLE = path.join(REPO_ROOT, "examples", "mlflow-airflow");
const TEST_ELECTRON_VERSION = "2.5.2";

/** The part of @vscode/test-electron 2.5.x used here (its own types arrive with the package). */
interface TestElectron {
  download(options?: { version?: string; cachePath?: string; timeout?: number }): Promise<string>;
  runTests(options: {
    vscodeExecutablePath: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs?: string[];
    extensionTestsEnv?: Record<string, string | undefined>;
  }): Promise<number>;
}

function fail(message: string): never {
  process.stderr.write(`\n[test:vscode] ${message}\n`);
  process.exit(1);
}

function seconds(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Rejects with `message` after `ms` (the timer does not keep the process alive). */
function deadline(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(message)), ms).unref();
  });
}

function loadTestElectron(): TestElectron {
  try {
    return createRequire(path.join(REPO_ROOT, "package.json"))("@vscode/test-electron") as TestElectron;
  } catch (e) {
    return fail(
      `@vscode/test-electron is not installed (${(e as Error).message.split("\n")[0]}).\n` +
        `Install it: npm install --save-dev @vscode/test-electron@${TEST_ELECTRON_VERSION}`,
    );
  }
}

async function vscodeExecutable(te: TestElectron, version: string): Promise<string> {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!fs.existsSync(given)) fail(`VSCODE_EXECUTABLE_PATH does not exist: ${given}`);
    return given;
  }
  const cachePath =
    process.env.VSCODE_TEST_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
      "mlops-compose-doctor",
      "vscode-test",
    );
  const limit = seconds("VSCODE_TEST_DOWNLOAD_DEADLINE", 600);
  try {
    return await Promise.race([
      // `timeout`: give up when no data arrives for 30 s (a blackholed network).
      te.download({ version, cachePath, timeout: 30_000 }),
      deadline(limit * 1000, `the download did not finish within ${limit} s`),
    ]);
  } catch (e) {
    return fail(
      `could not download VS Code ${version} into ${cachePath}: ${(e as Error).message ?? e}\n` +
        "This machine cannot reach update.code.visualstudio.com. Set VSCODE_EXECUTABLE_PATH to an installed\n" +
        "VS Code, or run the same suite inside code-server instead: npm run test:e2e",
    );
  }
}

async function main(): Promise<void> {
  for (const f of [
    SUITE,
    path.join(REPO_ROOT, "dist", "extension.js"),
    path.join(REPO_ROOT, "dist", "server.js"),
  ])
    if (!fs.existsSync(f))
      fail(`${path.relative(REPO_ROOT, f)} is missing: npm run build && node test/suite/build.mjs`);
  const te = loadTestElectron();
  const version = process.env.VSCODE_TEST_VERSION ?? "1.100.3";
  const executable = await vscodeExecutable(te, version);
  if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    process.stderr.write(
      "[test:vscode] no DISPLAY: VS Code needs one; run under `xvfb-run -a npm run test:vscode`\n",
    );

  // A fresh, writable copy of the example as the workspace (the suite writes files beside it).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-vscode-test-"));
  const workspace = path.join(tmp, "workspace");
  fs.cpSync(EXAMPLE, workspace, { recursive: true });
  for (const entry of fs.readdirSync(workspace, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath, entry.name);
    fs.chmodSync(p, fs.statSync(p).mode | (entry.isDirectory() ? 0o700 : 0o600));
  }
  const limit = seconds("VSCODE_TEST_RUN_DEADLINE", 600);
  let failure: unknown;
  try {
    await Promise.race([
      te.runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: SUITE,
        launchArgs: [
          workspace,
          "--disable-workspace-trust",
          "--skip-welcome",
          "--skip-release-notes",
          "--disable-gpu",
          "--disable-telemetry",
        ],
      }),
      deadline(limit * 1000, `VS Code did not finish the suite within ${limit} s`),
    ]);
  } catch (e) {
    failure = e;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  if (failure) fail(`the extension-host suite failed: ${(failure as Error).message ?? failure}`);
  process.stdout.write("[test:vscode] the extension-host suite passed\n");
  process.exit(0);
}

void main();
