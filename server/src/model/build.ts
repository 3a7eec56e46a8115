/**
 * Builds the ComposeModel from text: parse, resolve anchors and merges, then read every
 * service into typed data with source locations. Databases, apps and connections are
 * derived afterwards (databases.ts, apps.ts) from the services.
 */

import { INCREMENTAL_MIN_LENGTH } from "../parse/incremental";
import {
  asMap,
  asScalar,
  asSeq,
  get,
  getPair,
  type Resolved,
  type RMap,
  type RNode,
  type RPair,
  type RScalar,
  resolveDocument,
  scalarText,
} from "../parse/resolve";
import { DocText, type SourceString } from "../parse/source-string";
import type { Span } from "../parse/url";
import { type ParseProblem, parseYamlText } from "../parse/yaml";
import type { ProjectOptions } from "../project/context";
import { connectionsOf, findApps, findConnections } from "./apps";
import { ModelCache } from "./cache";
import { readCommandString } from "./compose-reading";
import { findDatabases } from "./databases";
import { splitImageReference } from "./image-reference";
import { commandsOfList, commandsOfString, StringReader } from "./strings";
import type {
  CommandLine,
  ComposeModel,
  Dependency,
  DependencyCondition,
  EnvVar,
  Healthcheck,
  ImageRef,
  PortMapping,
  Service,
  ServiceNetwork,
  VolumeMount,
} from "./types";
import { controlCharacterAt, firstLine } from "./whole-file";

export { splitImageReference };

/** Shared so that "no .env" is the same map every time (the model cache compares by identity). */
const NO_VARIABLES: ReadonlyMap<string, string> = new Map();

export interface BuildOptions {
  path?: string;
  /** Variables for `${VAR}` interpolation (the `.env` next to the file). */
  variables?: ReadonlyMap<string, string>;
  /** What one open document keeps between versions (the language server keeps one per document). */
  cache?: ModelCache;
  /** false: always parse the whole text at once (the reference the piecewise parse is tested against). */
  chunked?: boolean;
  /**
   * How the rest of the file's Compose project is read (analyze() loads it when the file has
   * others: server/src/project/context.ts); false: analyse the file alone.
   */
  project?: false | ProjectOptions;
}

export function buildModel(text: string, options: BuildOptions = {}): ComposeModel {
  // Big files are parsed piece by piece even without a cache: small pieces are cheaper for the
  // parser (and the garbage collector) than one giant document.
  if (options.chunked !== false && text.length >= INCREMENTAL_MIN_LENGTH && !options.cache)
    options = { ...options, cache: new ModelCache() };
  // A binary file is one problem, not thousands of YAML errors.
  const binary = binaryProblem(text);
  const incremental = options.chunked !== false && !binary ? options.cache?.parser.parse(text) : undefined;
  const yaml = binary
    ? { text, documents: [], problems: [binary] }
    : incremental
      ? { text, documents: [], problems: incremental.problems }
      : parseYamlText(text);
  const problems: ParseProblem[] = incremental ? [] : [...yaml.problems];
  const variables = options.variables ?? NO_VARIABLES;
  const model: ComposeModel = {
    text,
    path: options.path,
    yaml,
    problems,
    topLevel: {},
    services: [],
    serviceByName: new Map(),
    declared: { networks: new Map(), volumes: new Map(), secrets: new Map(), configs: new Map() },
    databases: [],
    databaseByService: new Map(),
    apps: [],
    connections: [],
    variables,
  };
  let resolved: Resolved;
  if (incremental) {
    resolved = incremental;
    problems.push(...incremental.problems);
  } else {
    const firstDoc = yaml.documents.find((d) => d.contents !== null) ?? yaml.documents[0];
    if (!firstDoc) return model;
    resolved = resolveDocument(firstDoc);
    problems.push(...resolved.problems);
  }
  const root = asMap(resolved.root);
  if (!root) {
    // Parsed, but not a mapping: a clear word instead of silence (binary junk, a list, a string).
    if (resolved.root && !yaml.problems.some((p) => p.severity === "error")) {
      problems.push({
        code: "yaml-syntax",
        message: `This is not a Compose file: its top level is a ${resolved.root.kind === "seq" ? "list" : "single value"}, but Compose expects a mapping with \`services:\`.`,
        span: resolved.root.span,
        severity: "error",
      });
    }
    return model;
  }
  model.root = root;

  // Only the incremental path reuses nodes (and strings read from them) across versions.
  const doc = incremental && options.cache ? options.cache.doc : new DocText(text);
  doc.text = text;
  const cache = incremental ? options.cache : undefined;
  const reader = new StringReader(doc, (name) => variables.get(name));
  for (const key of ["version", "name", "services", "networks", "volumes", "secrets", "configs"] as const) {
    const p = getPair(root, key);
    if (p) model.topLevel[key] = p;
  }
  for (const kind of ["networks", "volumes", "secrets", "configs"] as const) {
    const m = asMap(model.topLevel[kind]?.value);
    for (const p of m?.pairs ?? []) if (p.key.text !== null) model.declared[kind].set(p.key.text, p);
  }
  const services = asMap(model.topLevel.services?.value);
  for (const pair of services?.pairs ?? []) {
    if (pair.key.text === null) continue;
    const service = cache
      ? cache.service(pair, variables, () => readService(pair, reader))
      : readService(pair, reader);
    model.services.push(service);
    model.serviceByName.set(service.name, service);
  }
  model.databases = findDatabases(model);
  for (const db of model.databases) model.databaseByService.set(db.service.name, db);
  model.apps = findApps(model);
  model.connections = cache
    ? findConnections(model, (s) => cache.connections(s, s.pair, () => connectionsOf(s)))
    : findConnections(model);
  return model;
}

