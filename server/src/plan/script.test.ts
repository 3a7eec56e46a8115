/**
 * The staged-start script: its text for v1 and v2 CLIs, quoting of hostile paths and values, and
 * end-to-end runs with stand-in `docker` / `docker-compose` executables on PATH that record their
 * argv and simulate containers (test/helpers/fake-docker.sh).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeDocker } from "../../../test/helpers/fake-docker";
import { changedLines, commandDifferences, HANGUL } from "../../../test/helpers/script-shape";
import { CATALOGUES } from "../l10n/catalogue";
import { buildModel } from "../model/build";
import { planMessages } from "./messages";
import { buildPlan, type Plan } from "./plan";
import { HINT_DOWN, HINT_PERMISSION, renderStagedScript, type ScriptOptions } from "./script";

const SEED_AFTER = "/work/shared/seed/seed-after.yml";
const AIRFLOW = join(
  "/work/shared/corpus/files",
  "apache__airflow__19340995__docs__apache-airflow__howto__docker-compose__docker-compose.yaml",
);

function planOf(path: string, text = readFileSync(path, "utf8"), extra: Partial<Plan> = {}): Plan {
  const r = buildPlan(buildModel(text, { path }), {
    projectName: extra.projectName,
    profiles: extra.profiles,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.plan;
}

/** Syntax check with the real sh. */
function shSyntax(script: string): void {
  const dir = mkdtempSync(join(tmpdir(), "mlops-sh-n-"));
  writeFileSync(join(dir, "s.sh"), script);
  execFileSync("/bin/sh", ["-n", join(dir, "s.sh")]);
}

const FAST: ScriptOptions = { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 3 };

