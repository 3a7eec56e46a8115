/**
 * Helpers for tests that run against a REAL Docker engine (see test/engine/README.md).
 *
 * The engine is a private dockerd started by scripts/engine/dockerd-start.sh on its own
 * socket; PostgreSQL comes from the locally built image `local/mlops-pg:15`
 * (scripts/engine/build-pg-image.sh). globalSetup (global-setup.ts) calls ensureEngine()
 * once and teardownEngine() at the end; tests use engine(), compose(), withTempProject().
 */
import { type ExecFileException, execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "../..");
export const ENGINE_SCRIPTS = join(REPO_ROOT, "scripts/engine");
/** PostgreSQL 15 image usable as a database and as a stand-in app (psql, pg_isready, sh). */
export const PG_IMAGE = "local/mlops-pg:15";

/** One compose CLI the suite runs the product's scripts with. */
export interface ComposeCliInfo {
  /** "v2" for `docker compose` (2.x and later, also 5.x), "v1" for the Python `docker-compose` 1.x. */
  id: "v2" | "v1";
  /** `["docker", "compose"]` or `["docker-compose"]`. */
  cmd: string[];
  /** e.g. "2.26.1" or "1.29.2". */
  version: string;
  major: number;
  /** "docker compose 2.26.1": for test names and messages. */
  label: string;
}

export interface EngineInfo {
  /** State dir (data root, exec root, log, image cache). */
  dir: string;
  /** `unix://…/docker.sock` of the private daemon. */
  dockerHost: string;
  /** Variables to add to a child's environment so docker / compose talk to this engine. */
  env: Record<string, string>;
  /**
   * Every compose CLI found, v2 first: the scripts are run with each. v2 is required; v1 is
   * required too when MLOPS_REQUIRE_COMPOSE_V1=1 (CI). MLOPS_ENGINE_COMPOSE forces one.
   */
  composeClis: ComposeCliInfo[];
  /** The first of composeClis (harness calls such as compose() and cleanups use it by default). */
  composeCmd: string[];
  /** e.g. "1.29.2" or "2.39.1" / "5.0.0". */
  composeVersion: string;
  composeMajor: number;
  serverVersion: string;
  storageDriver: string;
  image: string;
  /** true when ensureEngine() started the daemon (so teardownEngine() stops it). */
  startedByUs: boolean;
  /** Milliseconds spent in each step of ensureEngine(). */
  timings: Record<string, number>;
}

export interface ExecResult {
  cmd: string[];
  /** Exit code; -1 when the process was killed (timeout) or could not start. */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface ExecOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Throw (with stdout/stderr in the message) when the exit code is not 0. */
  check?: boolean;
  /** Also hand stderr to this callback as it arrives (progress of long steps). */
  onStderr?: (chunk: string) => void;
}

// ------------------------------------------------------------------ process helpers

/** execFile with a timeout, stdin closed, no shell; never rejects unless `check`. */
export function run(cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  const timeout = opts.timeoutMs ?? 120_000;
  return new Promise((resolveRun, rejectRun) => {
    const child = execFile(
      cmd[0]!,
      cmd.slice(1),
      {
        cwd: opts.cwd ?? REPO_ROOT,
        env: { ...process.env, ...currentEnv(), ...opts.env },
        timeout,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        const timedOut = !!error && (error.killed === true || error.signal === "SIGKILL");
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        const res: ExecResult = {
          cmd,
          code: timedOut ? -1 : code,
          stdout,
          stderr: timedOut
            ? `${stderr}\n[harness] killed after ${timeout} ms`
            : error && typeof error.code !== "number"
              ? `${stderr}\n[harness] ${error.message}`
              : stderr,
          timedOut,
          durationMs: Date.now() - started,
        };
        if (opts.check && res.code !== 0) rejectRun(new Error(describeFailure(res)));
        else resolveRun(res);
      },
    );
    child.stdin?.end();
    if (opts.onStderr) child.stderr?.on("data", (chunk: Buffer | string) => opts.onStderr!(String(chunk)));
  });
}