function binaryProblem(text: string): ParseProblem | undefined {
  const at = controlCharacterAt(text);
  if (at < 0) return undefined;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  return {
    code: "yaml-syntax",
    message:
      `This is not a text file: it has the control character U+${code} at line ${line}, column ${at - before.lastIndexOf("\n")}. ` +
      'Compose refuses it ("yaml: control characters are not allowed"). Is it a binary file?',
    span: firstLine(text),
    severity: "error",
  };
}

function readService(pair: RPair, reader: StringReader): Service {
  const node = asMap(pair.value);
  const s: Service = {
    name: pair.key.text!,
    key: pair.key,
    pair,
    node,
    build: !!getPair(node, "build"),
    environment: [],
    envFiles: [],
    ports: [],
    expose: [],
    dependsOn: [],
    volumes: [],
    links: [],
    profiles: [],
    extensions: [],
  };
  if (!node) return s;
  const text = (n: RNode | undefined | null) => reader.read(n)?.value;
  const imageStr = reader.read(get(node, "image"));
  if (imageStr) s.image = parseImage(imageStr);
  s.environment = readEnvironment(get(node, "environment"), reader);
  const envFile = get(node, "env_file");
  for (const item of envFile?.kind === "seq" ? envFile.items : envFile ? [envFile] : []) {
    const path = item.kind === "map" ? text(get(item, "path")) : text(item);
    if (path) s.envFiles.push({ path, node: item });
  }
  s.command = readCommand(get(node, "command"), reader);
  s.entrypoint = readCommand(get(node, "entrypoint"), reader);
  for (const item of asSeq(get(node, "ports"))?.items ?? []) {
    const p = readPort(item, reader);
    if (p) s.ports.push(p);
  }
  for (const item of asSeq(get(node, "expose"))?.items ?? []) {
    const v = text(item);
    s.expose.push({ port: v ? Number.parseInt(v, 10) || undefined : undefined, node: item });
  }
  s.dependsOnPair = getPair(node, "depends_on");
  s.dependsOn = readDependsOn(s.dependsOnPair?.value ?? null, reader);
  const hc = getPair(node, "healthcheck");
  if (hc) s.healthcheck = readHealthcheck(hc, reader);
  s.networksPair = getPair(node, "networks");
  if (s.networksPair) s.networks = readNetworks(s.networksPair.value, reader);
  const nm = asScalar(get(node, "network_mode"));
  const nmv = reader.read(nm)?.value;
  if (nm && nmv) s.networkMode = { value: nmv, node: nm };
  s.volumesPair = getPair(node, "volumes");
  for (const item of asSeq(s.volumesPair?.value)?.items ?? []) {
    const v = readVolume(item, reader);
    if (v) s.volumes.push(v);
  }
  const cn = asScalar(get(node, "container_name"));
  const cnv = reader.read(cn)?.value;
  if (cn && cnv) s.containerName = { value: cnv, node: cn };
  const hn = asScalar(get(node, "hostname"));
  const hnv = reader.read(hn)?.value;
  if (hn && hnv) s.hostname = { value: hnv, node: hn };
  for (const item of asSeq(get(node, "links"))?.items ?? []) {
    const v = text(item);
    if (!v) continue;
    const [service, alias] = v.split(":");
    s.links.push({ service, alias: alias ?? service, node: item });
  }
  for (const item of asSeq(get(node, "profiles"))?.items ?? []) {
    const v = text(item);
    if (v) s.profiles.push(v);
  }
  s.restart = text(get(node, "restart"));
  s.user = text(get(node, "user"));
  s.extensions = node.pairs.filter((p) => p.key.text?.startsWith("x-"));
  return s;
}

