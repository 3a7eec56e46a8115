/**
 * The packaged extension's editor features in a real VS Code workbench (code-server), used
 * with the keyboard as a user does, on a fresh copy of examples/mlflow-airflow: Ctrl+Space in
 * `depends_on`, F12 on a connection URL's host, F2 on the database service (its URL hosts
 * follow), and the Outline. A screenshot per step in test-artifacts/e2e/editor/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeConfigBoth } from "../helpers/compose-clis";
import { REPO_ROOT, sleep, Workbench, waitFor } from "./harness";
import { EXAMPLE_DIR, EXAMPLE_FILE, ensureVsix } from "./product";
import { buildStandInDockerDx, type StandInExtension } from "./stand-in-docker-dx";

const FILE = EXAMPLE_FILE;

function lineAndColumn(text: string, needle: string, delta = 0): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in the file`);
  const before = text.slice(0, at + delta);
  const line = before.split("\n").length;
  return { line, column: at + delta - before.lastIndexOf("\n") };
}

describe("editor features in VS Code (code-server) on examples/mlflow-airflow", () => {
  let wb: Workbench;
  let failed = false;

  beforeAll(async () => {
    const vsix = ensureVsix();
    wb = await Workbench.start({
      name: "editor",
      workspace: EXAMPLE_DIR,
      vsix,
      viewport: { width: 1440, height: 1000 },
      // Word completion would mix VS Code's own guesses into the list under test.
      settings: { "editor.wordBasedSuggestions": "off", "editor.quickSuggestions": { other: false } },
    });
    await wb.openFile(FILE);
    // The server is up once its diagnostics are on screen.
    await wb.waitForSquiggle("error");
  }, 180_000);

  afterAll(async () => {
    if (wb) {
      if (failed) {
        await wb.screenshot("failure");
        wb.saveLogs();
      }
      await wb.close();
    }
  });

  const step = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      try {
        await fn();
      } catch (e) {
        failed = true;
        throw e;
      }
    }, 120_000);

  const suggestRows = () => wb.page.locator(".suggest-widget.visible .monaco-list-row");

  step("Ctrl+Space in depends_on lists the other services; Enter inserts one", async () => {
    const { line } = lineAndColumn(wb.readFile(FILE), "      - postgres\n    environment:\n      # the host");
    await wb.goTo(line);
    await wb.page.keyboard.press("End");
    await wb.page.keyboard.press("Enter");
    await wb.page.keyboard.type("- ");
    await wb.page.keyboard.press("Control+Space");
    const labels = await waitFor(
      "the suggest widget with our services",
      async () => {
        const texts = await suggestRows().locator(".label-name").allInnerTexts();
        return texts.includes("mlflow") ? texts : undefined;
      },
      30_000,
      300,
    );
    expect(labels.map((l) => l.trim()).sort()).toEqual(["airflow-scheduler", "mlflow"]);
    await wb.screenshot("completion-in-depends-on");
    await wb.page.keyboard.type("ml");
    await waitFor("only mlflow left", async () => (await suggestRows().count()) === 1, 10_000, 200);
    await wb.page.keyboard.press("Enter");
    await wb.save();
    expect(wb.readFile(FILE)).toContain(
      "    depends_on:\n      - postgres\n      - mlflow\n    environment:",
    );
    await wb.screenshot("completion-accepted");
  });

  step("F12 on the host of a connection URL jumps to the database service", async () => {
    const text = wb.readFile(FILE);
    const host = lineAndColumn(text, "@postgres:5432/airflow\n    command: airflow scheduler", 3);
    const target = lineAndColumn(text, "  postgres:\n    image");
    await wb.goTo(host.line, host.column);
    await wb.page.keyboard.press("F12");
    const status = wb.page.locator('.statusbar-item[id="status.editor.selection"]');
    await waitFor(
      `the cursor on line ${target.line}`,
      async () => ((await status.textContent()) ?? "").startsWith(`Ln ${target.line}, Col `),
      15_000,
      200,
    );
    await wb.screenshot("f12-from-url-host");
  });

  step(
    "F2 on the service renames its key, every depends_on and the URL hosts; both Compose CLIs accept it",
    async () => {
      const at = lineAndColumn(wb.readFile(FILE), "  postgres:\n    image", 4);
      await wb.goTo(at.line, at.column);
      await wb.page.keyboard.press("F2");
      const input = wb.page.locator(".rename-box .rename-input");
      await input.waitFor({ timeout: 15_000 });
      await sleep(300);
      await wb.page.keyboard.press("Control+A");
      await wb.page.keyboard.type("db");
      await wb.screenshot("f2-rename-box");
      await wb.page.keyboard.press("Enter");
      await input.waitFor({ state: "hidden", timeout: 15_000 });
      // The box closes when Enter is pressed; the workspace edit arrives after the server's
      // answer. Saving before it lands saves nothing: wait for the editor to hold the edit.
      await waitFor(
        "the rename's edit in the editor (its tab dirty)",
        async () => (await wb.page.locator(".tabs-container .tab.active.dirty").count()) > 0,
        15_000,
      );
      await wb.save();
      const after = wb.readFile(FILE);
      expect(after).toMatch(/^ {2}db:\n {4}image: postgres:13$/m);
      expect(after.match(/^ {6}- db$/gm)).toHaveLength(3);
      expect(after).toContain("postgresql+psycopg2://postgres:airflow@db:5432/airflow");
      expect(after).toContain("--backend-store-uri postgresql+psycopg2://airflow:airflow@db:5432/airflow");
      expect(after).not.toContain("@postgres:");
      for (const v of composeConfigBoth(after)) expect(v.ok, `${v.cli}: ${v.output}`).toBe(true);
      await wb.screenshot("f2-renamed");
    },
  );

  step("the Outline shows the services with image and ports", async () => {
    const outline = wb.page.locator(".outline-pane");
    // Collapse the file tree so that the Outline gets the Explorer's height (for the screenshot).
    await wb.page
      .locator(".pane-header", { hasText: /^\s*Workspace/i })
      .first()
      .click();
    if (!(await outline.isVisible().catch(() => false))) {
      // The Outline's header in the Explorer: expand it.
      await wb.page
        .locator(".pane-header", { hasText: /^\s*Outline/i })
        .first()
        .click();
    }
    // Each row: the symbol's name, then its detail (image · ports) in a lighter label.
    const rowText = async (row: import("playwright-core").Locator) => {
      // allTextContents does not wait: a row without a detail has no description element.
      const name = (await row.locator(".label-name").allTextContents())[0] ?? "";
      const detail = (await row.locator(".label-description").allTextContents())[0] ?? "";
      return `${name.trim()} ${detail.trim()}`.trim();
    };
    const rows = await waitFor(
      "the Outline's services",
      async () => {
        const all = await outline.locator(".monaco-list-row").all();
        const texts = await Promise.all(all.map(rowText));
        return texts.some((t) => t.startsWith("airflow-scheduler")) ? texts : undefined;
      },
      30_000,
      300,
    );
    // (The tree renders the rows that fit in the pane: the first six are always there.)
    expect(rows.slice(0, 6)).toEqual([
      "version 3.8",
      "services",
      "db postgres:13 · 5432:5432",
      "airflow apache/airflow:2.7.0-python3.9 · 8080:8080",
      "airflow-scheduler apache/airflow:2.7.0-python3.9",
      "mlflow mlflow/mlflow:2.7.1 · 5000:5000",
    ]);
    await wb.screenshot("outline");
  });

  test("the original example is untouched", () => {
    const original = fs.readFileSync(path.join(REPO_ROOT, EXAMPLE_DIR, FILE), "utf8");
    expect(original).toContain("  postgres:\n    image: postgres:13");
  });
});

describe("beside Docker DX (a stand-in with its id): our key completion is off, connection-aware completion stays", () => {
  let wb: Workbench;
  let dx: StandInExtension;
  let failed = false;

  beforeAll(async () => {
    const vsix = ensureVsix();
    dx = buildStandInDockerDx();
    wb = await Workbench.start({
      name: "editor-beside-docker-dx",
      workspace: EXAMPLE_DIR,
      vsix: [vsix, dx.vsix],
      viewport: { width: 1440, height: 1000 },
      settings: { "editor.wordBasedSuggestions": "off", "editor.quickSuggestions": { other: false } },
    });
    await wb.openFile(FILE);
    await wb.waitForSquiggle("error");
  }, 180_000);

  afterAll(async () => {
    if (wb) {
      if (failed) {
        await wb.screenshot("failure");
        wb.saveLogs();
      }
      await wb.close();
    }
    dx?.dispose();
  });

  /** Ctrl+Space at the cursor; the labels the suggest widget shows (none: its "No suggestions" message). */
  async function suggestions(): Promise<string[]> {
    const widget = wb.page.locator(".suggest-widget.visible");
    // A Ctrl+Space that lands while the Go to Line box is still handing focus back is lost
    // (seen once in CI): press again, up to three times, before calling the widget missing.
    for (let attempt = 1; ; attempt++) {
      await wb.page.keyboard.press("Control+Space");
      const shown = await widget
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
      if (attempt === 3) throw new Error("the suggest widget never opened after three Ctrl+Space");
    }
    await sleep(1500); // the server's answer, or VS Code's "No suggestions."
    return (await widget.locator(".monaco-list-row .label-name").allTextContents()).map((l) => l.trim());
  }

  /** A fresh line for a new key under `postgres:` (the buffer reverted to the file first). */
  async function newKeyLineUnderPostgres(): Promise<void> {
    await wb.runCommand("File: Revert File");
    const { line } = lineAndColumn(wb.readFile(FILE), "    image: postgres:13\n");
    await wb.goTo(line);
    await wb.page.keyboard.press("End");
    await wb.page.keyboard.press("Enter"); // VS Code keeps the indentation: a key of postgres
  }

  test("a new key under a service: no schema keys from us; in depends_on: the services", async () => {
    try {
      await newKeyLineUnderPostgres();
      // Nothing at all: VS Code says "No suggestions." (word suggestions are off).
      expect(await suggestions()).toEqual([]);
      await wb.screenshot("no-key-completion-beside-docker-dx");
      await wb.page.keyboard.press("Escape");
      await wb.page.keyboard.type("depends_on:");
      await wb.page.keyboard.press("Enter");
      await wb.page.keyboard.type("- ");
      const names = await suggestions();
      expect(names.sort()).toEqual(["airflow", "airflow-scheduler", "mlflow"]);
      await wb.screenshot("depends-on-completion-beside-docker-dx");
      await wb.page.keyboard.press("Escape");
    } catch (e) {
      failed = true;
      throw e;
    }
  }, 120_000);

  test("mlopsCompose.editor.keyCompletion: on brings the schema keys back, live", async () => {
    try {
      wb.updateWorkspaceSettings({ "mlopsCompose.editor.keyCompletion": "on" });
      await newKeyLineUnderPostgres();
      // The list renders only the rows on screen: narrow it to the key wanted.
      await wb.page.keyboard.type("heal");
      const keys = await waitFor(
        "schema keys in the suggest widget",
        async () => {
          const k = await suggestions();
          if (k.includes("healthcheck")) return k;
          await wb.page.keyboard.press("Escape");
          return undefined;
        },
        30_000,
        500,
      );
      expect(keys).toEqual(["healthcheck"]);
      await wb.screenshot("key-completion-on");
    } catch (e) {
      failed = true;
      throw e;
    }
  }, 120_000);
});