export function describeFailure(res: ExecResult): string {
  const tail = (s: string) => s.trim().split("\n").slice(-40).join("\n");
  return (
    `command failed (exit ${res.code}${res.timedOut ? ", timed out" : ""}, ${res.durationMs} ms): ` +
    `${res.cmd.join(" ")}\n--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`
  );
}

/** `docker …` against the private engine. */
export function docker(args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return run(["docker", ...args], { timeoutMs: 60_000, ...opts });
}

// ------------------------------------------------------------------ engine lifecycle

let current: EngineInfo | undefined;
let weStarted = false;
let stopped = false;

function currentEnv(): Record<string, string> {
  if (current) return current.env;
  return process.env.MLOPS_ENGINE_DOCKER_HOST ? { DOCKER_HOST: process.env.MLOPS_ENGINE_DOCKER_HOST } : {};
}

function script(
  name: string,
  args: string[],
  timeoutMs: number,
  log?: (msg: string) => void,
): Promise<ExecResult> {
  const onStderr = log ? (chunk: string) => log(chunk.replace(/\n$/, "")) : undefined;
  return run(["bash", join(ENGINE_SCRIPTS, name), ...args], { timeoutMs, check: true, onStderr });
}

function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)=(.*)$/gm)) env[m[1]!] = m[2]!;
  return env;
}

async function probeCompose(env: Record<string, string>, cmd: string[]): Promise<ComposeCliInfo | undefined> {
  const res = await run([...cmd, "version", "--short"], { env, timeoutMs: 20_000 });
  const m = /v?(\d+\.\d+\.\d+)/.exec(res.stdout);
  if (res.code !== 0 || !m) return undefined;
  const version = m[1]!;
  const major = Number(version.split(".")[0]);
  return { id: major === 1 ? "v1" : "v2", cmd, version, major, label: `${cmd.join(" ")} ${version}` };
}

async function detectCompose(env: Record<string, string>): Promise<ComposeCliInfo[]> {
  const forced = process.env.MLOPS_ENGINE_COMPOSE?.trim();
  if (forced) {
    const cli = await probeCompose(env, forced.split(/\s+/));
    if (!cli)
      throw new Error(`MLOPS_ENGINE_COMPOSE="${forced}" does not work (\`${forced} version\` failed)`);
    return [cli];
  }
  const found: ComposeCliInfo[] = [];
  for (const cmd of [["docker", "compose"], ["docker-compose"]]) {
    const cli = await probeCompose(env, cmd);
    if (cli && !found.some((f) => f.id === cli.id)) found.push(cli);
  }
  const missing = [
    ...(found.some((c) => c.id === "v2") ? [] : ["Compose v2 (docker compose)"]),
    ...(found.some((c) => c.id === "v1") || process.env.MLOPS_REQUIRE_COMPOSE_V1 !== "1"
      ? []
      : ["Compose v1 (docker-compose 1.x, required by MLOPS_REQUIRE_COMPOSE_V1=1)"]),
  ];
  if (missing.length > 0)
    throw new Error(`${missing.join(" and ")} not found; run scripts/engine/setup.sh (as root)`);
  return found.sort((a, b) => (a.id === b.id ? 0 : a.id === "v2" ? -1 : 1));
}

/**
 * Make sure the private engine runs and has the PostgreSQL image; idempotent and cheap
 * (~1-2 s) when it already does. Installs packages on first use (needs root).
 * Called by global-setup.ts; tests use engine() instead (a daemon started from a test
 * worker would not be stopped by the global teardown).
 */