/** `postgres:13`, `docker.io/library/postgres:16@sha256:...`, `localhost:5000/team/mlflow`. */
export function parseImage(str: SourceString): ImageRef {
  return { str, ...splitImageReference(str.value) };
}

// Spans are getters (on the prototype, not a closure per entry): a big file's unchanged
// services are reused with their nodes moved.

/** `KEY: value` in an `environment:` mapping. */
class MapEnvVar implements EnvVar {
  readonly form = "map";
  constructor(
    readonly name: string,
    readonly value: SourceString | null,
    private readonly key: RScalar,
    private readonly valueNode: RNode | null,
  ) {}
  get node(): RNode {
    return this.valueNode ?? this.key;
  }
  get keySpan(): Span {
    return this.key.span;
  }
  get entrySpan(): Span {
    return { start: this.key.span.start, end: this.valueNode?.span.end ?? this.key.span.end };
  }
}

/** `- KEY=value` in an `environment:` list. */
class ListEnvVar implements EnvVar {
  readonly form = "list";
  constructor(
    readonly name: string,
    readonly value: SourceString | null,
    private readonly str: SourceString,
    private readonly keyEnd: number,
    readonly node: RNode,
  ) {}
  get keySpan(): Span {
    return this.str.span(0, this.keyEnd);
  }
  get entrySpan(): Span {
    return this.node.span;
  }
}

/** A port or port range of a mapping, with the span of where it is written. */
class PortRange {
  constructor(
    readonly start: number,
    readonly end: number,
    private readonly str: SourceString,
    private readonly from: number,
    private readonly to: number,
  ) {}
  get span(): Span {
    return this.str.span(this.from, this.to);
  }
}

function readEnvironment(node: RNode | undefined, reader: StringReader): EnvVar[] {
  const out: EnvVar[] = [];
  if (!node) return out;
  if (node.kind === "map") {
    for (const p of node.pairs) {
      if (p.key.text === null) continue;
      const value = p.value ? (reader.read(p.value) ?? null) : null;
      out.push(new MapEnvVar(p.key.text, value, p.key, p.value));
    }
  } else if (node.kind === "seq") {
    for (const item of node.items) {
      const str = reader.read(item);
      if (!str) continue;
      const eq = str.value.indexOf("=");
      const name = (eq < 0 ? str.value : str.value.slice(0, eq)).trim();
      if (!name) continue;
      const value = eq < 0 ? null : str.slice(eq + 1, str.value.length);
      out.push(new ListEnvVar(name, value, str, eq < 0 ? str.value.length : eq, item));
    }
  }
  return out;
}

