/**
 * The project config file over LSP: the built server over stdio reads `.mlops-compose.yaml`
 * above each document, the client's settings win over it, and a change announced with
 * workspace/didChangeWatchedFiles (which the server registers for) is read at once.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { tempProject } from "../helpers/cli";
import { LspClient } from "../helpers/lsp-client";

const TEXT = "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n";
const severityOf = (rule: string) => (d: Diagnostic[]) => d.find((x) => x.code === rule)?.severity;

describe("project config file over LSP", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient();
    await client.initialize({
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
    });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("registers watchers for the config file and .env", async () => {
    const deadline = Date.now() + 10_000;
    while (!client.registrations.some((r) => r.method === "workspace/didChangeWatchedFiles")) {
      if (Date.now() > deadline)
        throw new Error(`no watcher registered: ${JSON.stringify(client.registrations)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const reg = client.registrations.find((r) => r.method === "workspace/didChangeWatchedFiles")!;
    expect(reg.registerOptions).toEqual({
      watchers: [
        { globPattern: "**/{.mlops-compose.yaml,.mlops-compose.yml}" },
        { globPattern: "**/{.env,*.env,.env.*}" },
        { globPattern: "**/*.{yml,yaml}" },
      ],
    });
  });

  it("applies the config file, re-reads it when told it changed, and the client's settings win", async () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "rules:\n  obsolete-version: error\n",
      "app/compose.yaml": TEXT,
    });
    const config = join(dir, ".mlops-compose.yaml");
    const uri = pathToFileURL(join(dir, "app/compose.yaml")).href;
    await client.open(uri, TEXT);
    expect(severityOf("obsolete-version")(await client.diagnostics(uri, (d) => d.length > 0))).toBe(1);

    const changed = async (type: number) => {
      const before = client.history(uri).length;
      await client.conn.sendNotification("workspace/didChangeWatchedFiles", {
        changes: [{ uri: pathToFileURL(config).href, type }],
      });
      return client.diagnostics(uri, () => client.history(uri).length > before);
    };
    writeFileSync(config, "rules:\n  obsolete-version: off\n");
    expect((await changed(2)).map((d) => d.code)).toEqual([]);
    rmSync(config);
    // Deleted: the rule's default (warning) again.
    expect(severityOf("obsolete-version")(await changed(3))).toBe(2);
    writeFileSync(config, "rules:\n  obsolete-version: error\n");
    expect(severityOf("obsolete-version")(await changed(1))).toBe(1);

    // The user's setting wins over the file.
    client.settings = { rules: { "obsolete-version": "hint" } };
    const before = client.history(uri).length;
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: {} });
    const hinted = await client.diagnostics(uri, () => client.history(uri).length > before);
    expect(severityOf("obsolete-version")(hinted)).toBe(4);
    client.settings = {};
    const reset = client.history(uri).length;
    await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: {} });
    expect(
      severityOf("obsolete-version")(await client.diagnostics(uri, () => client.history(uri).length > reset)),
    ).toBe(1);
  });

  it("a file the config ignores gets no diagnostics; a config with problems is shown once as a warning", async () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "ignore: [legacy/]\n",
      "legacy/compose.yaml": TEXT,
      "bad/.mlops-compose.yaml": "rules:\n  obsolete-verison: off\n",
      "bad/compose.yaml": TEXT,
    });
    const ignored = pathToFileURL(join(dir, "legacy/compose.yaml")).href;
    await client.open(ignored, TEXT);
    expect(await client.diagnostics(ignored)).toEqual([]);

    const bad = pathToFileURL(join(dir, "bad/compose.yaml")).href;
    await client.open(bad, TEXT);
    // What is valid still applies (here: nothing), the rest is reported.
    expect(severityOf("obsolete-version")(await client.diagnostics(bad, (d) => d.length > 0))).toBe(2);
    await client.change(bad, 2, [{ text: `${TEXT}# edit\n` }]);
    await client.diagnostics(bad, (_d, p) => p.version === 2);
    const warnings = client.messages.filter(([type, m]) => type === 2 && m.includes("obsolete-verison"));
    expect(warnings).toEqual([
      [
        2,
        `MLOps Compose: ${join(dir, "bad/.mlops-compose.yaml")}:2:3: Unknown rule \`obsolete-verison\` (did you mean \`obsolete-version\`?).`,
      ],
    ]);
  });
});
