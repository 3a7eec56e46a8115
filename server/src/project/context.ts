/**
 * The bridge from one file's analysis to its project: which files a file belongs to (the
 * default pair of its folder, `COMPOSE_FILE` of its `.env`, or itself alone), loading them
 * (the file's own text from the editor, the others from `read`), and the few facts rules ask
 * of the rest of the project (the names it defines, the hosts it answers to, what loading
 * found wrong in this file). A file with nothing outside itself (no include, no extends
 * `file:`, no env_file, no override or base file beside it) loads nothing: single-file
 * analysis stays as fast as it was.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute } from "node:path";
import { buildModel } from "../model/build";
import type { ComposeModel, OtherFilePort, ProjectContext } from "../model/types";
import { get, getPair } from "../parse/resolve";
import { composeFileVariable, defaultFiles, isDefaultOverrideName } from "./files";
import { type ComposeProject, diskRead, loadProject } from "./load";
import { pget, ptext } from "./tree";

export interface ProjectOptions {
  /** Another file's text (an open editor's first, then the disk); undefined when it is not there. */
  read?: (path: string) => string | undefined;
  /**
   * The project as `docker compose -f a -f b --env-file e --project-directory d` selects it
   * (absolute paths): a file among `files` is analysed as one of them, whatever lies beside it.
   */
  files?: readonly string[];
  envFiles?: readonly string[];
  projectDirectory?: string;
}

/** Without throwing on a missing file (an exception per keystroke costs more than the stat). */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The top-level files of the project `path` belongs to, or undefined when it stands alone. */
export function projectFilesOf(
  model: ComposeModel,
  exists: (p: string) => boolean = isFile,
): string[] | undefined {
  const path = model.path;
  if (!path || !isAbsolute(path)) return undefined;
  const dir = dirname(path);
  const listed = model.variables.get("COMPOSE_FILE");
  if (listed) {
    const files = composeFileVariable(listed, model.variables.get("COMPOSE_PATH_SEPARATOR"), dir);
    if (files.includes(path)) return files;
  }
  const defaults = defaultFiles(dir, (p) => p === path || exists(p));
  if (defaults.length > 1 && defaults.includes(path)) return defaults;
  const reachesOut =
    (model.root && getPair(model.root, "include")) ||
    model.services.some((s) => s.envFiles.length > 0 || get(get(s.node, "extends"), "file") !== undefined);
  if (reachesOut || isDefaultOverrideName(path)) return [path];
  return undefined;
}

/** Loads the project of `model`'s file, when it has one, and attaches what rules need. */
export function attachProject(model: ComposeModel, options: ProjectOptions = {}): ComposeProject | undefined {
  const path = model.path!;
  const chosen = options.files?.includes(path) ? [...options.files] : undefined;
  const files = chosen ?? projectFilesOf(model);
  if (!files) return undefined;
  // The texts read, so that other files' ports are read from the same text as the project.
  const texts = new Map<string, string>();
  const project = loadProject({
    files,
    envFiles: chosen && options.envFiles ? [...options.envFiles] : undefined,
    projectDirectory: chosen ? options.projectDirectory : undefined,
    read: (p) => {
      const text = p === path ? model.text : (options.read ?? diskRead)(p);
      if (text !== undefined) texts.set(p, text);
      return text;
    },
  });
  model.project = contextOf(project, path, texts);
  // An override file whose base file is not beside it: the base is somewhere we cannot see.
  if (files.length === 1 && isDefaultOverrideName(path)) model.project.complete = false;
  return project;
}

/** Other files' models by path: valid while the text and the variables are the same (a keystroke elsewhere reuses them). */
const OTHER_MODELS = new Map<
  string,
  { text: string; vars: ReadonlyMap<string, string>; model: ComposeModel }
>();

function otherModel(path: string, text: string, vars: ReadonlyMap<string, string>): ComposeModel {
  const hit = OTHER_MODELS.get(path);
  if (hit && hit.text === text && sameVariables(hit.vars, vars)) return hit.model;
  const model = buildModel(text, { path, variables: vars, project: false });
  OTHER_MODELS.delete(path);
  OTHER_MODELS.set(path, { text, vars, model });
  if (OTHER_MODELS.size > 64) OTHER_MODELS.delete(OTHER_MODELS.keys().next().value!);
  return model;
}

/** Each load makes a new map of the same variables: compare what they hold. */
function sameVariables(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The mappings of `ports:` the merged project keeps that are written in other compose files
 * than `path`, read from those files' own models (so each has its exact range there).
 */
function otherPortsOf(project: ComposeProject, path: string, texts: Map<string, string>): OtherFilePort[] {
  // Which mapping (file and offset) survives merging, and in which merged service.
  const kept = new Map<string, string>();
  for (const [name, s] of project.services) {
    const ports = pget(s, "ports");
    if (ports?.kind === "seq")
      for (const item of ports.items)
        if (item.at.file !== path) kept.set(`${item.at.file}\0${item.at.span.start}`, name);
  }
  if (kept.size === 0) return [];
  const files = [...new Set([...kept.keys()].map((k) => k.slice(0, k.indexOf("\0"))))];
  const mine = project.files.indexOf(path);
  const out: OtherFilePort[] = [];
  for (const file of files) {
    const text = texts.get(file);
    if (text === undefined) continue;
    const theirs = project.files.indexOf(file);
    // An included file is merged before the file that includes it; a later -f/override file after.
    const order: -1 | 1 = theirs >= 0 && mine >= 0 && theirs > mine ? 1 : -1;
    const model = otherModel(file, text, project.variables);
    for (const owner of model.services)
      for (const port of owner.ports) {
        const service = kept.get(`${file}\0${port.node.span.start}`);
        if (service) out.push({ service, file, port, owner, order });
      }
  }
  return out;
}

export function contextOf(
  project: ComposeProject,
  path: string,
  texts?: Map<string, string>,
): ProjectContext {
  const section = (k: string) => {
    const v = pget(project.model, k);
    return new Set(v?.kind === "map" ? v.entries.keys() : []);
  };
  const hosts = new Set<string>();
  for (const [name, s] of project.services) {
    hosts.add(name);
    for (const k of ["container_name", "hostname"]) {
      const v = ptext(pget(s, k));
      if (v) hosts.add(v);
    }
    const nets = pget(s, "networks");
    if (nets?.kind === "map")
      for (const e of nets.entries.values()) {
        const aliases = pget(e.value, "aliases");
        if (aliases?.kind === "seq") for (const a of aliases.items) if (ptext(a)) hosts.add(ptext(a)!);
      }
  }
  return {
    files: project.files,
    sources: project.sources,
    // A service with neither image nor build after merging is a fragment of a file not loaded
    // (an override file whose base is elsewhere): names may come from there.
    complete:
      project.problems.length === 0 &&
      [...project.services.values()].every((s) => s.entries.has("image") || s.entries.has("build")),
    names: {
      services: new Set(project.services.keys()),
      networks: section("networks"),
      volumes: section("volumes"),
      secrets: section("secrets"),
      configs: section("configs"),
    },
    hosts,
    problems: project.problems
      .filter((p) => p.file === path)
      .map(({ span, message, detail, severity }) => ({ span, message, detail, severity })),
    otherPorts: texts ? otherPortsOf(project, path, texts) : [],
  };
}
