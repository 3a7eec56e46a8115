/**
 * The real Compose CLIs as validators (`config -q`), for the fix promises, the corpus fix
 * check and any test that asks "does Compose accept this file?".
 *
 *   const results = await composeConfigV2(texts);   // Compose v2 (`docker compose`): what users run
 *   const results = await composeConfigV1(texts);   // Compose v1 (`docker-compose` 1.29), where present
 *   for (const v of composeValidators()) await v.check(texts);   // every installed one; v2 required
 *
 * Each text is written as `docker-compose.yml` into a directory of its own (nothing else in
 * it: no `.env`, no override file) and checked with a fixed project name and a minimal
 * environment (PATH, HOME, TMPDIR: no COMPOSE_* or variable of the test process leaks in).
 * v2 is one process per file, run `CONCURRENCY` at a time, each killed with SIGKILL after
 * `timeoutMs` by coreutils `timeout` (v2 spins on an alias bomb, growing, and ignores SIGTERM;
 * that guard holds even if the test process dies) under a memory cap. v1 is one Python
 * process for the whole batch running v1's own loader (scripts/compose-validate.py), with a
 * per-file alarm, under the same guards.
 *
 * A validator that is missing fails the run, never skips: composeValidators() throws when
 * Compose v2 is not installed (scripts/engine/setup.sh installs both), and when v1 is not
 * either and MLOPS_REQUIRE_COMPOSE_V1=1 (CI sets it).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, homedir, tmpdir } from "node:os";
import { join } from "node:path";

export interface ConfigCheck {
  /** Compose accepted the file (`config -q` exited 0). */
  ok: boolean;
  /** What Compose printed on failure (stderr), or why it could not tell. */
  output: string;
  /** Killed after the timeout (then `ok` is false). */
  timedOut?: boolean;
}

export interface CheckOptions {
  /** Per file (v2) or per file inside the batch (v1). Default 10 s (a file takes < 1 s). */
  timeoutMs?: number;
}

export type ValidatorId = "v2" | "v1";

export interface ComposeValidator {
  id: ValidatorId;
  /** e.g. "docker compose 2.26.1-4" or "docker-compose 1.29.2": for messages. */
  label: string;
  version: string;
  check(texts: readonly string[], options?: CheckOptions): Promise<ConfigCheck[]>;
  /** The same, blocking and one file after another: for the few synchronous callers. */
  checkSync(texts: readonly string[], options?: CheckOptions): ConfigCheck[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Compose v2 is a Go binary: ~75 ms CPU per `config -q`. Two at a time on this 2-core machine. */
export const CONCURRENCY = Math.max(1, Math.min(2, availableParallelism()));
const PROJECT = "fixcheck";
const VALIDATE_PY = new URL("../../scripts/compose-validate.py", import.meta.url).pathname;

/** The only variables Compose sees: nothing of the test process's environment changes a result. */
function cleanEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? homedir(), TMPDIR: tmpdir() };
}

// ------------------------------------------------------------------ detection

interface V2Cli {
  /** The program and the words before compose's own arguments. */
  argv: string[];
  version: string;
}

let v2Found: V2Cli | null | undefined;

/**
 * Compose v2. The plugin binary run directly (standalone mode, the same code as
 * `docker compose`) saves the docker CLI's start-up (~40% of each call); else `docker compose`.
 */
export function findComposeV2(): V2Cli | undefined {
  if (v2Found === undefined) {
    v2Found = null;
    const dirs = [
      process.env.DOCKER_CONFIG ? join(process.env.DOCKER_CONFIG, "cli-plugins") : "",
      join(homedir(), ".docker", "cli-plugins"),
      "/usr/local/lib/docker/cli-plugins",
      "/usr/local/libexec/docker/cli-plugins",
      "/usr/lib/docker/cli-plugins",
      "/usr/libexec/docker/cli-plugins",
    ].filter(Boolean);
    const candidates = [
      ...dirs
        .map((d) => join(d, "docker-compose"))
        .filter((f) => existsSync(f))
        .map((f) => [f]),
      ["docker", "compose"],
    ];
    for (const argv of candidates) {
      const r = spawnSync(argv[0], [...argv.slice(1), "version", "--short"], {
        encoding: "utf8",
        timeout: 20_000,
        killSignal: "SIGKILL",
        env: cleanEnv(),
      });
      const version = r.status === 0 ? r.stdout.trim().replace(/^v/, "") : "";
      // v2 and later (v5 since Dec 2025): anything but a 1.x.
      if (version && !/^1\./.test(version)) {
        v2Found = { argv, version };
        break;
      }
    }
  }
  return v2Found ?? undefined;
}

