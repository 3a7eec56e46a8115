/**
 * Completion: names where Compose expects them (services in depends_on, links, extends,
 * volumes_from, `network_mode: service:`; networks, volumes, configs, secrets), the
 * environment variables a known image reads, whole connection URLs built from the
 * project's databases and the host part of a URL begun; compose keys and enum values from
 * the compose-spec schema (off by default beside Docker DX, which has those).
 *
 * The details and documentation the server writes follow the client's locale; labels and
 * what is inserted (names, keys, URLs) are what users type, and what the data tables and the
 * compose-spec schema say (a variable's description, default and source; a key's
 * description and types) stays English as written there.
 */
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  type CompletionParams,
  InsertTextFormat,
  InsertTextMode,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { indentUnit } from "../edits/text";
import { defineMessages } from "../l10n/catalogue";
import { josa } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";
import { envFamiliesOf } from "../model/knowledge/image-env";
import { slotForEnv, slotForFlag, targetOfScheme } from "../model/knowledge/url-slots";
import type { ComposeModel, Service } from "../model/types";
import { docsUrl, keyAt, keysAt } from "../schema/keys";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { familyLabel } from "./hover-docs";
import { isComposeDocument } from "./settings";
import { engineLabel, hostCandidates, readerLabel, urlCandidates } from "./url-completion";
import { contextIn, siblingKeys, type YamlContext } from "./yaml-context";

export interface CompletionOptions {
  keys: boolean;
  connections: boolean;
  snippets: boolean;
  /** The language of the details and documentation (English when not given). */
  locale?: Locale;
}

const code = (s: string | number) => `\`${s}\``;

/** The completion items' own words, English and Korean side by side. */
const m = defineMessages("completion", {
  serviceDatabase: {
    en: (a: { engine: string }) => `${a.engine} database`,
    ko: (a: { engine: string }) => `${a.engine} 데이터베이스`,
  },
  builtHere: { en: () => "built here", ko: () => "로컬 빌드" },
  serviceTitle: {
    en: (a: { name: string }) => `Service ${code(a.name)}`,
    ko: (a: { name: string }) => `서비스 ${code(a.name)}`,
  },
  serviceImage: {
    en: (a: { image: string }) => `- image ${code(a.image)}`,
    ko: (a: { image: string }) => `- 이미지 ${code(a.image)}`,
  },
  servicePorts: {
    en: (a: { ports: string[] }) => `- ports ${a.ports.map(code).join(", ")}`,
    ko: (a: { ports: string[] }) => `- 포트 ${a.ports.map(code).join(", ")}`,
  },
  serviceHealthcheck: { en: () => "- has a healthcheck", ko: () => "- 헬스체크 있음" },
  share: {
    en: (a: { key: string; service: string }) =>
      `share ${a.key === "network_mode" ? "the network stack" : a.key} of ${code(a.service)}`,
    ko: (a: { key: string; service: string }) =>
      `${code(a.service)}의 ${a.key === "network_mode" ? "네트워크 스택" : `${a.key.toUpperCase()} 네임스페이스`} 공유`,
  },
  declared: {
    en: (a: { kind: string }) => `declared in top-level \`${a.kind}:\``,
    ko: (a: { kind: string }) => `최상위 \`${a.kind}:\`에 선언됨`,
  },
  defaultNetwork: { en: () => "the project's default network", ko: () => "프로젝트의 기본 네트워크" },
  airflowTitle: {
    en: (a: { section: string; key: string }) => `**[${a.section}] ${a.key}** (Airflow configuration)`,
    ko: (a: { section: string; key: string }) => `**[${a.section}] ${a.key}** (Airflow 설정)`,
  },
  defaultValue: {
    en: (a: { value: string }) => `Default: ${code(a.value)}`,
    ko: (a: { value: string }) => `기본값: ${code(a.value)}`,
  },
  fileVariant: {
    en: (a: { name: string }) => `\`${a.name}_FILE\` reads the value from a file (a secret).`,
    ko: (a: { name: string }) => `\`${a.name}_FILE\` 변수를 쓰면 값을 파일(시크릿)에서 읽습니다.`,
  },
  source: {
    en: (a: { source: string }) => `Source: ${a.source}`,
    ko: (a: { source: string }) => `출처: ${a.source}`,
  },
  portDetail: {
    en: (a: { host: string }) => `the port ${code(a.host)} listens on inside the compose network`,
    ko: (a: { host: string }) => `${josa(code(a.host), "이/가")} compose 네트워크 안에서 연결을 받는 포트`,
  },
  portPublished: {
    en: (a: { host: string; port: number; published: number }) =>
      `Containers reach ${code(a.host)} on ${a.port}. The published port ${a.published} is for the host machine only.`,
    ko: (a: { host: string; port: number; published: number }) =>
      `컨테이너에서는 포트 ${josa(String(a.port), "으로/로")} ${code(a.host)}에 연결합니다. 게시된 포트 ${josa(String(a.published), "은/는")} 호스트 머신에서만 씁니다.`,
  },
  keyReference: {
    en: (a: { url: string }) => `[Compose file reference](${a.url})`,
    ko: (a: { url: string }) => `[Compose 파일 레퍼런스](${a.url})`,
  },
});

