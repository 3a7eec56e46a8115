/**
 * The product under test, built on demand: the packaged VSIX (for the UI tests, installed the
 * way users install it), the dist/ bundles (for the extension-host suite, loaded as a
 * development extension) and the suite bundle (out/test/suite/index.js). Each is rebuilt only
 * when one of its inputs is newer than the output, so `npm run test:e2e` (which packages first)
 * and a warm re-run pay nothing. E2E_NO_REBUILD=1 uses what is there as it is (it must exist).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./harness";

export const VSIX = "dist/mlops-compose-doctor.vsix";
export const SUITE = "out/test/suite/index.js";
export const EXAMPLE_DIR = "examples/mlflow-airflow";
export const EXAMPLE_FILE = "docker-compose.yml";

/** What the bundles are made of. */
const BUNDLE_INPUTS = ["package.json", "client/src", "server/src", "scripts/build.mjs"];
/** What the VSIX is made of (see .vscodeignore). */
const VSIX_INPUTS = [
  ...BUNDLE_INPUTS,
  ".vscodeignore",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
  "syntaxes",
  "docs/rules",
];
const SUITE_INPUTS = ["test/suite", "test/vscode/run-test-electron.ts"];

function newestMtime(rel: string): number {
  const abs = path.join(REPO_ROOT, rel);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(abs, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const p = path.join(entry.parentPath, entry.name);
    newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when every output exists and is newer than every input. */
export function upToDate(outputs: string[], inputs: string[]): boolean {
  const oldestOutput = Math.min(
    ...outputs.map((o) => {
      try {
        return fs.statSync(path.join(REPO_ROOT, o)).mtimeMs;
      } catch {
        return 0;
      }
    }),
  );
  return oldestOutput > 0 && inputs.every((i) => newestMtime(i) <= oldestOutput);
}

function run(what: string, command: string, args: string[]): void {
  if (process.env.E2E_NO_REBUILD) return;
  const t0 = Date.now();
  try {
    execFileSync(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${what} failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
  process.stdout.write(`[e2e] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

/** dist/mlops-compose-doctor.vsix, packaged (`npm run package`) unless already newer than its sources. */
export function ensureVsix(): string {
  if (!upToDate([VSIX], VSIX_INPUTS)) run("npm run package", "npm", ["run", "package", "--silent"]);
  return VSIX;
}

/** dist/extension.js, server.js and cli.js, built (`npm run build`) unless already newer than their sources. */
export function ensureBundles(): void {
  if (!upToDate(["dist/extension.js", "dist/server.js", "dist/cli.js"], BUNDLE_INPUTS))
    run("npm run build", "npm", ["run", "build", "--silent"]);
}

/** out/test/suite/index.js (test/suite/build.mjs) unless already newer than the suite's sources. */
export function ensureSuite(): string {
  if (!upToDate([SUITE], SUITE_INPUTS))
    run("test/suite/build.mjs", process.execPath, ["test/suite/build.mjs"]);
  return SUITE;
}
