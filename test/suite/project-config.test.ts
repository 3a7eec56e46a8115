/**
 * In VS Code itself: a `mlflow.compose.yml` gets the Compose language (which is what
 * activates the extension on its own), the project's `.mlops-compose.yaml` applies, the server
 * hears when it changes through VS Code's file watcher, and a setting the user sets wins.
 */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, suiteTeardown, test } from "mocha";
import * as vscode from "vscode";
import { activateExtension, exampleUri, waitForDiagnostics, withRule, workspaceRoot } from "./helpers";

const KEY = "rules.obsolete-version";
const encoder = new TextEncoder();

suite("project config file (.mlops-compose.yaml) and compose file names", () => {
  let uri: vscode.Uri;
  let config: vscode.Uri;

  suiteSetup(async () => {
    await activateExtension();
    const dir = vscode.Uri.joinPath(workspaceRoot(), "suite-project-config");
    uri = vscode.Uri.joinPath(dir, "mlflow.compose.yml");
    config = vscode.Uri.joinPath(dir, ".mlops-compose.yaml");
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(exampleUri()));
  });

  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration("mlopsCompose", uri)
      .update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(config).then(undefined, () => undefined);
  });

  test("mlflow.compose.yml opens as Compose and gets diagnostics", async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, "dockercompose");
    await waitForDiagnostics(uri, "obsolete-version as a warning", (d) =>
      withRule(d, "obsolete-version").some((x) => x.severity === vscode.DiagnosticSeverity.Warning),
    );
  });

  test("creating .mlops-compose.yaml with the rule off removes it (the server watches the file)", async () => {
    await vscode.workspace.fs.writeFile(config, encoder.encode("rules:\n  obsolete-version: off\n"));
    const ds = await waitForDiagnostics(
      uri,
      "obsolete-version gone",
      (d) => withRule(d, "obsolete-version").length === 0,
    );
    assert.ok(withRule(ds, "shared-database").length > 0, "the other rules still report");
  });

  test("changing the file to error brings it back as an error", async () => {
    await vscode.workspace.fs.writeFile(config, encoder.encode("rules:\n  obsolete-version: error\n"));
    await waitForDiagnostics(uri, "obsolete-version as an error", (d) =>
      withRule(d, "obsolete-version").some((x) => x.severity === vscode.DiagnosticSeverity.Error),
    );
  });

  test("a VS Code setting the user sets wins over the file; unset, the file applies again", async () => {
    const settings = vscode.workspace.getConfiguration("mlopsCompose", uri);
    await settings.update(KEY, "hint", vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, "obsolete-version as a hint", (d) =>
      withRule(d, "obsolete-version").some((x) => x.severity === vscode.DiagnosticSeverity.Hint),
    );
    await settings.update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
    // VS Code's default (warning) is not a setting the user made: the file's error applies.
    await waitForDiagnostics(uri, "obsolete-version as an error again", (d) =>
      withRule(d, "obsolete-version").some((x) => x.severity === vscode.DiagnosticSeverity.Error),
    );
  });
});