/** A completion in offsets (converted to LSP positions at the edge). */
export interface Completion {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: string;
  insertText: string;
  snippet?: boolean;
  /** The characters the item replaces. */
  replace: { start: number; end: number };
  filterText?: string;
  sortText?: string;
  deprecated?: boolean;
  preselect?: boolean;
}

const URL_FLAG_AT_END = /(?:^|\s)(--[a-z-]+)(?:=|\s+)(\S*)$/;

export function completionsAt(model: ComposeModel, offset: number, options: CompletionOptions): Completion[] {
  const ctx = contextIn(model, offset);
  if (!ctx) return [];
  const c = new Completer(model, offset, ctx, options);
  c.run();
  return c.items;
}

export class Completer {
  readonly items: Completion[] = [];
  private readonly service: Service | undefined;
  /** The path inside a service: ["depends_on"], ["environment"], ... */
  private readonly inService: string[] | undefined;
  private readonly l: Locale;

  constructor(
    private readonly model: ComposeModel,
    private readonly offset: number,
    private readonly ctx: YamlContext,
    private readonly options: CompletionOptions,
  ) {
    this.l = options.locale ?? "en";
    if (ctx.path[0] === "services" && ctx.path.length >= 2) {
      this.service = model.serviceByName.get(ctx.path[1]);
      this.inService = ctx.path.slice(2);
    }
  }

  run(): void {
    const { ctx } = this;
    const where = this.inService ?? [];
    const last = where[where.length - 1];
    if (this.options.connections) this.connectionItems(where, last);
    if (this.options.keys) {
      if (ctx.kind === "key") this.keyItems();
      if (ctx.kind === "value" && ctx.key) this.enumItems(ctx.path, ctx.key);
    }
  }

  // ----------------------------------------------------------------- names, variables, URLs

  private connectionItems(where: string[], last: string | undefined): void {
    const { ctx } = this;
    if (!this.inService) return;
    const depth = where.length;
    if (ctx.kind === "item" && depth === 1) {
      if (last === "depends_on" || last === "links" || last === "volumes_from") this.serviceNames(last);
      else if (last === "networks") this.declared("networks");
      else if (last === "volumes" && !ctx.prefix.includes(":")) this.declared("volumes", ":");
      else if (last === "secrets" || last === "configs") this.declared(last);
      else if (last === "environment") this.environmentItem();
      else if (last === "command" || last === "entrypoint") this.commandListItem();
    } else if (ctx.kind === "key" && depth === 1) {
      if (last === "depends_on") this.serviceNames("depends_on", true);
      else if (last === "networks") this.declared("networks", ":");
      else if (last === "environment") this.envNames("map");
    } else if (ctx.kind === "value") {
      const key = ctx.key!;
      if (depth === 0 && key === "extends") this.serviceNames("extends");
      else if (depth === 1 && last === "extends" && key === "service") this.serviceNames("extends");
      else if (depth === 0 && (key === "network_mode" || key === "ipc" || key === "pid"))
        this.serviceColon(key);
      else if (depth === 1 && last === "environment") this.envValue(key, ctx.token.start);
      else if (depth === 2 && where[1] === "[]" && key === "source") {
        if (where[0] === "volumes") this.declared("volumes");
        else if (where[0] === "secrets" || where[0] === "configs") this.declared(where[0]);
      } else if (depth === 0 && (key === "command" || key === "entrypoint")) this.commandText();
    } else if (ctx.kind === "block" && depth === 0 && (ctx.key === "command" || ctx.key === "entrypoint")) {
      this.commandText();
    }
  }

