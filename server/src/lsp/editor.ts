/**
 * The editor features (completion, definition, references and highlights, rename, outline,
 * links; hover is the hover provider's), registered on one connection with the state they
 * share: the `mlopsCompose.editor.*` settings and which peers the client reported.
 */
import {
  type ClientCapabilities,
  type Connection,
  NotificationType,
  type ServerCapabilities,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { AnalysisStore } from "./analysis";
import { CompletionProvider } from "./completion";
import { DefinitionProvider } from "./definition";
import {
  type EditorFeatures,
  type EditorSettings,
  editorFeatures,
  NO_PEERS,
  type Peers,
  parsePeers,
} from "./editor-settings";
import { DocumentLinkProvider } from "./links";
import { ReferencesProvider } from "./references";
import { RenameProvider } from "./rename";
import { DocumentSymbolProvider } from "./symbols";

/** Sent by the VS Code client when Docker DX is installed, enabled, removed or disabled. */
export const PeersNotification = new NotificationType<Peers>("mlopsCompose/peers");

/** Characters after which a client asks again: URL parts (`=`, `//`, `@`, `:`) and `service:`. */
const TRIGGERS = ["=", "/", "@", ":"];

export class EditorState {
  private peers: Peers = NO_PEERS;
  private snippets = false;
  private editRangeDefault = false;

  constructor(private readonly settings: () => EditorSettings) {}

  initialize(capabilities: ClientCapabilities, initializationOptions: unknown): void {
    const completion = capabilities.textDocument?.completion;
    this.snippets = !!completion?.completionItem?.snippetSupport;
    this.editRangeDefault = !!completion?.completionList?.itemDefaults?.includes("editRange");
    const init = initializationOptions as { peers?: unknown } | undefined;
    if (init?.peers) this.peers = parsePeers(init.peers);
  }

  setPeers(peers: Peers): void {
    this.peers = peers;
  }

  features(): EditorFeatures {
    return editorFeatures(this.settings(), this.peers);
  }

  completionClient(): { snippets: boolean; editRangeDefault: boolean } {
    return { snippets: this.snippets, editRangeDefault: this.editRangeDefault };
  }
}

export const EDITOR_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: TRIGGERS, resolveProvider: true },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: "MLOps Compose" },
  documentLinkProvider: { resolveProvider: false },
};

export function registerEditorFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: AnalysisStore,
  state: EditorState,
): void {
  const features = () => state.features();
  const completion = new CompletionProvider(documents, store, features, () => state.completionClient());
  const definition = new DefinitionProvider(documents, store, features);
  const references = new ReferencesProvider(documents, store, features);
  const rename = new RenameProvider(documents, store, features);
  const symbols = new DocumentSymbolProvider(documents, store, features);
  const links = new DocumentLinkProvider(documents, store, features);
  connection.onCompletion((p) => completion.provide(p));
  connection.onCompletionResolve((item) => completion.resolve(item));
  connection.onDefinition((p) => definition.provide(p));
  connection.onReferences((p) => references.references(p));
  connection.onDocumentHighlight((p) => references.highlights(p));
  connection.onPrepareRename((p) => rename.prepare(p));
  connection.onRenameRequest((p) => rename.rename(p));
  connection.onDocumentSymbol((p) => symbols.provide(p));
  connection.onDocumentLinks((p) => links.provide(p));
  connection.onNotification(PeersNotification, (peers) => state.setPeers(parsePeers(peers)));
}