export async function ensureEngine(log: (msg: string) => void = () => {}): Promise<EngineInfo> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Date.now() - t;
      log(`[engine] ${name}: ${timings[name]} ms`);
    }
  };

  const setup = await step("setup", () => script("setup.sh", ["--quiet"], 600_000, log));
  if (setup.stdout.trim()) log(setup.stdout.trim());
  const startRes = await step("dockerd", async () => {
    const dirEnv: Record<string, string> = {};
    if (process.env.MLOPS_ENGINE_DIR) dirEnv.MLOPS_ENGINE_DIR = process.env.MLOPS_ENGINE_DIR;
    const probe = parseExports((await script("dockerd-start.sh", ["--print-only"], 30_000)).stdout);
    const up = await run(["docker", "version", "--format", "{{.Server.Version}}"], {
      env: { ...dirEnv, DOCKER_HOST: probe.DOCKER_HOST! },
      timeoutMs: 15_000,
    });
    if (up.code === 0) return { env: probe, startedNow: false };
    weStarted = true; // from here on teardown must run dockerd-stop.sh (safe if nothing runs)
    stopped = false;
    const res = await script("dockerd-start.sh", [], 120_000, log);
    return { env: parseExports(res.stdout), startedNow: true };
  });
  const env: Record<string, string> = {
    DOCKER_HOST: startRes.env.DOCKER_HOST!,
    MLOPS_ENGINE_DIR: startRes.env.MLOPS_ENGINE_DIR!,
    MLOPS_ENGINE_DOCKER_HOST: startRes.env.DOCKER_HOST!,
  };
  const info: EngineInfo = {
    dir: env.MLOPS_ENGINE_DIR!,
    dockerHost: env.DOCKER_HOST!,
    env,
    composeClis: [],
    composeCmd: [],
    composeVersion: "",
    composeMajor: 0,
    serverVersion: "",
    storageDriver: "",
    image: PG_IMAGE,
    startedByUs: weStarted,
    timings,
  };
  current = info;

  await step("image", () => script("build-pg-image.sh", [], 900_000, log));
  const clis = await step("compose-detect", () => detectCompose(env));
  info.composeClis = clis;
  info.composeCmd = clis[0]!.cmd;
  info.composeVersion = clis[0]!.version;
  info.composeMajor = clis[0]!.major;
  const facts = await docker(["info", "--format", "{{.ServerVersion}} {{.Driver}}"], { check: true });
  [info.serverVersion = "", info.storageDriver = ""] = facts.stdout.trim().split(" ");

  if (startRes.startedNow) {
    // Leftovers of a run that was killed before its cleanup (this daemon is private to tests).
    await step("prune", async () => {
      await docker(["container", "prune", "-f"]);
      await docker(["network", "prune", "-f"]);
      await docker(["volume", "prune", "-f"]);
    });
  }
  log(
    `[engine] ${info.dockerHost} dockerd ${info.serverVersion} (${info.storageDriver}), ` +
      `compose ${info.composeClis.map((c) => c.label).join(", ")}`,
  );
  return info;
}

/** Stop the daemon if ensureEngine() started it (unless MLOPS_ENGINE_KEEP=1). */
export async function teardownEngine(log: (msg: string) => void = () => {}): Promise<void> {
  if (!weStarted || stopped) return;
  if (process.env.MLOPS_ENGINE_KEEP === "1") {
    log(`[engine] MLOPS_ENGINE_KEEP=1: leaving dockerd running at ${current?.dockerHost}`);
    return;
  }
  stopped = true;
  await script("dockerd-stop.sh", [], 120_000, log);
}

/** Synchronous last-resort stop, for process 'exit' / signal handlers. */
export function teardownEngineSync(): void {
  if (!weStarted || stopped || process.env.MLOPS_ENGINE_KEEP === "1") return;
  stopped = true;
  try {
    execFileSync("bash", [join(ENGINE_SCRIPTS, "dockerd-stop.sh")], {
      stdio: ["ignore", "inherit", "inherit"],
      timeout: 120_000,
      env: { ...process.env, ...currentEnv() },
    });
  } catch {
    // nothing more we can do while exiting
  }
}

/** Set the engine from outside (globalSetup's provide/inject). */
export function setEngine(info: EngineInfo): void {
  current = info;
}

/** The engine prepared by globalSetup (or by an earlier ensureEngine() in this process). */
export function engine(): EngineInfo {
  if (!current) throw new Error("engine not ready: run the tests with test/engine/vitest.config.mts");
  return current;
}

// ------------------------------------------------------------------ compose

export interface ComposeOptions extends ExecOptions {
  /** Compose project name (-p); recommended, so every call addresses the same project. */
  project?: string;
  /** The compose CLI (default: the engine's first, composeCmd). */
  cli?: string[];
}

/**
 * Run compose with `-f file --project-directory dir [-p project] --ansi never …args`,
 * using whichever CLI ensureEngine() detected.
 */
