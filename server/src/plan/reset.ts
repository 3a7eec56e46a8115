/**
 * "Full reset" (MLOps: Reset Environment): what `down -v` deletes and what survives it, and the
 * script that resets: `down -v --remove-orphans`, create missing bind-mount directories, the
 * staged start, then follow the logs. `docker system prune -f` (the blog post's second step)
 * removes stopped containers, networks and images of every project on the machine, so it is only
 * in the script when the caller asks for it explicitly.
 */
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { Locale } from "../l10n/locale";
import { factsOf } from "../model/facts";
import type { ComposeModel } from "../model/types";
import { asMap, get, scalarText } from "../parse/resolve";
import { shQuote } from "../parse/shell";
import { planMessages as m } from "./messages";
import type { Plan } from "./plan";
import { commentText, type ScriptOptions, say, scriptPrelude, stageCalls, stageFunctions } from "./script";

export interface ResetVolume {
  /** The volume's key in the file (compose prefixes it with the project name). */
  name: string;
  services: string[];
  /** Mounted by a database service: `down -v` deletes that database's data. */
  database: boolean;
  /**
   * The variables the image applies only to an empty data directory (POSTGRES_USER, ...) that
   * this volume's data made it ignore: after the reset they apply again, the new values too.
   */
  initAgain?: string[];
}

export interface SurvivingData {
  kind: "bind" | "external-volume";
  /** Host path (absolute) or external volume name. */
  source: string;
  /** Where it is mounted, as `service:/container/path`. */
  mounts: string[];
  /** Mounted by a database service: its data survives the reset. */
  database: boolean;
}

export interface ResetInfo {
  /**
   * The compose project the reset deletes: `-p`, else the file's `name:`, else the project
   * directory's name, normalised as Compose v2 does (lower case, only a-z 0-9 _ -).
   */
  project: string;
  /** Named volumes declared in the file that `down -v` deletes. */
  volumes: ResetVolume[];
  /** Anonymous volumes (a container path without a source) are deleted too. */
  anonymous: { service: string; target: string }[];
  /** Data `down -v` leaves alone: bind mounts and external volumes. */
  survivors: SurvivingData[];
  /** Bind-mount host directories inside the project that are created when missing. */
  directories: string[];
}

function isExternal(model: ComposeModel, name: string): boolean {
  const ext = get(asMap(model.declared.volumes.get(name)?.value), "external");
  if (!ext) return false;
  // `external: true`, or the legacy `external: {name: x}`.
  return ext.kind === "map" || scalarText(ext) === "true";
}

/** Compose v2's NormalizeProjectName: lower case, only [a-z0-9_-], no leading '_' or '-'. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[_-]+/, "");
}

function projectName(model: ComposeModel, plan: Plan): string {
  if (plan.projectName) return plan.projectName;
  const declared = model.topLevel.name ? scalarText(model.topLevel.name.value) : undefined;
  // `name: ${PROJECT}` is only known when Compose runs: then the directory is the best guess.
  if (declared && !declared.includes("$")) return normalizeProjectName(declared) || declared;
  return normalizeProjectName(basename(plan.projectDirectory)) || basename(plan.projectDirectory);
}

// A last path component with an extension is most likely a file (init.sql, airflow.cfg).
const LOOKS_LIKE_FILE = /\.[A-Za-z0-9]{1,5}$/;

export function resetInfo(model: ComposeModel, plan: Plan): ResetInfo {
  const activeNames = new Set(plan.stages.flatMap((s) => s.services.map((p) => p.name)));
  const volumes = new Map<string, ResetVolume>();
  for (const [name] of model.declared.volumes)
    if (!isExternal(model, name)) volumes.set(name, { name, services: [], database: false });
  const info: ResetInfo = {
    project: projectName(model, plan),
    volumes: [],
    anonymous: [],
    survivors: [],
    directories: [],
  };
  const dirs = new Set<string>();
  const survivors = new Map<string, SurvivingData>();
  const survive = (kind: SurvivingData["kind"], source: string, mount: string, database: boolean) => {
    const key = `${kind}\u0000${source}`;
    const hit = survivors.get(key) ?? { kind, source, mounts: [], database: false };
    if (!hit.mounts.includes(mount)) hit.mounts.push(mount);
    hit.database ||= database;
    survivors.set(key, hit);
  };
  for (const s of model.services) {
    const database = model.databaseByService.has(s.name);
    for (const v of s.volumes) {
      if (v.type === "volume" && !v.source) {
        if (activeNames.has(s.name) && v.target) info.anonymous.push({ service: s.name, target: v.target });
        continue;
      }
      if (v.type === "volume" && v.source) {
        const vol = volumes.get(v.source);
        if (vol) {
          if (!vol.services.includes(s.name)) vol.services.push(s.name);
          vol.database ||= database;
          const init = factsOf(model).images.initOnlyOnVolume(s);
          if (init?.volume === v.source)
            vol.initAgain = [...new Set([...(vol.initAgain ?? []), ...init.variables.map((e) => e.name)])];
        } else if (isExternal(model, v.source)) {
          survive("external-volume", v.source, `${s.name}:${v.target ?? ""}`, database);
        }
        continue;
      }
      if (v.type !== "bind" || !v.source) continue;
      const source = v.source.startsWith("~")
        ? v.source
        : resolve(plan.projectDirectory, v.source.replace(/^\.\//, ""));
      survive("bind", source, `${s.name}:${v.target ?? ""}`, database);
      // Only directories inside the project are created: never guess about /var/run/docker.sock & co.
      const rel = relative(plan.projectDirectory, source);
      const inside = rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
      if (
        activeNames.has(s.name) &&
        inside &&
        rel !== "" &&
        !v.source.includes("$") &&
        !LOOKS_LIKE_FILE.test(source.split(sep).pop() ?? "")
      )
        dirs.add(source);
    }
  }
  info.volumes = [...volumes.values()];
  info.survivors = [...survivors.values()];
  info.directories = [...dirs];
  return info;
}

export interface ResetOptions extends ScriptOptions {
  /** Also run `docker system prune -f` (affects other projects: only after its own confirmation). */
  prune?: boolean;
  /** Follow the logs at the end (default true). */
  followLogs?: boolean;
  /**
   * The user already said yes (`reset-script --yes`, or the editor's confirmation): no question
   * on the terminal. Without it the script asks on /dev/tty before `down -v`, and deletes
   * nothing when there is no terminal or the answer is not yes.
   */
  confirmed?: boolean;
}

