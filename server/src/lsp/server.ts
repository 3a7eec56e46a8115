/**
 * The language server: only wiring. Each LSP feature lives in its own provider.
 */

import {
  type ClientCapabilities,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parseLocale } from "../l10n/locale";
import { AnalysisStore } from "./analysis";
import { CodeActionsProvider, FIX_ALL_KIND } from "./code-actions";
import { DiagnosticsProvider } from "./diagnostics";
import { EDITOR_CAPABILITIES, EditorState, registerEditorFeatures } from "./editor";
import { HoverProvider } from "./hover";
import { limitHeapGrowth } from "./memory";
import { registerPlanRequest } from "./plan-provider";
import { watchProjectFiles } from "./project-files";
import { parseSettings, type ServerSettings } from "./settings";
import { pathOfUri } from "./workspace-env";

export const SERVER_NAME = "mlops-compose-doctor";

/** The text of an open document at `path`, if one is open. */
function openTextOf(documents: TextDocuments<TextDocument>, path: string): string | undefined {
  for (const doc of documents.all()) if (pathOfUri(doc.uri) === path) return doc.getText();
  return undefined;
}

export function startServer(connection: Connection): void {
  limitHeapGrowth();
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = parseSettings({});
  let canPullConfiguration = false;
  const store = new AnalysisStore(settings, (path) => openTextOf(documents, path));
  const diagnostics = new DiagnosticsProvider(connection, documents, store);
  const codeActions = new CodeActionsProvider(documents, store);
  const editor = new EditorState(() => settings.editor);
  const hover = new HoverProvider(documents, store, () => editor.features());
  const projectFiles = watchProjectFiles(connection, store, diagnostics, documents);
  let clientCapabilities: ClientCapabilities = {};

  connection.onInitialize((params) => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    clientCapabilities = params.capabilities;
    codeActions.capabilities = params.capabilities;
    editor.initialize(params.capabilities, params.initializationOptions);
    // LSP 3.16: the client's UI language ("ko", "ko-KR"); anything else we do not speak is English.
    store.setLocale(parseLocale(params.locale));
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) {
      settings = parseSettings(init.settings);
      store.setSettings(settings);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
          resolveProvider: false,
        },
        hoverProvider: true,
        ...EDITOR_CAPABILITIES,
      },
      serverInfo: { name: SERVER_NAME, version: "0.1.0" },
    };
  });

  async function reloadSettings(pushed?: unknown): Promise<void> {
    let raw: unknown = pushed;
    if (canPullConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: "mlopsCompose" });
      } catch {
        raw = pushed;
      }
    }
    settings = parseSettings(raw ?? {});
    store.setSettings(settings);
    diagnostics.scheduleAll();
  }

  connection.onInitialized(() => {
    projectFiles.initialized(clientCapabilities);
    if (canPullConfiguration) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: "mlopsCompose" })
        .catch(() => {});
      void reloadSettings();
    }
  });
  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { mlopsCompose?: unknown } | undefined)?.mlopsCompose;
    void reloadSettings(pushed);
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document));
  documents.onDidChangeContent((e) => {
    diagnostics.schedule(e.document);
    // The other open files of its project (a base file and its override, an includer) see the change too.
    for (const d of store.dependantsOf(pathOfUri(e.document.uri), documents.all())) diagnostics.schedule(d);
  });
  documents.onDidClose((e) => diagnostics.clear(e.document.uri));

  connection.onCodeAction((params) => codeActions.provide(params));
  connection.onHover((params) => hover.provide(params));
  registerEditorFeatures(connection, documents, store, editor);
  registerPlanRequest(connection, documents, () => store.locale);

  documents.listen(connection);
  connection.listen();
}