function run(script: string, env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(join(tmpdir(), "mlops-run-"));
  const file = join(dir, "staged-up.sh");
  writeFileSync(file, script);
  const r = spawnSync("/bin/sh", [file], { env, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The compose calls (program dropped, global options kept) of a recorded run. */
const composeCalls = (calls: string[][]) =>
  calls.filter((c) => c[0] === "docker-compose" || (c[0] === "docker" && c[1] === "compose"));
const subcommand = (c: string[]) => {
  const args = c[0] === "docker" ? c.slice(2) : c.slice(1);
  let i = 0;
  while (["-f", "--project-directory", "-p", "--profile"].includes(args[i])) i += 2;
  return args.slice(i);
};
/** The services whose logs a run printed, in order, once per `----- last 50 log lines` header. */
const logHeaders = (out: string) =>
  [...out.matchAll(/^----- last 50 log lines of (\S+) -----$/gm)].map((m) => m[1]);
const ups = (calls: string[][]) =>
  composeCalls(calls)
    .map(subcommand)
    .filter((a) => a[0] === "up" && a[1] !== "--help");

describe("script text", () => {
  it("detects the CLI at run time: `docker compose` (any version) first, then docker-compose", () => {
    const s = renderStagedScript(planOf(SEED_AFTER));
    shSyntax(s);
    expect(s).toContain("if docker compose version >/dev/null 2>&1; then");
    expect(s).toContain("elif docker-compose version >/dev/null 2>&1; then");
    // Feature probe, not version math: v5.x exists, v1 has no --wait at all.
    expect(s).toContain("grep -q -- '--wait-timeout'");
    expect(s).not.toMatch(/\^2\\\.|2\.\*/);
    expect(s).toContain('docker compose -f "$MLOPS_FILE" --project-directory "$MLOPS_DIR" "$@"');
    expect(s).toContain('docker-compose -f "$MLOPS_FILE" --project-directory "$MLOPS_DIR" "$@"');
    expect(s).toContain(`MLOPS_FILE=${SEED_AFTER}`);
    expect(s).toContain("MLOPS_DIR=/work/shared/seed");
    expect(s).toContain("MLOPS_TIMEOUT=120");
    expect(s).toContain("mlops_stage 1 2 databases healthy yes postgres postgres-mlflow");
    expect(s).toContain("mlops_stage 2 2 applications started yes airflow-webserver mlflow");
    expect(s).toContain(
      "postgres-mlflow) MLOPS_PROBE=pg_isready MLOPS_PROBE_WAIT='not accepting connections yet (pg_isready)'\n" +
        '      docker exec "$2" pg_isready -h 127.0.0.1 -p 5432 -U mlflow -d mlflow -t 3 >/dev/null 2>&1 ;;',
    );
  });

  it("takes the CLI from a parameter: v2 `docker compose`", () => {
    const s = renderStagedScript(planOf(SEED_AFTER), {
      composeCommand: "docker compose",
      waitTimeoutSeconds: 45,
    });
    shSyntax(s);
    expect(s).not.toContain("docker-compose version");
    expect(s).toContain(
      'mlops_dc() { docker compose -f "$MLOPS_FILE" --project-directory "$MLOPS_DIR" "$@"; }',
    );
    expect(s).toContain("MLOPS_TIMEOUT=45");
  });

  it("takes the CLI from a parameter: v1 `docker-compose`, with -p and profiles", () => {
    const s = renderStagedScript(planOf(AIRFLOW, undefined, { projectName: "proj", profiles: ["flower"] }), {
      composeCommand: ["docker-compose"],
    });
    shSyntax(s);
    expect(s).toContain(
      'mlops_dc() { docker-compose -f "$MLOPS_FILE" --project-directory "$MLOPS_DIR" -p proj --profile flower "$@"; }',
    );
    expect(s).toContain("mlops_stage 2 3 'one-shot jobs' completed no airflow-init");
    expect(s).toContain("airflow-init) echo done ;;");
  });

  it("quotes a compose command word that would otherwise be an assignment", () => {
    const s = renderStagedScript(planOf(SEED_AFTER), { composeCommand: "X=1 docker-compose" });
    expect(s).toContain("mlops_dc() { 'X=1' docker-compose");
    shSyntax(s);
  });
});

describe("script run with a stand-in docker-compose (v1: no --wait)", () => {
  it("starts the databases, waits for health and pg_isready, then the apps", () => {
    const fake = fakeDocker({ compose: "v1" });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("[1/2] databases: postgres, postgres-mlflow ... starting");
    expect(r.out).toMatch(/\[1\/2\] databases: postgres, postgres-mlflow \.\.\. healthy after \d+s/);
    expect(r.out).toMatch(/\[2\/2\] applications: airflow-webserver, mlflow \.\.\. started after \d+s/);
    expect(r.out).toContain("All 2 stages are up.");

    const calls = fake.calls();
    // Every compose call names the file and the project directory.
    for (const c of composeCalls(calls).filter((c) => subcommand(c)[0] !== "version"))
      expect(c.slice(0, 5)).toEqual([
        "docker-compose",
        "-f",
        SEED_AFTER,
        "--project-directory",
        "/work/shared/seed",
      ]);
    expect(ups(calls)).toEqual([
      ["up", "-d", "--no-deps", "postgres", "postgres-mlflow"],
      ["up", "-d", "--no-deps", "airflow-webserver", "mlflow"],
    ]);
    const sub = composeCalls(calls).map(subcommand);
    // pg_isready runs with `docker exec` in the container `ps` found (compose calls are slow).
    expect(calls).toContainEqual([
      "docker",
      "exec",
      "cid_postgres",
      "pg_isready",
      "-h",
      "127.0.0.1",
      "-p",
      "5432",
      "-U",
      "airflow",
      "-d",
      "airflow",
      "-t",
      "3",
    ]);
    expect(sub).toContainEqual(["ps", "-a", "-q", "postgres-mlflow"]);
    // Compose is asked once per service for its container, not on every poll: each compose
    // call costs seconds with the Python v1 (seen on the real engine, test/engine/staged.engine.test.ts).
    expect(sub.filter((a) => a[0] === "ps")).toEqual([
      ["ps", "-a", "-q", "postgres"],
      ["ps", "-a", "-q", "postgres-mlflow"],
      ["ps", "-a", "-q", "airflow-webserver"],
      ["ps", "-a", "-q", "mlflow"],
    ]);
    expect(sub.filter((a) => a[0] === "exec")).toEqual([]);
    const inspects = calls.filter((c) => c[0] === "docker" && c[1] === "inspect");
    expect(inspects.filter((c) => c.at(-1) === "cid_postgres").length).toBeGreaterThanOrEqual(2);
    // The apps start only after the last database check.
    const flat = calls.map((c) => c.join(" "));
    const lastPg = flat.findLastIndex((c) => c.includes("pg_isready"));
    const appsUp = flat.findIndex((c) => c.includes("up -d --no-deps airflow-webserver"));
    expect(lastPg).toBeGreaterThan(0);
    expect(appsUp).toBeGreaterThan(lastPg);
    expect(calls.some((c) => c[0] === "docker" && c[1] === "inspect" && c[2] === "-f")).toBe(true);
  });

  it("a database that never becomes healthy stops the run at stage 1 with its logs and a non-zero exit", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_UNHEALTHY: "postgres-mlflow" } });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("[1/2] databases: postgres-mlflow FAILED");
    expect(r.out).toContain("unhealthy");
    expect(r.out).toContain("----- last 50 log lines of postgres-mlflow -----");
    expect(r.out).toContain("fake log line of postgres-mlflow");
    // postgres was still starting at that poll: named in the summary, its logs not shown.
    expect(r.out).toContain(
      "Stage 1/2 (databases) failed: postgres-mlflow: unhealthy (not ready either: postgres). Later stages were not started.",
    );
    expect(logHeaders(r.out)).toEqual(["postgres-mlflow"]);
    expect(r.out).not.toContain("[2/2]");
    expect(ups(fake.calls())).toEqual([["up", "-d", "--no-deps", "postgres", "postgres-mlflow"]]);
    expect(composeCalls(fake.calls()).map(subcommand)).toContainEqual([
      "logs",
      "--no-color",
      "--tail=50",
      "postgres-mlflow",
    ]);
  });

  it("a database that stays `starting` times out, with its logs", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_STARTING: "postgres" } });
    const r = run(
      renderStagedScript(planOf(SEED_AFTER), { pollIntervalSeconds: 0.2, waitTimeoutSeconds: 1 }),
      fake.env,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /postgres FAILED after \d+s: not ready within 1s \(timeout; last state: starting\)/,
    );
    expect(r.out).toContain("last 50 log lines of postgres -----");
    expect(ups(fake.calls())).toHaveLength(1);
  });

  it("PostgreSQL healthy but not answering pg_isready over TCP is waited for", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_PG_DOWN: "postgres" } });
    const r = run(
      renderStagedScript(planOf(SEED_AFTER), { pollIntervalSeconds: 0.1, waitTimeoutSeconds: 1 }),
      fake.env,
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain("not accepting connections yet (pg_isready)");
  });

  it("a container that is gone (recreated) when polled is looked up again with `ps`", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_GONE_ONCE: "postgres" } });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(0);
    const ps = composeCalls(fake.calls())
      .map(subcommand)
      .filter((a) => a[0] === "ps");
    expect(ps.filter((a) => a.at(-1) === "postgres")).toHaveLength(2);
    expect(ps.filter((a) => a.at(-1) === "postgres-mlflow")).toHaveLength(1);
  });

  it("a daemon that goes away (`ps` keeps failing) stops the run without waiting for the timeout", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_PS_FAIL: "1" } });
    const r = run(
      renderStagedScript(planOf(SEED_AFTER), { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 100 }),
      fake.env,
    );
    expect(r.code).toBe(1);
    // Seconds, not the 100 s timeout (0 s on an idle machine).
    expect(r.out).toMatch(/postgres FAILED after [0-5]s: 'ps' failed \(is the Docker daemon running\?\)/);
  });

  it("a one-shot job must exit 0; a failing airflow-init stops before the apps", () => {
    const ok = fakeDocker({ compose: "v1", env: { FAKE_ONESHOT: "airflow-init" } });
    const r1 = run(renderStagedScript(planOf(AIRFLOW), FAST), ok.env);
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/\[2\/3\] one-shot jobs: airflow-init is completed after/);
    expect(ups(ok.calls()).map((u) => u.slice(3))).toEqual([
      ["postgres", "redis"],
      ["airflow-init"],
      ["airflow-webserver", "airflow-scheduler", "airflow-worker", "airflow-triggerer"],
    ]);

    const bad = fakeDocker({ compose: "v1", env: { FAKE_ONESHOT: "airflow-init", FAKE_ONESHOT_EXIT: "1" } });
    const r2 = run(renderStagedScript(planOf(AIRFLOW), FAST), bad.env);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain("airflow-init FAILED");
    expect(r2.out).toContain("exited with code 1");
    expect(r2.out).toContain("Stage 2/3 (one-shot jobs) failed");
    expect(ups(bad.calls())).toHaveLength(2);
  });

  it("`up` failing stops the run, names the service not ready and shows each service's logs once", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_UP_EXIT: "1", FAKE_STARTING: "postgres" } });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\[1\/2\] databases: postgres FAILED after \d+s: 'up' exited with code 1 \(last state: starting\)$/,
      ),
    );
    expect(lines.at(-1)).toBe(
      "Stage 1/2 (databases) failed: postgres: 'up' exited with code 1 (last state: starting) (not ready either: postgres-mlflow). Later stages were not started.",
    );
    expect(logHeaders(r.out)).toEqual(["postgres"]);
    expect(ups(fake.calls())).toHaveLength(1);
  });

  it("`up` failing while every service is ready still stops the run, with each service's logs once", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_UP_EXIT: "1" } });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "Stage 1/2 (databases) failed: 'up' exited with code 1. Later stages were not started.",
    );
    expect(logHeaders(r.out)).toEqual(["postgres", "postgres-mlflow"]);
  });

  it("writes stage markers to MLOPS_STATUS_FILE for the editor's status bar", () => {
    const fake = fakeDocker({ compose: "v1" });
    const status = join(fake.state, "status");
    const r = run(renderStagedScript(planOf(AIRFLOW), FAST), {
      ...fake.env,
      FAKE_ONESHOT: "airflow-init",
      MLOPS_STATUS_FILE: status,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(status, "utf8").trim().split("\n")).toEqual([
      "stage 1 3 databases",
      "ok 1 3 databases",
      "stage 2 3 one-shot jobs",
      "ok 2 3 one-shot jobs",
      "stage 3 3 applications",
      "ok 3 3 applications",
      "done",
    ]);
  });

  for (const compose of ["v1", "v2"] as const)
    it(`Docker not running (${compose}): one message naming the cause and what to do, exit 69, nothing run`, () => {
      const fake = fakeDocker({ compose, env: { FAKE_NO_DAEMON: "1" } });
      const status = join(fake.state, "status");
      const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), { ...fake.env, MLOPS_STATUS_FILE: status });
      expect(r.code).toBe(69);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toEqual([
        "MLOps: the Docker daemon does not answer, so nothing was run.",
        "  Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        `  ${HINT_DOWN}`,
      ]);
      expect(readFileSync(status, "utf8")).toBe(
        "nodocker down Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
      );
      // Nothing but finding the CLI and asking the daemon once.
      const asked = fake
        .calls()
        .map((c) =>
          (c[0] === "docker" && c[1] === "compose" ? c.slice(1) : c).filter((w) => !w.startsWith("/")),
        );
      expect(asked.filter((c) => !c.includes("version"))).toEqual([
        ["docker", "info", "--format", "{{.ServerVersion}}"],
      ]);
    });

  it("Docker socket not permitted: the cause and the docker-group hint", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_DOCKER_PERMISSION: "1" } });
    const status = join(fake.state, "status");
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), { ...fake.env, MLOPS_STATUS_FILE: status });
    expect(r.code).toBe(69);
    expect(r.err).toContain("permission denied while trying to connect to the Docker daemon socket");
    expect(r.err).toContain(HINT_PERMISSION);
    expect(readFileSync(status, "utf8")).toMatch(/^nodocker permission permission denied while trying/);
  });

  it("no compose CLI at all: a clear message, exit 127, nothing run", () => {
    const empty = mkdtempSync(join(tmpdir(), "mlops-empty-path-"));
    const r = run(renderStagedScript(planOf(SEED_AFTER)), { PATH: empty });
    expect(r.code).toBe(127);
    expect(r.err).toContain("Docker Compose was not found");
    expect(r.err).toContain("docker-compose-plugin");
    expect(r.out).toBe("");
  });

  it("a given compose command that does not work: exit 127", () => {
    const empty = mkdtempSync(join(tmpdir(), "mlops-empty-path-"));
    const r = run(renderStagedScript(planOf(SEED_AFTER), { composeCommand: "docker compose" }), {
      PATH: empty,
    });
    expect(r.code).toBe(127);
    expect(r.err).toContain('the compose command "docker compose" does not work');
  });
});

