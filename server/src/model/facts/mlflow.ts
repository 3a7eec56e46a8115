/**
 * The MLflow tracking server as facts: which service runs `mlflow server` (`mlflow ui`,
 * `python -m mlflow server`, any image), the options it runs with (from its command line,
 * including options a folded `>` block cut onto lines of their own, then from the
 * environment variables click reads, then the version's default), its image and version,
 * the packages its command installs, where its stores live and whether a volume keeps
 * them, and who reaches it (services whose tracking URI names it, the Docker host through a
 * published port).
 *
 * Unknown is kept apart from default: an option whose value comes from a variable with no
 * value, or that an `env_file` may set, is `known: false`, and rules say nothing about it.
 */
import type { SourceString } from "../../parse/source-string";
import { lastEnv } from "../databases";
import { mayHaveUnreadEnv } from "../env-complete";
import {
  compareMlflowVersions,
  MLFLOW_HEALTH_PATH,
  MLFLOW_IMAGE,
  type MlflowServerOption,
  mlflowOptionDefault,
  mlflowServerOption,
} from "../knowledge/mlflow";
import { perObject } from "../memo";
import type { ComposeModel, Connection, EnvVar, Service, VolumeMount } from "../types";
import type { ConnectionFacts } from "./connections";
import { once } from "./once";

/** One option's effective value. */
export interface MlflowOptionValue {
  option: MlflowServerOption;
  /** Where it is set: a command-line word, an environment variable, or the version's default. */
  from: "flag" | "env" | "default";
  /** The value as the server reads it (a switch: "true"/"false"); undefined when not known. */
  value?: string;
  known: boolean;
  /** The word holding the value (flag) or the variable's value (env). */
  str?: SourceString;
  /** The flag word itself (`--host`, `--host=127.0.0.1`). */
  flagWord?: SourceString;
  env?: EnvVar;
}

/** Where a local store path is, inside the server's container. */
export interface MlflowStorePath {
  /** The path as written (`./mlruns`, `/mlflow/artifacts`, `mlflow.db` of `sqlite:///mlflow.db`). */
  path: string;
  /** The absolute path in the container, when the working directory is known. */
  absolute?: string;
  /** The mount that keeps it; undefined when none does; "unknown" when that cannot be told. */
  mount: VolumeMount | "unknown" | undefined;
}

export interface MlflowServer {
  service: Service;
  /** The words of the `mlflow server` command (with options cut onto following lines). */
  words: SourceString[];
  /** The `server`/`ui` word: where an option can be added. */
  subcommand: SourceString;
  /** The MLflow version, from the image tag or `pip install mlflow==x`; undefined: not known (newest assumed). */
  version?: string;
  /** The official image ghcr.io/mlflow/mlflow, and whether it is a `-full` tag. */
  officialImage?: { full: boolean };
  /** A `python` image (pip installs MLflow itself). */
  pythonImage: boolean;
  /** Package names (lower case, no version or extras) that `pip install` / `uv pip install` installs. */
  installs: Set<string>;
  /** A `pip install -r file`, an extra (`mlflow[extras]`) or a variable: what is installed is not fully known. */
  installsUnknown: boolean;
  /** The port it listens on (undefined: a variable). */
  port?: number;
  option(flag: string): MlflowOptionValue;
}

/**
 * Where to ask the server's `/health` from inside its own container (Staged Up waits for it
 * before MLflow's dependants start): the host it binds (a wildcard or loopback address is asked
 * at 127.0.0.1), its port and the path under `--static-prefix`. `/health` is exempt from the
 * allowed-hosts check (mlflow/server/security_utils.py, HEALTH_ENDPOINTS), so the Host header
 * of a probe from inside is accepted whatever `--allowed-hosts` says.
 */
export type MlflowHealthProbe = { url: string } | { unknown: string };

const PIP = /^(pip3?|pip3?\.\d+)$/;

/** The packages one command installs, if it is a pip install. */
function pipInstalls(words: string[], into: Set<string>): boolean {
  let i = 0;
  const prog = words[0]?.split("/").pop() ?? "";
  if (/^python(\d(\.\d+)?)?$/.test(prog) && words[1] === "-m" && words[2] === "pip") i = 3;
  else if (prog === "uv" && words[1] === "pip") i = 2;
  else if (PIP.test(prog)) i = 1;
  else return false;
  if (words[i] !== "install") return false;
  let unknown = false;
  for (let k = i + 1; k < words.length; k++) {
    const w = words[k];
    if (w === "-r" || w === "--requirement" || w === "-e" || w.startsWith("-r")) {
      unknown = true;
      k++;
      continue;
    }
    if (w.startsWith("-")) continue;
    if (w.includes("$")) unknown = true;
    const name = /^([A-Za-z0-9_.-]+)(\[[^\]]*\])?/.exec(w);
    if (!name) continue;
    if (name[2]) unknown = true;
    into.add(name[1].toLowerCase().replace(/_/g, "-"));
  }
  return unknown;
}

