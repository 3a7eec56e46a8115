/** Converting engine findings (offsets) to LSP shapes (UTF-16 line/character positions). */
import {
  CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { type LintFinding, SYNTAX_RULE } from "../engine";
import type { Span } from "../parse/url";
import { RULE_BY_ID } from "../rules";
import { docsUrl, type Fix, fullMessage, type Severity } from "../rules/types";

export const SOURCE = "mlops-compose";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/**
 * `doc` is the document the finding is in, `home` the compose file analysed (the same unless
 * the finding is in an env file); `other` gives the document of an env file a related place
 * is in, undefined when it cannot be read (then that place is left out).
 */
export function toDiagnostic(
  doc: TextDocument,
  f: LintFinding,
  other: (path: string) => TextDocument | undefined = () => undefined,
  home: TextDocument = doc,
): Diagnostic {
  const meta = RULE_BY_ID.get(f.rule)?.meta;
  const d: Diagnostic = {
    range: toRange(doc, f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    source: SOURCE,
    message: fullMessage(f),
  };
  if (f.rule !== SYNTAX_RULE || meta) d.codeDescription = { href: docsUrl(f.rule) };
  const tags = meta?.tags?.map((t) =>
    t === "unnecessary" ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated,
  );
  if (tags?.length) d.tags = tags;
  if (f.related?.length) {
    d.relatedInformation = f.related.flatMap((r) => {
      const at = r.file ? other(r.file) : home;
      return at ? [{ location: { uri: at.uri, range: toRange(at, r.span) }, message: r.message }] : [];
    });
  }
  return d;
}

export function toTextEdits(doc: TextDocument, edits: Fix["edits"]): TextEdit[] {
  return edits.map((e) => ({ range: toRange(doc, e), newText: e.newText }));
}

export function toCodeAction(doc: TextDocument, fix: Fix, diagnostic: Diagnostic): CodeAction {
  const action = CodeAction.create(
    fix.title,
    { changes: { [doc.uri]: toTextEdits(doc, fix.edits) } },
    CodeActionKind.QuickFix,
  );
  action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
