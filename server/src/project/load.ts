/**
 * The project as Compose v2 loads it (compose-spec/compose-go `loader/loader.go`,
 * `loader/include.go`, `loader/extends.go`, `types/project.go`): the files (`-f`, else
 * `COMPOSE_FILE`, else compose.yaml + compose.override.yaml in the folder), the variables
 * (the environment, then `.env` of the project folder or `--env-file`), each file parsed
 * with its ranges and interpolated, its `include:`s loaded as projects of their own
 * (their folder, their `.env`) and imported, its `extends:` applied, then the files merged in
 * order (merge.ts), and each service's `env_file`s read into its environment.
 *
 * Nothing here throws on bad input: a missing file is a hint at the reference (unknown is
 * not wrong: it may be created by a script), a cycle or a conflict one error, a file over
 * MAX_FILE_BYTES or more than MAX_FILES files one warning, and loading goes on without it.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type DotEnvEntry, readDotEnv } from "../parse/interpolate";
import { resolveDocument } from "../parse/resolve";
import type { Span } from "../parse/url";
import { parseYamlText } from "../parse/yaml";
import { composeFileVariable, defaultFiles } from "./files";
import { dropResets, enforceUnicity, mergeMaps, mergeValue, normalizeForMerge } from "./merge";
import { fromNode, type Origin, type PEntry, type PMap, type PValue, pget, ptext, scalar } from "./tree";

export const MAX_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_FILES = 256;

export interface ProjectProblem {
  file: string;
  span: Span;
  message: string;
  detail?: string;
  severity: "error" | "warning" | "info" | "hint";
}

export interface LoadOptions {
  /** The directory relative paths of the options are read from (default: process.cwd()). */
  cwd?: string;
  /** `-f` files, in order. */
  files?: string[];
  projectDirectory?: string;
  /** `--env-file` files: replace the project folder's `.env`. */
  envFiles?: string[];
  /** The environment Compose runs in (default: none, so that a result does not depend on the shell). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** The text of a file, or undefined when there is none (default: the disk). Open editors give theirs. */
  read?: (path: string) => string | undefined;
}

export interface ServiceEnv {
  name: string;
  /** undefined: `- NAME` with no value and no such variable (passed from the shell at run time). */
  value: string | undefined;
  keyAt: Origin;
  valueAt: Origin;
  from: "environment" | "env_file";
}

export interface ComposeProject {
  workingDir: string;
  /** The top-level files, in merge order. */
  files: string[];
  /** Every file read for the project: compose files (included, extended), env files, `.env`. */
  sources: Set<string>;
  /** The variables interpolation used for the top-level files. */
  variables: Map<string, string>;
  /** The merged project (top-level keys: services, networks, volumes, ...). */
  model: PMap;
  services: Map<string, PMap>;
  /** Each service's environment: env files first, `environment` over them (types/project.go). */
  environment: Map<string, Map<string, ServiceEnv>>;
  /** The entries of every env file read, by path. */
  envFiles: Map<string, DotEnvEntry[]>;
  /** The text of every env file read, by path (their entries' spans are offsets into it). */
  envTexts: Map<string, string>;
  problems: ProjectProblem[];
}

interface Ctx {
  read: (path: string) => string | undefined;
  problems: ProjectProblem[];
  sources: Set<string>;
  parsed: Map<string, ParsedFile | undefined>;
  fileCount: number;
  tooMany: boolean;
  /** Cycles already reported (each once, whichever service it is met from). */
  cycles: Set<string>;
  /** Files found missing (each reported once). */
  missing: Set<string>;
  envTexts: Map<string, string>;
}

/** A file's text from disk; undefined when there is none; a marker for one over MAX_FILE_BYTES (not read). */
export function diskRead(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_FILE_BYTES) return `\0too-big:${st.size}`;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const lookupIn =
  (vars: ReadonlyMap<string, string>) =>
  (name: string): string | undefined =>
    vars.get(name);

