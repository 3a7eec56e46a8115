/** `languages.getDiagnostics` on the example: the expected rules, on the exact characters. */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { activateExtension, exampleUri, openAndWaitFor, ours, ruleOf, rules, withRule } from "./helpers";

/** What the seed's broken stack must show (the post's three errors and what it fixed by hand). */
const EXPECTED_RULES = ["db-credentials-mismatch", "obsolete-version", "shared-database", "wrong-db-host"];

suite("diagnostics (languages.getDiagnostics)", () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    doc = await openAndWaitFor(exampleUri(), "shared-database");
  });

  test("the example gets every expected rule, from our source, each with its docs link", () => {
    const ds = ours(doc.uri);
    for (const rule of EXPECTED_RULES)
      assert.ok(rules(ds).includes(rule), `${rule} in ${rules(ds).join(", ")}`);
    for (const d of ds) {
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(typeof code, "object", `${ruleOf(d)} has a code with a target`);
      assert.match(code.target.toString(true), new RegExp(`/docs/rules/${code.value}\\.md$`));
      assert.ok(d.message.length > 20, `${ruleOf(d)} has a message`);
    }
  });

  test("shared-database is an error on MLflow's --backend-store-uri URL", () => {
    const [d, ...more] = withRule(ours(doc.uri), "shared-database");
    assert.ok(d);
    assert.equal(more.length, 0);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [46, 26, 46, 85],
    );
    assert.equal(doc.getText(d.range), "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow");
    assert.match(doc.lineAt(46).text, /^\s+--backend-store-uri /);
    assert.match(d.message, /MLflow and Airflow share the database `airflow` on `postgres`/);
    assert.match(d.message, /alembic_version/);
  });

  test("wrong-db-host is an error on the host `airflow` inside Airflow's URL", () => {
    const [d, ...more] = withRule(ours(doc.uri), "wrong-db-host");
    assert.ok(d);
    assert.equal(more.length, 0);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [23, 82, 23, 89],
    );
    assert.equal(doc.getText(d.range), "airflow");
    // The host, not the user of the same name two words earlier.
    assert.equal(
      doc.getText(d.range.with(d.range.start.translate(0, -1), d.range.end.translate(0, 1))),
      "@airflow:",
    );
    assert.match(d.message, /The PostgreSQL service is `postgres`/);
  });

  test("obsolete-version is a warning on `version: '3.8'`", () => {
    const [d] = withRule(ours(doc.uri), "obsolete-version");
    assert.ok(d);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(d.range), "version: '3.8'");
  });
});