interface V1Cli {
  /** The Python interpreter named in the docker-compose script. */
  python: string;
  version: string;
}

let v1Found: V1Cli | null | undefined;

/** Debian's docker-compose 1.x (Python): its loader is run in-process by compose-validate.py. */
export function findComposeV1(): V1Cli | undefined {
  if (v1Found === undefined) {
    v1Found = null;
    const which = spawnSync("sh", ["-c", "command -v docker-compose"], { encoding: "utf8" });
    const path = which.stdout.trim();
    if (which.status === 0 && path) {
      let head = "";
      try {
        head = readFileSync(path, "utf8").slice(0, 200).split("\n")[0] ?? "";
      } catch {
        // unreadable: not the Python script
      }
      const py = /^#!\s*(\S+)/.exec(head)?.[1];
      if (py) {
        const r = spawnSync(py, ["-c", "import compose; print(compose.__version__)"], { encoding: "utf8" });
        const version = r.status === 0 ? r.stdout.trim() : "";
        if (/^1\./.test(version)) v1Found = { python: py, version };
      }
    }
  }
  return v1Found ?? undefined;
}

// ------------------------------------------------------------------ guarded processes

/** Address space per validator process (a Go binary reserves ~1.8 GB of it at start-up). */
const MEMORY_LIMIT_KB = 4 * 1024 * 1024;

let timeoutBin: string | null | undefined;

/**
 * The argv that runs `argv` under guards that hold even when this process dies (a vitest
 * worker killed on a test timeout leaves its children behind): coreutils `timeout -s KILL`
 * ends it after `ms`, `ulimit -v` caps its memory. v2 on an alias bomb of maps grows by
 * ~10 MB/s for as long as it runs: left alone, one reached 23 GB on this machine.
 */
export function guarded(argv: readonly string[], ms: number): string[] {
  if (timeoutBin === undefined) {
    const r = spawnSync("sh", ["-c", "command -v timeout"], { encoding: "utf8" });
    timeoutBin = r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  }
  const limit = timeoutBin ? [timeoutBin, "-s", "KILL", `${Math.max(1, Math.ceil(ms / 1000))}s`] : [];
  return ["sh", "-c", `ulimit -v ${MEMORY_LIMIT_KB} 2>/dev/null; exec "$@"`, "sh", ...limit, ...argv];
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

interface RunOptions {
  timeoutMs: number;
  input?: string;
  env: NodeJS.ProcessEnv;
}

/** Node's own timer is the second guard, a little later than `timeout`'s. */
const SLACK_MS = 5000;

/** Killed: by node's timer, or by `timeout -s KILL` (the shell it replaced reports 137). */
const wasKilled = (code: number | null, signal: NodeJS.Signals | null) =>
  signal === "SIGKILL" || code === 137;

function runGuarded(argv: readonly string[], o: RunOptions): Promise<Finished> {
  const [file, ...args] = guarded(argv, o.timeoutMs);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: o.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs + SLACK_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: wasKilled(code, signal) });
    });
    // A CLI that exits before reading its input (a bad flag, the timeout) closes the pipe:
    // the EPIPE that follows is not the test's failure, the exit code and stderr say what was.
    child.stdin.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") reject(e);
    });
    child.stdin.end(o.input ?? "");
  });
}