function emptyMap(file: string): PMap {
  return { kind: "map", entries: new Map(), at: { file, span: { start: 0, end: 0 } } };
}

/**
 * Parsed files across loads (a keystroke in one file of a project must not re-parse the
 * others): by path and variables, valid while the text is the same. Never mutated: loading
 * normalises a copy.
 */
const PARSED = new Map<string, ParsedFile>();
const PARSED_MAX = 64;

interface ParsedFile {
  text: string;
  root: PMap;
  errors: string[];
}

/** Reads and parses one compose file (interpolated with `vars`); undefined when it is not there. */
function readCompose(
  ctx: Ctx,
  path: string,
  vars: ReadonlyMap<string, string>,
  ref?: Origin,
): PMap | undefined {
  const key = `${path}\0${[...vars].join("\0")}`;
  if (ctx.parsed.has(key)) return ctx.parsed.get(key)?.root;
  const text = readText(ctx, path, ref, "compose file");
  if (text === undefined) {
    ctx.parsed.set(key, undefined);
    return undefined;
  }
  let parsed = PARSED.get(key);
  if (!parsed || parsed.text !== text) {
    parsed = parseCompose(path, text, vars);
    if (PARSED.size >= PARSED_MAX) PARSED.delete(PARSED.keys().next().value!);
    PARSED.set(key, parsed);
  }
  if (parsed.errors.length && ref) {
    ctx.problems.push({
      file: ref.file,
      span: ref.span,
      message: `\`${shownPath(path, ref.file)}\` has YAML errors: Compose refuses the project.`,
      detail: `${path}: ${parsed.errors[0]}`,
      severity: "error",
    });
  }
  ctx.parsed.set(key, parsed);
  return parsed.root;
}

/** A path as the file referring to it would write it (relative to its folder): messages stay short. */
function shownPath(path: string, from: string): string {
  const rel = relative(dirname(from), path);
  return rel && !isAbsolute(rel) ? rel : path;
}

function parseCompose(path: string, text: string, vars: ReadonlyMap<string, string>): ParsedFile {
  const yaml = parseYamlText(text);
  const doc = yaml.documents[0];
  let root: PMap = emptyMap(path);
  if (doc) {
    const r = resolveDocument(doc);
    const v = r.root ? fromNode(r.root, path, lookupIn(vars)) : undefined;
    if (v?.kind === "map") root = v;
  }
  const errors = yaml.problems.filter((p) => p.severity === "error").map((p) => p.message);
  return { text, root, errors };
}

function readText(ctx: Ctx, path: string, ref: Origin | undefined, what: string): string | undefined {
  if (!ctx.sources.has(path)) {
    if (ctx.fileCount >= MAX_FILES) {
      if (!ctx.tooMany && ref) {
        ctx.tooMany = true;
        ctx.problems.push({
          file: ref.file,
          span: ref.span,
          message: `The project reads more than ${MAX_FILES} files: the rest are not analysed.`,
          severity: "warning",
        });
      }
      return undefined;
    }
    ctx.fileCount++;
  }
  const text = ctx.read(path);
  if (text === undefined) {
    // Once per missing file: fourteen services sharing one absent `.env` are one hint.
    if (ref && !ctx.missing.has(path)) {
      ctx.missing.add(path);
      ctx.problems.push({
        file: ref.file,
        span: ref.span,
        message: `No ${what} \`${shownPath(path, ref.file)}\`: Compose refuses the project.`,
        detail: `Compose refuses the project until it is created: it looks for ${path}.`,
        severity: "hint",
      });
    }
    return undefined;
  }
  ctx.sources.add(path);
  if (text.startsWith("\0too-big:") || text.length > MAX_FILE_BYTES) {
    if (ref) {
      ctx.problems.push({
        file: ref.file,
        span: ref.span,
        message: `\`${shownPath(path, ref.file)}\` is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: it is not analysed.`,
        detail: path,
        severity: "warning",
      });
    }
    return undefined;
  }
  return text;
}