  private tokenRange(): { start: number; end: number } {
    // Replace the word under the cursor (names never contain spaces, colons or commas).
    let start = this.offset;
    const text = this.model.text;
    while (start > this.ctx.token.start && /[A-Za-z0-9._-]/.test(text[start - 1])) start--;
    let end = this.offset;
    while (end < this.ctx.token.end && /[A-Za-z0-9._-]/.test(text[end])) end++;
    return { start, end };
  }

  private serviceNames(role: "depends_on" | "links" | "volumes_from" | "extends", asKey = false): void {
    const self = this.service;
    const taken = new Set<string>();
    if (self && role === "depends_on")
      for (const d of self.dependsOn)
        if (!(d.nameNode.span.start <= this.offset && this.offset <= d.nameNode.span.end))
          taken.add(d.service);
    const range = this.tokenRange();
    const unit = indentUnit(this.model.text);
    const col = this.ctx.token.start - this.ctx.line.start;
    for (const s of this.model.services) {
      if (s === self || taken.has(s.name)) continue;
      const db = this.model.databaseByService.get(s.name);
      const image = s.image?.str.value ?? (s.build ? m.builtHere(this.l) : undefined);
      let insertText = s.name;
      if (asKey) {
        // The long form needs a condition: wait for health when the service has a healthcheck.
        const condition = s.healthcheck && !s.healthcheck.disabled ? "service_healthy" : "service_started";
        insertText = `${s.name}:\n${" ".repeat(col + unit)}condition: ${condition}`;
      }
      this.items.push({
        label: s.name,
        kind: CompletionItemKind.Module,
        detail: [db ? m.serviceDatabase(this.l, { engine: engineLabel(db) }) : undefined, image]
          .filter(Boolean)
          .join(" · "),
        // No documentation here: completionItem/resolve gives it (a list of 2,000 stays small).
        insertText,
        replace: asKey ? { start: this.ctx.token.start, end: this.ctx.token.end } : range,
        // Databases first in depends_on: that is what clients wait for (the rest sort by label).
        sortText: role === "depends_on" && db ? `0${s.name}` : undefined,
      });
    }
  }

  static serviceDoc(s: Service, l: Locale = "en"): string {
    const lines = [m.serviceTitle(l, { name: s.name })];
    if (s.image) lines.push(m.serviceImage(l, { image: s.image.str.value }));
    const ports = s.ports.map((p) => p.str?.value ?? "").filter(Boolean);
    if (ports.length) lines.push(m.servicePorts(l, { ports }));
    if (s.healthcheck && !s.healthcheck.disabled) lines.push(m.serviceHealthcheck(l));
    return lines.join("\n");
  }

  private serviceColon(key: string): void {
    const { ctx } = this;
    const valueStart = ctx.token.start;
    const typed = this.model.text.slice(valueStart, this.offset);
    const plain: Record<string, string[]> = {
      network_mode: ["host", "none", "bridge"],
      ipc: ["host", "shareable", "private"],
      pid: ["host"],
    };
    const replace = { start: valueStart, end: ctx.token.end };
    for (const s of this.model.services) {
      if (s === this.service) continue;
      this.items.push({
        label: `service:${s.name}`,
        kind: CompletionItemKind.Module,
        detail: m.share(this.l, { key, service: s.name }),
        insertText: `service:${s.name}`,
        replace,
        filterText: `service:${s.name}`,
      });
    }
    if (!typed.startsWith("service:"))
      for (const v of plain[key] ?? [])
        this.items.push({ label: v, kind: CompletionItemKind.EnumMember, insertText: v, replace });
  }

  private declared(kind: "networks" | "volumes" | "secrets" | "configs", suffix = ""): void {
    const names = [...this.model.declared[kind].keys()];
    if (kind === "networks" && !names.includes("default")) names.push("default");
    const range = this.tokenRange();
    const listed = new Set<string>();
    if (kind === "networks")
      for (const n of this.service?.networks ?? [])
        if (!contains(n.node.span, this.offset)) listed.add(n.name);
    for (const name of names) {
      if (listed.has(name)) continue;
      const pair = this.model.declared[kind].get(name);
      this.items.push({
        label: name,
        kind: CompletionItemKind.Reference,
        detail: pair ? m.declared(this.l, { kind }) : m.defaultNetwork(this.l),
        insertText: name + suffix,
        replace: range,
      });
    }
  }

