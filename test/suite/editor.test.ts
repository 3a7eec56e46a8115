/**
 * The editor features through VS Code's own commands (what Ctrl+Space, F12, Shift+F12, F2 and
 * the Outline call): completion in depends_on, definition from a URL's host, references,
 * rename of a service with its URL hosts, document symbols. Only our server's answers count:
 * VS Code's word completion is filtered out by kind.
 */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { activateExtension, copyOfExample, openAndWaitFor } from "./helpers";

/** Position of `needle` in the document (+ `delta` characters), the first match after `after`. */
function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, after = ""): vscode.Position {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" in the document`);
  return doc.positionAt(at + delta);
}

suite("editor features (completion, F12, Shift+F12, F2, Outline)", () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test("Ctrl+Space in depends_on offers the other services, from our server", async () => {
    const uri = await copyOfExample("suite-completion");
    const doc = await openAndWaitFor(uri, "shared-database");
    // A new item under airflow's depends_on.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, positionOf(doc, "      - postgres\n", "      - postgres\n".length), "      - \n");
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const at = positionOf(doc, "      - \n", "      - ".length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      uri,
      at,
    );
    const services = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Module);
    const labels = services.map((i) => (typeof i.label === "string" ? i.label : i.label.label)).sort();
    assert.deepEqual(labels, ["airflow-scheduler", "mlflow"]);
    const mlflow = services.find((i) => i.label === "mlflow")!;
    assert.equal(mlflow.detail, "mlflow/mlflow:2.7.1");
  });

  test("F12 on a connection URL's host goes to the service that answers to it", async () => {
    const uri = await copyOfExample("suite-definition");
    const doc = await openAndWaitFor(uri, "shared-database");
    const host = positionOf(doc, "@postgres:5432/airflow\n    command: airflow scheduler", 3);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      "vscode.executeDefinitionProvider",
      uri,
      host,
    );
    assert.equal(locations.length, 1, JSON.stringify(locations));
    const loc = locations[0] as vscode.Location;
    const range = "targetRange" in loc ? (loc as unknown as vscode.LocationLink).targetRange : loc.range;
    assert.equal(range.start.line, 6);
    assert.equal(doc.getText(range), "postgres");
  });

  test("Shift+F12 on the database: its depends_on entries and the URL hosts naming it", async () => {
    const uri = await copyOfExample("suite-references");
    const doc = await openAndWaitFor(uri, "shared-database");
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      "vscode.executeReferenceProvider",
      uri,
      positionOf(doc, "  postgres:\n", 3),
    );
    assert.deepEqual(
      refs.map((r) => r.range.start.line + 1).sort((a, b) => a - b),
      [7, 21, 32, 35, 41, 47],
    );
  });

  test("F2 on a service renames it everywhere, URL hosts included", async () => {
    const uri = await copyOfExample("suite-rename");
    const doc = await openAndWaitFor(uri, "shared-database");
    const at = positionOf(doc, "  postgres:\n", 3);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>(
      "vscode.prepareRename",
      uri,
      at,
    );
    assert.equal(doc.getText(prepared.range), "postgres");
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      "vscode.executeDocumentRenameProvider",
      uri,
      at,
      "db",
    );
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const text = doc.getText();
    assert.match(text, /^ {2}db:\n {4}image: postgres:13$/m);
    assert.equal((text.match(/^ {6}- db$/gm) ?? []).length, 3);
    assert.match(text, /postgres:airflow@db:5432\/airflow$/m);
    assert.match(text, /--backend-store-uri postgresql\+psycopg2:\/\/airflow:airflow@db:5432\/airflow$/m);
    assert.doesNotMatch(text, /@postgres:/);
    // A name Compose would reject is refused with the reason.
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand("vscode.executeDocumentRenameProvider", uri, at, "my db"),
      ),
      /Compose rejects a space in a service name/,
    );
  });

  test("the Outline lists the services with image and ports, and the volumes", async () => {
    const uri = await copyOfExample("suite-outline");
    await openAndWaitFor(uri, "shared-database");
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      "vscode.executeDocumentSymbolProvider",
      uri,
    );
    const services = symbols.find((s) => s.name === "services");
    assert.ok(services, `symbols: ${symbols.map((s) => s.name).join(", ")}`);
    assert.deepEqual(
      services.children.map((c) => `${c.name} (${c.detail})`),
      [
        "postgres (postgres:13 · 5432:5432)",
        "airflow (apache/airflow:2.7.0-python3.9 · 8080:8080)",
        "airflow-scheduler (apache/airflow:2.7.0-python3.9)",
        "mlflow (mlflow/mlflow:2.7.1 · 5000:5000)",
      ],
    );
    assert.deepEqual(
      symbols.find((s) => s.name === "volumes")?.children.map((c) => c.name),
      ["postgres_data"],
    );
  });
});
