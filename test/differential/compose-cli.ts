/**
 * Runs Compose v2's own loader on files, each alone: `docker compose -p NAME -f FILE config -q`
 * in a temporary directory of its own, with a timeout and SIGKILL (v2 hangs on alias bombs and
 * ignores SIGTERM), a few at a time. The Compose plugin binary is called directly when it can be
 * found (the same program `docker compose` execs, without the docker CLI's start-up: half the
 * time per file); else `docker compose`. No Compose v2 is an error, never a skip.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { guarded } from "../helpers/compose-cli";

export interface ComposeV2 {
  /** argv before `-p NAME -f FILE config -q`. */
  argv: string[];
  version: string;
}

const PLUGIN_DIRS = [
  join(homedir(), ".docker", "cli-plugins"),
  "/usr/local/lib/docker/cli-plugins",
  "/usr/local/libexec/docker/cli-plugins",
  "/usr/lib/docker/cli-plugins",
  "/usr/libexec/docker/cli-plugins",
];

function versionOf(argv: string[]): string | undefined {
  const r = spawnSync(argv[0], [...argv.slice(1), "version", "--short"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  const v = r.status === 0 ? r.stdout.trim() : "";
  return /^v?2\./.test(v) ? v : undefined;
}

let found: ComposeV2 | null | undefined;

/** Compose v2, or null when it is not installed. */
export function composeV2(): ComposeV2 | null {
  if (found !== undefined) return found;
  found = null;
  for (const dir of PLUGIN_DIRS) {
    const plugin = join(dir, "docker-compose");
    if (!existsSync(plugin)) continue;
    const version = versionOf([plugin]);
    if (version) return (found = { argv: [plugin], version });
  }
  const version = versionOf(["docker", "compose"]);
  if (version) found = { argv: ["docker", "compose"], version };
  return found;
}

export interface ComposeVerdict {
  ok: boolean;
  /** What Compose printed (stderr, then stdout), with the temporary directory replaced by `<dir>`. */
  output: string;
  timedOut: boolean;
  ms: number;
}

export interface ComposeJob {
  /** The file name Compose sees (it matters for messages only). */
  name: string;
  text: string;
}

/**
 * Checks every text alone, `parallel` at a time, each killed after `timeoutMs`. Verdicts are in
 * the order of `jobs`.
 */
export async function composeConfigAll(
  jobs: ComposeJob[],
  options: { parallel?: number; timeoutMs?: number } = {},
): Promise<ComposeVerdict[]> {
  const compose = composeV2();
  if (!compose)
    throw new Error("Compose v2 (`docker compose`) is not installed: the differential test needs it.");
  const parallel = options.parallel ?? 2;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const root = mkdtempSync(join(tmpdir(), "mlops-diff-"));
  const out: ComposeVerdict[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++)
      out[i] = await runOne(compose, root, i, jobs[i], timeoutMs);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}

function runOne(
  compose: ComposeV2,
  root: string,
  i: number,
  job: ComposeJob,
  timeoutMs: number,
): Promise<ComposeVerdict> {
  const dir = join(root, String(i));
  mkdirSync(dir);
  const file = join(dir, basename(job.name));
  writeFileSync(file, job.text);
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Guarded (timeout -s KILL, ulimit -v) so that the limits hold even if this process dies:
    // v2 on an alias bomb grows ~10 MB/s for as long as it runs.
    const [cmd, ...args] = guarded(
      [...compose.argv, "-p", `diff${i}`, "-f", file, "config", "-q"],
      timeoutMs,
    );
    const child = spawn(cmd, args, {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      // Nothing from the developer's shell may decide the verdict (COMPOSE_FILE, variables the files use).
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, DOCKER_CONFIG: join(dir, ".docker") },
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => chunks.push(d));
    child.stderr.on("data", (d: Buffer) => chunks.push(d));
    let timedOut = false;
    // A backstop only: the guard's `timeout` kills Compose first (exit 137).
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs + 5_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 137) timedOut = true;
      const output = Buffer.concat(chunks).toString("utf8").split(dir).join("<dir>").trim();
      resolve({ ok: code === 0 && !timedOut, output, timedOut, ms: performance.now() - t0 });
    });
  });
}