  /** `- NAME` (no `=` yet) or `- NAME=value` in an environment list. */
  private environmentItem(): void {
    const { ctx } = this;
    const eq = ctx.prefix.indexOf("=");
    if (eq < 0) {
      this.envNames("list");
      return;
    }
    const name = ctx.prefix.slice(0, eq).trim();
    this.envValue(name, ctx.token.start + eq + 1);
  }

  private envNames(form: "list" | "map"): void {
    const s = this.service;
    if (!s) return;
    const families = envFamiliesOf(s);
    if (families.length === 0) return;
    const set = new Set(
      s.environment
        .filter((e) => !(e.keySpan.start <= this.offset && this.offset <= e.keySpan.end))
        .map((e) => e.name),
    );
    const { ctx } = this;
    // The name being typed: in a list item up to a `=`, in a mapping the key itself.
    const start = ctx.token.start;
    const end =
      ctx.kind === "item"
        ? this.offset + /^[A-Za-z0-9_]*/.exec(this.model.text.slice(this.offset))![0].length
        : ctx.token.end;
    for (const family of families) {
      for (const v of family.variables) {
        if (set.has(v.name)) continue;
        // The table's description, default and source stay English as written there (image-env.ts).
        const label = familyLabel(this.l, family);
        const doc = [
          v.section
            ? m.airflowTitle(this.l, { section: v.section, key: v.key ?? "" })
            : `**${v.name}** (${label})`,
          "",
          v.description,
        ];
        if (v.default) doc.push("", m.defaultValue(this.l, { value: v.default }));
        if (v.fileVariant) doc.push("", m.fileVariant(this.l, { name: v.name }));
        doc.push("", m.source(this.l, { source: v.source }));
        this.items.push({
          label: v.name,
          kind: CompletionItemKind.Variable,
          detail: v.section ? `[${v.section}] ${v.key}` : label,
          documentation: doc.join("\n"),
          insertText: form === "list" ? `${v.name}=` : `${v.name}: `,
          replace: { start, end },
          sortText: `${v.section ? "1" : "0"}${v.name}`,
        });
      }
    }
  }

  /** The value of environment variable `name`, starting at `valueStart`. */
  private envValue(name: string, valueStart: number): void {
    const slot = slotForEnv(name);
    this.urlValue(slot, valueStart);
  }