function readCommand(node: RNode | undefined, reader: StringReader): CommandLine | undefined {
  if (!node) return undefined;
  if (node.kind === "scalar") {
    const str = reader.read(node);
    if (!str) return undefined;
    // What Compose v2 passes the container; a value it refuses is still read like a shell would.
    const v2 = readCommandString("v2", str, node.text ?? "");
    if (v2.argv) return { form: "string", node, str, argv: v2.argv, commands: v2.commands };
    return { form: "string", node, str, ...commandsOfString(str) };
  }
  if (node.kind === "seq") {
    const items = node.items.map((i) => reader.read(i)).filter((s): s is SourceString => !!s);
    return { form: "list", node, ...commandsOfList(items) };
  }
  return undefined;
}

const PORT_RANGE = /^(\d+)(?:-(\d+))?$/;

function readPort(node: RNode, reader: StringReader): PortMapping | undefined {
  if (node.kind === "map") {
    const target = reader.read(get(node, "target"));
    const published = reader.read(get(node, "published"));
    const tr = target ? PORT_RANGE.exec(target.value.trim()) : null;
    const pr = published ? PORT_RANGE.exec(published.value.trim()) : null;
    if (!target) return undefined;
    return {
      node,
      hostIp: reader.read(get(node, "host_ip"))?.value,
      target: new PortRange(
        tr ? +tr[1] : Number.NaN,
        tr ? +(tr[2] ?? tr[1]) : Number.NaN,
        target,
        0,
        target.value.length,
      ),
      published:
        published && pr
          ? new PortRange(+pr[1], +(pr[2] ?? pr[1]), published, 0, published.value.length)
          : undefined,
      protocol: reader.read(get(node, "protocol"))?.value ?? "tcp",
      unknown: !tr || (!!published && !pr) || target.hasUnresolved() || !!published?.hasUnresolved(),
    };
  }
  const str = reader.read(node);
  if (!str) return undefined;
  let v = str.value.trim();
  const lead = str.value.indexOf(v);
  let protocol = "tcp";
  const slash = v.lastIndexOf("/");
  if (slash >= 0) {
    protocol = v.slice(slash + 1);
    v = v.slice(0, slash);
  }
  // [HOST_IP:][HOST_PORT:]CONTAINER_PORT; an IPv6 host IP is written in brackets.
  let hostIp: string | undefined;
  let rest = v;
  let restOffset = lead;
  const ipv6 = /^\[([^\]]*)\]:/.exec(rest);
  if (ipv6) {
    hostIp = ipv6[1];
    rest = rest.slice(ipv6[0].length);
    restOffset += ipv6[0].length;
  }
  const parts = rest.split(":");
  if (!hostIp && parts.length === 3) {
    hostIp = parts.shift();
    restOffset += (hostIp?.length ?? 0) + 1;
  }
  const containerText = parts[parts.length - 1];
  const hostText = parts.length === 2 ? parts[0] : undefined;
  const cr = PORT_RANGE.exec(containerText);
  const hr = hostText !== undefined ? PORT_RANGE.exec(hostText) : null;
  const hostStart = restOffset;
  const containerStart = restOffset + (hostText !== undefined ? hostText.length + 1 : 0);
  return {
    node,
    str,
    hostIp,
    target: new PortRange(
      cr ? +cr[1] : Number.NaN,
      cr ? +(cr[2] ?? cr[1]) : Number.NaN,
      str,
      containerStart,
      containerStart + containerText.length,
    ),
    published:
      hostText !== undefined && hr
        ? new PortRange(+hr[1], +(hr[2] ?? hr[1]), str, hostStart, hostStart + hostText.length)
        : undefined,
    protocol,
    unknown:
      !cr || (hostText !== undefined && hostText !== "" && !hr) || str.hasUnresolved() || parts.length > 2,
  };
}

const CONDITIONS = new Set(["service_started", "service_healthy", "service_completed_successfully"]);