export function compose(
  projectDir: string,
  file: string,
  args: string[],
  opts: ComposeOptions = {},
): Promise<ExecResult> {
  const e = engine();
  const project = opts.project ? ["-p", opts.project] : [];
  return run(
    [
      ...(opts.cli ?? e.composeCmd),
      "--ansi",
      "never",
      "-f",
      file,
      "--project-directory",
      projectDir,
      ...project,
      ...args,
    ],
    { timeoutMs: 180_000, cwd: projectDir, ...opts },
  );
}

/** Container id of a service's (non one-off) container, by compose labels; undefined if none. */
export async function containerId(project: string, service: string): Promise<string | undefined> {
  const res = await docker(
    [
      "ps",
      "-a",
      "-q",
      "--no-trunc",
      "--filter",
      `label=com.docker.compose.project=${project}`,
      "--filter",
      `label=com.docker.compose.service=${service}`,
      "--filter",
      "label=com.docker.compose.oneoff=False",
    ],
    { check: true },
  );
  return res.stdout.trim().split("\n").filter(Boolean)[0];
}

/**
 * Health of a service's container: the health status ("starting" | "healthy" |
 * "unhealthy") when it has a healthcheck, else the state ("running", "exited", …);
 * "missing" when the service has no container.
 */
export async function containerHealth(service: string, project: string): Promise<string> {
  const id = await containerId(project, service);
  if (!id) return "missing";
  const res = await docker(
    ["inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", id],
    { check: true },
  );
  return res.stdout.trim();
}

export interface HealthLogEntry {
  start: string;
  end: string;
  startNs: bigint;
  endNs: bigint;
  exitCode: number;
  output: string;
}

export interface ContainerTimes {
  id: string;
  name: string;
  service: string | undefined;
  status: string;
  exitCode: number;
  created: string;
  startedAt: string;
  finishedAt: string;
  createdNs: bigint;
  startedAtNs: bigint;
  /** Health status, or undefined when the container has no healthcheck. */
  health: string | undefined;
  /** Docker keeps only the last 5 checks: use watchHealth() for the whole history. */
  healthLog: HealthLogEntry[];
  /** End of the earliest passing check still in the log. */
  firstHealthyNs: bigint | undefined;
}

/** Nanoseconds since the epoch of a Docker RFC 3339 timestamp (any offset, ns precision). */
export function ns(ts: string): bigint {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts.trim());
  if (!m) throw new Error(`not an RFC 3339 timestamp: ${ts}`);
  const [, y, mo, d, h, mi, s, frac = "", tz] = m;
  let secs = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) / 1000;
  if (tz !== "Z") {
    const sign = tz!.startsWith("-") ? -1 : 1;
    secs -= sign * (Number(tz!.slice(1, 3)) * 3600 + Number(tz!.slice(4, 6)) * 60);
  }
  return BigInt(secs) * 1_000_000_000n + BigInt(frac.padEnd(9, "0"));
}

interface RawInspect {
  Id: string;
  Name: string;
  Created: string;
  Config: { Labels?: Record<string, string> | null };
  State: {
    Status: string;
    ExitCode: number;
    StartedAt: string;
    FinishedAt: string;
    Health?: {
      Status: string;
      Log?: { Start: string; End: string; ExitCode: number; Output: string }[] | null;
    };
  };
}

/** State.StartedAt / FinishedAt / Created and the health log of a container (id or name). */
export async function inspectTimes(container: string): Promise<ContainerTimes> {
  const res = await docker(["inspect", container], { check: true });
  const raw = (JSON.parse(res.stdout) as RawInspect[])[0]!;
  const healthLog = (raw.State.Health?.Log ?? []).map((e) => ({
    start: e.Start,
    end: e.End,
    startNs: ns(e.Start),
    endNs: ns(e.End),
    exitCode: e.ExitCode,
    output: e.Output,
  }));
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ""),
    service: raw.Config.Labels?.["com.docker.compose.service"],
    status: raw.State.Status,
    exitCode: raw.State.ExitCode,
    created: raw.Created,
    startedAt: raw.State.StartedAt,
    finishedAt: raw.State.FinishedAt,
    createdNs: ns(raw.Created),
    startedAtNs: ns(raw.State.StartedAt),
    health: raw.State.Health?.Status,
    healthLog,
    firstHealthyNs: healthLog.find((e) => e.exitCode === 0)?.endNs,
  };
}