  /** A URL being written from `valueStart` to the cursor: whole URLs for the slot, or the host part. */
  private urlValue(slot: ReturnType<typeof slotForEnv>, valueStart: number): void {
    const text = this.model.text;
    let start = valueStart;
    const quote = text[start] === '"' || text[start] === "'" ? text[start] : undefined;
    if (quote) start++;
    const typed = text.slice(start, this.offset);
    let end = this.offset;
    while (end < this.ctx.line.end && !/[\s"']/.test(text[end])) end++;
    if (this.hostPart(typed, start)) return;
    if (!slot) return;
    for (const cand of urlCandidates(this.model, slot, this.service, this.l)) {
      this.items.push({
        label: cand.text,
        kind: CompletionItemKind.Value,
        detail: `${readerLabel(this.l, slot.reader)}: ${cand.detail}`,
        documentation: cand.documentation,
        insertText: this.options.snippets && cand.snippet ? cand.snippet : cand.text,
        snippet: this.options.snippets && !!cand.snippet,
        replace: { start, end },
        filterText: cand.text,
        sortText: `${cand.discouraged ? "9" : "0"}${cand.service.name}`,
        preselect: !cand.discouraged,
      });
    }
  }

  /** `scheme://[user[:pw]@]ho|` or `...@host:|`: service names (or the container port) at the cursor. */
  private hostPart(typed: string, start: number): boolean {
    const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([A-Za-z0-9._-]*)(?::(\d*))?$/.exec(typed);
    if (!match) return false;
    const [, scheme, host, port] = match;
    const base = scheme.toLowerCase();
    const target = base === "http" || base === "https" ? ("http" as const) : targetOfScheme(base);
    if (port !== undefined) {
      const db = this.model.databaseByService.get(host);
      const s = this.model.serviceByName.get(host);
      const candidates = db
        ? [{ port: db.port, published: s?.ports.find((p) => p.target.start === db.port)?.published?.start }]
        : [];
      const portStart = start + typed.length - port.length;
      for (const c of candidates) {
        this.items.push({
          label: String(c.port),
          kind: CompletionItemKind.Value,
          detail: m.portDetail(this.l, { host }),
          documentation:
            c.published && c.published !== c.port
              ? m.portPublished(this.l, { host, port: c.port, published: c.published })
              : undefined,
          insertText: String(c.port),
          replace: { start: portStart, end: this.offset },
        });
      }
      return true;
    }
    const hostStart = start + typed.length - host.length;
    let hostEnd = this.offset;
    while (/[A-Za-z0-9._-]/.test(this.model.text[hostEnd] ?? "")) hostEnd++;
    for (const c of hostCandidates(this.model, target, this.service, this.l)) {
      this.items.push({
        label: c.service.name,
        kind: CompletionItemKind.Module,
        detail: c.detail,
        insertText: c.service.name,
        replace: { start: hostStart, end: hostEnd },
      });
    }
    return true;
  }

  /** After a URL flag on a command line (`--backend-store-uri |`). */
  private commandText(): void {
    const text = this.model.text;
    const before = text.slice(this.ctx.line.start, this.offset);
    const flag = URL_FLAG_AT_END.exec(before);
    if (!flag) return;
    const slot = slotForFlag(flag[1]);
    if (!slot && !flag[2].includes("://")) return;
    this.urlValue(slot, this.offset - flag[2].length);
  }

  /** The list form: `- --backend-store-uri` then `- |`. */
  private commandListItem(): void {
    const text = this.model.text;
    const prevEnd = this.ctx.line.start - 1;
    if (prevEnd < 0) return;
    const prevStart = prevEnd === 0 ? 0 : text.lastIndexOf("\n", prevEnd - 1) + 1;
    const prev = /^\s*-\s*["']?(--[a-z-]+)["']?\s*$/.exec(text.slice(prevStart, prevEnd));
    const slot = prev ? slotForFlag(prev[1]) : undefined;
    if (slot) this.urlValue(slot, this.ctx.token.start);
    else if (this.ctx.prefix.includes("://")) this.urlValue(undefined, this.ctx.token.start);
  }

  // ----------------------------------------------------------------- schema keys and values

  private keyItems(): void {
    const { ctx, model } = this;
    const path = ctx.path;
    const keys = keysAt(path);
    if (keys.length === 0) return;
    const present = siblingKeys(model.text, ctx);
    const col = ctx.token.start - ctx.line.start;
    const unit = indentUnit(model.text);
    for (const k of keys) {
      if (present.has(k.name)) continue;
      const structured =
        (k.types.includes("object") || k.types.includes("array")) && !k.types.includes("string");
      const insertText = structured ? `${k.name}:\n${" ".repeat(col + unit)}` : `${k.name}: `;
      this.items.push({
        label: k.name,
        kind: CompletionItemKind.Property,
        detail: k.types.join(" | ") || undefined,
        // The schema's description stays English (compose-spec data); the link's words follow the locale.
        documentation:
          `${k.description ?? ""}\n\n${m.keyReference(this.l, { url: docsUrl(path, k.name) })}`.trim(),
        insertText,
        replace: { start: ctx.token.start, end: ctx.token.end },
        sortText: `${k.deprecated ? "9" : k.required ? "0" : "5"}${k.name}`,
        deprecated: k.deprecated,
      });
    }
  }

  private enumItems(path: string[], key: string): void {
    const info = keyAt(path, key);
    if (!info || info.values.length === 0) return;
    const { ctx } = this;
    let healthy = false;
    // `condition:` of a dependency: wait for health where the dependency has a healthcheck.
    if (key === "condition" && path[2] === "depends_on" && path.length === 4) {
      const target = this.model.serviceByName.get(path[3]);
      healthy = !!target?.healthcheck && !target.healthcheck.disabled;
    }
    for (const v of info.values) {
      this.items.push({
        label: v,
        kind: CompletionItemKind.EnumMember,
        documentation: info.description,
        insertText: v,
        replace: { start: ctx.token.start, end: ctx.token.end },
        preselect: healthy && v === "service_healthy",
      });
    }
  }
}

function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export class CompletionProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
    private readonly client: () => { snippets: boolean; editRangeDefault: boolean },
  ) {}

  /** The document of the last list: what completionItem/resolve is about. */
  private lastUri: string | undefined;

  provide(params: CompletionParams): CompletionList | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId)) return null;
    const f = this.features();
    if (!f.completion && !f.keyCompletion) return null;
    const { model } = this.store.get(doc);
    this.lastUri = doc.uri;
    const client = this.client();
    const items = completionsAt(model, doc.offsetAt(params.position), {
      keys: f.keyCompletion,
      connections: f.completion,
      snippets: client.snippets,
      locale: this.store.locale,
    });
    return toList(doc, items, client.editRangeDefault, doc.offsetAt(params.position));
  }

  /** The documentation of a service name, asked for when the item is focused (in the last list). */
  resolve(item: CompletionItem): CompletionItem {
    // Only service names are resolved, and their label is the name.
    const name =
      item.kind === CompletionItemKind.Module && !item.label.includes(":") ? item.label : undefined;
    const doc = this.lastUri ? this.documents.get(this.lastUri) : undefined;
    const service = doc && name ? this.store.get(doc).model.serviceByName.get(name) : undefined;
    if (service)
      item.documentation = { kind: "markdown", value: Completer.serviceDoc(service, this.store.locale) };
    return item;
  }
}

