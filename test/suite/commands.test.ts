/** `commands.getCommands`: the three MLOps commands are registered and in the command palette. */
import * as assert from "node:assert/strict";
import { suite, suiteSetup, test } from "mocha";
import * as vscode from "vscode";
import { activateExtension } from "./helpers";

/** Command id -> the title the palette shows ("Category: Title"). */
const MLOPS_COMMANDS: Record<string, string> = {
  "mlops.stagedUp": "MLOps: Staged Up",
  "mlops.resetEnvironment": "MLOps: Reset Environment",
  "mlops.checkConnections": "MLOps: Check Connections",
};

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

suite("commands (commands.getCommands)", () => {
  let ext: vscode.Extension<unknown>;

  suiteSetup(async () => {
    ext = await activateExtension();
  });

  test("the three mlops.* commands are registered", async () => {
    const all = await vscode.commands.getCommands(true);
    const missing = Object.keys(MLOPS_COMMANDS).filter((id) => !all.includes(id));
    assert.deepEqual(
      missing,
      [],
      `registered mlops commands: ${all.filter((c) => c.startsWith("mlops")).join(", ")}`,
    );
  });

  test("the manifest contributes them with their palette titles", () => {
    const contributed = ((ext.packageJSON as { contributes?: { commands?: ContributedCommand[] } })
      .contributes?.commands ?? []) as ContributedCommand[];
    const titles = Object.fromEntries(
      contributed.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]),
    );
    for (const [id, title] of Object.entries(MLOPS_COMMANDS)) assert.equal(titles[id], title, id);
  });
});