export interface HealthWatch {
  /** Stop polling; returns every health check seen, oldest first, without duplicates. */
  stop(): Promise<HealthLogEntry[]>;
}

/**
 * Docker keeps only the last 5 health checks of a container. This polls `docker inspect`
 * every `intervalMs` (starting before the container exists, if need be) and keeps every
 * entry it sees, so the full history — e.g. the failing checks before the first passing
 * one — survives a long or slow step. Start it before `up`, stop it after.
 */
export function watchHealth(resolveId: () => Promise<string | undefined>, intervalMs = 250): HealthWatch {
  const seen = new Map<string, HealthLogEntry>();
  let id: string | undefined;
  let stopping = false;
  const poll = async () => {
    id ??= await resolveId();
    if (!id) return;
    const res = await docker(["inspect", "-f", "{{json .State.Health}}", id], { timeoutMs: 30_000 });
    if (res.code !== 0) return;
    const health = JSON.parse(res.stdout) as {
      Log?: { Start: string; End: string; ExitCode: number; Output: string }[] | null;
    } | null;
    for (const e of health?.Log ?? []) {
      seen.set(e.Start, {
        start: e.Start,
        end: e.End,
        startNs: ns(e.Start),
        endNs: ns(e.End),
        exitCode: e.ExitCode,
        output: e.Output,
      });
    }
  };
  const loop = (async () => {
    while (!stopping) {
      await poll().catch(() => {});
      if (!stopping) await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      await poll().catch(() => {});
      return [...seen.values()].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    },
  };
}

export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
  /** timeNano as a bigint (exact). */
  ns: bigint;
}

/**
 * Daemon events (container start/die, "health_status: healthy", …) between two instants,
 * oldest first. `filters` are `docker events --filter` values, e.g.
 * `label=com.docker.compose.project=NAME`. The daemon keeps a bounded backlog, so ask soon.
 */
export async function engineEvents(
  sinceMs: number,
  untilMs: number,
  filters: string[] = [],
): Promise<EngineEvent[]> {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const res = await docker(
    [
      "events",
      "--since",
      secs(sinceMs),
      "--until",
      secs(untilMs),
      "--format",
      "{{json .}}",
      ...filters.flatMap((f) => ["--filter", f]),
    ],
    { check: true, timeoutMs: 30_000 },
  );
  return res.stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => {
      const ev = JSON.parse(l) as EngineEvent;
      const nano = /"timeNano":(\d+)/.exec(l)?.[1];
      ev.ns = BigInt(nano ?? ev.timeNano);
      return ev;
    });
}

/** Throw this from a waitFor() callback to stop waiting at once. */
export class StopWaiting extends Error {}

/**
 * Poll `fn` every `intervalMs` until it returns a truthy value or `timeoutMs` passes.
 * Errors thrown by `fn` count as "not yet", except StopWaiting, which is rethrown.
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e instanceof StopWaiting) throw e;
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ------------------------------------------------------------------ temporary projects

export interface TempProject {
  dir: string;
  /** Absolute path of the compose file. */
  file: string;
  /** Unique compose project name (lowercase letters and digits). */
  name: string;
  engine: EngineInfo;
  /** The compose CLI this project is driven with (TempProjectOptions.cli, else the engine's first). */
  cli: string[];
  compose(args: string[], opts?: ExecOptions): Promise<ExecResult>;
  containerId(service: string): Promise<string | undefined>;
  health(service: string): Promise<string>;
  /** inspectTimes() of the service's container (throws when it has none). */
  inspect(service: string): Promise<ContainerTimes>;
  waitHealthy(service: string, timeoutMs?: number): Promise<void>;
  /** Record the service's full health-check history (see watchHealth). */
  watchHealth(service: string): HealthWatch;
  logs(service: string): Promise<string>;
  /** Events of this project's containers since the project was created. */
  events(): Promise<EngineEvent[]>;
}