/** Reads a dotenv file into `into` (earlier values win unless `override`); the entries are kept by path. */
function readEnvFile(
  ctx: Ctx,
  path: string,
  lookup: (n: string) => string | undefined,
  ref: Origin | undefined,
  envFiles?: Map<string, DotEnvEntry[]>,
): DotEnvEntry[] | undefined {
  const text = readText(ctx, path, ref, "env file");
  if (text === undefined) return undefined;
  const entries = readDotEnv(text, lookup);
  envFiles?.set(path, entries);
  ctx.envTexts.set(path, text);
  return entries;
}

/** Services whose paths (env_file, build.context) are made absolute from `dir`, as compose-go's ResolvePaths. */
function resolvePaths(root: PMap, dir: string): void {
  const services = pget(root, "services");
  if (services?.kind !== "map") return;
  for (const e of services.entries.values()) {
    const s = e.value;
    if (s.kind !== "map") continue;
    const envFile = s.entries.get("env_file");
    if (envFile) {
      const abs = (v: PValue): PValue => {
        if (v.kind === "scalar" && v.text !== null)
          return { ...v, value: absPath(dir, v.text), text: absPath(dir, v.text) };
        if (v.kind === "map") {
          const p = v.entries.get("path");
          if (p) {
            const entries = new Map(v.entries);
            entries.set("path", { ...p, value: abs(p.value) });
            return { ...v, entries };
          }
        }
        return v;
      };
      envFile.value =
        envFile.value.kind === "seq"
          ? { ...envFile.value, items: envFile.value.items.map(abs) }
          : abs(envFile.value);
    }
  }
}

/** A path with a scheme (`oci://`, `https://`, `git@host:`), as compose-go's remote loaders take; a drive letter is not one. */
export function isRemote(p: string): boolean {
  return /^[A-Za-z][\w+.-]+:/.test(p) || /^git@/.test(p);
}

function absPath(dir: string, p: string): string {
  if (p.startsWith("~/")) return p;
  return isAbsolute(p) ? p : join(dir, p);
}

interface FileLoad {
  path: string;
  workingDir: string;
  vars: Map<string, string>;
  ref?: Origin;
  /** Files being included (for cycles), outermost first. */
  includeStack: string[];
  /** The include entry of the top-level file this file is reached through: a cycle is reported there, in the file analysed. */
  firstHop?: Origin;
}

/** One compose file with its includes imported and its extends applied, normalised for merging. */
function loadFile(ctx: Ctx, f: FileLoad): PMap | undefined {
  const raw = readCompose(ctx, f.path, f.vars, f.ref);
  if (!raw) return undefined;
  const root = normalizeForMerge(raw, []) as PMap;
  resolvePaths(root, f.workingDir);
  applyExtends(ctx, root, f);
  const include = root.entries.get("include");
  if (include) {
    root.entries.delete("include");
    applyInclude(ctx, root, include.value, f);
  }
  return root;
}