/**
 * The question before `down -v`, asked on the terminal itself: stdin may be the script
 * (`reset-script FILE | sh`). `true` (a regular builtin) opens /dev/tty first, since a
 * failed redirection of a special builtin would end the script.
 */
function confirmation(info: ResetInfo, vols: string[], l: Locale): string[] {
  const what = m.resetWhat(l, { vols: vols.join(", ") || m.noneDeclared(l), project: info.project });
  return [
    "# Nothing is deleted without a yes typed on the terminal.",
    "if ! true 2>/dev/null </dev/tty; then",
    `  ${say(m.resetNoTerminal(l), true)}`,
    "  exit 1",
    "fi",
    `${say(what)} >/dev/tty`,
    `printf '%s' ${shQuote(m.resetPrompt(l))} >/dev/tty`,
    "IFS= read -r mlops_answer </dev/tty || mlops_answer=",
    'case "$mlops_answer" in',
    "  [Yy][Ee][Ss]) ;;",
    `  *) ${say(m.resetNotConfirmed(l))}; exit 1 ;;`,
    "esac",
  ];
}

export function renderResetScript(plan: Plan, info: ResetInfo, options: ResetOptions = {}): string {
  const follow = options.followLogs ?? true;
  const l = options.locale ?? "en";
  // The comments stay English; what the script prints follows the locale.
  const vols = info.volumes.map((v) => v.name + (v.database ? " (database data)" : ""));
  const shown = info.volumes.map((v) => v.name + (v.database ? m.databaseData(l) : ""));
  const lines = [
    ...scriptPrelude(plan, "Full reset (MLOps: Reset Environment)", options),
    ...stageFunctions(plan, l),
    "",
    `# Deletes named volumes: ${commentText(vols.join(", ") || "none")}`,
    ...info.survivors.map(
      (s) => `# Survives: ${commentText(`${s.kind} ${s.source} (${s.mounts.join(", ")})`)}`,
    ),
    ...(options.confirmed
      ? ["# Confirmed by the caller (--yes, or the editor's dialog)."]
      : confirmation(info, shown, l)),
    'mlops_mark "step down"',
    say(m.resetDown(l, { vols: shown.join(", ") || m.noneDeclared(l) })),
    `mlops_dc down -v --remove-orphans || { echo ${shQuote(m.resetDownFailed(l))}; exit 1; }`,
  ];
  if (options.prune) {
    lines.push(
      'mlops_mark "step prune"',
      `echo ${shQuote(m.resetPrune(l))}`,
      `docker system prune -f || { echo ${shQuote(m.resetPruneFailed(l))}; exit 1; }`,
    );
  }
  for (const d of info.directories)
    lines.push(
      `if [ ! -e ${shQuote(d)} ]; then mkdir -p ${shQuote(d)} && ${say(m.resetCreated(l, { dir: d }))} || exit 1; fi`,
    );
  lines.push(...stageCalls(plan), 'mlops_mark "done"');
  if (follow) lines.push(`echo ${shQuote(m.resetFollowing(l))}`, "mlops_dc logs -f");
  else lines.push(`echo ${shQuote(m.resetUp(l))}`);
  lines.push("");
  return lines.join("\n");
}