const isOptionWord = (w: string) => /^--?[A-Za-z]/.test(w);

/** Package managers and scripts that may install Python packages the file does not show. */
const INSTALLERS = /^(conda|mamba|micromamba|apt-get|apt|apk|yum|dnf|poetry|pipenv|pdm|uv|make|source|\.)$/;

/** Whether a command (not a pip install) may install packages: a package manager, or a script it runs. */
function mayInstall(words: string[]): boolean {
  const prog = words[0]?.split("/").pop() ?? "";
  if (INSTALLERS.test(prog) || /\.(sh|bash|py)$/.test(prog)) return true;
  // `bash setup.sh`, `python install_deps.py`, `python -m something`, `sh -c "$SCRIPT"`
  if (/^(ba|z|da)?sh$|^python(\d(\.\d+)?)?$/.test(prog)) {
    const arg = words.find((w, i) => i > 0 && !w.startsWith("-"));
    if (words[1] === "-m" && words[2] !== "mlflow") return true;
    return !!arg && arg !== "mlflow" && words[1] !== "-m";
  }
  return false;
}

/** The MLflow version of a service's image tag or of a `pip install mlflow==x` in its command. */
function versionOf(service: Service, words: string[][]): string | undefined {
  const img = service.image;
  if (img && !service.build && /(^|\/)mlflow$/.test(img.repository) && !img.str.hasUnresolved()) {
    const v = /^v?(\d+\.\d+(\.\d+)?)/.exec(img.tag ?? "");
    if (v) return v[1];
  }
  for (const cmd of words)
    for (const w of cmd) {
      const m = /^mlflow(\[[^\]]*\])?==(\d+\.\d+(\.\d+)?)$/.exec(w);
      if (m) return m[2];
    }
  return undefined;
}

/** The service's `mlflow server` command, with options a line break cut off, if it runs one. */
function serverCommand(service: Service): { words: SourceString[]; subcommand: SourceString } | undefined {
  const commands = [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])];
  for (let c = 0; c < commands.length; c++) {
    const cmd = commands[c];
    const words = cmd.map((w) => w.value);
    let i = 0;
    if (/^python(\d(\.\d+)?)?$/.test(words[0]?.split("/").pop() ?? "") && words[1] === "-m") i = 2;
    if (words[0] === "exec") i = 1;
    if (words[i]?.split("/").pop() !== "mlflow" || !["server", "ui"].includes(words[i + 1])) continue;
    const all = [...cmd];
    // A folded block keeps the line breaks of more-indented lines: the options on them are
    // meant for this server (command-line-break reports the break itself).
    for (let k = c + 1; k < commands.length && isOptionWord(commands[k][0]?.value ?? ""); k++)
      all.push(...commands[k]);
    return { words: all, subcommand: cmd[i + 1] };
  }
  return undefined;
}

/** `$NAME`/`${NAME}` left for the container's shell (`$$NAME` in the file): the service's variable. */
function shellVariable(value: string): string | undefined {
  return /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value)?.[1];
}

