/**
 * A fix that edits other files of the project (the secrets fix writes `.env`,
 * `.env.example`, `.gitignore`) as one LSP workspace edit: `documentChanges` with a
 * `CreateFile` for each new file and a `TextDocumentEdit` per file, the compose document's
 * own at its version, so that the editor applies all of it or none and one undo takes it
 * back. A client that cannot create files (no `resourceOperations: ["create"]`) gets the
 * plain `changes` map when every file exists, and no action otherwise: half a move would
 * leave `${NAME:?}` without the `.env` that sets it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  ClientCapabilities,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Fix } from "../rules/types";
import { toTextEdits } from "./convert";
import { pathOfUri } from "./workspace-env";

/** What the client can take: document changes, and creating files among them. */
export function fileEditSupport(caps: ClientCapabilities | undefined): {
  documentChanges: boolean;
  create: boolean;
} {
  const we = caps?.workspace?.workspaceEdit;
  return {
    documentChanges: !!we?.documentChanges,
    create: !!we?.documentChanges && !!we.resourceOperations?.includes("create"),
  };
}

/**
 * The workspace edit of a fix with file edits, or undefined when the client cannot apply it
 * whole (or the document is not a file on disk).
 */
export function workspaceEditOf(
  doc: TextDocument,
  fix: Fix,
  caps: ClientCapabilities | undefined,
  /** An open editor's text of another file (an env file being typed in), which the analysis read. */
  openText: (path: string) => string | undefined = () => undefined,
): WorkspaceEdit | undefined {
  const path = pathOfUri(doc.uri);
  if (!path) return undefined;
  const support = fileEditSupport(caps);
  const files = (fix.fileEdits ?? []).map((f) => {
    const abs = join(dirname(path), f.path);
    const uri = pathToFileURL(abs).href;
    const open = openText(abs);
    const exists = open !== undefined || existsSync(abs);
    // Offsets were computed from the text the analysis read: the open editor's, else the disk's.
    const text = open ?? (exists ? readFileSync(abs, "utf8") : "");
    const other = TextDocument.create(uri, "plaintext", 0, text);
    const edits: TextEdit[] = f.edits.map((e) => ({
      range: { start: other.positionAt(e.start), end: other.positionAt(e.end) },
      newText: e.newText,
    }));
    return { uri, create: !!f.create && !exists, edits };
  });
  const own = toTextEdits(doc, fix.edits);
  if (support.documentChanges && (support.create || files.every((f) => !f.create))) {
    const changes: (TextDocumentEdit | CreateFile)[] = [];
    for (const f of files) {
      if (f.create)
        changes.push({ kind: "create", uri: f.uri, options: { overwrite: false, ignoreIfExists: true } });
      changes.push({ textDocument: { uri: f.uri, version: null }, edits: f.edits });
    }
    changes.push({ textDocument: { uri: doc.uri, version: doc.version }, edits: own });
    return { documentChanges: changes };
  }
  if (files.some((f) => f.create)) return undefined;
  const changes: Record<string, TextEdit[]> = { [doc.uri]: own };
  for (const f of files) changes[f.uri] = f.edits;
  return { changes };
}
