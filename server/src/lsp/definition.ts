/**
 * Go to definition: from a reference (depends_on, links, extends, volumes_from,
 * `network_mode: service:`, a service's networks / volumes / secrets / configs) to what it
 * names; from a connection URL's host (or `pg_isready -h db`, `DB_HOST: db`) to the service
 * that answers to it, at the very name that makes it answer (its key, `hostname`,
 * `container_name` or network alias); from an alias `*name` to its anchor `&name`.
 */
import type { DefinitionParams, Location, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { answerFor, answerSpan, nameIndex } from "./names";
import { isComposeDocument } from "./settings";

/** The `&name` an alias `*name` at `offset` refers to: the last one before it, as YAML reads. */
export function anchorOfAlias(text: string, offset: number): Span | undefined {
  let start = offset;
  while (start > 0 && /[^\s,[\]{}*]/.test(text[start - 1])) start--;
  if (text[start - 1] !== "*") return undefined;
  let end = offset;
  while (end < text.length && /[^\s,[\]{}]/.test(text[end])) end++;
  const name = text.slice(start, end);
  if (!name) return undefined;
  const re = new RegExp(`&${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s,\\]}]|$)`, "g");
  let found: Span | undefined;
  for (let m = re.exec(text); m && m.index < start; m = re.exec(text))
    found = { start: m.index + 1, end: m.index + 1 + name.length };
  return found;
}

export function definitionAt(model: ComposeModel, offset: number): Span | undefined {
  const ref = nameIndex(model).at(offset);
  if (ref && ref.role !== "declaration") {
    if (ref.kind === "service") {
      const service = model.serviceByName.get(ref.name);
      if (!service) return undefined;
      if (ref.via) {
        const host = model.text.slice(ref.span.start, ref.span.end);
        return answerSpan(model, service, answerFor(model, host)?.via, host);
      }
      return nameIndex(model)
        .of("service", ref.name)
        .find((r) => r.role === "declaration")?.span;
    }
    return nameIndex(model)
      .of(ref.kind, ref.name)
      .find((r) => r.role === "declaration")?.span;
  }
  return anchorOfAlias(model.text, offset);
}

export class DefinitionProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  provide(params: DefinitionParams): Location | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().definition) return null;
    const { model } = this.store.get(doc);
    const span = definitionAt(model, doc.offsetAt(params.position));
    return span ? { uri: doc.uri, range: toRange(doc, span) } : null;
  }
}
