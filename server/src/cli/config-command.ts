/**
 * `mlops-compose config`: the project as Compose v2 loads it (server/src/project), printed
 * like `docker compose config`: override files merged, includes imported, extends applied,
 * env files read into each service's environment, variables interpolated. Compose's own
 * options select the project exactly as they do for `docker compose`.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { lineLookup } from "../engine";
import { projectConfig } from "../project/config-output";
import { type ComposeProject, loadProject } from "../project/load";
import { pget } from "../project/tree";
import type { Io } from "./main";

export const CONFIG_USAGE =
  "  mlops-compose config [--format json|yaml] [-f FILE]... [--env-file FILE] [--project-directory DIR] [--profile NAME] [DIR]";

export const CONFIG_HELP = `Prints the project as Docker Compose v2 loads it, like \`docker compose config\`:
the compose file and its override file (or COMPOSE_FILE, or -f), include:, extends:,
env_file (read into each service's environment), .env or --env-file for variables.
Each service's image, environment, ports, depends_on and networks are printed as
\`docker compose config --format json\` prints them; other keys as merged.

Options:
  -f, --file FILE            a compose file; repeatable, merged in order
  --env-file FILE            variables instead of the project folder's .env; repeatable
  --project-directory DIR    the project folder (default: the first file's folder)
  --profile NAME             enable a profile (also COMPOSE_PROFILES); repeatable
  --format FORMAT            yaml (default) or json
  -h, --help                 show this help

What stops Compose loading the project (a cycle, a missing file) goes to standard
error as FILE:LINE:COL: SEVERITY: MESSAGE. Exit status: 0 printed; 1 Compose would
refuse the project (an error above); 2 bad usage.`;

function activeProfiles(cli: string[], variables: ReadonlyMap<string, string>): Set<string> {
  const fromEnv = (variables.get("COMPOSE_PROFILES") ?? "").split(",").map((s) => s.trim());
  return new Set([...cli, ...fromEnv].filter(Boolean));
}

/** Services of no profile, or of an enabled one (`*` enables all). */
function inProfiles(project: ComposeProject, profiles: Set<string>): Set<string> {
  const keep = new Set<string>();
  for (const [name, s] of project.services) {
    const p = pget(s, "profiles");
    const list = p?.kind === "seq" ? p.items.map((i) => (i.kind === "scalar" ? String(i.value) : "")) : [];
    if (list.length === 0 || profiles.has("*") || list.some((x) => profiles.has(x))) keep.add(name);
  }
  return keep;
}

export async function configCommand(
  args: string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    io.err(`mlops-compose config: ${(e as Error).message.split(/\.\s+To specify|\n/)[0]}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`Usage:\n${CONFIG_USAGE}\n\n${CONFIG_HELP}`);
    return 0;
  }
  const format = values.format ?? "yaml";
  if (format !== "json" && format !== "yaml") {
    io.err(`mlops-compose config: unknown format \`${format}\` (use json or yaml)`);
    return 2;
  }
  if (positionals.length > 1) {
    io.err("mlops-compose config: one project folder at most");
    return 2;
  }
  const cwd = positionals[0] ? resolve(positionals[0]) : process.cwd();
  const project = loadProject({
    cwd,
    files: values.file,
    envFiles: values["env-file"],
    projectDirectory: values["project-directory"],
    environment: env,
  });
  if (project.files.length === 0) {
    io.err(`mlops-compose config: no compose file in ${cwd} (compose.yaml, docker-compose.yml, or -f FILE)`);
    return 2;
  }
  const texts = new Map<string, (offset: number) => number>();
  for (const p of project.problems) {
    let lineOf = texts.get(p.file);
    if (!lineOf) {
      const { readFileSync } = await import("node:fs");
      let text = "";
      try {
        text = readFileSync(p.file, "utf8");
      } catch {
        // the problem is that the file is not there
      }
      lineOf = lineLookup(text);
      texts.set(p.file, lineOf);
    }
    const line = lineOf(p.span.start);
    io.err(`${p.file}:${line + 1}:1: ${p.severity}: ${p.message}${p.detail ? ` ${p.detail}` : ""}`);
  }
  const config = projectConfig(project);
  const keep = inProfiles(project, activeProfiles(values.profile ?? [], project.variables));
  config.services = Object.fromEntries(Object.entries(config.services).filter(([n]) => keep.has(n)));
  io.write(format === "json" ? `${JSON.stringify(config, null, 2)}\n` : stringify(config));
  return project.problems.some((p) => p.severity === "error") ? 1 : 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: "string", short: "f", multiple: true },
      "env-file": { type: "string", multiple: true },
      "project-directory": { type: "string" },
      profile: { type: "string", multiple: true },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