function readDependsOn(node: RNode | null, reader: StringReader): Dependency[] {
  const out: Dependency[] = [];
  if (!node) return out;
  if (node.kind === "seq") {
    for (const item of node.items) {
      const name = reader.read(item)?.value;
      if (name && item.kind === "scalar") {
        out.push({
          service: name,
          condition: "service_started",
          form: "list",
          nameNode: item,
          required: true,
          restart: false,
        });
      }
    }
  } else if (node.kind === "map") {
    for (const p of node.pairs) {
      if (p.key.text === null) continue;
      const body = asMap(p.value);
      const condNode = asScalar(get(body, "condition"));
      const cond = reader.read(condNode)?.value;
      out.push({
        service: p.key.text,
        condition: cond && CONDITIONS.has(cond) ? (cond as DependencyCondition) : "service_started",
        form: "map",
        nameNode: p.key,
        conditionNode: condNode,
        entry: p,
        required: reader.read(get(body, "required"))?.value !== "false",
        restart: reader.read(get(body, "restart"))?.value === "true",
      });
    }
  }
  return out;
}

function readHealthcheck(pair: RPair, reader: StringReader): Healthcheck {
  const node = asMap(pair.value);
  const disable = reader.read(get(node, "disable"))?.value === "true";
  const test = get(node, "test");
  const hc: Healthcheck = { pair, node, disabled: disable, test, commands: [] };
  if (test?.kind === "seq") {
    const items = test.items.map((i) => reader.read(i)).filter((s): s is SourceString => !!s);
    const kind = items[0]?.value;
    if (kind === "NONE") {
      hc.testKind = "NONE";
      hc.disabled = true;
    } else if (kind === "CMD") {
      hc.testKind = "CMD";
      hc.commands = commandsOfList(items.slice(1)).commands;
    } else if (kind === "CMD-SHELL") {
      hc.testKind = "CMD-SHELL";
      // The shell runs the first string only; extra elements become $0, $1 (a separate rule).
      if (items[1]) hc.commands = commandsOfString(items[1]).commands;
    }
  } else if (test?.kind === "scalar") {
    const str = reader.read(test);
    hc.testKind = "string";
    if (str) hc.commands = commandsOfString(str).commands;
  }
  return hc;
}

function readNetworks(node: RNode | null, reader: StringReader): ServiceNetwork[] {
  const out: ServiceNetwork[] = [];
  if (node?.kind === "seq") {
    for (const item of node.items) {
      const name = reader.read(item)?.value;
      if (name && item.kind === "scalar") out.push({ name, node: item, aliases: [] });
    }
  } else if (node?.kind === "map") {
    for (const p of node.pairs) {
      if (p.key.text === null) continue;
      const aliases = (asSeq(get(p.value, "aliases"))?.items ?? [])
        .map((i) => reader.read(i)?.value)
        .filter((a): a is string => !!a);
      out.push({ name: p.key.text, node: p.key, aliases });
    }
  }
  return out;
}

function readVolume(node: RNode, reader: StringReader): VolumeMount | undefined {
  if (node.kind === "map") {
    const type = (reader.read(get(node, "type"))?.value ?? "volume") as VolumeMount["type"];
    const source = reader.read(get(node, "source"));
    const target = reader.read(get(node, "target"));
    return {
      node,
      form: "long",
      type,
      source: source?.value,
      target: target?.value,
      get sourceSpan() {
        return source?.span();
      },
      get targetSpan() {
        return target?.span();
      },
      targetText: target,
    };
  }
  const str = reader.read(node);
  if (!str) return undefined;
  const v = str.value;
  // SOURCE:TARGET[:MODE]; a lone TARGET is an anonymous volume.
  const parts = v.split(":");
  if (parts.length === 1)
    return {
      node,
      form: "short",
      type: "volume",
      target: v,
      get targetSpan() {
        return str.span();
      },
      targetText: str,
    };
  const source = parts[0];
  const isPath =
    /^[./~]/.test(source) || source.includes("/") || /^[A-Za-z]$/.test(source) || source.startsWith("$");
  return {
    node,
    form: "short",
    type: isPath ? "bind" : "volume",
    source,
    target: parts[1],
    get sourceSpan() {
      return str.span(0, source.length);
    },
    get targetSpan() {
      return str.span(source.length + 1, source.length + 1 + parts[1].length);
    },
    get targetText() {
      return str.slice(source.length + 1, source.length + 1 + parts[1].length);
    },
  };
}

export type { RMap, RScalar };
export { scalarText };
