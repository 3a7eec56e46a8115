/**
 * The extension-host suite, in the @vscode/test-electron convention: VS Code loads this module
 * (bundled to out/test/suite/index.js by test/suite/build.mjs) as `extensionTestsPath` and calls
 * `run()`; a rejection is a failure. The same bundle runs in two places:
 *   - here, inside code-server's extension host (test/e2e/extension-host.e2e.test.ts);
 *   - in a downloaded VS Code with @vscode/test-electron (`npm run test:vscode`).
 * Both open a copy of examples/mlflow-airflow as the workspace.
 *
 * The test files are bundled into this one file and required only once mocha's TDD interface
 * is installed (`suite`, `test`... resolve through mocha's current context).
 */
import Mocha from "mocha";

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: "tdd",
    color: false,
    reporter: "spec",
    timeout: Number(process.env.MCD_SUITE_TIMEOUT_MS) || 90_000,
    slow: 5_000,
  });
  // What mocha.loadFiles does for each file: install the interface, then load the tests.
  mocha.suite.emit(
    Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE,
    globalThis,
    "out/test/suite/index.js",
    mocha,
  );
  require("./commands.test");
  require("./diagnostics.test");
  require("./code-actions.test");
  require("./configuration.test");
  require("./project-config.test");
  require("./editor.test");
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