/**
 * The LSP list. Items that replace the same characters share one range (`itemDefaults`, when
 * the client takes it): a list of 2,000 names then carries 2,000 labels, not 2,000 ranges.
 */
/** Beyond this many items a list is cut to what matches the typed text, and marked incomplete. */
export const MAX_ITEMS = 300;

/** `query`'s characters appear in `label` in order (what fuzzy matchers in editors require at least). */
function subsequence(query: string, label: string): boolean {
  let i = 0;
  for (let k = 0; k < label.length && i < query.length; k++) if (label[k] === query[i]) i++;
  return i === query.length;
}

/**
 * The LSP list. Items that replace the same characters share one range (`itemDefaults`, when
 * the client takes it): a list of 2,000 names then carries 2,000 labels, not 2,000 ranges. A
 * list longer than MAX_ITEMS keeps the items the typed text can still match, prefix matches
 * first, and says it is incomplete: the editor asks again as the user types.
 */
function toList(
  doc: TextDocument,
  all: Completion[],
  editRangeDefault: boolean,
  offset: number,
): CompletionList {
  let items = all;
  let isIncomplete = false;
  if (items.length > MAX_ITEMS) {
    const typed = doc.getText().slice(items[0].replace.start, offset).toLowerCase();
    const key = (c: Completion) => (c.filterText ?? c.label).toLowerCase();
    // What the editor would show first: prefix matches, then by sortText (databases first), then label.
    items = items
      .filter((c) => subsequence(typed, key(c)))
      .map((c) => ({ c, rank: `${key(c).startsWith(typed) ? 0 : 1}${c.sortText ?? c.label}` }))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      .map((x) => x.c);
    if (items.length > MAX_ITEMS) {
      items = items.slice(0, MAX_ITEMS);
      isIncomplete = true;
    }
  }
  const first = items[0]?.replace;
  const shared =
    editRangeDefault &&
    !!first &&
    items.every((c) => c.replace.start === first.start && c.replace.end === first.end);
  const ranges = new Map<string, ReturnType<typeof toRange>>();
  const rangeOf = (span: { start: number; end: number }) => {
    const key = `${span.start}:${span.end}`;
    let r = ranges.get(key);
    if (!r) ranges.set(key, (r = toRange(doc, span)));
    return r;
  };
  const list: CompletionList = {
    isIncomplete,
    items: items.map((c) => toItem(c, shared, rangeOf)),
  };
  if (shared) list.itemDefaults = { editRange: rangeOf(first) };
  return list;
}

function toItem(
  c: Completion,
  sharedRange: boolean,
  rangeOf: (span: { start: number; end: number }) => ReturnType<typeof toRange>,
): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: c.kind };
  if (sharedRange) {
    if (c.insertText !== c.label) item.textEditText = c.insertText;
  } else item.textEdit = { range: rangeOf(c.replace), newText: c.insertText };
  if (c.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  // Several lines (a long-form depends_on entry, a mapping key) carry their own indentation.
  if (c.insertText.includes("\n")) item.insertTextMode = InsertTextMode.asIs;
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: "markdown", value: c.documentation };
  if (c.filterText) item.filterText = c.filterText;
  if (c.sortText) item.sortText = c.sortText;
  if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (c.preselect) item.preselect = true;
  return item;
}