function parseServer(service: Service): MlflowServer | undefined {
  const found = serverCommand(service);
  if (!found) return undefined;
  const { words, subcommand } = found;
  const allCommands = [...(service.entrypoint?.commands ?? []), ...(service.command?.commands ?? [])].map(
    (cmd) => cmd.map((w) => w.value),
  );
  const installs = new Set<string>();
  let installsUnknown = false;
  for (const cmd of allCommands) {
    if (pipInstalls(cmd, installs)) installsUnknown = true;
    else if (mayInstall(cmd)) installsUnknown = true;
  }
  const version = versionOf(service, allCommands);
  const img = service.image;
  const official =
    img && !service.build && img.repository === "mlflow/mlflow" && img.registry === MLFLOW_IMAGE.registry
      ? { full: /-full$/.test(img.tag ?? "") || (img.tag ?? "").includes("full") }
      : undefined;
  const pythonImage = !!img && !service.build && img.repository === "python";

  // Options on the command line: the last one wins, as with click.
  const flags = new Map<string, MlflowOptionValue>();
  for (let k = 0; k < words.length; k++) {
    const w = words[k].value;
    if (!w.startsWith("-")) continue;
    const option = mlflowServerOption(w);
    if (!option) continue;
    const flagWord = words[k];
    if (option.kind === "switch") {
      const on = !w.startsWith("--no-");
      flags.set(option.flag, { option, from: "flag", value: String(on), known: true, flagWord });
      continue;
    }
    let str: SourceString | undefined;
    const eq = w.indexOf("=");
    if (eq > 0) str = words[k].slice(eq + 1, w.length);
    else if (k + 1 < words.length) str = words[++k];
    if (!str) {
      flags.set(option.flag, { option, from: "flag", known: false, flagWord });
      continue;
    }
    let value: string | undefined = str.hasUnresolved() ? undefined : str.value;
    const shellVar = value !== undefined ? shellVariable(value) : undefined;
    if (shellVar) {
      const env = lastEnv(service, shellVar);
      value = env?.value && !env.value.hasUnresolved() ? env.value.value : undefined;
    } else if (value?.includes("$")) value = undefined;
    flags.set(option.flag, { option, from: "flag", value, known: value !== undefined, str, flagWord });
  }
  const options = new Map<string, MlflowOptionValue>();
  const option = (flag: string): MlflowOptionValue => {
    const hit = options.get(flag);
    if (hit) return hit;
    const known = mlflowServerOption(flag);
    if (!known) throw new Error(`not an mlflow server option: ${flag}`);
    let result = flags.get(known.flag);
    if (!result && known.envVar) {
      const env = lastEnv(service, known.envVar);
      if (env) {
        const v = env.value && !env.value.hasUnresolved() ? env.value.value : undefined;
        const value =
          v === undefined
            ? undefined
            : known.kind === "switch"
              ? String(/^(1|true|yes|on)$/i.test(v.trim()))
              : v;
        result = {
          option: known,
          from: "env",
          value,
          known: value !== undefined,
          str: env.value ?? undefined,
          env,
        };
      }
    }
    if (!result) {
      // An env_file not read may set it, so the default is not known then.
      const d = mlflowOptionDefault(known, version);
      const value = d?.value === null || d?.value === undefined ? undefined : String(d.value);
      const maybeSet = !!known.envVar && mayHaveUnreadEnv(service);
      result = { option: known, from: "default", value, known: !maybeSet };
    }
    options.set(flag, result);
    return result;
  };
  const portOption = option("--port");
  const port =
    portOption.known && /^\d+$/.test(portOption.value ?? "") ? Number(portOption.value) : undefined;
  return {
    service,
    words,
    subcommand,
    version,
    officialImage: official,
    pythonImage,
    installs,
    installsUnknown,
    port,
    option,
  };
}

const serverOf = perObject(parseServer);

/** The local path a store URI means (`./mlruns`, `file:/x`, `sqlite:///mlflow.db`), or undefined for a remote one. */
export function localStorePath(uri: string): string | undefined {
  const u = uri.trim();
  const sqlite = /^sqlite:\/\/\/(.*)$/.exec(u);
  if (sqlite) return sqlite[1] || undefined;
  const file = /^file:(\/\/)?(.*)$/.exec(u);
  if (file) return file[2] || undefined;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u)) return undefined;
  return u || undefined;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return `/${parts.join("/")}`;
}

/** True when `path` is `dir` or inside it. */
function within(path: string, dir: string): boolean {
  const d = normalize(dir);
  return d === "/" || path === d || path.startsWith(`${d}/`);
}

/** The mount of a service that holds an absolute container path (the deepest one). */
export function mountHolding(service: Service, absolute: string): VolumeMount | "unknown" | undefined {
  let best: VolumeMount | undefined;
  for (const m of service.volumes) {
    if (m.target === undefined || m.target.includes("$")) return "unknown";
    if (m.type === "tmpfs") continue;
    if (within(absolute, m.target) && (!best || (best.target ?? "").length < m.target.length)) best = m;
  }
  return best;
}

export class MlflowFacts {
  constructor(
    private readonly model: ComposeModel,
    private readonly connections: ConnectionFacts,
  ) {}

  /** The MLflow server a service runs, or undefined. */
  server(service: Service): MlflowServer | undefined {
    return serverOf(service);
  }

  /** Every service that runs an MLflow server, in file order. */
  readonly servers = once((): readonly MlflowServer[] => {
    const out: MlflowServer[] = [];
    for (const s of this.model.services) {
      const server = serverOf(s);
      if (server) out.push(server);
    }
    return out;
  });