describe("script run with a stand-in `docker compose` (v2+)", () => {
  it("uses --wait --wait-timeout where `up --help` offers it, never for one-shot stages", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_ONESHOT: "airflow-init" } });
    const r = run(renderStagedScript(planOf(AIRFLOW), FAST), fake.env);
    expect(r.code).toBe(0);
    expect(fake.calls().every((c) => c[0] !== "docker-compose")).toBe(true);
    expect(ups(fake.calls())).toEqual([
      ["up", "-d", "--no-deps", "--wait", "--wait-timeout", "3", "postgres", "redis"],
      ["up", "-d", "--no-deps", "airflow-init"],
      [
        "up",
        "-d",
        "--no-deps",
        "--wait",
        "--wait-timeout",
        "3",
        "airflow-webserver",
        "airflow-scheduler",
        "airflow-worker",
        "airflow-triggerer",
      ],
    ]);
  });

  it("`up --wait` that succeeds still reports each service, like the polling path", () => {
    const fake = fakeDocker({ compose: "v2" });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(0);
    for (const db of ["postgres", "postgres-mlflow"])
      expect(r.out).toMatch(new RegExp(`^\\[1/2\\] databases: ${db} is healthy after \\d+s$`, "m"));
    for (const app of ["airflow-webserver", "mlflow"])
      expect(r.out).toMatch(new RegExp(`^\\[2/2\\] applications: ${app} is \\w+ after \\d+s$`, "m"));
    expect(r.out).toMatch(/^\[1\/2\] databases: postgres, postgres-mlflow \.\.\. healthy after \d+s$/m);
  });

  it("`up --wait` failing on an unhealthy database names it, with its logs once, and the healthy one's line", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_UNHEALTHY: "postgres-mlflow" } });
    const status = join(fake.state, "status");
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), { ...fake.env, MLOPS_STATUS_FILE: status });
    expect(r.code).toBe(1);
    expect(r.err).toContain("container fake-postgres-mlflow-1 is unhealthy");
    const lines = r.out.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[1\/2\] databases: postgres-mlflow FAILED after \d+s: unhealthy$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[1\/2\] databases: postgres is healthy after \d+s$/),
    );
    expect(lines.at(-1)).toBe(
      "Stage 1/2 (databases) failed: postgres-mlflow: unhealthy. Later stages were not started.",
    );
    expect(logHeaders(r.out)).toEqual(["postgres-mlflow"]);
    expect(r.out).toContain("\nfake log line of postgres-mlflow");
    // v2's erase-line escape before each log line is gone.
    expect(r.out).not.toContain("\u001b");
    expect(r.out).not.toContain("'up' exited");
    expect(ups(fake.calls())).toHaveLength(1);
    expect(readFileSync(status, "utf8").trim().split("\n")).toEqual([
      "stage 1 2 databases",
      "failed 1 2 databases",
    ]);
  });

  it("`up --wait` timing out on a database that stays starting names it: the same words as the polling path", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_STARTING: "postgres-mlflow" } });
    const r = run(
      renderStagedScript(planOf(SEED_AFTER), { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 1 }),
      fake.env,
    );
    expect(r.code).toBe(1);
    expect(ups(fake.calls())[0]).toEqual([
      "up",
      "-d",
      "--no-deps",
      "--wait",
      "--wait-timeout",
      "1",
      "postgres",
      "postgres-mlflow",
    ]);
    expect(r.out).toMatch(/^\[1\/2\] databases: postgres is healthy after \d+s$/m);
    expect(r.out).toMatch(
      /^\[1\/2\] databases: postgres-mlflow FAILED after \d+s: not ready within 1s \(timeout; last state: starting\)$/m,
    );
    expect(logHeaders(r.out)).toEqual(["postgres-mlflow"]);
  });

  it("a v2 without --wait-timeout (before 2.17) is polled like v1", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_V2_NO_WAIT: "1" } });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(0);
    expect(ups(fake.calls())[0]).toEqual(["up", "-d", "--no-deps", "postgres", "postgres-mlflow"]);
  });

  it("prefers `docker compose` when both CLIs exist", () => {
    const fake = fakeDocker({ compose: "both" });
    expect(run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env).code).toBe(0);
    expect(fake.calls().filter((c) => c[0] === "docker-compose")).toEqual([]);
  });
});

