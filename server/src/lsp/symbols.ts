/**
 * Document symbols (Outline, breadcrumbs, Ctrl+Shift+O): every top-level key; under
 * `services`, each service with its image and published ports as detail; under `networks`,
 * `volumes`, `configs` and `secrets`, each declared one.
 */
import {
  type DocumentSymbol,
  type DocumentSymbolParams,
  SymbolKind,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ComposeModel } from "../model/types";
import { asMap, type RPair } from "../parse/resolve";
import type { Span } from "../parse/url";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { keySpan } from "./names";
import { isComposeDocument } from "./settings";

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selection: Span;
  children?: OutlineSymbol[];
}

const CHILD_KIND: Record<string, SymbolKind> = {
  services: SymbolKind.Class,
  networks: SymbolKind.Interface,
  volumes: SymbolKind.Struct,
  configs: SymbolKind.Object,
  secrets: SymbolKind.Key,
};

/** From the key to the last character of the value (not the blank lines after a block). */
function pairSpan(text: string, pair: RPair): Span {
  let end = Math.max(pair.key.span.end, pair.value?.span.end ?? 0);
  while (end > pair.key.span.end && /\s/.test(text[end - 1])) end--;
  return { start: pair.key.span.start, end };
}

export function symbolsOf(model: ComposeModel): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const pair of model.root?.pairs ?? []) {
    if (pair.merged || pair.key.text === null) continue;
    const key = pair.key.text;
    const sym: OutlineSymbol = {
      name: key,
      kind:
        key === "services"
          ? SymbolKind.Module
          : key.startsWith("x-")
            ? SymbolKind.Field
            : SymbolKind.Namespace,
      span: pairSpan(model.text, pair),
      selection: keySpan(model, pair.key),
    };
    if (key === "version" || key === "name") {
      sym.kind = SymbolKind.Property;
      if (pair.value?.kind === "scalar" && pair.value.text !== null) sym.detail = pair.value.text;
    }
    const childKind = CHILD_KIND[key];
    if (childKind !== undefined) {
      sym.children = [];
      for (const child of asMap(pair.value)?.pairs ?? []) {
        if (child.merged || child.key.text === null) continue;
        sym.children.push({
          name: child.key.text,
          detail: key === "services" ? serviceDetail(model, child.key.text) : undefined,
          kind: childKind,
          span: pairSpan(model.text, child),
          selection: keySpan(model, child.key),
        });
      }
      if (key !== "services") sym.detail = `${sym.children.length}`;
    }
    out.push(sym);
  }
  return out;
}

function serviceDetail(model: ComposeModel, name: string): string | undefined {
  const s = model.serviceByName.get(name);
  if (!s) return undefined;
  const parts: string[] = [];
  if (s.image) parts.push(s.image.str.value);
  else if (s.build) parts.push("build");
  const ports = s.ports.map((p) => p.str?.value).filter((p): p is string => !!p);
  if (ports.length) parts.push(ports.join(", "));
  return parts.join(" · ") || undefined;
}

function toSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: s.kind,
    range: toRange(doc, s.span),
    selectionRange: toRange(doc, s.selection),
    children: s.children?.map((c) => toSymbol(doc, c)),
  };
}

export class DocumentSymbolProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  provide(params: DocumentSymbolParams): DocumentSymbol[] | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().documentSymbols) return null;
    const { model } = this.store.get(doc);
    return symbolsOf(model).map((s) => toSymbol(doc, s));
  }
}
