/**
 * A tiny throwaway extension, written and packaged on the fly, that proves the e2e
 * infrastructure without depending on the real extension:
 *   - command "E2E Smoke: Hello" opens a terminal named "E2E Smoke" and echoes a line;
 *   - an error diagnostic (code SMOKE001) on every word BROKEN in .yml/.yaml files,
 *     with a quick fix "Replace BROKEN with FIXED";
 *   - a test-electron style mocha suite (suite/index.js exporting run()) for the
 *     extension-host payload path; E2E_SMOKE_FAIL=1 in the environment adds a failing test.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../harness";

export const SMOKE_EXTENSION_ID = "mlops-compose-doctor-e2e.e2e-smoke";

const packageJson = {
  name: "e2e-smoke",
  displayName: "E2E Smoke",
  description: "Throwaway extension that proves the end-to-end test infrastructure.",
  version: "0.0.1",
  publisher: "mlops-compose-doctor-e2e",
  license: "MIT",
  engines: { vscode: "^1.100.0" },
  main: "./extension.js",
  activationEvents: ["onStartupFinished"],
  contributes: {
    commands: [{ command: "e2eSmoke.hello", title: "Hello", category: "E2E Smoke" }],
  },
};

const extensionJs = String.raw`"use strict";
const vscode = require("vscode");

function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection("e2e-smoke");
  context.subscriptions.push(diagnostics);
  const refresh = (doc) => {
    if (!/\.ya?ml$/i.test(doc.fileName)) return;
    const found = [];
    const text = doc.getText();
    const re = /\bBROKEN\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
      const d = new vscode.Diagnostic(range, "E2E smoke: BROKEN is not allowed here", vscode.DiagnosticSeverity.Error);
      d.source = "e2e-smoke";
      d.code = "SMOKE001";
      found.push(d);
    }
    diagnostics.set(doc.uri, found);
  };
  vscode.workspace.textDocuments.forEach(refresh);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.languages.registerCodeActionsProvider(
      { pattern: "**/*.{yml,yaml}" },
      {
        provideCodeActions(doc, _range, ctx) {
          return ctx.diagnostics
            .filter((d) => d.code === "SMOKE001")
            .map((d) => {
              const action = new vscode.CodeAction("Replace BROKEN with FIXED", vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.isPreferred = true;
              action.edit = new vscode.WorkspaceEdit();
              action.edit.replace(doc.uri, d.range, "FIXED");
              return action;
            });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand("e2eSmoke.hello", () => {
      const terminal = vscode.window.createTerminal({ name: "E2E Smoke" });
      terminal.show();
      // The shell computes 42: the terminal shows it only if bash really ran the line.
      terminal.sendText('echo "smoke says $((6 * 7))"');
    }),
  );
}

module.exports = { activate, deactivate() {} };
`;

const suiteIndexJs = (mochaPath: string) => `"use strict";
// test-electron convention: the extension host calls run(); a rejection means failure.
const path = require("path");
const Mocha = require(${JSON.stringify(mochaPath)});

exports.run = () =>
  new Promise((resolve, reject) => {
    const mocha = new Mocha({ ui: "tdd", timeout: 20000, color: false, reporter: "spec" });
    mocha.addFile(path.join(__dirname, "smoke.test.js"));
    mocha.run((failures) => (failures ? reject(new Error(failures + " test(s) failed")) : resolve()));
  });
`;

const suiteTestJs = `"use strict";
const assert = require("assert");
const vscode = require("vscode");

suite("E2E smoke (extension host)", () => {
  test("the extension is active and its command is registered", async () => {
    const ext = vscode.extensions.getExtension(${JSON.stringify(SMOKE_EXTENSION_ID)});
    assert.ok(ext, "extension found");
    await ext.activate();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("e2eSmoke.hello"));
  });

  test("BROKEN in a YAML file gets error SMOKE001", async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const uri = vscode.Uri.joinPath(folder, "compose.yml");
    const doc = await vscode.workspace.openTextDocument(uri);
    let diags = [];
    for (let i = 0; i < 100 && diags.length === 0; i++) {
      diags = vscode.languages.getDiagnostics(uri);
      if (diags.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(diags.length, 1);
    assert.strictEqual(diags[0].code, "SMOKE001");
    assert.strictEqual(doc.getText(diags[0].range), "BROKEN");
  });

  if (process.env.E2E_SMOKE_FAIL) {
    test("deliberately failing test (E2E_SMOKE_FAIL)", () => {
      assert.strictEqual(1 + 1, 3);
    });
  }
});
`;

export interface SmokeExtension {
  /** The unpacked extension folder (for the extensionDevelopmentPath payload). */
  dir: string;
  /** The packaged VSIX. */
  vsix: string;
  /** The mocha entry point for extensionTestsPath. */
  testsPath: string;
  dispose(): void;
}

/** Writes the throwaway extension into a temp dir and packages it with vsce. */
export function buildSmokeExtension(): SmokeExtension {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-e2e-smoke-ext-"));
  const mochaPath = path.join(REPO_ROOT, "node_modules", "mocha");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2));
  fs.writeFileSync(path.join(dir, "extension.js"), extensionJs);
  fs.writeFileSync(path.join(dir, "README.md"), "# E2E Smoke\n\nThrowaway extension for the e2e tests.\n");
  fs.writeFileSync(path.join(dir, "LICENSE"), "MIT\n");
  fs.mkdirSync(path.join(dir, "suite"));
  fs.writeFileSync(path.join(dir, "suite", "index.js"), suiteIndexJs(mochaPath));
  fs.writeFileSync(path.join(dir, "suite", "smoke.test.js"), suiteTestJs);
  const vsix = path.join(dir, "e2e-smoke.vsix");
  // The repository's own vsce (root devDependency), as `npx vsce package` would run it.
  const vsce = path.join(REPO_ROOT, "node_modules", "@vscode", "vsce", "vsce");
  execFileSync(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "-o", vsix],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    },
  );
  if (!fs.existsSync(vsix)) throw new Error("vsce did not produce " + vsix);
  return {
    dir,
    vsix,
    testsPath: path.join(dir, "suite", "index.js"),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
