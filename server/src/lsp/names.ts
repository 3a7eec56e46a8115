/**
 * Every place a file names a service, network, volume, config or secret: the declarations,
 * the references Compose reads (depends_on, links, extends, volumes_from, network_mode,
 * networks, volumes, ...), and what Docker DX cannot see: the hosts of connection URLs, of
 * healthcheck and command words (`pg_isready -h db`, `wait-for-it db:5432`) and of
 * `*_HOST` variables, resolved to the service that answers to them. Definition, references,
 * rename and highlights all read this one index.
 */

import { perObject } from "../model/memo";
import type { ComposeModel, Service } from "../model/types";
import { asMap, asScalar, asSeq, get, type RNode, type RScalar } from "../parse/resolve";
import { SourceString } from "../parse/source-string";
import type { Span } from "../parse/url";
import { findUrls } from "../parse/url";

export type NameKind = "service" | "network" | "volume" | "config" | "secret";

export type NameRole =
  | "declaration"
  | "depends_on"
  | "links"
  | "extends"
  | "volumes_from"
  | "network_mode"
  | "ipc"
  | "pid"
  | "networks"
  | "volumes"
  | "secrets"
  | "configs"
  | "url-host"
  | "command-host"
  | "env-host";

/** How a host reached its service when not by the service's key. */
export type HostVia = "container_name" | "hostname" | "alias" | "link";

export interface NameRef {
  kind: NameKind;
  /** The name of what is referred to (for a host reached by container_name: the service's key). */
  name: string;
  role: NameRole;
  /** Where the name is written. */
  span: Span;
  /** These characters can be replaced in place (written literally: no escape, fold or variable). */
  editable: boolean;
  /** The whole scalar is the name (then a new name may need quotes); false inside a longer value. */
  whole: boolean;
  scalar?: RScalar;
  /** The service the reference is written in. */
  within?: Service;
  /** A host that reached the service by another of its names. */
  via?: HostVia;
  /** The name's characters come from a variable's value (the `.env` file), not from this file. */
  fromVariable?: boolean;
}

export interface NameIndex {
  refs: NameRef[];
  /** The reference or declaration whose characters contain `offset` (end inclusive). */
  at(offset: number): NameRef | undefined;
  /** Declaration and references of one thing, in document order. */
  of(kind: NameKind, name: string): NameRef[];
}

