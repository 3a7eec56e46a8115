/**
 * A multi-file project over LSP (the built server over stdio): a base file sees the services
 * of its override file, read from the override's open editor (unsaved text) before the disk,
 * and an edit in the override re-publishes the base file's diagnostics.
 */
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
});
