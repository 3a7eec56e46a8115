/**
 * Quick fixes bound to their diagnostics, and `source.fixAll.mlops-compose` (every safe
 * fix, as one minimal edit).
 */

import {
  type ClientCapabilities,
  CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { fixAll, minimalEdit } from "../fix";
import { ui } from "../l10n/ui";
import type { AnalysisStore } from "./analysis";
import { SOURCE, toCodeAction, toDiagnostic, toRange } from "./convert";
import { workspaceEditOf } from "./file-edits";
import { isComposeDocument } from "./settings";
import { dotEnvFor, pathOfUri } from "./workspace-env";

export const FIX_ALL_KIND = "source.fixAll.mlops-compose";

export class CodeActionsProvider {
  /** The client's capabilities (from `initialize`): whether it can take file creations. */
  capabilities?: ClientCapabilities;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
  ) {}

  provide(params: CodeActionParams): CodeAction[] {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    if (!isComposeDocument(doc.uri, doc.languageId)) return this.inEnvFile(doc, params);
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants("quickfix")) {
      const { findings } = this.store.get(doc);
      const from = doc.offsetAt(params.range.start);
      const to = doc.offsetAt(params.range.end);
      for (const f of findings) {
        // A finding's fixes are built when first read: only for the findings under the cursor.
        if (f.file || f.span.end < from || to < f.span.start || !f.fixes?.length) continue;
        const generated = toDiagnostic(doc, f);
        // Bind to the client's own diagnostic object when it sent it, as editors match by identity.
        const sent = params.context.diagnostics.find((d) => sameDiagnostic(d, generated));
        for (const fix of f.fixes) {
          if (!fix.fileEdits?.length) {
            actions.push(toCodeAction(doc, fix, sent ?? generated));
            continue;
          }
          // A fix that also writes other files (the secrets fix): one workspace edit, or none.
          const edit = workspaceEditOf(doc, fix, this.capabilities);
          if (!edit) continue;
          const action = CodeAction.create(fix.title, edit, CodeActionKind.QuickFix);
          action.diagnostics = [sent ?? generated];
          actions.push(action);
        }
      }
    }
    // Fix-all re-analyses the file several times: only when asked for by kind (on save, or
    // "Source Action..."), never for the lightbulb requests an editor sends on every cursor move.
    if (only && wants(FIX_ALL_KIND)) {
      const text = doc.getText();
      const path = pathOfUri(doc.uri);
      const config = this.store.configFor(path);
      if (config.ignored) return actions;
      const result = fixAll(text, { path, variables: dotEnvFor(path) }, config.lint);
      const edit = minimalEdit(text, result.text);
      if (edit) {
        actions.push(
          CodeAction.create(
            ui.fixAllAction(this.store.locale),
            { changes: { [doc.uri]: [{ range: toRange(doc, edit), newText: edit.newText }] } },
            FIX_ALL_KIND,
          ),
        );
      }
    }
    return actions;
  }

  /**
   * An env file's quick fixes: those of the findings that open compose files' analyses placed
   * in it (model/env-files.ts), each a workspace edit of the env file (and of the compose file
   * when it edits that too); the same finding from two files of a project is offered once.
   */
  private inEnvFile(doc: TextDocument, params: CodeActionParams): CodeAction[] {
    const path = pathOfUri(doc.uri);
    const only = params.context.only;
    if (!path || (only && !only.some((k) => k === "quickfix" || "quickfix".startsWith(`${k}.`)))) return [];
    const from = doc.offsetAt(params.range.start);
    const to = doc.offsetAt(params.range.end);
    const seen = new Set<string>();
    const actions: CodeAction[] = [];
    const openText = (p: string) => {
      for (const d of this.documents.all()) if (pathOfUri(d.uri) === p) return d.getText();
      return undefined;
    };
    for (const compose of this.documents.all()) {
      if (!isComposeDocument(compose.uri, compose.languageId)) continue;
      for (const f of this.store.get(compose).findings) {
        if (f.file !== path || f.span.end < from || to < f.span.start) continue;
        const generated = toDiagnostic(doc, f, () => undefined, compose);
        const sent = params.context.diagnostics.find((d) => sameDiagnostic(d, generated));
        for (const fix of f.fixes ?? []) {
          const key = `${f.rule}:${f.span.start}:${f.span.end}:${fix.title}`;
          if (seen.has(key)) continue;
          const edit = workspaceEditOf(compose, fix, this.capabilities, openText);
          if (!edit) continue;
          seen.add(key);
          const action = CodeAction.create(fix.title, edit, CodeActionKind.QuickFix);
          action.diagnostics = [sent ?? generated];
          actions.push(action);
        }
      }
    }
    return actions;
  }
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.source === SOURCE &&
    a.code === b.code &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
