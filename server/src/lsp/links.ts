/**
 * Document links: an image to its registry page (Docker Hub, ghcr.io, quay.io, mcr), and the
 * files a compose file points at (`env_file`, bind-mounted files, `include`, `extends.file`,
 * `build.dockerfile`) to those files. Registry page addresses follow Docker DX
 * (docker/docker-language-server internal/compose/documentLink.go @6bef505).
 */
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { DocumentLink, DocumentLinkParams, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { URI } from "vscode-uri";
import type { ComposeModel, ImageRef } from "../model/types";
import { asMap, asScalar, asSeq, get, type RNode } from "../parse/resolve";
import { SourceString } from "../parse/source-string";
import type { Span } from "../parse/url";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { isComposeDocument } from "./settings";

/** The registry page of an image, and the characters of the reference it belongs to (no tag). */
export function registryPage(image: ImageRef): { url: string; name: string } | undefined {
  const raw = image.str.value.trim();
  if (!raw || raw.includes("$")) return undefined;
  const name = raw.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
  const path = image.repository;
  switch (image.registry?.toLowerCase()) {
    case undefined:
    case "docker.io":
    case "index.docker.io":
    case "registry-1.docker.io":
      return {
        url: path.includes("/") ? `https://hub.docker.com/r/${path}` : `https://hub.docker.com/_/${path}`,
        name,
      };
    case "ghcr.io":
      return path.includes("/") ? { url: `https://ghcr.io/${path}`, name } : undefined;
    case "quay.io":
      return path.includes("/") ? { url: `https://quay.io/repository/${path}`, name } : undefined;
    case "mcr.microsoft.com":
      return { url: `https://mcr.microsoft.com/artifact/mar/${path}`, name };
    default:
      return undefined;
  }
}

export interface FoundLink {
  span: Span;
  target: string;
  tooltip: string;
}

export function linksOf(model: ComposeModel): FoundLink[] {
  const out: FoundLink[] = [];
  const dir = model.path ? dirname(model.path) : undefined;
  const fileLink = (node: RNode | undefined | null, what: string, mustBeFile = false) => {
    const scalar = asScalar(node);
    if (!dir || !scalar?.text || scalar.text.includes("$")) return;
    const str = SourceString.ofScalar(model.text, scalar);
    const path = isAbsolute(str.value)
      ? str.value
      : resolve(dir, str.value.replace(/^~(?=\/)/, process.env.HOME ?? "~"));
    if (mustBeFile && !isFile(path)) return;
    out.push({
      span: str.span(0, str.value.length),
      target: URI.file(path).toString(),
      tooltip: `${what}: ${path}`,
    });
  };
  for (const s of model.services) {
    if (s.image) {
      const page = registryPage(s.image);
      if (page) {
        const lead = s.image.str.value.indexOf(page.name);
        out.push({
          span: s.image.str.span(lead, lead + page.name.length),
          target: page.url,
          tooltip: `Registry page of ${page.name}`,
        });
      }
    }
    for (const f of s.envFiles) fileLink(f.node.kind === "map" ? get(f.node, "path") : f.node, "env_file");
    for (const v of s.volumes) {
      if (v.type !== "bind" || !v.source) continue;
      // Only files: a directory opens nothing useful in an editor.
      if (v.form === "short") {
        const scalar = asScalar(v.node);
        if (!scalar?.text || !dir || v.source.includes("$")) continue;
        const path = isAbsolute(v.source) ? v.source : resolve(dir, v.source);
        if (!isFile(path)) continue;
        const str = SourceString.ofScalar(model.text, scalar);
        out.push({
          span: str.span(0, v.source.length),
          target: URI.file(path).toString(),
          tooltip: `bind mount: ${path}`,
        });
      } else fileLink(get(v.node, "source"), "bind mount", true);
    }
    const ext = get(s.node, "extends");
    if (ext?.kind === "map") fileLink(get(ext, "file"), "extends");
    const build = get(s.node, "build");
    if (build?.kind === "map") {
      const context = asScalar(get(build, "context"))?.text ?? ".";
      const dockerfile = asScalar(get(build, "dockerfile"));
      if (dockerfile?.text && dir && !context.includes("://") && !dockerfile.text.includes("$")) {
        const path = resolve(dir, context, dockerfile.text);
        const str = SourceString.ofScalar(model.text, dockerfile);
        out.push({
          span: str.span(0, str.value.length),
          target: URI.file(path).toString(),
          tooltip: `Dockerfile: ${path}`,
        });
      }
    }
  }
  for (const item of asSeq(get(model.root, "include"))?.items ?? []) {
    if (item.kind === "scalar") fileLink(item, "include");
    else if (item.kind === "map") {
      const p = get(item, "path");
      for (const x of p?.kind === "seq" ? p.items : [p]) fileLink(x, "include");
      const env = get(item, "env_file");
      for (const x of env?.kind === "seq" ? env.items : [env]) fileLink(x, "include env_file");
    }
  }
  for (const kind of ["configs", "secrets"] as const)
    for (const pair of model.declared[kind].values()) fileLink(get(asMap(pair.value), "file"), kind);
  return out.sort((a, b) => a.span.start - b.span.start);
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

export class DocumentLinkProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  provide(params: DocumentLinkParams): DocumentLink[] | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().documentLinks) return null;
    const { model } = this.store.get(doc);
    return linksOf(model).map((l) => ({ range: toRange(doc, l.span), target: l.target, tooltip: l.tooltip }));
  }
}
