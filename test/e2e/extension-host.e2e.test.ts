/**
 * The extension-host suite (test/suite/, the @vscode/test-electron convention: mocha, `run()`)
 * inside code-server's real extension host, with the repository loaded as the development
 * extension and a copy of examples/mlflow-airflow as the workspace. The same bundle runs in a
 * downloaded VS Code with `npm run test:vscode` (test/vscode/run-test-electron.ts).
 */
import { beforeAll, expect, test } from "vitest";
import { runExtensionTests } from "./harness";
import { EXAMPLE_DIR, ensureBundles, ensureSuite } from "./product";

let suite: string;

beforeAll(() => {
  ensureBundles();
  suite = ensureSuite();
});

test("the extension-host suite passes (diagnostics, code actions, commands, configuration)", async () => {
  const { exitCode, output } = await runExtensionTests({
    name: "extension-host-suite",
    extensionDevelopmentPath: ".",
    extensionTestsPath: suite,
    workspace: EXAMPLE_DIR,
    timeoutMs: 240_000,
  });
  const out = output.join("\n");
  // mocha's spec reporter: every test ran and passed (a suite that loaded no test cannot pass).
  const passing = Number(/ {2}(\d+) passing \(/.exec(out)?.[1] ?? 0);
  expect(out).not.toMatch(/ {2}\d+ failing/);
  expect(passing, out).toBeGreaterThanOrEqual(10);
  expect(exitCode, out).toBe(0);
}, 300_000);
