/** `vscode.executeCodeActionProvider`: the split-database and remove-version quick fixes, applied. */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import {
  activateExtension,
  codeActionsAt,
  copyOfExample,
  openAndWaitFor,
  ours,
  waitForDiagnostics,
  withRule,
} from "./helpers";

suite("quick fixes (vscode.executeCodeActionProvider)", () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test("shared-database offers the preferred split-database fix; applying it moves MLflow to postgres-mlflow", async () => {
    const uri = await copyOfExample("suite-split-database");
    const doc = await openAndWaitFor(uri, "shared-database");
    const [diagnostic] = withRule(ours(uri), "shared-database");
    const actions = await codeActionsAt(uri, diagnostic!.range);
    const split = actions.find((a) => a.title.startsWith("Split database: give MLflow its own PostgreSQL"));
    assert.ok(split, `offered: ${actions.map((a) => a.title).join(" | ")}`);
    assert.equal(split.title, "Split database: give MLflow its own PostgreSQL (`postgres-mlflow`)");
    assert.equal(split.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(split.isPreferred, true);
    // (vscode.executeCodeActionProvider does not hand back the actions' `diagnostics`.)
    assert.ok(split.edit, "the fix carries its edit");

    assert.equal(await vscode.workspace.applyEdit(split.edit), true);
    const text = doc.getText();
    assert.match(text, /^ {2}postgres-mlflow:\n {4}image: postgres:13$/m);
    assert.match(
      text,
      /--backend-store-uri postgresql\+psycopg2:\/\/mlflow:mlflow@postgres-mlflow:5432\/mlflow$/m,
    );
    assert.match(text, /^ {2}postgres_mlflow_data:$/m);
    // Airflow keeps its database.
    assert.match(text, /SQL_ALCHEMY_CONN=postgresql\+psycopg2:\/\/postgres:airflow@postgres:5432\/airflow$/m);
    await waitForDiagnostics(
      uri,
      "shared-database gone",
      (ds) => withRule(ds, "shared-database").length === 0,
    );
    assert.ok(withRule(ours(uri), "wrong-db-host").length > 0, "the other problems stay");
  });

  test("obsolete-version offers the preferred `Remove obsolete version` fix; applying it removes the line", async () => {
    const uri = await copyOfExample("suite-remove-version");
    const doc = await openAndWaitFor(uri, "obsolete-version");
    const before = doc.getText();
    const [diagnostic] = withRule(ours(uri), "obsolete-version");
    const actions = await codeActionsAt(uri, diagnostic!.range);
    const remove = actions.find((a) => a.title === "Remove obsolete `version`");
    assert.ok(remove, `offered: ${actions.map((a) => a.title).join(" | ")}`);
    assert.equal(remove.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(remove.isPreferred, true);
    assert.ok(remove.edit);

    assert.equal(await vscode.workspace.applyEdit(remove.edit), true);
    assert.doesNotMatch(doc.getText(), /^version:/m);
    assert.equal(doc.getText(), before.replace("version: '3.8'\n", ""));
    await waitForDiagnostics(
      uri,
      "obsolete-version gone",
      (ds) => withRule(ds, "obsolete-version").length === 0,
    );
  });
});
