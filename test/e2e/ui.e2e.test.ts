/**
 * The packaged extension in a real VS Code workbench (code-server), used the way a user does,
 * on a fresh copy of examples/mlflow-airflow (issue 5, UI tests 1-7). One workbench serves the
 * whole file: the steps build on each other (3 and 4 fix the file that 5 and 6 then run), and
 * starting a workbench costs seconds on this machine. A screenshot per step lands in
 * test-artifacts/e2e/ui/; on a failure also the server log and the browser console.
 *
 * Compose itself is a stand-in (stand-in-docker.ts) first on the PATH of code-server, so of its
 * terminals: it records every call and answers as a healthy stack would.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, sleep, Workbench } from "./harness";
import { EXAMPLE_DIR, EXAMPLE_FILE, ensureVsix } from "./product";
import { createStandInDocker, type StandInDocker } from "./stand-in-docker";

const FILE = EXAMPLE_FILE;
/** MLflow's backend store URL in the example: the shared-database diagnostic's exact range. */
const SHARED_URL = "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow";
/** The rules the post's broken stack must show (its three errors and what it fixed by hand). */
const EXPECTED_RULES = ["shared-database", "obsolete-version", "wrong-db-host", "db-credentials-mismatch"];

interface CliFinding {
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
}

/** The same engine through the CLI: the messages the Problems panel must show. */
function lintJson(file: string): CliFinding[] {
  const r = spawnSync(process.execPath, ["bin/mlops-compose.js", "lint", "--format", "json", file], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`mlops-compose lint failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliFinding[];
}

function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in the file`);
  return i + 1;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** A problem's row in the Problems panel: "… mlops-compose(rule) [Ln l, Col c]" (one line of text). */
function problemRow(rule: string, at?: { line: number; character: number }): RegExp {
  const where = at ? `\\[Ln ${at.line + 1}, Col ${at.character + 1}\\]` : "\\[Ln \\d+, Col \\d+\\]";
  return new RegExp(`mlops-compose\\W*${rule}\\W*${where}`);
}

describe("the packaged extension in VS Code (code-server) on examples/mlflow-airflow", () => {
  let wb: Workbench;
  let docker: StandInDocker;
  let dockerDir: string;
  let findings: CliFinding[];
  let original: string;
  let failed = false;
  /** The compose project name the Reset dialog names (step 6), typed to confirm (6b). */
  let project = "";

  beforeAll(async () => {
    const vsix = ensureVsix();
    original = fs.readFileSync(path.join(REPO_ROOT, EXAMPLE_DIR, FILE), "utf8");
    findings = lintJson(path.join(EXAMPLE_DIR, FILE));
    dockerDir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-e2e-docker-"));
    docker = createStandInDocker(dockerDir);
    wb = await Workbench.start({
      name: "ui",
      workspace: EXAMPLE_DIR,
      vsix,
      viewport: { width: 1440, height: 1000 },
      // First on PATH for code-server (the extension host and its child processes) and, as a user
      // would configure it, for the integrated terminals.
      env: { PATH: `${docker.binDir}:${process.env.PATH}` },
      settings: { "terminal.integrated.env.linux": { PATH: `${docker.binDir}:\${env:PATH}` } },
    });
    await wb.openFile(FILE);
  });

  afterAll(async () => {
    if (wb) {
      if (failed) {
        await wb.screenshot("failure");
        wb.saveLogs();
        fs.writeFileSync(path.join(wb.artifactsDir, "docker-calls.log"), docker.calls().join("\n"));
      }
      await wb.close();
    }
    if (dockerDir) fs.rmSync(dockerDir, { recursive: true, force: true });
  });

  /**
   * The Problems panel's text on one line, read with the panel maximized (its tree renders only
   * the rows on screen), once it shows `expect` when given.
   */
  async function problems(expect?: string | RegExp): Promise<string> {
    await wb.problemsPanelText();
    const restore = await wb.maximizePanel();
    try {
      return oneLine(await wb.problemsPanelText(expect));
    } finally {
      await restore();
    }
  }

  /** A test that marks the run failed (for the artifacts) when it throws. */
  const step = (name: string, fn: () => Promise<void>, timeout?: number) =>
    test(
      name,
      async () => {
        try {
          await fn();
        } catch (e) {
          failed = true;
          throw e;
        }
      },
      timeout,
    );

  step(
    "1. error squiggles on the wrong host and on MLflow's shared URL; the Problems panel lists every rule",
    async () => {
      expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(EXPECTED_RULES));

      await wb.goTo(24);
      expect(await wb.waitForSquiggle("error", "airflow")).toEqual({ line: 24, text: "airflow" });
      await wb.screenshot("1-wrong-db-host-squiggle");

      await wb.goTo(47);
      expect(await wb.waitForSquiggle("error", SHARED_URL)).toEqual({ line: 47, text: SHARED_URL });
      await wb.screenshot("1-shared-database-squiggle");

      await wb.problemsPanelText();
      const restore = await wb.maximizePanel();
      const panel = oneLine(await wb.problemsPanelText(/shared-database\W*\[Ln 47/));
      await wb.screenshot("1-problems-panel");
      await restore();
      expect(panel).toContain(FILE);
      for (const f of findings) {
        expect(panel, f.rule).toContain(oneLine(f.message));
        expect(panel, f.rule).toMatch(problemRow(f.rule, f.range.start));
      }
    },
  );

  step("2. hovering the shared-database squiggle shows the message and the docs link", async () => {
    const shared = findings.find((f) => f.rule === "shared-database")!;
    await wb.goTo(47);
    const hover = await wb.hoverSquiggle("error", SHARED_URL, "MLflow and Airflow share");
    await wb.screenshot("2-hover");
    expect(oneLine(hover.text)).toContain(oneLine(shared.message));
    expect(oneLine(hover.text)).toMatch(/mlops-compose\W*shared-database/);
    expect(hover.links).toContainEqual(expect.stringMatching(/\/docs\/rules\/shared-database\.md$/));
    await wb.page.keyboard.press("Escape");
  });

  step(
    "3. Ctrl+. offers Split database…; choosing it and saving gives MLflow its own PostgreSQL on disk",
    async () => {
      await wb.quickFix(47, /^Split database: give MLflow its own PostgreSQL/, { column: 27 });
      const onDisk = wb.readFile(FILE);
      expect(onDisk).toMatch(/^ {2}postgres-mlflow:\n {4}image: postgres:13$/m);
      expect(onDisk).toMatch(
        /--backend-store-uri postgresql\+psycopg2:\/\/mlflow:mlflow@postgres-mlflow:5432\/mlflow$/m,
      );
      expect(onDisk).toMatch(/^ {4}depends_on:\n {6}postgres-mlflow:\n {8}condition: service_healthy$/m);
      expect(onDisk).not.toContain(`--backend-store-uri ${SHARED_URL}`);

      // That squiggle is gone; the others stay.
      const uriLine = lineOf(onDisk, "--backend-store-uri");
      await wb.goTo(uriLine);
      await expect
        .poll(async () => (await wb.squiggles("error")).filter((s) => s.line === uriLine), {
          timeout: 20_000,
        })
        .toEqual([]);
      await expect.poll(() => problems(), { timeout: 20_000 }).not.toMatch(problemRow("shared-database"));
      expect(await problems()).toMatch(problemRow("wrong-db-host"));
      await wb.screenshot("3-after-split-database");
    },
  );

  step("4. the Remove obsolete `version` quick fix removes the line", async () => {
    const before = wb.readFile(FILE);
    await wb.goTo(4);
    expect(await wb.waitForSquiggle("warning", "version: '3.8'")).toEqual({
      line: 4,
      text: "version: '3.8'",
    });
    await wb.quickFix(4, "Remove obsolete `version`");
    expect(wb.readFile(FILE)).toBe(before.replace("version: '3.8'\n", ""));
    await expect
      .poll(async () => (await wb.squiggles("warning")).filter((s) => s.text.startsWith("version")), {
        timeout: 20_000,
      })
      .toEqual([]);
    await wb.screenshot("4-after-remove-version");
  });

  step(
    "5. MLOps: Staged Up from the palette runs the plan's stages in the terminal MLOps: Staged Up",
    async () => {
      const before = docker.calls().length;
      await wb.runCommand("MLOps: Staged Up");
      await wb.waitForTerminalText(/All \d+ stages are up\./, "MLOps: Staged Up", 60_000);
      // The status bar follows the run to its end.
      await wb.page.locator(".statusbar-item", { hasText: "MLOps: up" }).first().waitFor({ timeout: 15_000 });
      // The panel is short: maximized, the terminal brings the first stage lines back into view.
      const restore = await wb.maximizePanel();
      const text = await wb.waitForTerminalText(/^\[1\/\d+\] databases: /m, "MLOps: Staged Up", 10_000);
      await wb.screenshot("5-staged-up-terminal");
      await restore();

      const stages = Number(/All (\d+) stages are up\./.exec(text)?.[1]);
      expect(stages).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/^\[1\/\d+\] databases: postgres, postgres-mlflow \.\.\. starting$/m);
      expect(text).toMatch(
        /^\[1\/\d+\] databases: postgres, postgres-mlflow \.\.\. (healthy|started) after \d+s$/m,
      );
      expect(text).toMatch(
        new RegExp(
          `^\\[${stages}/${stages}\\] applications: airflow, airflow-scheduler, mlflow \\.\\.\\. starting$`,
          "m",
        ),
      );

      // What reached "Compose": the databases first, the applications after them.
      const ups = docker
        .calls()
        .slice(before)
        .filter((c) => / up -d /.test(c));
      expect(ups.length).toBe(stages);
      expect(ups[0]).toMatch(/ postgres postgres-mlflow$/);
      expect(ups[ups.length - 1]).toMatch(/ airflow airflow-scheduler mlflow$/);
      expect(ups.every((c) => c.includes(`-f ${wb.file(FILE)}`))).toBe(true);
    },
    120_000,
  );

  step(
    "6. MLOps: Reset Environment asks first, naming the volumes in plain text; Cancel, Enter and a wrong name run nothing",
    async () => {
      const before = docker.calls().length;
      await wb.runCommand("MLOps: Reset Environment");
      const dialog = wb.page.locator(".monaco-dialog-box");
      await dialog.waitFor({ timeout: 30_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: the dialog as the user reads it
      const text = await dialog.innerText();
      await wb.screenshot("6-reset-confirmation");
      expect(text).toContain("postgres_data");
      expect(text).toContain("postgres_mlflow_data");
      // Modal text is plain: Markdown would show as literal backticks.
      expect(text).not.toContain("`");
      project = /compose project "([^"]+)"/.exec(text)?.[1] ?? "";
      expect(project).not.toBe("");
      await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
      await dialog.waitFor({ state: "hidden", timeout: 10_000 });

      // A reflex Enter on the dialog leads at most to the second step: typing the project's name.
      await wb.runCommand("MLOps: Reset Environment");
      await dialog.waitFor({ timeout: 30_000 });
      await wb.page.keyboard.press("Enter");
      await dialog.waitFor({ state: "hidden", timeout: 10_000 });
      const input = wb.page.locator(".quick-input-widget");
      await input.waitFor({ timeout: 10_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: the input box as the user reads it
      expect(await input.innerText()).toContain(`Type ${project}`);
      await wb.screenshot("6-reset-type-project-name");
      await wb.page.keyboard.press("Enter"); // empty: refused
      await sleep(500);
      expect(await input.isVisible()).toBe(true);
      await wb.page.keyboard.type(`${project}-typo`);
      await wb.page.keyboard.press("Enter"); // wrong: refused
      await sleep(500);
      expect(await input.isVisible()).toBe(true);
      await wb.page.keyboard.press("Escape");
      await input.waitFor({ state: "hidden", timeout: 10_000 });
      await sleep(3000); // anything the command would still start has had its time
      const after = docker.calls().slice(before);
      expect(after.filter((c) => / (down|up|rm|prune|stop|kill)( |$)/.test(c))).toEqual([]);
      expect(await wb.page.locator(".terminal-tabs-entry", { hasText: "Reset" }).count()).toBe(0);
      await wb.screenshot("6-after-cancel");
    },
    90_000,
  );

  step(
    "6b. Typing the project's name resets: down -v reaches Compose, and the terminal asks nothing more",
    async () => {
      const before = docker.calls().length;
      await wb.runCommand("MLOps: Reset Environment");
      const dialog = wb.page.locator(".monaco-dialog-box");
      await dialog.waitFor({ timeout: 30_000 });
      await dialog.getByRole("button", { name: "Reset…", exact: true }).click();
      const input = wb.page.locator(".quick-input-widget");
      await input.waitFor({ timeout: 10_000 });
      await wb.page.keyboard.type(project);
      await wb.page.keyboard.press("Enter");
      const text = await wb.waitForTerminalText(/following the logs/, "MLOps: Reset Environment", 60_000);
      await wb.screenshot("6b-reset-terminal");
      expect(text).not.toContain("Type yes");
      expect(text).not.toContain("No terminal to ask on");
      const after = docker.calls().slice(before);
      const downs = after.filter((c) => / down -v --remove-orphans$/.test(c));
      expect(downs).toHaveLength(1);
      // down -v first, then the stages.
      expect(after.findIndex((c) => / up -d /.test(c))).toBeGreaterThan(after.indexOf(downs[0]!));
    },
    120_000,
  );

  step(
    "6c. Staged Up with Docker not running: one message in the terminal, a notification naming the cause and what to do",
    async () => {
      // Earlier runs' terminals share the name: close them, so the terminal read is this run's.
      await wb.runCommand("Terminal: Kill All Terminals");
      docker.setDaemonDown(true);
      try {
        const before = docker.calls().length;
        await wb.runCommand("MLOps: Staged Up");
        await expect
          .poll(async () => (await wb.notifications()).join("\n"), { timeout: 30_000 })
          .toMatch(
            /Staged Up did not start: the Docker daemon does not answer \(Cannot connect to the Docker daemon/,
          );
        const note = (await wb.notifications()).join("\n");
        expect(note).toContain("Start Docker");
        const text = await wb.waitForTerminalText(
          /the Docker daemon does not answer/,
          "MLOps: Staged Up",
          30_000,
        );
        await wb.screenshot("6c-no-docker");
        expect(text.match(/Cannot connect to the Docker daemon/g)).toHaveLength(1);
        expect(text).not.toMatch(/\[1\/\d+\]/);
        const after = docker.calls().slice(before);
        expect(after.filter((c) => / (up|down|ps|logs)( |$)/.test(c))).toEqual([]);
        await wb.page
          .locator(".statusbar-item", { hasText: "Docker is not running" })
          .first()
          .waitFor({ timeout: 15_000 });
      } finally {
        docker.setDaemonDown(false);
      }
    },
    90_000,
  );

  step(
    "7. mlopsCompose.rules.obsolete-version = off in the (workspace) settings removes that diagnostic without a reload",
    async () => {
      // A second, unfixed copy of the example (steps 3 and 4 fixed the first), created now.
      const rel = "settings-check/docker-compose.yml";
      fs.mkdirSync(wb.file("settings-check"));
      fs.writeFileSync(wb.file(rel), original);
      await wb.openFile(rel);
      await wb.goTo(4);
      await wb.waitForSquiggle("warning", "version: '3.8'");
      expect(await problems(problemRow("obsolete-version"))).toMatch(problemRow("obsolete-version"));
      const pageId = await wb.page.evaluate(() => {
        const w = globalThis as unknown as { mcdPageId?: number };
        w.mcdPageId = Math.random();
        return w.mcdPageId;
      });
      await wb.screenshot("7-before-setting");

      wb.updateWorkspaceSettings({ "mlopsCompose.rules.obsolete-version": "off" });
      await expect
        .poll(async () => (await wb.squiggles("warning")).filter((s) => s.text.startsWith("version")), {
          timeout: 30_000,
        })
        .toEqual([]);
      await expect.poll(() => problems(), { timeout: 20_000 }).not.toMatch(problemRow("obsolete-version"));
      expect(await problems()).toMatch(problemRow("wrong-db-host"));
      // Same page: no window reload happened.
      expect(await wb.page.evaluate(() => (globalThis as unknown as { mcdPageId?: number }).mcdPageId)).toBe(
        pageId,
      );
      await wb.screenshot("7-after-setting-off");

      // And back, still live.
      wb.updateWorkspaceSettings({ "mlopsCompose.rules.obsolete-version": undefined });
      await wb.goTo(4);
      expect(await wb.waitForSquiggle("warning", "version: '3.8'")).toEqual({
        line: 4,
        text: "version: '3.8'",
      });
    },
  );
});