const HOST_FLAGS = new Set(["-h", "--host", "-H", "--hostname"]);
const HOST_PORT_WORD = /^([A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/;
const HOST_ENV = /(^|_)HOST$/;

/** What a name of the network resolves to: the service, and the name kind it was reached by. */
interface Answer {
  service: Service;
  via?: HostVia;
}

/** Every name some service answers to, service keys first (as Compose's DNS would prefer them). */
const hostAnswers = perObject((model: ComposeModel): Map<string, Answer> => {
  const index = new Map<string, Answer>();
  const add = (name: string, a: Answer) => {
    if (!index.has(name)) index.set(name, a);
  };
  for (const s of model.services) add(s.name, { service: s });
  for (const s of model.services) {
    if (s.containerName) add(s.containerName.value, { service: s, via: "container_name" });
    if (s.hostname) add(s.hostname.value.split(".")[0], { service: s, via: "hostname" });
    for (const n of s.networks ?? []) for (const a of n.aliases) add(a, { service: s, via: "alias" });
  }
  for (const s of model.services)
    for (const l of s.links) {
      const target = model.serviceByName.get(l.service);
      if (target && l.alias !== l.service) add(l.alias, { service: target, via: "link" });
    }
  return index;
});

export function answerFor(model: ComposeModel, host: string): Answer | undefined {
  return hostAnswers(model).get(host);
}

/** A scalar's text as a string whose characters know their place in the file. */
function sourceOf(model: ComposeModel, node: RScalar): SourceString {
  return SourceString.ofScalar(model.text, node);
}

/**
 * A reference whose exact characters are found only when asked: placing every name of a
 * 2,000-service file would map every scalar to the file, and a request needs a few.
 */
class LazyRef implements NameRef {
  private placed?: { span: Span; editable: boolean };

  constructor(
    readonly kind: NameKind,
    readonly name: string,
    readonly role: NameRole,
    readonly whole: boolean,
    readonly scalar: RScalar,
    private readonly str: SourceString,
    private readonly from: number,
    private readonly to: number,
    readonly within?: Service,
    readonly via?: HostVia,
    readonly fromVariable = false,
  ) {}

  private place(): { span: Span; editable: boolean } {
    if (!this.placed) {
      const editable = this.fromVariable ? undefined : this.str.editableSpan(this.from, this.to);
      this.placed = { span: editable ?? this.str.span(this.from, this.to), editable: !!editable };
    }
    return this.placed;
  }
  get span(): Span {
    return this.place().span;
  }
  get editable(): boolean {
    return this.place().editable;
  }
  /** Where it is, cheaply: its scalar's start, then its place in the scalar's value. */
  get order(): number {
    return this.scalar.span.start;
  }
  get offsetInScalar(): number {
    return this.str.scalarIndex(this.from);
  }
}

class Collector {
  readonly refs: LazyRef[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly model: ComposeModel) {}

  add(ref: LazyRef): void {
    // A value reached through an alias or a merge key is the anchor's text: list it once.
    const id = `${ref.kind}:${ref.order}:${ref.offsetInScalar}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.refs.push(ref);
  }

  declaration(kind: NameKind, name: string, key: RScalar): void {
    const str = sourceOf(this.model, key);
    this.add(new LazyRef(kind, name, "declaration", true, key, str, 0, str.value.length));
  }

  /** A scalar that is entirely (or starts with) a name: `postgres`, `"postgres"`, `db:alias`. */
  scalarRef(
    kind: NameKind,
    role: NameRole,
    node: RNode | undefined | null,
    within?: Service,
    from = 0,
    to?: number,
  ) {
    const scalar = asScalar(node);
    if (!scalar || scalar.text === null) return;
    const str = sourceOf(this.model, scalar);
    const end = to ?? str.value.length;
    const name = str.value.slice(from, end);
    if (!name || name.includes("$")) return;
    this.add(
      new LazyRef(kind, name, role, from === 0 && end === str.value.length, scalar, str, from, end, within),
    );
  }

  /** A host inside a longer string (a URL, a command word, `db:5432`), if a service answers to it. */
  hostRef(role: NameRole, str: SourceString, start: number, end: number, within: Service) {
    if (str.hasUnresolved(start, end)) return;
    const host = str.value.slice(start, end);
    const answer = answerFor(this.model, host);
    if (!answer) return;
    const whole = start === 0 && end === str.value.length;
    this.add(
      new LazyRef(
        "service",
        answer.service.name,
        role,
        whole,
        str.scalar,
        str,
        start,
        end,
        within,
        answer.via,
        str.hasVariable(start, end),
      ),
    );
  }
}

/** `service:NAME` values (network_mode, ipc, pid). */
function serviceColon(c: Collector, role: NameRole, node: RNode | undefined, in_: Service) {
  const scalar = asScalar(node);
  if (scalar?.text?.startsWith("service:")) c.scalarRef("service", role, scalar, in_, "service:".length);
}

function readService(c: Collector, s: Service) {
  const node = s.node;
  for (const d of s.dependsOn) c.scalarRef("service", "depends_on", d.nameNode, s);
  for (const l of s.links) {
    const text = asScalar(l.node)?.text ?? "";
    const colon = text.indexOf(":");
    c.scalarRef("service", "links", l.node, s, 0, colon < 0 ? undefined : colon);
  }
  const ext = get(node, "extends");
  if (ext?.kind === "scalar") c.scalarRef("service", "extends", ext, s);
  else if (ext?.kind === "map" && !get(ext, "file"))
    c.scalarRef("service", "extends", get(ext, "service"), s);
  for (const item of asSeq(get(node, "volumes_from"))?.items ?? []) {
    const text = asScalar(item)?.text ?? "";
    if (text.startsWith("container:")) continue;
    const colon = text.indexOf(":");
    c.scalarRef("service", "volumes_from", item, s, 0, colon < 0 ? undefined : colon);
  }
  serviceColon(c, "network_mode", get(node, "network_mode"), s);
  serviceColon(c, "ipc", get(node, "ipc"), s);
  serviceColon(c, "pid", get(node, "pid"), s);
  for (const n of s.networks ?? []) c.scalarRef("network", "networks", n.node, s);
  for (const v of s.volumes) {
    if (v.type !== "volume" || !v.source) continue;
    if (v.form === "short") c.scalarRef("volume", "volumes", v.node, s, 0, v.source.length);
    else c.scalarRef("volume", "volumes", get(v.node, "source"), s);
  }
  for (const kind of ["secrets", "configs"] as const) {
    for (const item of asSeq(get(node, kind))?.items ?? []) {
      const target = item.kind === "map" ? get(item, "source") : item;
      c.scalarRef(kind === "secrets" ? "secret" : "config", kind, target, s);
    }
  }
  // Hosts: URLs and `*_HOST` values in the environment, URLs and host words on command lines.
  for (const env of s.environment) {
    const v = env.value;
    // (An env file's value is another file's text: renaming here does not reach it.)
    if (!v || env.form === "env_file") continue;
    if (v.value.includes("://")) {
      for (const url of findUrls(v.value))
        if (url.host) c.hostRef("url-host", v, url.host.span.start, url.host.span.end, s);
    } else if (HOST_ENV.test(env.name)) {
      const hp = HOST_PORT_WORD.exec(v.value);
      c.hostRef("env-host", v, 0, hp ? hp[1].length : v.value.length, s);
    }
  }
  const commands = [
    ...(s.entrypoint?.commands ?? []),
    ...(s.command?.commands ?? []),
    ...(s.healthcheck?.commands ?? []),
  ];
  for (const cmd of commands) {
    for (let i = 0; i < cmd.length; i++) {
      const w = cmd[i];
      if (w.value.includes("://")) {
        for (const url of findUrls(w.value))
          if (url.host) c.hostRef("url-host", w, url.host.span.start, url.host.span.end, s);
        continue;
      }
      const eq = w.value.indexOf("=");
      if (w.value.startsWith("--host") && eq > 0 && HOST_FLAGS.has(w.value.slice(0, eq))) {
        c.hostRef("command-host", w, eq + 1, w.value.length, s);
        continue;
      }
      if (HOST_FLAGS.has(w.value) && cmd[i + 1]) {
        c.hostRef("command-host", cmd[i + 1], 0, cmd[i + 1].value.length, s);
        i++;
        continue;
      }
      const hp = HOST_PORT_WORD.exec(w.value);
      if (hp) c.hostRef("command-host", w, 0, hp[1].length, s);
    }
  }
}

/** The index of one model (computed when an editor request first needs it). */
export const nameIndex = perObject((model: ComposeModel): NameIndex => {
  const c = new Collector(model);
  for (const s of model.services) c.declaration("service", s.name, s.key);
  const declKinds = [
    ["networks", "network"],
    ["volumes", "volume"],
    ["configs", "config"],
    ["secrets", "secret"],
  ] as const;
  for (const [key, kind] of declKinds)
    for (const [name, pair] of model.declared[key]) if (!pair.merged) c.declaration(kind, name, pair.key);
  for (const s of model.services) readService(c, s);
  const refs = c.refs.sort((a, b) => a.order - b.order || a.offsetInScalar - b.offsetInScalar);
  const byDocument = (list: NameRef[]) => list.sort((a, b) => a.span.start - b.span.start);
  return {
    refs,
    at(offset) {
      // The refs of the last scalar starting at or before offset (scalars do not overlap).
      let lo = 0;
      let hi = refs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (refs[mid].order <= offset) lo = mid + 1;
        else hi = mid;
      }
      const order = lo > 0 ? refs[lo - 1].order : -1;
      for (let i = lo - 1; i >= 0 && refs[i].order === order; i--) {
        const span = refs[i].span;
        if (span.start <= offset && offset <= span.end) return refs[i];
      }
      return undefined;
    },
    of(kind, name) {
      return byDocument(refs.filter((r) => r.kind === kind && r.name === name));
    },
  };
});

/** The characters of a key's name (inside its quotes when quoted). */
export function keySpan(model: ComposeModel, key: RScalar): Span {
  const str = sourceOf(model, key);
  return str.editableSpan(0, str.value.length) ?? str.span(0, str.value.length);
}

/** The nodes that make a service answer to a name other than its key, for "go to definition". */
export function answerSpan(
  model: ComposeModel,
  service: Service,
  via: HostVia | undefined,
  host: string,
): Span {
  if (via === "container_name" && service.containerName) return valueSpan(model, service.containerName.node);
  if (via === "hostname" && service.hostname) return valueSpan(model, service.hostname.node);
  if (via === "alias") {
    for (const n of asMap(get(service.node, "networks"))?.pairs ?? []) {
      for (const a of asSeq(get(n.value, "aliases"))?.items ?? [])
        if (asScalar(a)?.text === host) return valueSpan(model, a as RScalar);
    }
  }
  if (via === "link") {
    for (const s of model.services)
      for (const l of s.links)
        if (l.alias === host) return asScalar(l.node) ? valueSpan(model, l.node as RScalar) : l.node.span;
  }
  return keySpan(model, service.key);
}

function valueSpan(model: ComposeModel, node: RScalar): Span {
  return keySpan(model, node);
}
