/**
 * `mlops-compose plan | reset-script | check-script`: the staged start, the full reset and the
 * connection tests for one compose file, as text, JSON or a runnable POSIX sh script.
 * Exit codes: 0 done, 1 the file cannot be planned (cycle, missing service...), 2 bad usage or
 * unreadable file.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dotEnvFor, envFileVariables } from "../config/dotenv";
import { configFor, formatProblem } from "../config/project-config";
import { isLocaleTag, localeFromEnv, parseLocale } from "../l10n/locale";
import { type PlanBundleOptions, planFromText } from "../plan";
import type { Io } from "./main";

export const PLAN_USAGE = `  mlops-compose plan [--format text|json|shell] [OPTIONS] FILE|-f FILE...
  mlops-compose reset-script [--yes] [--prune] [--no-follow] [OPTIONS] FILE
  mlops-compose check-script [OPTIONS] FILE`;

export const PLAN_HELP = `plan: the staged start ("Staged Up"): databases first, then one-shot jobs, then the rest.
  --format   text (default), json, or shell (the runnable POSIX sh script)
reset-script: prints the full-reset script (down -v, mkdir bind-mount dirs, staged start, logs -f).
  It asks on the terminal before \`down -v\` deletes the volumes, and deletes nothing without a yes.
  --yes        do not ask (the caller has confirmed: CI, or a dialog of its own)
  --prune      also run \`docker system prune -f\` (touches OTHER projects too)
  --no-follow  do not follow the logs at the end
check-script: prints the connection-test script (pg_isready, logins with each URL, HTTP).
OPTIONS (all three):
  -f, --file FILE        the project's compose files in order, as \`docker compose -f\` (repeatable,
                         instead of FILE); every compose call of the script passes them
  --env-file FILE        with -f: the variables instead of .env, passed to every compose call
  --project-directory D  with -f: the project folder, as \`docker compose --project-directory\`
  --profile P            activate a compose profile (repeatable; default: services without profiles)
  --compose-command CMD  the compose CLI, e.g. "docker compose" (default: .mlops-compose.yaml's
                         composeCommand, else detected when the script runs)
  --wait-timeout S       seconds each stage may take (default 120)
  --project-name NAME    pass -p NAME to every compose call
  --locale en|ko         the language of the text, the notes and what the scripts print;
                         default: LC_ALL, LC_MESSAGES or LANG (ko_KR.UTF-8 gives Korean),
                         else English. The commands, the JSON's keys and stage names, and the
                         status markers are the same in every locale
Exit status (plan, reset-script, check-script): 0 ok, 1 the file cannot be planned, 2 usage error.`;

export function planCommand(command: string, args: string[], io: Io): number {
  let format = command === "plan" ? "text" : "shell";
  const options: PlanBundleOptions = {};
  const profiles: string[] = [];
  const files: string[] = [];
  const composeFiles: string[] = [];
  const envFiles: string[] = [];
  const usage = (msg: string) => {
    io.err(`${msg}\n\nUsage:\n${PLAN_USAGE}\n\n${PLAN_HELP}`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    if (a === "--help" || a === "-h") {
      io.out(`Usage:\n${PLAN_USAGE}\n\n${PLAN_HELP}`);
      return 0;
    }
    if (name === "--format" && command === "plan") format = value() ?? "";
    else if (name === "--profile") {
      const p = value();
      if (!p) return usage("--profile needs a value");
      profiles.push(p);
    } else if (name === "--compose-command") {
      const c = value();
      if (!c?.trim()) return usage("--compose-command needs a value");
      options.composeCommand = c;
    } else if (name === "--wait-timeout") {
      const v = value() ?? "";
      if (!/^\d+$/.test(v) || +v <= 0) return usage(`--wait-timeout needs a number of seconds, not "${v}"`);
      options.waitTimeoutSeconds = +v;
    } else if (name === "--project-name") {
      const v = value();
      if (!v) return usage("--project-name needs a value");
      options.projectName = v;
    } else if (name === "-f" || name === "--file") {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (!v) return usage(`${name} needs a compose file`);
      composeFiles.push(v);
    } else if (name === "--env-file") {
      const v = value();
      if (!v) return usage("--env-file needs a file");
      envFiles.push(v);
    } else if (name === "--project-directory") {
      const v = value();
      if (!v) return usage("--project-directory needs a folder");
      options.projectDirectory = resolve(v);
    } else if (name === "--locale") {
      const v = value() ?? "";
      if (!isLocaleTag(v)) return usage(`--locale ${v || "(none)"}: use en or ko`);
      options.locale = parseLocale(v);
    } else if (name === "--prune" && command === "reset-script") options.prune = true;
    else if (name === "--no-follow" && command === "reset-script") options.followLogs = false;
    else if (name === "--yes" && command === "reset-script") options.confirmed = true;
    else if (a === "--") files.push(...args.slice(i + 1)) && (i = args.length);
    else if (a.startsWith("-") && a !== "-") return usage(`Unknown option for ${command}: ${a}`);
    else files.push(a);
  }
  if (!["text", "json", "shell"].includes(format))
    return usage(`Unknown format: ${format || "(none)"} (use text, json or shell)`);
  if (composeFiles.length > 0 && files.length > 0)
    return usage("Give the project's files with -f, or one FILE, not both.");
  if (composeFiles.length === 0 && (envFiles.length > 0 || options.projectDirectory))
    return usage("--env-file and --project-directory select a project with -f FILE.");
  if (composeFiles.length === 0 && files.length !== 1)
    return usage(files.length === 0 ? "No file given." : "Give exactly one compose file.");
  const file = composeFiles[0] ?? files[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    io.err(
      `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
    return 2;
  }
  options.profiles = profiles;
  // `--locale` wins over the environment, as for lint.
  options.locale ??= localeFromEnv(io.env ?? process.env);
  // The project config file's compose command, unless --compose-command names one.
  const project = configFor(file);
  if (project?.problems.length) {
    for (const p of project.problems) io.err(`mlops-compose: ${formatProblem(p)}`);
    return 2;
  }
  options.composeCommand ??= project?.config.composeCommand;
  // `-f a -f b --env-file e`: the project as docker compose selects it; every compose call of
  // the scripts passes the same files.
  const selected = composeFiles.length
    ? {
        files: composeFiles.map((f) => resolve(f)),
        envFiles: envFiles.map((f) => resolve(f)),
        projectDirectory: options.projectDirectory,
      }
    : undefined;
  const variables = selected?.envFiles.length
    ? envFileVariables(selected.envFiles)
    : dotEnvFor(options.projectDirectory ? join(options.projectDirectory, "compose.yaml") : file);
  const bundle = planFromText(text, { path: resolve(file), variables, project: selected }, options);
  if (!bundle.ok) {
    io.err(`${file}: ${bundle.error.message}`);
    return 1;
  }
  // io.out adds the final newline the scripts already end with.
  const script = (s: string) => io.out(s.replace(/\n$/, ""));
  if (command === "reset-script") script(bundle.resetScript);
  else if (command === "check-script") script(bundle.checkScript);
  else if (format === "json") io.out(JSON.stringify(bundle.json, null, 2));
  else if (format === "shell") script(bundle.script);
  else io.out(bundle.text);
  return 0;
}