describe("quoting: hostile paths, project names, profiles and database values", () => {
  const HOSTILE_DIRS = [
    "dir with spaces",
    "it's 'quoted'",
    'double "quoted"',
    "$(touch PWNED)",
    "`touch PWNED`",
    "semi;colon && touch PWNED",
    "new\nline",
    "back\\slash $HOME ${HOME} *",
    "-leading-dash",
  ];

  it.each(HOSTILE_DIRS)("project directory %j: sh -n passes and every argv is exact", (name) => {
    const root = mkdtempSync(join(tmpdir(), "mlops-hostile-"));
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, readFileSync(SEED_AFTER, "utf8"));
    const plan = planOf(file, undefined, { projectName: `p ${name}`, profiles: [`prof $(x) ${name}`] });
    const script = renderStagedScript(plan, FAST);
    shSyntax(script);
    const fake = fakeDocker({ compose: "v1" });
    const r = run(script, { ...fake.env, HOME: root });
    expect(r.code).toBe(0);
    const calls = composeCalls(fake.calls()).filter((c) => subcommand(c)[0] !== "version");
    expect(calls.length).toBeGreaterThan(4);
    for (const c of calls)
      expect(c.slice(0, 9)).toEqual([
        "docker-compose",
        "-f",
        file,
        "--project-directory",
        dir,
        "-p",
        `p ${name}`,
        "--profile",
        `prof $(x) ${name}`,
      ]);
    expect(existsSync(join(root, "PWNED"))).toBe(false);
    expect(existsSync("PWNED")).toBe(false);
    expect(existsSync(join(dir, "PWNED"))).toBe(false);
  });

  it("hostile database user and database names reach pg_isready as single, exact words", () => {
    const root = mkdtempSync(join(tmpdir(), "mlops-hostile-db-"));
    const file = join(root, "compose.yaml");
    const user = "a'b; $(touch PWNED) `id`";
    const db = 'db "x"\nnewline';
    writeFileSync(
      file,
      `services:\n  pg:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${JSON.stringify(user)}\n      POSTGRES_DB: ${JSON.stringify(db)}\n`,
    );
    const script = renderStagedScript(planOf(file), FAST);
    shSyntax(script);
    const fake = fakeDocker({ compose: "v1" });
    const r = run(script, fake.env);
    expect(r.code).toBe(0);
    const pg = fake.calls().find((c) => c[0] === "docker" && c[1] === "exec");
    expect(pg).toEqual([
      "docker",
      "exec",
      "cid_pg",
      "pg_isready",
      "-h",
      "127.0.0.1",
      "-p",
      "5432",
      "-U",
      user,
      "-d",
      db,
      "-t",
      "3",
    ]);
    expect(existsSync(join(root, "PWNED"))).toBe(false);
  });

  it("comments cannot be broken out of by a newline in the path", () => {
    const plan = planOf("/tmp/x\nrm -rf ~/docker-compose.yml", "services:\n  a: {image: x}\n");
    const script = renderStagedScript(plan);
    expect(script).toContain("# Compose file: /tmp/x?rm -rf ~/docker-compose.yml");
    // The line break survives only inside the single-quoted values, which end on the next line.
    const broken = script.split("\n").filter((l) => l.startsWith("rm -rf"));
    expect(broken).toEqual(["rm -rf ~/docker-compose.yml'", "rm -rf ~'"]);
    shSyntax(script);
  });
});

