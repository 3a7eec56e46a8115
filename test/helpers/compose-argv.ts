/**
 * What each Compose CLI hands a container as its argv, from the real CLIs, so that tests can
 * prove how a string `command:` / `entrypoint:` / healthcheck `test:` is read:
 * - v2: `docker compose config --format json` (compose-go has already split strings into
 *   lists there). `config` doubles every `$` of its output so that it can be read again
 *   (docker/compose v2.26.1 cmd/compose/config.go `escapeDollarSign`); we undo that.
 * - v1: `docker-compose config` prints a string command as written (docker-py splits it
 *   when creating the container), so scripts/compose-argv.py runs v1's loader and then
 *   docker-py's `ContainerConfig`, the code `create_container` runs, with v1's interpreter.
 * A CLI that is not installed fails the test: these are the proof, never skipped.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServiceArgv {
  command?: string[];
  entrypoint?: string[];
  healthcheck?: string[];
}

export type CliReading = { ok: true; services: Record<string, ServiceArgv> } | { ok: false; error: string };

export interface BothReadings {
  v2: CliReading;
  v1: CliReading;
}

export interface ReadOptions {
  /** Variables in the CLIs' environment (nothing else of ours leaks in). */
  env?: Record<string, string>;
  /** Contents of the `.env` next to the file. */
  dotenv?: string;
}

const PY_SCRIPT = new URL("../../scripts/compose-argv.py", import.meta.url).pathname;
const BASE_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" };

let v1Python: string | undefined;

/** The interpreter named in the docker-compose script (Debian's /usr/bin/python3), or a thrown error. */
function composeV1Python(): string {
  if (v1Python) return v1Python;
  const which = spawnSync("sh", ["-c", "command -v docker-compose"], { encoding: "utf8" });
  const path = which.stdout.trim();
  if (which.status !== 0 || !path) throw new Error("Compose v1 (docker-compose) is not installed");
  const py = /^#!\s*(\S+)/.exec(readFileSync(path, "utf8").split("\n")[0] ?? "")?.[1];
  const probe =
    py && spawnSync(py, ["-c", "import compose.config.config, docker.types"], { encoding: "utf8" });
  if (!py || !probe || probe.status !== 0)
    throw new Error(
      `Compose v1's Python modules are not importable with ${py}: ${probe ? probe.stderr : ""}`,
    );
  v1Python = py;
  return py;
}

let v2Checked = false;

function assertComposeV2(): void {
  if (v2Checked) return;
  const r = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`Compose v2 (docker compose) is not installed: ${r.stderr || r.error}`);
  v2Checked = true;
}

/** Runs `docker compose config` for every directory, four at a time, in one child process. */
function runV2(dirs: string[], env: Record<string, string>): void {
  const one =
    'cd "$1" && docker compose -p argv -f compose.yml config --format json > v2.out 2> v2.err; echo $? > v2.rc';
  const r = spawnSync("xargs", ["-0", "-P", "4", "-n", "1", "sh", "-c", one, "sh"], {
    input: dirs.join("\0"),
    encoding: "utf8",
    env: { ...BASE_ENV, ...env },
    timeout: 120_000,
    killSignal: "SIGKILL",
  });
  if (r.error) throw r.error;
}

function readV2(dir: string): CliReading {
  const rc = readFileSync(join(dir, "v2.rc"), "utf8").trim();
  if (rc !== "0") return { ok: false, error: readFileSync(join(dir, "v2.err"), "utf8").trim() };
  const project = JSON.parse(readFileSync(join(dir, "v2.out"), "utf8").replaceAll("$$", "$")) as {
    services: Record<
      string,
      { command?: string[]; entrypoint?: string[]; healthcheck?: { test?: string[] } }
    >;
  };
  const services: Record<string, ServiceArgv> = {};
  for (const [name, s] of Object.entries(project.services ?? {})) {
    const out: ServiceArgv = {};
    if (s.command) out.command = s.command;
    if (s.entrypoint) out.entrypoint = s.entrypoint;
    if (s.healthcheck?.test) out.healthcheck = s.healthcheck.test;
    services[name] = out;
  }
  return { ok: true, services };
}

