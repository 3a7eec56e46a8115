/** A configuration update turns a rule off (and back on) live: the diagnostic goes and comes back. */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, suiteTeardown, test } from "mocha";
import * as vscode from "vscode";
import { activateExtension, copyOfExample, openAndWaitFor, waitForDiagnostics, withRule } from "./helpers";

const KEY = "rules.obsolete-version";

suite("configuration (mlopsCompose.rules.<id>)", () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    await activateExtension();
    uri = await copyOfExample("suite-configuration");
    await openAndWaitFor(uri, "obsolete-version");
  });

  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration("mlopsCompose", uri)
      .update(KEY, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test(`${KEY} = off removes that diagnostic, and only that one`, async () => {
    const config = vscode.workspace.getConfiguration("mlopsCompose", uri);
    assert.equal(config.get(KEY), "warning", "the contributed default");
    await config.update(KEY, "off", vscode.ConfigurationTarget.Workspace);
    const ds = await waitForDiagnostics(
      uri,
      "obsolete-version gone",
      (d) => withRule(d, "obsolete-version").length === 0,
    );
    assert.ok(withRule(ds, "shared-database").length > 0, "the other rules still report");
  });

  test(`${KEY} = error brings it back as an error`, async () => {
    await vscode.workspace
      .getConfiguration("mlopsCompose", uri)
      .update(KEY, "error", vscode.ConfigurationTarget.Workspace);
    const ds = await waitForDiagnostics(uri, "obsolete-version back as an error", (d) =>
      withRule(d, "obsolete-version").some((x) => x.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.equal(withRule(ds, "obsolete-version").length, 1);
  });
});