export interface TempProjectOptions {
  /** Compose file name inside the temp dir (default docker-compose.yml). */
  fileName?: string;
  /** Extra files to write next to it (relative path -> content), e.g. ".env". */
  files?: Record<string, string>;
  /** Prefix of the project name (default "mcdt"). */
  prefix?: string;
  /** Keep the temp dir after the test (the project is still taken down). */
  keepDir?: boolean;
  /** The compose CLI for p.compose(), p.logs() and the cleanup (default: the engine's first). */
  cli?: string[];
}

/**
 * Write `yaml` into a fresh temp dir under a unique project name, run `fn`, and ALWAYS
 * `down -v --remove-orphans -t 1` afterwards (then force-remove anything still labelled
 * with the project). A cleanup failure fails the test unless `fn` already failed.
 */
export async function withTempProject<T>(
  yaml: string,
  fn: (p: TempProject) => Promise<T>,
  opts: TempProjectOptions = {},
): Promise<T> {
  const e = engine();
  const dir = await mkdtemp(join(tmpdir(), "mcd-engine-"));
  const name = `${opts.prefix ?? "mcdt"}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const file = join(dir, opts.fileName ?? "docker-compose.yml");
  const createdMs = Date.now() - 1000;
  await writeFile(file, yaml);
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    const target = join(dir, rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const p: TempProject = {
    dir,
    file,
    name,
    engine: e,
    cli: opts.cli ?? e.composeCmd,
    compose: (args, o) => compose(dir, file, args, { project: name, cli: opts.cli, ...o }),
    containerId: (service) => containerId(name, service),
    health: (service) => containerHealth(service, name),
    inspect: async (service) => {
      const id = await containerId(name, service);
      if (!id) throw new Error(`service ${service} of project ${name} has no container`);
      return inspectTimes(id);
    },
    waitHealthy: async (service, timeoutMs = 120_000) => {
      await waitFor(
        `${service} to become healthy`,
        async () => {
          const h = await containerHealth(service, name);
          if (h === "unhealthy" || h === "exited" || h === "dead") {
            throw new StopWaiting(`${service} is ${h}; logs:\n${await p.logs(service)}`);
          }
          return h === "healthy";
        },
        timeoutMs,
        250,
      );
    },
    watchHealth: (service) => watchHealth(() => containerId(name, service)),
    logs: async (service) => {
      const res = await compose(dir, file, ["logs", "--no-color", service], {
        project: name,
        cli: opts.cli,
        timeoutMs: 60_000,
      });
      return res.stdout + res.stderr;
    },
    events: () => engineEvents(createdMs, Date.now(), [`label=com.docker.compose.project=${name}`]),
  };

  let failed = false;
  try {
    return await fn(p);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    const problems = await cleanupProject(p);
    if (!opts.keepDir) await rm(dir, { recursive: true, force: true });
    if (problems.length && !failed) {
      // biome-ignore lint/correctness/noUnsafeFinally: a failed cleanup must fail the test
      throw new Error(`cleanup of compose project ${name} failed:\n${problems.join("\n")}`);
    }
  }
}

async function cleanupProject(p: TempProject): Promise<string[]> {
  const problems: string[] = [];
  const down = await p.compose(["down", "-v", "--remove-orphans", "-t", "1"], { timeoutMs: 120_000 });
  if (down.code !== 0) problems.push(describeFailure(down));
  // Belt and braces: anything still carrying the project label (e.g. `run` containers).
  const label = `label=com.docker.compose.project=${p.name}`;
  const left = await docker(["ps", "-a", "-q", "--filter", label]);
  const ids = left.stdout.trim().split("\n").filter(Boolean);
  if (ids.length) {
    problems.push(`containers left after down: ${ids.join(" ")}`);
    await docker(["rm", "-f", "-v", ...ids]);
  }
  const nets = await docker(["network", "ls", "-q", "--filter", label]);
  for (const id of nets.stdout.trim().split("\n").filter(Boolean)) {
    problems.push(`network left after down: ${id}`);
    await docker(["network", "rm", id]);
  }
  const vols = await docker(["volume", "ls", "-q", "--filter", label]);
  for (const id of vols.stdout.trim().split("\n").filter(Boolean)) {
    problems.push(`volume left after down: ${id}`);
    await docker(["volume", "rm", "-f", id]);
  }
  return problems;
}