function applyInclude(ctx: Ctx, root: PMap, include: PValue, f: FileLoad): void {
  const items = include.kind === "seq" ? include.items : [include];
  for (const item of items) {
    const pathNode = item.kind === "map" ? pget(item, "path") : item;
    const paths = (pathNode?.kind === "seq" ? pathNode.items : pathNode ? [pathNode] : []).filter(
      (p) => ptext(p) !== undefined,
    );
    // A remote include (git URL, oci://) cannot be read here: unknown, not wrong.
    if (paths.length === 0 || paths.some((p) => isRemote(ptext(p)!))) continue;
    const files = paths.map((p) => ({ path: absPath(f.workingDir, ptext(p)!), at: p.at }));
    const first = files[0]!;
    if (f.includeStack.includes(first.path) || first.path === f.path) {
      const chain = [...f.includeStack, f.path, first.path].map((p) => `\`${p}\``).join(" → ");
      const at = f.firstHop ?? first.at;
      ctx.problems.push({
        file: at.file,
        span: at.span,
        message: "Include cycle: Compose refuses the project.",
        detail: `include cycle detected: ${chain}`,
        severity: "error",
      });
      continue;
    }
    const pd = item.kind === "map" ? ptext(pget(item, "project_directory")) : undefined;
    const workingDir = pd ? absPath(f.workingDir, pd) : dirname(first.path);
    // The included project's variables: the including one's, then its env_file (or its folder's .env) for names not set.
    const envNode = item.kind === "map" ? pget(item, "env_file") : undefined;
    const envPaths = envNode
      ? (envNode.kind === "seq" ? envNode.items : [envNode])
          .map((p) => ({ path: ptext(p), at: p.at }))
          .filter((p): p is { path: string; at: Origin } => !!p.path && p.path !== "/dev/null")
          .map((p) => ({ path: absPath(f.workingDir, p.path), at: p.at as Origin | undefined }))
      : [{ path: join(workingDir, ".env"), at: undefined }];
    const vars = new Map(f.vars);
    const fromFiles = new Map<string, string>();
    for (const e of envPaths) {
      const entries = readEnvFile(ctx, e.path, (n) => fromFiles.get(n) ?? f.vars.get(n), e.at);
      for (const en of entries ?? []) if (en.value !== undefined) fromFiles.set(en.name, en.value);
    }
    for (const [k, v] of fromFiles) if (!vars.has(k)) vars.set(k, v);
    let imported: PMap | undefined;
    for (const file of files) {
      const loaded = loadFile(ctx, {
        path: file.path,
        workingDir,
        vars,
        ref: file.at,
        includeStack: [...f.includeStack, f.path],
        firstHop: f.firstHop ?? first.at,
      });
      if (!loaded) continue;
      imported = imported ? mergeMaps(imported, loaded, []) : loaded;
    }
    if (imported) importResources(ctx, root, imported, first.at);
  }
}

const RESOURCES = ["services", "volumes", "networks", "secrets", "configs"];

function importResources(ctx: Ctx, root: PMap, imported: PMap, ref: Origin): void {
  for (const kind of RESOURCES) {
    const from = pget(imported, kind);
    if (from?.kind !== "map") continue;
    let to = root.entries.get(kind);
    if (to?.value.kind !== "map") {
      to = { key: kind, keyAt: from.at, value: { kind: "map", entries: new Map(), at: from.at } };
      root.entries.set(kind, to);
    }
    const target = to.value as PMap;
    for (const [name, e] of from.entries) {
      const mine = target.entries.get(name);
      if (mine && JSON.stringify(strip(mine.value)) !== JSON.stringify(strip(e.value))) {
        ctx.problems.push({
          file: mine.keyAt.file,
          span: mine.keyAt.span,
          message: `${kind}.${name} is also defined by an included file: Compose refuses the project.`,
          detail: `${kind}.${name} conflicts with imported resource (included by ${ref.file}, defined in ${e.keyAt.file}).`,
          severity: "error",
        });
        continue;
      }
      if (!mine) target.entries.set(name, e);
    }
  }
}

function strip(v: PValue): unknown {
  if (v.kind === "scalar") return v.value;
  if (v.kind === "seq") return v.items.map(strip);
  return Object.fromEntries([...v.entries].map(([k, e]) => [k, strip(e.value)]));
}

/** Applies `extends:` to every service of the file (extends.go), following chains, stopping at cycles. */
function applyExtends(ctx: Ctx, root: PMap, f: FileLoad): void {
  const services = pget(root, "services");
  if (services?.kind !== "map") return;
  for (const [name, e] of services.entries) {
    if (e.value.kind !== "map" || !e.value.entries.has("extends")) continue;
    e.value = extendService(ctx, root, name, e.value, f, [`${f.path}#${name}`]);
  }
}