/** Runs both CLIs on each text (v1 in one Python process for all of them). */
export function composeArgvBatch(texts: string[], options: ReadOptions = {}): BothReadings[] {
  assertComposeV2();
  const py = composeV1Python();
  const env = options.env ?? {};
  const root = mkdtempSync(join(tmpdir(), "mlops-argv-"));
  try {
    const items = texts.map((text, i) => {
      const dir = join(root, String(i));
      mkdirSync(dir);
      writeFileSync(join(dir, "compose.yml"), text);
      if (options.dotenv !== undefined) writeFileSync(join(dir, ".env"), options.dotenv);
      return { dir, file: join(dir, "compose.yml") };
    });
    const r = spawnSync(py, [PY_SCRIPT], {
      input: JSON.stringify(items),
      encoding: "utf8",
      env: { ...BASE_ENV, ...env, COMPOSE_PROJECT_NAME: "argv" },
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`compose-argv.py failed: ${r.stderr}`);
    const v1 = JSON.parse(r.stdout) as CliReading[];
    runV2(
      items.map((item) => item.dir),
      env,
    );
    return items.map((item, i) => ({ v2: readV2(item.dir), v1: v1[i]! }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function composeArgv(text: string, options: ReadOptions = {}): BothReadings {
  return composeArgvBatch([text], options)[0]!;
}

/** The argv of one field of one service under each CLI; throws with the CLI's error when it refuses the file. */
export function fieldArgv(
  readings: BothReadings,
  service: string,
  field: keyof ServiceArgv,
): { v2: string[] | undefined; v1: string[] | undefined } {
  const pick = (cli: "v2" | "v1") => {
    const r = readings[cli];
    if (!r.ok) throw new Error(`Compose ${cli} refuses the file: ${r.error}`);
    return r.services[service]?.[field];
  };
  return { v2: pick("v2"), v1: pick("v1") };
}

export interface ScriptRun {
  /** Every call of a stub program, as argv (program name first), in order. */
  calls: string[][];
  stderr: string;
  status: number | null;
}

/**
 * Runs a container argv such as ["bash", "-c", SCRIPT] with the real shell, where each of
 * `programs` is a stand-in executable that records its argv. Shows what the shell makes of a
 * script: one call `airflow users create --username admin ...`, or `airflow users create` and
 * then "--username: command not found". `containerEnv` stands for the container's environment
 * (what a `$$VAR` left for the shell expands to).
 */
export function runWithStubs(
  argv: string[],
  programs: string[],
  containerEnv: Record<string, string> = {},
): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), "mlops-stubs-"));
  try {
    const log = join(dir, "calls.log");
    writeFileSync(log, "");
    for (const p of programs) {
      const stub = join(dir, p);
      // Fields separated by \037, calls by \036: arguments may hold spaces and newlines.
      writeFileSync(
        stub,
        `#!/bin/sh\n{ printf '%s' ${JSON.stringify(p)}; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\036'; } >> "$STUB_LOG"\n`,
      );
      chmodSync(stub, 0o755);
    }
    // stdin from /dev/null: bash sources ~/.bashrc when its stdin is a socket (it assumes ssh).
    const r = spawnSync(argv[0]!, argv.slice(1), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...containerEnv, PATH: `${dir}:/usr/bin:/bin`, HOME: dir, STUB_LOG: log },
      timeout: 10_000,
      killSignal: "SIGKILL",
    });
    const calls = readFileSync(log, "utf8")
      .split("\x1e")
      .filter((c) => c !== "")
      .map((c) => c.split("\x1f"));
    return { calls, stderr: r.stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ShellCase {
  text: string;
  /** The service whose command (an argv like ["bash", "-c", SCRIPT]) is run. */
  service: string;
  /** Programs replaced by recording stand-ins. */
  programs: string[];
  containerEnv?: Record<string, string>;
}

/** For each case: under each CLI, what the shell of the service's command runs (one CLI run for all cases). */
export function shellRunsUnderBoth(
  cases: ShellCase[],
  options: ReadOptions = {},
): { v2: ScriptRun; v1: ScriptRun }[] {
  return composeArgvBatch(
    cases.map((c) => c.text),
    options,
  ).map((readings, i) => {
    const c = cases[i]!;
    const argv = fieldArgv(readings, c.service, "command");
    const run = (cli: "v2" | "v1") => {
      const a = argv[cli];
      if (!a?.length) throw new Error(`no ${cli} command for ${c.service}`);
      return runWithStubs(a, c.programs, c.containerEnv);
    };
    return { v2: run("v2"), v1: run("v1") };
  });
}
