/**
 * Find references and document highlights: every place that names a service (depends_on,
 * links, extends, volumes_from, `network_mode: service:`, and every URL, healthcheck or
 * command host that reaches it by any of its names), network, volume, config or secret.
 */
import {
  type DocumentHighlight,
  DocumentHighlightKind,
  type DocumentHighlightParams,
  type Location,
  type ReferenceParams,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ComposeModel } from "../model/types";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { type NameRef, nameIndex } from "./names";
import { isComposeDocument } from "./settings";

/** What the cursor names, with all its references (declaration first when asked for). */
export function referencesAt(model: ComposeModel, offset: number, includeDeclaration: boolean): NameRef[] {
  const index = nameIndex(model);
  const here = index.at(offset);
  if (!here) return [];
  const all = index.of(here.kind, here.name);
  return includeDeclaration ? all : all.filter((r) => r.role !== "declaration");
}

export class ReferencesProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  references(params: ReferenceParams): Location[] | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().references) return null;
    const { model } = this.store.get(doc);
    return referencesAt(model, doc.offsetAt(params.position), params.context.includeDeclaration).map((r) => ({
      uri: doc.uri,
      range: toRange(doc, r.span),
    }));
  }

  highlights(params: DocumentHighlightParams): DocumentHighlight[] | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().references) return null;
    const { model } = this.store.get(doc);
    return referencesAt(model, doc.offsetAt(params.position), true).map((r) => ({
      range: toRange(doc, r.span),
      kind: r.role === "declaration" ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }
}