function extendService(
  ctx: Ctx,
  root: PMap,
  name: string,
  service: PMap,
  f: FileLoad,
  chain: string[],
): PMap {
  const ext = service.entries.get("extends");
  if (!ext) return service;
  const own: PMap = { ...service, entries: new Map(service.entries) };
  own.entries.delete("extends");
  const v = ext.value;
  const baseName = v.kind === "scalar" ? ptext(v) : ptext(pget(v, "service"));
  const fileNode = v.kind === "map" ? pget(v, "file") : undefined;
  if (!baseName) return own;
  if (fileNode && ptext(fileNode) && isRemote(ptext(fileNode)!)) return own;
  const basePath = fileNode && ptext(fileNode) ? absPath(dirname(f.path), ptext(fileNode)!) : f.path;
  const ref = fileNode?.at ?? (v.kind === "map" ? (pget(v, "service")?.at ?? v.at) : v.at);
  const id = `${basePath}#${baseName}`;
  if (chain.includes(id)) {
    const members = [...chain.slice(chain.indexOf(id))].sort().join("\0");
    if (ctx.cycles.has(members)) return own;
    ctx.cycles.add(members);
    ctx.problems.push({
      file: ref.file,
      span: ref.span,
      message: "Extends cycle: Compose refuses the project.",
      detail: `Compose says "Circular reference": ${[...chain, id].map((c) => `\`${c.split("#").pop()}\``).join(" extends ")}.`,
      severity: "error",
    });
    return own;
  }
  let baseRoot: PMap | undefined = root;
  let baseLoad = f;
  if (basePath !== f.path) {
    const raw = readCompose(ctx, basePath, f.vars, fileNode?.at);
    if (!raw) return own;
    baseRoot = normalizeForMerge(raw, []) as PMap;
    // Paths in the extended file are relative to its own folder.
    baseLoad = { ...f, path: basePath, workingDir: dirname(basePath) };
    resolvePaths(baseRoot, baseLoad.workingDir);
  }
  const baseEntry = (pget(baseRoot, "services") as PMap | undefined)?.entries?.get(baseName);
  if (baseEntry?.value.kind !== "map") {
    const at = (v.kind === "map" ? pget(v, "service")?.at : v.at) ?? v.at;
    ctx.problems.push({
      file: at.file,
      span: at.span,
      message: `No service \`${baseName}\` in \`${shownPath(basePath, at.file)}\` to extend: Compose refuses the project.`,
      detail: `Compose reads ${basePath}.`,
      severity: "error",
    });
    return own;
  }
  const base = extendService(ctx, baseRoot, baseName, baseEntry.value, baseLoad, [...chain, id]);
  return mergeValue(base, own, ["services", name]) as PMap;
}