describe("script: MLflow's /health before its dependants, Airflow notes", () => {
  const MLFLOW_STACK = (host = "0.0.0.0") => `services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x], healthcheck: {test: pg_isready}}
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: ${JSON.stringify(["mlflow", "server", "--host", host, "--port", "5001"])}
    depends_on: [db]
  trainer: {image: python:3.12, depends_on: [mlflow]}
`;
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-mlflow-"));
    return join(dir, "compose.yaml");
  };
  const probeCall = (cid: string, url: string, python = "python") => [
    "docker",
    "exec",
    cid,
    python,
    "-c",
    "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)",
    url,
  ];

  it("asks /health inside the server's container with python, then starts the clients", () => {
    const path = file();
    const script = renderStagedScript(planOf(path, MLFLOW_STACK()), FAST);
    shSyntax(script);
    expect(script).toContain(
      "mlflow) MLOPS_PROBE='MLflow /health' MLOPS_PROBE_WAIT='MLflow /health does not answer yet'\n" +
        '      mlops_http "$2" http://127.0.0.1:5001/health ;;',
    );
    const fake = fakeDocker({ compose: "v1" });
    const r = run(script, fake.env);
    expect(r.code, r.out + r.err).toBe(0);
    const calls = fake.calls();
    expect(calls).toContainEqual(probeCall("cid_mlflow", "http://127.0.0.1:5001/health"));
    const flat = calls.map((c) => c.join(" "));
    const probe = flat.findLastIndex((c) => c.includes("urllib.request"));
    const trainerUp = flat.findIndex((c) => c.includes("up -d --no-deps trainer"));
    expect(probe).toBeGreaterThan(0);
    expect(trainerUp).toBeGreaterThan(probe);
    expect(r.out).toMatch(/\[2\/3\] applications: mlflow is \w+ after \d+s/);
  });

  it("a server whose /health never answers stops the run before its clients, saying why", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_HEALTH_DOWN: "mlflow" } });
    const r = run(
      renderStagedScript(planOf(file(), MLFLOW_STACK()), { pollIntervalSeconds: 0.1, waitTimeoutSeconds: 1 }),
      fake.env,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /mlflow FAILED after \d+s: not ready within 1s \(timeout; last state: MLflow \/health does not answer yet\)/,
    );
    expect(ups(fake.calls()).map((u) => u.at(-1))).toEqual(["db", "mlflow"]);
  });

  it("uses python3 where the image has no `python`", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_NO_PYTHON: "1" } });
    const r = run(renderStagedScript(planOf(file(), MLFLOW_STACK()), FAST), fake.env);
    expect(r.code).toBe(0);
    expect(fake.calls()).toContainEqual(probeCall("cid_mlflow", "http://127.0.0.1:5001/health", "python3"));
  });

  it("a hostile --host reaches the probe as one exact argument", () => {
    const path = file();
    const host = "a'b;touch PWNED;`id`";
    const script = renderStagedScript(planOf(path, MLFLOW_STACK(host)), FAST);
    shSyntax(script);
    const fake = fakeDocker({ compose: "v1" });
    const r = run(script, fake.env);
    expect(r.code).toBe(0);
    expect(fake.calls()).toContainEqual(probeCall("cid_mlflow", `http://${host}:5001/health`));
    expect(existsSync(join(path, "..", "PWNED"))).toBe(false);
    expect(existsSync("PWNED")).toBe(false);
  });

  it("says the plan's notes before stage 1 (the seed's fixed file has no scheduler)", () => {
    const fake = fakeDocker({ compose: "v1" });
    const r = run(renderStagedScript(planOf(SEED_AFTER), FAST), fake.env);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const note = lines.findIndex((l) => l.startsWith("Note: No service runs the Airflow scheduler"));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(note).toBeLessThan(lines.findIndex((l) => l.startsWith("[1/2]")));
  });
});

