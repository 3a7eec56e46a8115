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
import type { ComposeModel, ProjectContext } from "../model/types";
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
  const project = loadProject({
    files,
    envFiles: chosen && options.envFiles ? [...options.envFiles] : undefined,
    projectDirectory: chosen ? options.projectDirectory : undefined,
    read: (p) => (p === path ? model.text : (options.read ?? diskRead)(p)),
  });
  model.project = contextOf(project, path);
  // An override file whose base file is not beside it: the base is somewhere we cannot see.
  if (files.length === 1 && isDefaultOverrideName(path)) model.project.complete = false;
  return project;
}

export function contextOf(project: ComposeProject, path: string): ProjectContext {
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
  };
}