export function loadProject(options: LoadOptions = {}): ComposeProject {
  const cwd = options.cwd ?? process.cwd();
  const ctx: Ctx = {
    read: options.read ?? diskRead,
    problems: [],
    sources: new Set(),
    parsed: new Map(),
    fileCount: 0,
    tooMany: false,
    cycles: new Set(),
    missing: new Set(),
    envTexts: new Map(),
  };
  const shell = new Map<string, string>();
  for (const [k, v] of Object.entries(options.environment ?? {})) if (v !== undefined) shell.set(k, v);
  const exists = (p: string) => ctx.read(p) !== undefined;
  const explicit = options.files?.map((p) => resolve(cwd, p));
  const projectDir = options.projectDirectory ? resolve(cwd, options.projectDirectory) : undefined;
  const envDir = projectDir ?? (explicit?.length ? dirname(explicit[0]!) : cwd);

  // The variables: the environment wins over .env (or --env-file) (cli/options.go WithDotEnv).
  const variables = new Map(shell);
  const envFiles = new Map<string, DotEnvEntry[]>();
  const dotenvPaths = options.envFiles?.length
    ? options.envFiles.map((p) => resolve(cwd, p))
    : [join(envDir, ".env")];
  const fromDotEnv = new Map<string, string>();
  for (const p of dotenvPaths) {
    const ref = options.envFiles?.length ? { file: p, span: { start: 0, end: 0 } } : undefined;
    for (const e of readEnvFile(ctx, p, (n) => fromDotEnv.get(n) ?? shell.get(n), ref, envFiles) ?? [])
      if (e.value !== undefined) fromDotEnv.set(e.name, e.value);
  }
  for (const [k, v] of fromDotEnv) if (!variables.has(k)) variables.set(k, v);

  const composeFile = variables.get("COMPOSE_FILE");
  const files = explicit?.length
    ? explicit
    : composeFile
      ? composeFileVariable(composeFile, variables.get("COMPOSE_PATH_SEPARATOR"), envDir)
      : defaultFiles(envDir, exists);
  const workingDir = projectDir ?? (files[0] ? dirname(files[0]) : cwd);

  let model: PMap | undefined;
  for (const path of files) {
    const loaded = loadFile(ctx, {
      path,
      workingDir,
      vars: variables,
      ref: model ? { file: files[0]!, span: { start: 0, end: 0 } } : undefined,
      includeStack: [],
    });
    if (!loaded) {
      if (!model && !ctx.problems.some((p) => p.file === path)) {
        ctx.problems.push({
          file: path,
          span: { start: 0, end: 0 },
          message: `No compose file \`${path}\`.`,
          severity: "hint",
        });
      }
      continue;
    }
    model = model ? mergeMaps(model, loaded, []) : loaded;
  }
  model = model
    ? ((enforceUnicity(dropResets(model) ?? emptyMap(workingDir), []) as PMap) ?? emptyMap(workingDir))
    : emptyMap(workingDir);

  const services = new Map<string, PMap>();
  const svcMap = pget(model, "services");
  if (svcMap?.kind === "map")
    for (const [name, e] of svcMap.entries)
      services.set(name, e.value.kind === "map" ? e.value : emptyMap(e.keyAt.file));

  const environment = new Map<string, Map<string, ServiceEnv>>();
  for (const [name, s] of services) environment.set(name, serviceEnvironment(ctx, s, variables, envFiles));
  return {
    workingDir,
    files,
    sources: ctx.sources,
    variables,
    model,
    services,
    environment,
    envFiles,
    envTexts: ctx.envTexts,
    problems: ctx.problems,
  };
}

/** env_file entries in order (each may use the ones before it), then `environment` over them (types/project.go). */
function serviceEnvironment(
  ctx: Ctx,
  s: PMap,
  variables: ReadonlyMap<string, string>,
  envFiles: Map<string, DotEnvEntry[]>,
): Map<string, ServiceEnv> {
  const out = new Map<string, ServiceEnv>();
  const ef = s.entries.get("env_file")?.value;
  for (const item of ef ? (ef.kind === "seq" ? ef.items : [ef]) : []) {
    const pathNode = item.kind === "map" ? pget(item, "path") : item;
    const path = ptext(pathNode);
    if (!path || !pathNode) continue;
    const required = item.kind === "map" ? pget(item, "required") : undefined;
    const optional = required?.kind === "scalar" && (required.value === false || required.text === "false");
    const known = envFiles.get(path);
    const entries =
      known ??
      (optional && ctx.read(path) === undefined
        ? undefined
        : readEnvFile(
            ctx,
            path,
            (n) => out.get(n)?.value ?? variables.get(n),
            optional ? undefined : pathNode.at,
            envFiles,
          ));
    for (const e of entries ?? []) {
      out.set(e.name, {
        name: e.name,
        value: e.value,
        keyAt: { file: path, span: e.keySpan },
        valueAt: { file: path, span: e.valueSpan },
        from: "env_file",
      });
    }
  }
  const env = s.entries.get("environment")?.value;
  if (env?.kind === "map") {
    for (const [k, e] of env.entries) {
      const v = e.value;
      const value = v.kind === "scalar" && v.value !== null ? String(v.value) : variables.get(k);
      out.set(k, { name: k, value, keyAt: e.keyAt, valueAt: v.at, from: "environment" });
    }
  }
  return out;
}

export { type PEntry, scalar };
