/**
 * Stand-in `docker`, `docker-compose` and `curl` executables for running the generated scripts
 * without a Docker engine: they record every argv (exactly, newlines included) and simulate
 * containers that start, become healthy, stay unhealthy, or run once and exit.
 *
 * Behaviour is set with environment variables (space-separated service lists):
 *   FAKE_V2=1            `docker compose` exists and its `up --help` lists --wait-timeout
 *   FAKE_V2_NO_WAIT=1    with FAKE_V2: an old v2 without --wait-timeout
 *   FAKE_UNHEALTHY       services whose container reports `unhealthy`
 *   FAKE_STARTING        services that stay `starting` forever
 *   FAKE_ONESHOT         services that run, then exit with FAKE_ONESHOT_EXIT (default 0)
 *   FAKE_PG_DOWN         services where pg_isready (compose exec or docker exec) answers 2 (no response)
 *   FAKE_HEALTH_DOWN     services where an HTTP probe (`docker exec CID python -c …`) answers 1 (no /health)
 *   FAKE_NO_PYTHON=1     `docker exec CID python` finds no python (127); python3 works
 *   FAKE_GONE_ONCE       services whose container is gone at the first `docker inspect` (recreated)
 *   FAKE_BAD_LOGIN       a substring: any `run` whose stdin (the password) contains it fails
 *   FAKE_HTTP_DOWN=1     curl fails
 *   FAKE_PS_FAIL=1       `ps` fails (the daemon went away)
 *   FAKE_NO_DAEMON=1     no daemon: `docker info` and every call that needs it fail ("Cannot connect")
 *   FAKE_DOCKER_PERMISSION=1  the same, with "permission denied" on the socket
 * With `--wait`, `up` fails at once for FAKE_UNHEALTHY and after --wait-timeout for FAKE_STARTING,
 * as Compose v2 does. Each `run` stores its stdin (stdins() gives them in order).
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FAKE = readFileSync(new URL("./fake-docker.sh", import.meta.url), "utf8");

/** What the generated scripts and the fakes use besides shell builtins. */
export const TOOLS = [
  "sh",
  "date",
  "grep",
  "sleep",
  "tail",
  "sed",
  "mkdir",
  "basename",
  "cat",
  "rm",
  "mktemp",
];

export interface FakeDocker {
  /** Put first on PATH. */
  bin: string;
  state: string;
  env: NodeJS.ProcessEnv;
  /** Every recorded call: argv[0] is the program name (docker, docker-compose, curl). */
  calls(): string[][];
  /** What each `compose run` read on its stdin, in call order. */
  stdins(): string[];
}

export function fakeDocker(
  options: { compose?: "v1" | "v2" | "both"; env?: Record<string, string> } = {},
): FakeDocker {
  const root = mkdtempSync(join(tmpdir(), "mlops-fake-docker-"));
  const bin = join(root, "bin");
  const state = join(root, "state");
  mkdirSync(bin);
  mkdirSync(state);
  const compose = options.compose ?? "v1";
  const names = ["docker", "curl", ...(compose === "v2" ? [] : ["docker-compose"])];
  for (const name of names) {
    writeFileSync(join(bin, name), FAKE);
    chmodSync(join(bin, name), 0o755);
  }
  // PATH holds the fakes and a few system tools, never /usr/bin itself: a real docker or
  // docker-compose installed on this machine must not be reached.
  const tools = join(root, "tools");
  mkdirSync(tools);
  for (const tool of TOOLS) {
    const real = ["/usr/bin", "/bin"].map((d) => join(d, tool)).find((f) => existsSync(f));
    if (real) symlinkSync(real, join(tools, tool));
  }
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${tools}`,
    FAKE_STATE: state,
    ...(compose !== "v1" ? { FAKE_V2: "1" } : {}),
    ...options.env,
  };
  return {
    bin,
    state,
    env,
    stdins: () => {
      const out: string[] = [];
      for (let i = 1; existsSync(join(state, `stdin-${i}`)); i++)
        out.push(readFileSync(join(state, `stdin-${i}`), "utf8"));
      return out;
    },
    calls: () => {
      let text = "";
      try {
        text = readFileSync(join(state, "calls"), "utf8");
      } catch {
        return [];
      }
      return text
        .split("\u001e")
        .filter((r) => r !== "")
        .map((r) => r.split("\u001f").slice(0, -1));
    },
  };
}
