/**
 * "MLOps: Staged Up", "MLOps: Reset Environment", "MLOps: Check Connections" and the "▶ Staged Up"
 * CodeLens. Thin on purpose: the server plans and writes the scripts (mlopsCompose/plan); this
 * file picks the compose file, finds the compose CLI, asks for confirmation where data is at
 * stake, and runs the script in an integrated terminal while the status bar shows the stage.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { COMPOSE_GLOB, isComposeDocument } from "../../server/src/config/compose-files";
import type { PlanRequestParams, PlanResponse } from "../../server/src/lsp/plan-provider";
import { ComposeCliCache, NO_COMPOSE_MESSAGE, parseComposeSetting } from "./compose-cli";
import { describeProgress, dockerUnavailable, dockerUnavailableMessage, TERMINAL_WRAPPER } from "./progress";

const PLAN_REQUEST = "mlopsCompose/plan";

type OkPlan = Extract<PlanResponse, { ok: true }>;

export function registerMlopsCommands(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
) {
  const cli = new ComposeCliCache();
  const status = vscode.window.createStatusBarItem("mlopsCompose.run", vscode.StatusBarAlignment.Left, 10);
  status.name = vscode.l10n.t("MLOps Compose: running script");
  context.subscriptions.push(status);
  // Each run's temp directory (script + status file) lives until its terminal closes.
  const runs = new Map<vscode.Terminal, { dir: string; timer?: NodeJS.Timeout }>();
  let tracked: vscode.Terminal | undefined;

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("mlopsCompose.composeCommand")) cli.clear();
    }),
  );

  const untrusted = () => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage(
      vscode.l10n.t("MLOps: this command runs Docker Compose, so it is disabled in untrusted workspaces."),
    );
    return true;
  };

  async function pickComposeFile(arg: unknown): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri) return arg;
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.uri.scheme === "file" && isComposeDocument(active.uri.fsPath, active.languageId))
      return active.uri;
    const exclude = "**/node_modules/**";
    const found = await vscode.workspace.findFiles(COMPOSE_GLOB, exclude, 100);
    const unique = [...new Map(found.map((u) => [u.toString(), u])).values()];
    if (unique.length === 0) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          "MLOps: no Docker Compose file (docker-compose.yml, compose.yaml...) in this workspace.",
        ),
      );
      return undefined;
    }
    if (unique.length === 1) return unique[0];
    const choice = await vscode.window.showQuickPick(
      unique.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
      { placeHolder: vscode.l10n.t("Which compose file?") },
    );
    return choice?.uri;
  }

  /**
   * The user's setting, else the detected CLI (once per workspace folder). The server puts the
   * project config file's `composeCommand` between the two.
   */
  async function composeCommands(uri: vscode.Uri): Promise<{ setting?: string; detected?: string }> {
    const setting = parseComposeSetting(
      vscode.workspace.getConfiguration("mlopsCompose", uri).get("composeCommand"),
    );
    if (setting) return { setting: setting.join(" ") };
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? "";
    return { detected: (await cli.get(folder))?.command.join(" ") };
  }

  async function tellNoCompose(): Promise<void> {
    const install = vscode.l10n.t("Install Docker Compose");
    const settings = vscode.l10n.t("Open Settings");
    const pick = await vscode.window.showErrorMessage(vscode.l10n.t(NO_COMPOSE_MESSAGE), install, settings);
    if (pick === install)
      void vscode.env.openExternal(vscode.Uri.parse("https://docs.docker.com/compose/install/"));
    else if (pick === settings)
      void vscode.commands.executeCommand("workbench.action.openSettings", "mlopsCompose.composeCommand");
  }

  async function requestPlan(
    uri: vscode.Uri,
    extra: Partial<PlanRequestParams> = {},
  ): Promise<OkPlan | undefined> {
    const client = getClient();
    if (!client?.isRunning()) {
      void vscode.window.showErrorMessage(vscode.l10n.t("MLOps: the language server is not running."));
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // The script runs compose on the file on disk: unsaved edits would make plan and run disagree.
    if (doc?.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage(vscode.l10n.t("MLOps: save the compose file first."));
      return undefined;
    }
    const { setting, detected } = await composeCommands(uri);
    const config = vscode.workspace.getConfiguration("mlopsCompose", uri);
    const params: PlanRequestParams = {
      uri: uri.toString(),
      composeCommand: setting,
      detectedComposeCommand: detected,
      waitTimeoutSeconds: config.get<number>("waitTimeoutSeconds", 120),
      ...extra,
    };
    const res = await client.sendRequest<PlanResponse>(PLAN_REQUEST, params);
    if (!res.ok) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t("MLOps: cannot plan {0}: {1}", path.basename(uri.fsPath), res.error.message),
      );
      return undefined;
    }
    if (!res.composeCommand) {
      void tellNoCompose();
      return undefined;
    }
    return res;
  }

  function forget(terminal: vscode.Terminal): void {
    const run = runs.get(terminal);
    if (!run) return;
    clearInterval(run.timer);
    rmSync(run.dir, { recursive: true, force: true });
    runs.delete(terminal);
  }

  /**
   * Runs the script in a terminal of its own; the status bar follows its markers. When the
   * script finds no Docker daemon, a notification says why and what to do (once per run);
   * `command` names it and `retry` runs it again.
   */
  function runInTerminal(
    name: string,
    title: string,
    script: string,
    cwd: string,
    command: string,
    retry: () => void,
  ): void {
    // The status bar follows the newest run only.
    const previous = tracked && runs.get(tracked);
    if (previous) clearInterval(previous.timer);
    const dir = mkdtempSync(path.join(tmpdir(), "mlops-compose-"));
    const file = path.join(dir, "run.sh");
    const statusFile = path.join(dir, "status");
    writeFileSync(file, script, { mode: 0o700 });
    writeFileSync(statusFile, "");
    const terminal = vscode.window.createTerminal({
      name,
      shellPath: process.platform === "win32" ? "sh" : "/bin/sh",
      shellArgs: ["-c", TERMINAL_WRAPPER, "mlops", file],
      cwd,
      env: { MLOPS_STATUS_FILE: statusFile },
      iconPath: new vscode.ThemeIcon("rocket"),
    });
    terminal.show();
    status.command = { title: vscode.l10n.t("Show terminal"), command: "mlops.showRunTerminal" };
    status.tooltip = vscode.l10n.t("{0}: click to show the terminal", name);
    let told = false;
    const update = () => {
      let text = "";
      try {
        text = readFileSync(statusFile, "utf8");
      } catch {
        // removed after the terminal closed
      }
      const noDocker = told ? undefined : dockerUnavailable(text);
      if (noDocker) {
        told = true;
        const again = vscode.l10n.t("Retry");
        const show = vscode.l10n.t("Show Terminal");
        void vscode.window
          .showErrorMessage(dockerUnavailableMessage(noDocker, command, vscode.l10n.t), again, show)
          .then((pick) => {
            if (pick === again) retry();
            else if (pick === show) terminal.show();
          });
      }
      const p = describeProgress(title, text, vscode.l10n.t);
      status.text = p.text;
      status.backgroundColor =
        p.state === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    };
    update();
    status.show();
    runs.set(terminal, { dir, timer: setInterval(update, 500) });
    tracked = terminal;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand("mlops.showRunTerminal", () => tracked?.show()),
    vscode.window.onDidCloseTerminal((t) => {
      forget(t);
      if (t !== tracked) return;
      tracked = undefined;
      status.hide();
    }),
    { dispose: () => [...runs.keys()].forEach(forget) },
  );

  async function stagedUp(arg?: unknown): Promise<void> {
    if (untrusted()) return;
    const uri = await pickComposeFile(arg);
    if (!uri) return;
    const plan = await requestPlan(uri);
    if (!plan) return;
    runInTerminal(
      vscode.l10n.t("MLOps: Staged Up"),
      "MLOps",
      plan.script,
      path.dirname(uri.fsPath),
      vscode.l10n.t("Staged Up"),
      () => void stagedUp(uri),
    );
  }

  async function resetEnvironment(arg?: unknown): Promise<void> {
    if (untrusted()) return;
    const uri = await pickComposeFile(arg);
    if (!uri) return;
    const plan = await requestPlan(uri);
    if (!plan) return;
    const { project, volumes, anonymous, survivors } = plan.reset;
    // Modal messages and details are plain text (no Markdown): no backticks.
    const detail: string[] = [];
    if (volumes.length > 0) {
      detail.push(vscode.l10n.t("down -v deletes these named volumes:"));
      for (const v of volumes) {
        detail.push(
          `  • ${v.name}${v.database ? vscode.l10n.t(" — DATABASE DATA") : ""}${v.services.length ? ` (${v.services.join(", ")})` : ""}`,
        );
        // The database is created anew: the values the old data made it ignore apply again.
        if (v.initAgain?.length)
          detail.push(
            vscode.l10n.t(
              "    the next start creates the database again with {0} as the file sets them now",
              v.initAgain.join(", "),
            ),
          );
      }
    } else detail.push(vscode.l10n.t("down -v deletes no named volume (none is declared)."));
    if (anonymous.length > 0)
      detail.push(
        vscode.l10n.t(
          "…and {0} anonymous volume(s) ({1}).",
          anonymous.length,
          anonymous.map((a) => `${a.service}:${a.target}`).join(", "),
        ),
      );
    if (survivors.length > 0) {
      detail.push(
        "",
        vscode.l10n.t("These survive the reset (bind mounts and external volumes are never deleted):"),
      );
      for (const s of survivors)
        detail.push(
          `  • ${s.source} → ${s.mounts.join(", ")}${s.database ? vscode.l10n.t(" — database data stays: the old database comes back") : ""}`,
        );
    }
    detail.push(
      "",
      vscode.l10n.t("Then: create missing bind-mount directories, Staged Up, and follow the logs."),
      vscode.l10n.t("Next you type the project name ({0}) to confirm: Enter alone deletes nothing.", project),
    );
    // Two steps, so that neither Enter nor a reflex click deletes data: this modal's buttons
    // only lead on (its focused default is "Reset…"), the deletion needs the project's name typed.
    const RESET = vscode.l10n.t("Reset…");
    const PRUNE = vscode.l10n.t("Reset and Prune Docker…");
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Reset {0}? This deletes the containers, networks and volumes of the compose project "{1}".',
        vscode.workspace.asRelativePath(uri),
        project,
      ),
      { modal: true, detail: detail.join("\n") },
      RESET,
      PRUNE,
    );
    if (choice !== RESET && choice !== PRUNE) return;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Reset Environment: delete the volumes of "{0}"', project),
      prompt: vscode.l10n.t(
        "Type {0} to delete its containers, networks and {1} named volume(s). Escape cancels.",
        project,
        volumes.length,
      ),
      placeHolder: project,
      validateInput: (value) =>
        value.trim() === project
          ? undefined
          : {
              message: vscode.l10n.t("Type the project name, {0}, to confirm", project),
              severity: vscode.InputBoxValidationSeverity.Error,
            },
    });
    if (typed?.trim() !== project) return;
    if (choice === PRUNE) {
      const pruneAndReset = vscode.l10n.t("Prune and Reset");
      const confirm = await vscode.window.showWarningMessage(
        vscode.l10n.t("Also run docker system prune -f?"),
        {
          modal: true,
          detail: vscode.l10n.t(
            "It removes ALL stopped containers, unused networks, dangling images and the build cache of EVERY project on this machine, not just this stack.",
          ),
        },
        pruneAndReset,
      );
      if (confirm !== pruneAndReset) return;
    }
    // Confirmed here: the script does not ask again on the terminal.
    const confirmed = await requestPlan(uri, { confirmed: true, prune: choice === PRUNE });
    if (!confirmed) return;
    runInTerminal(
      vscode.l10n.t("MLOps: Reset Environment"),
      "MLOps Reset",
      confirmed.resetScript,
      path.dirname(uri.fsPath),
      vscode.l10n.t("Reset Environment"),
      () => void resetEnvironment(uri),
    );
  }

  async function checkConnections(arg?: unknown): Promise<void> {
    if (untrusted()) return;
    const uri = await pickComposeFile(arg);
    if (!uri) return;
    const plan = await requestPlan(uri);
    if (!plan) return;
    runInTerminal(
      vscode.l10n.t("MLOps: Check Connections"),
      "MLOps Check",
      plan.checkScript,
      path.dirname(uri.fsPath),
      vscode.l10n.t("Check Connections"),
      () => void checkConnections(uri),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand("mlops.stagedUp", stagedUp),
    vscode.commands.registerCommand("mlops.resetEnvironment", resetEnvironment),
    vscode.commands.registerCommand("mlops.checkConnections", checkConnections),
  );

  const lenses = new StagedUpCodeLens();
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(
      [
        { language: "dockercompose", scheme: "file" },
        { language: "yaml", scheme: "file", pattern: COMPOSE_GLOB },
      ],
      lenses,
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("mlopsCompose.codeLens.stagedUp")) lenses.refresh();
    }),
  );
}

/** "▶ Staged Up" above the top-level `services:` key. */
class StagedUpCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    if (!vscode.workspace.getConfiguration("mlopsCompose", document.uri).get("codeLens.stagedUp", true))
      return [];
    for (let i = 0; i < document.lineCount; i++) {
      if (/^services\s*:/.test(document.lineAt(i).text))
        return [
          new vscode.CodeLens(new vscode.Range(i, 0, i, 8), {
            title: vscode.l10n.t("▶ Staged Up"),
            tooltip: vscode.l10n.t(
              "Start the stack in stages: databases, one-shot jobs, then the rest (MLOps: Staged Up)",
            ),
            command: "mlops.stagedUp",
            arguments: [document.uri],
          }),
        ];
    }
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