describe("Korean (locale ko): the same commands, Korean words", () => {
  const planIn = (path: string, locale: "en" | "ko", text = readFileSync(path, "utf8")) => {
    const r = buildPlan(buildModel(text, { path }), { locale });
    if (!r.ok) throw new Error(r.error.message);
    return r.plan;
  };
  const KO: ScriptOptions = { ...FAST, locale: "ko" };

  it("English is the default: no locale and locale en give the same script", () => {
    for (const path of [SEED_AFTER, AIRFLOW])
      expect(renderStagedScript(planIn(path, "en"), { ...FAST, locale: "en" })).toBe(
        renderStagedScript(planOf(path), FAST),
      );
  });

  it("passes sh -n, prints Korean and runs the same command lines as the English script", () => {
    for (const path of [SEED_AFTER, AIRFLOW])
      for (const opts of [{}, { composeCommand: "docker-compose" }] as ScriptOptions[]) {
        const en = renderStagedScript(planIn(path, "en"), { ...FAST, ...opts });
        const ko = renderStagedScript(planIn(path, "ko"), { ...KO, ...opts });
        shSyntax(ko);
        expect(commandDifferences(en, ko)).toEqual([]);
        expect(changedLines(en, ko)).toBeGreaterThan(20);
        expect(ko).toMatch(HANGUL);
        // The stage calls (and so the status markers) are the same words.
        const calls = (s: string) => s.split("\n").filter((l) => l.startsWith("mlops_stage "));
        expect(calls(ko)).toEqual(calls(en));
        expect(calls(ko).length).toBeGreaterThan(1);
      }
  });

  it("the printed words inside double quotes hold no quote, backslash or backquote", () => {
    for (const [key, def] of Object.entries(CATALOGUES.get("plan")!))
      if (key.startsWith("sh"))
        for (const text of [def.en({}), def.ko({})]) {
          expect(text).not.toMatch(/["\\`]/);
          // `$name단계` would be read differently by shells that take more bytes into a name: `${name}단계`.
          expect(text).not.toMatch(/\$[A-Za-z_]\w*[\uac00-\ud7a3]/);
        }
  });

  it("a run says each stage in Korean and makes the same docker calls as the English run", () => {
    const enFake = fakeDocker({ compose: "v1" });
    const en = run(renderStagedScript(planIn(SEED_AFTER, "en"), FAST), enFake.env);
    const koFake = fakeDocker({ compose: "v1" });
    const status = join(koFake.state, "status");
    const ko = run(renderStagedScript(planIn(SEED_AFTER, "ko"), KO), {
      ...koFake.env,
      MLOPS_STATUS_FILE: status,
    });
    expect(ko.err).toBe("");
    expect(ko.code).toBe(0);
    expect(en.code).toBe(0);
    const lines = ko.out.trim().split("\n");
    // One Korean line for each English one.
    expect(lines.length).toBe(en.out.trim().split("\n").length);
    expect(lines[0]).toMatch(/^참고: Airflow 스케줄러\(`airflow scheduler`\)를 실행하는 서비스가 없습니다\./);
    expect(lines).toContain("[1/2] databases: postgres, postgres-mlflow ... 시작하는 중");
    expect(ko.out).toMatch(/\[1\/2\] databases: postgres: healthy \(\d+초\)/);
    expect(ko.out).toMatch(/\[1\/2\] databases: postgres, postgres-mlflow \.\.\. healthy \(\d+초\)/);
    expect(lines.at(-1)).toBe("2단계 모두 올라왔습니다.");
    const calls = (c: string[][]) => c.map((w) => w.join(" ")).filter((w) => !w.includes(koFake.state));
    expect(calls(koFake.calls())).toEqual(calls(enFake.calls()));
    // The status bar's markers stay the same words.
    expect(readFileSync(status, "utf8")).toBe(
      "stage 1 2 databases\nok 1 2 databases\nstage 2 2 applications\nok 2 2 applications\ndone\n",
    );
  });

  it("a failed database: the Korean failure lines, its logs, a non-zero exit", () => {
    const fake = fakeDocker({ compose: "v1", env: { FAKE_UNHEALTHY: "postgres-mlflow" } });
    const r = run(renderStagedScript(planIn(SEED_AFTER, "ko"), KO), fake.env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[1\/2\] databases: postgres-mlflow 실패 \(\d+초 후\): unhealthy/);
    expect(r.out).toContain("----- postgres-mlflow 로그 마지막 50줄 -----");
    expect(r.out).toContain("----- postgres-mlflow 로그 끝 -----");
    expect(r.out).toContain(
      "1/2단계(databases) 실패: postgres-mlflow: unhealthy (역시 준비되지 않음: postgres). 이후 단계는 시작하지 않았습니다.",
    );
    expect(ups(fake.calls())).toEqual([["up", "-d", "--no-deps", "postgres", "postgres-mlflow"]]);
  });

  it("a timeout and a one-shot job that fails, in Korean", () => {
    const slow = fakeDocker({ compose: "v1", env: { FAKE_STARTING: "postgres" } });
    const t = run(
      renderStagedScript(planIn(SEED_AFTER, "ko"), {
        locale: "ko",
        pollIntervalSeconds: 0.2,
        waitTimeoutSeconds: 1,
      }),
      slow.env,
    );
    expect(t.code).toBe(1);
    expect(t.out).toContain("1초 안에 준비되지 않음 (시간 초과, 마지막 상태: starting)");
    const bad = fakeDocker({ compose: "v1", env: { FAKE_ONESHOT: "airflow-init", FAKE_ONESHOT_EXIT: "1" } });
    const b = run(renderStagedScript(planIn(AIRFLOW, "ko"), KO), bad.env);
    expect(b.code).toBe(1);
    expect(b.out).toContain("airflow-init 실패");
    expect(b.out).toContain("종료 코드 1로 종료");
  });

  it("Docker not running: the Korean message and hint; the marker keeps the docker CLI's words", () => {
    const fake = fakeDocker({ compose: "v2", env: { FAKE_NO_DAEMON: "1" } });
    const status = join(fake.state, "status");
    const r = run(renderStagedScript(planIn(SEED_AFTER, "ko"), KO), {
      ...fake.env,
      MLOPS_STATUS_FILE: status,
    });
    expect(r.code).toBe(69);
    expect(r.err.trim().split("\n")).toEqual([
      "MLOps: Docker 데몬이 응답하지 않아 아무것도 실행하지 않았습니다.",
      "  Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
      `  ${planMessages.hintDown("ko")}`,
    ]);
    expect(readFileSync(status, "utf8")).toMatch(/^nodocker down Cannot connect/);
  });

  it("no compose CLI, and a given compose command with shell words in it: Korean, nothing run", () => {
    const empty = mkdtempSync(join(tmpdir(), "mlops-empty-path-"));
    const none = run(renderStagedScript(planIn(SEED_AFTER, "ko"), { locale: "ko" }), { PATH: empty });
    expect(none.code).toBe(127);
    expect(none.err).toContain("MLOps: Docker Compose를 찾을 수 없습니다");
    const dir = mkdtempSync(join(tmpdir(), "mlops-ko-hostile-"));
    const given = run(
      renderStagedScript(planIn(SEED_AFTER, "ko"), { locale: "ko", composeCommand: "nope';touch PWNED;'" }),
      { PATH: empty, HOME: dir },
    );
    expect(given.code).toBe(127);
    expect(given.err).toContain("MLOps: 지정한 compose 명령이 동작하지 않습니다: \"nope';touch PWNED;'\"");
    expect(existsSync("PWNED")).toBe(false);
  });
});
