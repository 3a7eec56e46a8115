/**
 * The secrets fix through the built language server (dist/server.js): the code action is one
 * workspace edit creating `.env` beside the file, when the client says it can create files.
 */
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from "vscode-languageserver-protocol";
import { LspClient } from "../helpers/lsp-client";
import { makeProject, type Project } from "../helpers/project-fix";

const TEXT = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: pw123\n";

describe("Move secrets to .env over LSP", () => {
  let client: LspClient;
  let project: Project | undefined;
  beforeAll(async () => {
    client = new LspClient();
    await client.initialize({
      workspace: {
        configuration: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ["create"] },
      },
    });
  });
  afterAll(async () => {
    await client.shutdown();
  });
  afterEach(() => project?.remove());

  it("offers the fix as CreateFile + TextDocumentEdits", async () => {
    project = makeProject({ "docker-compose.yml": TEXT });
    const uri = pathToFileURL(project.compose).href;
    await client.open(uri, TEXT);
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === "plaintext-secret"));
    const diag = diags.find((d) => d.code === "plaintext-secret") as Diagnostic;
    expect(diag.severity).toBe(3);
    const actions = (await client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag], only: ["quickfix"] },
    })) as CodeAction[];
    const action = actions.find((a) => a.title === "Move secrets to .env")!;
    expect(action.isPreferred).toBeFalsy();
    const changes = action.edit!.documentChanges as (TextDocumentEdit | CreateFile)[];
    const envUri = pathToFileURL(`${project.dir}/.env`).href;
    expect(changes[0]).toEqual({
      kind: "create",
      uri: envUri,
      options: { overwrite: false, ignoreIfExists: true },
    });
    const own = changes.find(
      (c): c is TextDocumentEdit => "textDocument" in c && c.textDocument.uri === uri,
    )!;
    expect(own.textDocument.version).toBe(1);
    expect((own.edits[0] as { newText: string }).newText).toBe(
      "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
    );
  });
});