function runGuardedSync(argv: readonly string[], o: RunOptions): Finished {
  const [file, ...args] = guarded(argv, o.timeoutMs);
  const r = spawnSync(file, args, {
    env: o.env,
    input: o.input ?? "",
    encoding: "utf8",
    timeout: o.timeoutMs + SLACK_MS,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  const timedOut = wasKilled(r.status, r.signal) || (r.error as NodeJS.ErrnoException)?.code === "ETIMEDOUT";
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", timedOut };
}

// ------------------------------------------------------------------ files

interface Staged {
  root: string;
  items: { dir: string; file: string }[];
}

function stage(texts: readonly string[]): Staged {
  const root = mkdtempSync(join(tmpdir(), "mlops-cfg-"));
  const items = texts.map((text, i) => {
    const dir = join(root, String(i));
    mkdirSync(dir);
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, text);
    return { dir, file };
  });
  return { root, items };
}

// ------------------------------------------------------------------ v2

function v2Argv(cli: V2Cli, item: { dir: string; file: string }): string[] {
  return [...cli.argv, "-p", PROJECT, "-f", item.file, "--project-directory", item.dir, "config", "-q"];
}

function v2Result(r: Finished, timeoutMs: number): ConfigCheck {
  if (r.timedOut) return { ok: false, timedOut: true, output: `killed after ${timeoutMs} ms (no answer)` };
  return { ok: r.code === 0, output: r.code === 0 ? "" : r.stderr.trim() || `exit ${r.code}` };
}

function requireV2(): V2Cli {
  const cli = findComposeV2();
  if (!cli) throw new MissingValidatorError(missingV2Message());
  return cli;
}

/** `docker compose config -q` on each text, CONCURRENCY at a time; results in input order. */
export async function composeConfigV2(
  texts: readonly string[],
  options: CheckOptions = {},
): Promise<ConfigCheck[]> {
  const cli = requireV2();
  if (texts.length === 0) return [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { root, items } = stage(texts);
  const results: ConfigCheck[] = new Array(texts.length);
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const i = next++;
      results[i] = v2Result(
        await runGuarded(v2Argv(cli, items[i]), { timeoutMs, env: cleanEnv() }),
        timeoutMs,
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, texts.length) }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return results;
}

export function composeConfigV2Sync(texts: readonly string[], options: CheckOptions = {}): ConfigCheck[] {
  const cli = requireV2();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { root, items } = stage(texts);
  try {
    return items.map((item) =>
      v2Result(runGuardedSync(v2Argv(cli, item), { timeoutMs, env: cleanEnv() }), timeoutMs),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ v1

function requireV1(): V1Cli {
  const cli = findComposeV1();
  if (!cli) throw new MissingValidatorError("Compose v1 (docker-compose 1.x, Python) is not installed.");
  return cli;
}

function v1Run(cli: V1Cli, items: Staged["items"], timeoutMs: number): [string[], RunOptions] {
  return [
    [cli.python, VALIDATE_PY],
    {
      // Start-up, then at most the per-file alarm for each file.
      timeoutMs: 30_000 + timeoutMs * items.length,
      input: JSON.stringify({ timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), items }),
      env: { ...cleanEnv(), COMPOSE_PROJECT_NAME: PROJECT },
    },
  ];
}

function v1Parse(r: Finished, n: number): ConfigCheck[] {
  if (r.code !== 0)
    throw new Error(
      `compose-validate.py failed (exit ${r.code}${r.timedOut ? ", killed" : ""}): ${r.stderr}`,
    );
  const parsed = JSON.parse(r.stdout) as { ok: boolean; error: string; timedOut?: boolean }[];
  if (parsed.length !== n) throw new Error(`compose-validate.py answered ${parsed.length} of ${n} files`);
  return parsed.map((x) => ({ ok: x.ok, output: x.error, ...(x.timedOut ? { timedOut: true } : {}) }));
}

/** v1's own loader (the code behind `docker-compose config -q`) on each text, in one process. */
export async function composeConfigV1(
  texts: readonly string[],
  options: CheckOptions = {},
): Promise<ConfigCheck[]> {
  const cli = requireV1();
  if (texts.length === 0) return [];
  const { root, items } = stage(texts);
  try {
    return v1Parse(
      await runGuarded(...v1Run(cli, items, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)),
      texts.length,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function composeConfigV1Sync(texts: readonly string[], options: CheckOptions = {}): ConfigCheck[] {
  const cli = requireV1();
  if (texts.length === 0) return [];
  const { root, items } = stage(texts);
  try {
    return v1Parse(
      runGuardedSync(...v1Run(cli, items, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)),
      texts.length,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ all of them

export class MissingValidatorError extends Error {
  override name = "MissingValidatorError";
}

function missingV2Message(): string {
  return (
    "Compose v2 (`docker compose`) is not installed, so no fix can be validated the way users' " +
    "Compose reads it. Install it: `sudo bash scripts/engine/setup.sh` (Debian: trixie's plugin " +
    "binary beside v1), or Docker's docker-compose-plugin package."
  );
}

/** Is MLOPS_REQUIRE_COMPOSE_V1 set (CI: v1 must be there too)? */
export function v1Required(): boolean {
  return process.env.MLOPS_REQUIRE_COMPOSE_V1 === "1";
}

let validators: ComposeValidator[] | undefined;

/**
 * Every installed validator, v2 first. Throws MissingValidatorError when v2 is missing (and
 * when v1 is missing while MLOPS_REQUIRE_COMPOSE_V1=1): a test that validates then fails.
 */
export function composeValidators(): ComposeValidator[] {
  if (!validators) {
    const v2 = findComposeV2();
    if (!v2) throw new MissingValidatorError(missingV2Message());
    const v1 = findComposeV1();
    if (!v1 && v1Required())
      throw new MissingValidatorError(
        "MLOPS_REQUIRE_COMPOSE_V1=1 but Compose v1 (docker-compose 1.x) is not installed: run scripts/engine/setup.sh.",
      );
    validators = [
      {
        id: "v2",
        label: `docker compose ${v2.version}`,
        version: v2.version,
        check: composeConfigV2,
        checkSync: composeConfigV2Sync,
      },
      ...(v1
        ? [
            {
              id: "v1" as const,
              label: `docker-compose ${v1.version}`,
              version: v1.version,
              check: composeConfigV1,
              checkSync: composeConfigV1Sync,
            },
          ]
        : []),
    ];
  }
  return validators;
}

export interface ValidatorResults {
  validator: ComposeValidator;
  results: ConfigCheck[];
}

/** Every text through every installed validator (they run at the same time). */
export async function composeConfigAll(
  texts: readonly string[],
  options: CheckOptions = {},
): Promise<ValidatorResults[]> {
  const all = composeValidators();
  return Promise.all(
    all.map(async (validator) => ({ validator, results: await validator.check(texts, options) })),
  );
}

export function composeConfigAllSync(
  texts: readonly string[],
  options: CheckOptions = {},
): ValidatorResults[] {
  return composeValidators().map((validator) => ({
    validator,
    results: validator.checkSync(texts, options),
  }));
}

/**
 * The fix promise for Compose: for each (before, after) pair and each validator that accepted
 * `before`, it must accept `after`. Returns one message per broken pair and validator.
 * Identical texts are checked once.
 */
export async function brokenByFixes(
  pairs: readonly { label: string; before: string; after: string }[],
  options: CheckOptions = {},
): Promise<string[]> {
  const texts = [...new Set(pairs.flatMap((p) => [p.before, p.after]))];
  const index = new Map(texts.map((t, i) => [t, i]));
  const broken: string[] = [];
  for (const { validator, results } of await composeConfigAll(texts, options)) {
    for (const p of pairs) {
      const before = results[index.get(p.before)!];
      const after = results[index.get(p.after)!];
      if (before.ok && !after.ok)
        broken.push(
          `${p.label}: ${validator.label} config -q rejects the fixed file: ${after.output.slice(0, 400)}`,
        );
    }
  }
  return broken;
}