  /** The working directory of the server's container, when known (the official image: `/`). */
  workingDir(server: MlflowServer): string | undefined {
    const wd = server.service.node?.pairs.find((p) => p.key.text === "working_dir");
    if (wd) {
      const v = wd.value?.kind === "scalar" ? wd.value.text : undefined;
      return v?.startsWith("/") && !v.includes("$") ? v : undefined;
    }
    return server.officialImage ? MLFLOW_IMAGE.workingDirectory : undefined;
  }

  /** Where a local store path is in the container, and what keeps it. */
  storePath(server: MlflowServer, path: string): MlflowStorePath {
    const wd = path.startsWith("/") ? "/" : this.workingDir(server);
    if (wd === undefined) {
      // Relative to a working directory the file does not show: only "no mount at all" is sure.
      const mounted = server.service.volumes.length > 0 || this.hasVolumesFrom(server.service);
      return { path, mount: mounted ? "unknown" : undefined };
    }
    const absolute = normalize(`${wd}/${path}`);
    const mount = this.hasVolumesFrom(server.service) ? "unknown" : mountHolding(server.service, absolute);
    return { path, absolute, mount };
  }

  private hasVolumesFrom(service: Service): boolean {
    return !!service.node?.pairs.some((p) => p.key.text === "volumes_from");
  }

  /** The tracking URIs of other services whose host is this server. */
  trackingClients(server: MlflowServer): readonly Connection[] {
    return this.connections
      .to(server.service)
      .filter((c) => c.service !== server.service && c.url.family === "http");
  }

  /** Whether the server's port is published on the Docker host (undefined: cannot tell). */
  publishedOnHost(server: MlflowServer): boolean | undefined {
    let unknown = false;
    for (const p of server.service.ports) {
      if (p.unknown) unknown = true;
      else if (server.port === undefined) unknown = true;
      else if (p.target.start <= server.port && server.port <= p.target.end) return true;
    }
    return unknown ? undefined : false;
  }

  /**
   * Who would write artifacts to a local artifact root on a filesystem other than the
   * server's: services whose tracking URI names the server (unless they mount a volume or
   * bind source the server also mounts, which may be the same directory), and the Docker host
   * through a published port (unless the server keeps the root on a bind mount, which may be
   * the very directory the host's clients use).
   */
  writersElsewhere(server: MlflowServer): { clients: Service[]; host: boolean } {
    const hit = this.writers.get(server);
    if (hit) return hit;
    const sources = new Set<string>();
    for (const m of server.service.volumes) if (m.source) sources.add(`${m.type}:${m.source}`);
    const clients: Service[] = [];
    for (const c of this.trackingClients(server)) {
      if (clients.includes(c.service)) continue;
      const shares = c.service.volumes.some((m) => !m.source || sources.has(`${m.type}:${m.source}`));
      if (!shares && !this.hasVolumesFrom(c.service)) clients.push(c.service);
    }
    let host = this.publishedOnHost(server) === true;
    if (host) {
      const root = server.option("--default-artifact-root");
      const path = root.value !== undefined ? localStorePath(root.value) : undefined;
      const held = path !== undefined ? this.storePath(server, path).mount : "unknown";
      if (held === "unknown" || (held && held.type === "bind")) host = false;
    }
    const result = { clients, host };
    this.writers.set(server, result);
    return result;
  }

  private readonly writers = new Map<MlflowServer, { clients: Service[]; host: boolean }>();

  /** The URL of the server's health endpoint as seen from inside its container, or why it is not known. */
  healthProbe(server: MlflowServer): MlflowHealthProbe {
    if (server.port === undefined) return { unknown: "its --port comes from a variable" };
    const host = server.option("--host");
    if (!host.known || host.value === undefined) return { unknown: "its --host comes from a variable" };
    const h = host.value.trim();
    if (h.startsWith("unix:")) return { unknown: "it listens on a Unix socket" };
    const at = /^(0\.0\.0\.0|::|\[::\]|127\.0\.0\.1|localhost|)$/.test(h)
      ? "127.0.0.1"
      : h === "::1" || h.includes(":")
        ? `[${h.replace(/^\[|\]$/g, "")}]`
        : h;
    const prefix = server.option("--static-prefix");
    if (!prefix.known) return { unknown: "its --static-prefix comes from a variable" };
    const p = (prefix.value ?? "").trim().replace(/\/+$/, "");
    const path = `${p && !p.startsWith("/") ? "/" : ""}${p}${MLFLOW_HEALTH_PATH}`;
    return { url: `http://${at}:${server.port}${path}` };
  }

  /** True when the server runs a version at least `version` (an unknown version is taken as the newest). */
  atLeast(server: MlflowServer, version: string): boolean {
    return !server.version || compareMlflowVersions(server.version, version) >= 0;
  }
}
