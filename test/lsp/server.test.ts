/**
 * The built language server (dist/server.js), spawned over stdio and driven with JSON-RPC
 * exactly as an editor does. Run `npm run build` first (npm test does).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { EXAMPLE } from "../helpers/lint";
import { applyLspEdits, CLI_JS, LspClient } from "../helpers/lsp-client";

const exampleText = readFileSync(EXAMPLE, "utf8");
const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);

describe("language server over stdio", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient();
    const init = await client.initialize();
    expect(init.serverInfo?.name).toBe("mlops-compose-doctor");
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(init.capabilities.codeActionProvider).toMatchObject({
      codeActionKinds: ["quickfix", "source.fixAll.mlops-compose"],
    });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("publishes diagnostics for the example at the right ranges, with code, docs link, source and tags", async () => {
    const uri = "file:///work/example/docker-compose.yml";
    await client.open(uri, exampleText);
    const diags = await client.diagnostics(uri, has("obsolete-version"));
    const v = diags.find((d) => d.code === "obsolete-version")!;
    expect(v.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 14 } });
    expect(v.source).toBe("mlops-compose");
    expect(v.severity).toBe(2);
    expect(v.tags).toEqual([1]);
    expect(v.codeDescription?.href).toMatch(/docs\/rules\/obsolete-version\.md$/);
  });

  it("offers the quick fix bound to the diagnostic; applying it removes the diagnostic", async () => {
    const uri = "file:///work/example2/docker-compose.yml";
    await client.open(uri, exampleText);
    const diags = await client.diagnostics(uri, has("obsolete-version"));
    const diag = diags.find((d) => d.code === "obsolete-version")!;
    const actions = (await client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag], only: ["quickfix"] },
    })) as CodeAction[];
    const action = actions.find((a) => a.title === "Remove obsolete `version`")!;
    expect(action).toBeDefined();
    expect(action.isPreferred).toBe(true);
    expect(action.diagnostics).toEqual([diag]);
    const edits = action.edit!.changes![uri];
    const fixed = applyLspEdits(exampleText, edits);
    expect(fixed).not.toMatch(/^version:/m);
    // Everything else is byte-for-byte the same.
    expect(fixed).toBe(exampleText.replace("version: '3.8'\n", ""));
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.diagnostics(uri, (_d, p) => p.version === 2);
    expect(after.some((d) => d.code === "obsolete-version")).toBe(false);
  });

  it("applies incremental edits: deleting the line by range clears the diagnostic", async () => {
    const uri = "file:///work/example3/docker-compose.yml";
    await client.open(uri, exampleText);
    await client.diagnostics(uri, has("obsolete-version"));
    await client.change(uri, 2, [
      { range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: "" },
    ]);
    const after = await client.diagnostics(uri, (_d, p) => p.version === 2);
    expect(after.some((d) => d.code === "obsolete-version")).toBe(false);
  });

  it("source.fixAll returns one edit with every safe fix", async () => {
    const uri = "file:///work/example4/docker-compose.yml";
    await client.open(uri, exampleText);
    await client.diagnostics(uri, has("obsolete-version"));
    const actions = (await client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll"] },
    })) as CodeAction[];
    expect(actions.map((a) => a.kind)).toEqual(["source.fixAll.mlops-compose"]);
    // A plain lightbulb request (no `only`) gets quick fixes, not the costly fix-all.
    const plain = (await client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((a) => a.kind === "quickfix")).toBe(true);
    const fixed = applyLspEdits(exampleText, actions[0].edit!.changes![uri]);
    expect(fixed).not.toMatch(/^version:/m);
    expect(fixed).toContain("# the host is this very container, not the database");
  });

  it("reports YAML syntax errors at their range and still runs rules on what parsed", async () => {
    const uri = "file:///work/broken/compose.yaml";
    const text = "version: '3'\nservices:\n  a:\n    image: [unclosed\n";
    await client.open(uri, text);
    const diags = await client.diagnostics(uri, has("yaml-syntax"));
    expect(diags.find((d) => d.code === "yaml-syntax")!.severity).toBe(1);
    expect(diags.some((d) => d.code === "obsolete-version")).toBe(true);
  });

  it("accepts other editors' compose language ids (Neovim's yaml.docker-compose, docker-compose)", async () => {
    for (const [i, id] of ["yaml.docker-compose", "docker-compose"].entries()) {
      const uri = `file:///work/lang${i}/docker-compose.yml`;
      await client.open(uri, exampleText, id);
      await client.diagnostics(uri, has("obsolete-version"));
    }
  });

  it("ignores YAML files that are not compose files", async () => {
    const uri = "file:///work/other/values.yaml";
    await client.open(uri, "version: '3'\n", "yaml");
    const marker = "file:///work/other/docker-compose.yml";
    await client.open(marker, "version: '3'\n", "yaml");
    await client.diagnostics(marker, has("obsolete-version"));
    expect(client.history(uri)).toEqual([]);
  });

  it("applies a settings change live: off removes the diagnostic, error raises it", async () => {
    const uri = "file:///work/settings/docker-compose.yml";
    await client.open(uri, exampleText);
    await client.diagnostics(uri, has("obsolete-version"));
    client.settings = { rules: { "obsolete-version": "off" } };
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.diagnostics(uri, (d) => !has("obsolete-version")(d));
    client.settings = { rules: { "obsolete-version": "error" } };
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const d = await client.diagnostics(uri, (x) =>
      x.some((y) => y.code === "obsolete-version" && y.severity === 1),
    );
    expect(d.find((y) => y.code === "obsolete-version")!.severity).toBe(1);
    client.settings = {};
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
  });

  it("honours suppression comments", async () => {
    const uri = "file:///work/suppress/docker-compose.yml";
    await client.open(
      uri,
      "# mlops-compose-disable-next-line obsolete-version\nversion: '3'\nservices: {}\n",
    );
    const marker = "file:///work/suppress2/docker-compose.yml";
    await client.open(marker, "# mlops-compose-disable-file obsolete-version\nversion: '3'\nservices: {}\n");
    const a = await client.diagnostics(uri);
    const b = await client.diagnostics(marker);
    expect(a).toEqual([]);
    expect(b).toEqual([]);
  });

  it("hover shows where a URL really goes, and who uses a database", async () => {
    const uri = "file:///work/hover/docker-compose.yml";
    await client.open(uri, exampleText);
    await client.diagnostics(uri);
    const lines = exampleText.split("\n");
    const urlLine = lines.findIndex((l) => l.includes("--backend-store-uri"));
    const onUrl = (await client.conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: urlLine, character: lines[urlLine].indexOf("@postgres") + 2 },
    })) as { contents: { value: string } };
    expect(onUrl.contents.value).toContain("**MLflow backend store** of `mlflow`");
    expect(onUrl.contents.value).toContain("Reaches **postgres** (postgres, image `postgres:13`)");
    expect(onUrl.contents.value).toContain("user `airflow`");
    const dbLine = lines.indexOf("  postgres:");
    const onDb = (await client.conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: dbLine, character: 4 },
    })) as { contents: { value: string } };
    expect(onDb.contents.value).toContain("Connected to by:");
    expect(onDb.contents.value).toContain("`airflow-scheduler`: Airflow metadata database");
    const nothing = await client.conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 1 },
    });
    expect(nothing).toBeNull();
  });

  it("clears diagnostics when a document closes", async () => {
    const uri = "file:///work/close/docker-compose.yml";
    await client.open(uri, exampleText);
    await client.diagnostics(uri, has("obsolete-version"));
    await client.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
    await client.diagnostics(uri, (d) => d.length === 0);
  });
});

describe("the CLI's lsp subcommand", () => {
  it("serves the same protocol over stdio for other editors", async () => {
    const client = new LspClient([process.execPath, CLI_JS, "lsp", "--stdio"]);
    try {
      await client.initialize({});
      const uri = "file:///work/cli/docker-compose.yml";
      await client.open(uri, exampleText);
      const diags = await client.diagnostics(uri, has("obsolete-version"));
      expect(diags.length).toBeGreaterThan(0);
    } finally {
      await client.shutdown();
    }
  });
});
