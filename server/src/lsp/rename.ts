/**
 * Rename of a service, network, volume, config or secret: its key and every reference
 * (depends_on in both forms, links, extends, volumes_from, `network_mode`/`ipc`/`pid:
 * service:`, networks, volumes, secrets, configs), and for a service every URL host,
 * healthcheck and command host and `*_HOST` value that names it. A name Compose would
 * reject, or one that would take over another service's host name, is refused with the
 * reason; so is a rename that would leave a reference behind (a host from `.env`).
 */
import {
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  ResponseError,
  type TextDocuments,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { yamlScalar } from "../edits/yaml-text";
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { answerFor, type NameKind, type NameRef, nameIndex } from "./names";
import { isComposeDocument } from "./settings";

export type Refusal = { error: string };

const VALID_NAME = /^[a-zA-Z0-9._-]+$/;

const KIND_WORD: Record<NameKind, string> = {
  service: "service",
  network: "network",
  volume: "volume",
  config: "config",
  secret: "secret",
};

const VIA_WORD = {
  container_name: "container_name",
  hostname: "hostname",
  alias: "network alias",
  link: "link alias",
} as const;

function lineOf(model: ComposeModel, offset: number): number {
  let line = 1;
  for (let i = model.text.indexOf("\n"); i >= 0 && i < offset; i = model.text.indexOf("\n", i + 1)) line++;
  return line;
}

/** What a rename at `offset` would rename, and the exact characters to show, or why it cannot. */
export function prepareRenameAt(
  model: ComposeModel,
  offset: number,
): { ref: NameRef; span: Span } | Refusal | undefined {
  const ref = nameIndex(model).at(offset);
  if (!ref) return undefined;
  const written = model.text.slice(ref.span.start, ref.span.end);
  if (ref.kind === "service" && ref.via)
    return {
      error: `\`${written}\` is the ${VIA_WORD[ref.via]} of service \`${ref.name}\`, not its name: rename the service at its key, or change the ${VIA_WORD[ref.via]} where it is set.`,
    };
  if (ref.fromVariable || !ref.editable)
    return {
      error: `This \`${ref.name}\` is not written here literally (it comes from a variable or an escape): rename \`${ref.name}\` at its declaration.`,
    };
  if (ref.kind === "network" && ref.name === "default")
    return {
      error:
        "`default` is the network Compose puts every service without `networks:` on: renaming it would take those services off it.",
    };
  if (
    ref.role !== "declaration" &&
    !nameIndex(model)
      .of(ref.kind, ref.name)
      .some((r) => r.role === "declaration")
  )
    return {
      error: `No ${KIND_WORD[ref.kind]} \`${ref.name}\` is declared in this file: there is nothing to rename.`,
    };
  return { ref, span: ref.span };
}

/** Why Compose (or the services' host names) would not take `name` for a `kind`, if it would not. */
export function refuseName(
  model: ComposeModel,
  kind: NameKind,
  oldName: string,
  name: string,
): string | undefined {
  if (!VALID_NAME.test(name)) {
    const bad = [...name].find((ch) => !/[a-zA-Z0-9._-]/.test(ch));
    const what = name === "" ? "an empty name" : bad === " " ? "a space" : `\`${bad}\``;
    return `Compose rejects ${what} in a ${KIND_WORD[kind]} name: only letters, digits, \`.\`, \`_\` and \`-\` are allowed (docker compose and docker-compose both refuse \`${name}\`).`;
  }
  if (kind === "service") {
    if (model.serviceByName.has(name)) return `A service named \`${name}\` already exists.`;
    const answer = answerFor(model, name);
    if (answer && answer.service.name !== oldName && answer.via)
      return `\`${name}\` is already the ${VIA_WORD[answer.via]} of service \`${answer.service.name}\`: hosts named \`${name}\` would reach two containers.`;
  }
  if (kind === "network") {
    if (name === "default")
      return "`default` is the network Compose creates for services without `networks:`; a network of that name changes what they are on.";
    if (model.declared.networks.has(name)) return `A network named \`${name}\` is already declared.`;
  }
  if (kind === "volume") {
    if (model.declared.volumes.has(name)) return `A volume named \`${name}\` is already declared.`;
    if (name.startsWith("."))
      return `In a short volume entry \`${name}:/path\` Compose reads a name starting with \`.\` as a relative host path (a bind mount), not a volume.`;
    if (/^[A-Za-z]$/.test(name))
      return `In a short volume entry \`${name}:/path\` Compose reads a one-letter name as a Windows drive letter, not a volume.`;
  }
  if ((kind === "config" || kind === "secret") && model.declared[`${kind}s`].has(name))
    return `A ${kind} named \`${name}\` is already declared.`;
  return undefined;
}

export function renameAt(
  model: ComposeModel,
  offset: number,
  newName: string,
): { edits: (Span & { newText: string })[] } | Refusal | undefined {
  const prepared = prepareRenameAt(model, offset);
  if (!prepared || "error" in prepared) return prepared;
  const { kind, name } = prepared.ref;
  if (newName === name) return { edits: [] };
  const refusal = refuseName(model, kind, name, newName);
  if (refusal) return { error: refusal };
  // Hosts that reach the service by another of its names keep that name.
  const refs = nameIndex(model)
    .of(kind, name)
    .filter((r) => !r.via);
  const stuck = refs.filter((r) => !r.editable || r.fromVariable);
  if (stuck.length)
    return {
      error: `\`${name}\` is also named where it cannot be replaced in place (line ${stuck.map((r) => lineOf(model, r.span.start)).join(", ")}: from a variable or an escape). Change those first.`,
    };
  const quoted = yamlScalar(newName);
  const edits = refs.map((r) => {
    // A plain scalar that would read as something else (`1`, `true`, `null`) gets quotes.
    const plainWhole = r.whole && (r.scalar?.style === "PLAIN" || r.scalar?.style === undefined);
    return { start: r.span.start, end: r.span.end, newText: plainWhole ? quoted : newName };
  });
  return { edits };
}

export class RenameProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  prepare(params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().rename) return null;
    const { model } = this.store.get(doc);
    const r = prepareRenameAt(model, doc.offsetAt(params.position));
    if (!r) return null;
    if ("error" in r) throw new ResponseError(-32803, r.error);
    return { range: toRange(doc, r.span), placeholder: r.ref.name };
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId) || !this.features().rename) return null;
    const { model } = this.store.get(doc);
    const r = renameAt(model, doc.offsetAt(params.position), params.newName);
    if (!r) return null;
    if ("error" in r) throw new ResponseError(-32803, r.error);
    return { changes: { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) } };
  }
}
