/**
 * Files beside the compose files that change what the server reports: the project config
 * file (`.mlops-compose.yaml`) and `.env`. The server asks the client to watch them (any LSP
 * client with dynamic registration, VS Code included) and re-reads them when they change.
 */
import { basename } from "node:path";
import {
  type ClientCapabilities,
  type Connection,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE_NAMES, forgetConfigLookups, formatProblem } from "../config/project-config";
import type { AnalysisStore } from "./analysis";
import type { DiagnosticsProvider } from "./diagnostics";
import { pathOfUri } from "./workspace-env";

// Env files (`.env`, `app.env`): a compose file's findings depend on them (model/env-files.ts).
// YAML files: another file of a document's project (an override, an included file) may change on disk.
export const WATCHED_GLOBS = [
  `**/{${CONFIG_FILE_NAMES.join(",")}}`,
  "**/{.env,*.env,.env.*}",
  "**/*.{yml,yaml}",
];

/** Wires the watched-files handler; returns what to call once the client is initialized. */
export function watchProjectFiles(
  connection: Connection,
  store: AnalysisStore,
  diagnostics: DiagnosticsProvider,
  documents: TextDocuments<TextDocument>,
): { initialized(capabilities: ClientCapabilities): void } {
  // Each distinct set of problems is shown once, not on every keystroke.
  const shown = new Set<string>();
  store.onConfigProblems = (loaded) => {
    const text = loaded.problems.map(formatProblem).join("\n");
    if (shown.has(text)) return;
    shown.add(text);
    connection.console.warn(`Problems in the project config file:\n${text}`);
    // A notification, not window/showMessageRequest: nothing to answer, and every client has it.
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `MLOps Compose: ${formatProblem(loaded.problems[0])}${loaded.problems.length > 1 ? ` (and ${loaded.problems.length - 1} more)` : ""}`,
    });
  };

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const paths = changes.map((c) => pathOfUri(c.uri));
    const yamlOnly = paths.every(
      (p) => p && /\.ya?ml$/.test(p) && !(CONFIG_FILE_NAMES as readonly string[]).includes(basename(p)),
    );
    if (yamlOnly) {
      // A YAML file on disk: only the open documents whose project read it (saving an open
      // compose file is one of these events: the others of its project see it, nothing else).
      for (const p of paths)
        for (const doc of store.dependantsOf(p, documents.all())) diagnostics.schedule(doc);
      return;
    }
    // A config file or an env file may have appeared or gone anywhere above a document: look again.
    forgetConfigLookups();
    shown.clear();
    store.invalidateAll();
    diagnostics.scheduleAll();
  });

  return {
    // (connection.onInitialized keeps one handler: server.ts calls this from its own.)
    initialized(capabilities) {
      if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
        })
        .catch(() => {});
    },
  };
}
