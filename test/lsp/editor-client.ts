/**
 * A client for the editor-feature tests: the real server over stdio, initialised with the
 * capabilities VS Code sends for completion, rename and symbols; `|` in a text marks the cursor.
 */
import type {
  CompletionItem,
  CompletionList,
  Location,
  Position,
  TextEdit,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "../helpers/lsp-client";

export const CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown"] } },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    hover: { contentFormat: ["markdown"] },
  },
};

export async function startClient(
  initializationOptions?: unknown,
  capabilities: object = CAPABILITIES,
  /** More initialize parameters (`locale`). */
  params: object = {},
): Promise<LspClient> {
  const client = new LspClient();
  await client.conn.sendRequest("initialize", {
    ...params,
    processId: process.pid,
    rootUri: null,
    capabilities,
    initializationOptions,
  });
  await client.conn.sendNotification("initialized", {});
  return client;
}

/** Splits `|` out of a text: the text and the cursor's position. */
export function cursor(marked: string): { text: string; position: Position; offset: number } {
  const offset = marked.indexOf("|");
  if (offset < 0) throw new Error("no | cursor in the text");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, position: TextDocument.create("x", "y", 1, text).positionAt(offset) };
}

let docs = 0;
/** Opens `text` under a fresh URI and waits for its first analysis (its diagnostics). */
export async function open(client: LspClient, text: string, name = "docker-compose.yml", dir?: string) {
  const uri = dir ? `file://${dir}/${name}` : `file:///work/editor-test-${++docs}/${name}`;
  await client.open(uri, text);
  await client.diagnostics(uri);
  return uri;
}

export async function complete(
  client: LspClient,
  marked: string,
): Promise<{ items: CompletionItem[]; text: string; isIncomplete: boolean }> {
  const { text, position } = cursor(marked);
  const uri = await open(client, text);
  const r = (await client.conn.sendRequest("textDocument/completion", {
    textDocument: { uri },
    position,
  })) as CompletionList | null;
  return { items: r?.items ?? [], text, isIncomplete: r?.isIncomplete ?? false };
}

export function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

/** The text an item's textEdit produces. */
export function applyItem(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const doc = TextDocument.create("x", "y", 1, text);
  return TextDocument.applyEdits(doc, [edit]);
}

export function textAt(text: string, loc: Location | { range: Location["range"] }): string {
  const doc = TextDocument.create("x", "y", 1, text);
  return text.slice(doc.offsetAt(loc.range.start), doc.offsetAt(loc.range.end));
}
