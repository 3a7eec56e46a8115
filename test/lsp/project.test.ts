/**
 * A multi-file project over LSP (the built server over stdio): a base file sees the services
 * of its override file, read from the override's open editor (unsaved text) before the disk,
 * and an edit in the override re-publishes the base file's diagnostics.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { tempProject } from "../helpers/cli";
import { LspClient } from "../helpers/lsp-client";

const BASE = "services:\n  app:\n    image: app\n    depends_on: [redis]\n";
const OVERRIDE = "services:\n  redis:\n    image: redis:7\n";
const undefinedRef = (d: Diagnostic[]) => d.filter((x) => x.code === "undefined-reference");

describe("multi-file project over LSP", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("an edit in the override file re-publishes the base file's diagnostics", async () => {
    const dir = tempProject({ "compose.yaml": BASE, "compose.override.yaml": OVERRIDE });
    const base = pathToFileURL(join(dir, "compose.yaml")).href;
    const override = pathToFileURL(join(dir, "compose.override.yaml")).href;
    await client.open(override, OVERRIDE);
    await client.diagnostics(override);
    await client.open(base, BASE);
    expect(undefinedRef(await client.diagnostics(base))).toEqual([]);
    // Rename redis in the (unsaved) override: the base file's depends_on now names nothing.
    await client.change(override, 2, [{ text: OVERRIDE.replace("redis:", "cache:") }]);
    const after = await client.diagnostics(base, (d) => undefinedRef(d).length > 0);
    expect(undefinedRef(after)[0]!.message).toMatch(/No service "redis" is defined in this project/);
    await client.change(override, 3, [{ text: OVERRIDE }]);
    expect(undefinedRef(await client.diagnostics(base, (d) => undefinedRef(d).length === 0))).toEqual([]);
  });

  it("a URL in an env file is reported in the env file, and an edit there re-analyses the compose file", async () => {
    const compose =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: pw\n" +
      "  app:\n    image: app\n    env_file: app.env\n    depends_on: [db]\n";
    const env =
      "# where the app's data lives\nDATABASE_URL=postgresql://postgres:pw@localhost:5432/postgres\n";
    const dir = tempProject({ "compose.yaml": compose, "app.env": env });
    const composeUri = pathToFileURL(join(dir, "compose.yaml")).href;
    const envUri = pathToFileURL(join(dir, "app.env")).href;
    const localhost = (d: Diagnostic[]) => d.filter((x) => x.code === "db-host-localhost");
    await client.open(composeUri, compose);
    const inEnv = localhost(await client.diagnostics(envUri, (d) => localhost(d).length > 0));
    // The host's own characters on line 2 of app.env, not anything in compose.yaml.
    expect(inEnv).toHaveLength(1);
    expect(inEnv[0]!.range).toEqual({ start: { line: 1, character: 38 }, end: { line: 1, character: 47 } });
    expect(localhost(await client.diagnostics(composeUri))).toEqual([]);
    // Typing in the (unsaved) env file: the compose file is analysed again with its text.
    await client.open(envUri, env, "dotenv");
    await client.change(envUri, 2, [{ text: env.replace("localhost", "db") }]);
    expect(localhost(await client.diagnostics(envUri, (d) => localhost(d).length === 0))).toEqual([]);
    await client.change(envUri, 3, [{ text: env }]);
    expect(localhost(await client.diagnostics(envUri, (d) => localhost(d).length === 1))).toHaveLength(1);
    // Closing the env file's editor keeps what the open compose file says about it.
    const published = client.history(envUri).length;
    await client.close(envUri);
    const afterClose = await client.diagnostics(envUri, () => client.history(envUri).length > published);
    expect(localhost(afterClose)).toHaveLength(1);
    // Closing the compose file takes its findings off the env file.
    await client.close(composeUri);
    expect(await client.diagnostics(envUri, (d) => d.length === 0)).toEqual([]);
  });

  it("an env file's finding offers its fix there, as a workspace edit of the env file", async () => {
    const compose =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cret\n" +
      "  app:\n    image: app\n    env_file: app.env\n";
    const env = "DATABASE_URL=postgresql://postgres:wrong@db:5432/postgres\n";
    const dir = tempProject({ "compose.yaml": compose, "app.env": env });
    const composeUri = pathToFileURL(join(dir, "compose.yaml")).href;
    const envUri = pathToFileURL(join(dir, "app.env")).href;
    await client.open(composeUri, compose);
    await client.open(envUri, env, "dotenv");
    const mismatch = (d: Diagnostic[]) => d.filter((x) => x.code === "db-credentials-mismatch");
    const [diag] = mismatch(await client.diagnostics(envUri, (d) => mismatch(d).length > 0));
    const actions = (await client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri: envUri },
      range: diag!.range,
      context: { diagnostics: [diag], only: ["quickfix"] },
    })) as {
      title: string;
      isPreferred?: boolean;
      edit: {
        changes?: Record<string, object[]>;
        documentChanges?: { textDocument: { uri: string }; edits: { newText: string; range: object }[] }[];
      };
    }[];
    const action = actions.find((a) => a.title === "Use the password of `db`")!;
    expect(action.isPreferred).toBeFalsy();
    const edits = [
      ...(action.edit.documentChanges ?? [])
        .filter((c) => c.textDocument.uri === envUri)
        .flatMap((c) => c.edits),
      ...((action.edit.changes?.[envUri] as { newText: string; range: object }[] | undefined) ?? []),
    ];
    expect(edits).toEqual([
      { range: { start: { line: 0, character: 35 }, end: { line: 0, character: 40 } }, newText: "s3cret" },
    ]);
    await client.close(envUri);
    await client.close(composeUri);
  });

  it("an override file changed on disk (not open) re-publishes the base file's diagnostics", async () => {
    const dir = tempProject({ "compose.yaml": BASE, "compose.override.yaml": OVERRIDE });
    const base = pathToFileURL(join(dir, "compose.yaml")).href;
    await client.open(base, BASE);
    expect(undefinedRef(await client.diagnostics(base))).toEqual([]);
    writeFileSync(join(dir, "compose.override.yaml"), OVERRIDE.replace("redis:", "cache:"));
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: pathToFileURL(join(dir, "compose.override.yaml")).href, type: 2 }],
    });
    const after = await client.diagnostics(base, (d) => undefinedRef(d).length > 0);
    expect(undefinedRef(after)[0]!.message).toMatch(/No service "redis" is defined in this project/);
    await client.close(base);
  });
});
