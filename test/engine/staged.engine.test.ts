/**
 * "MLOps: Staged Up" against a real Docker engine: the script is the one `mlops-compose plan
 * --format shell` prints (mlops-stack.ts checks it is also what server/src/plan generates),
 * run with `sh` as the extension's terminal runs it. The stack has the post's fixed shape (two
 * PostgreSQL servers with pg_isready healthchecks), a one-shot migration job and stand-in apps.
 *
 * Every test runs with each compose CLI the engine has (engine().composeClis: Compose v2 and
 * v1). `up --no-deps` ignores depends_on conditions, so the waiting proven here is the script's:
 * with v2 `up --wait` waits and the script reads the outcome; v1 has no `--wait`, and the
 * script polls. Both paths must print the same lines.
 */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engine, type HealthLogEntry, ns } from "./harness";
import {
  APPS,
  DATABASES,
  eventOf,
  generateScript,
  isCompose,
  runScript,
  servicesWithContainers,
  spyOnTools,
  stackYaml,
  transcript,
  watchEvents,
  withStack,
} from "./mlops-stack";

/** Every pattern matches a line, each after the previous one's line. */
function expectInOrder(lines: string[], patterns: RegExp[], why: string): void {
  let from = 0;
  for (const re of patterns) {
    const i = lines.findIndex((l, k) => k >= from && re.test(l));
    expect(i, `${re} not found after line ${from}\n${why}`).toBeGreaterThanOrEqual(0);
    from = i + 1;
  }
}

const ms = (a: bigint, b: bigint) => Number((a - b) / 1_000_000n);
const minNs = (a: bigint, b: bigint) => (a < b ? a : b);
const maxNs = (a: bigint, b: bigint) => (a > b ? a : b);

for (const cli of engine().composeClis)
  describe(`MLOps: Staged Up on a real engine with ${cli.label}`, () => {
    it("starts the databases, waits until they are healthy, runs the one-shot job to completion, then starts the apps", async () => {
      await withStack(
        stackYaml(),
        async (p) => {
          const script = await generateScript(p, "plan");
          // Docker keeps only 5 health checks: record the databases' whole history while it runs.
          const watches = DATABASES.map((s) => p.watchHealth(s));
          const eventWatch = watchEvents([
            `label=com.docker.compose.project=${p.name}`,
            "event=create",
            "event=start",
            "event=die",
            "event=health_status",
          ]);
          const spy = await spyOnTools(p.dir);
          const r = await runScript(p, script, "staged-up", { env: spy.env });
          const health: Record<string, HealthLogEntry[]> = {};
          for (const [i, s] of DATABASES.entries()) health[s] = await watches[i]!.stop();
          const events = await eventWatch.stop();
          const why = transcript(r);
          expect(r.code, why).toBe(0);

          // One line per event, in stage order (script.ts: mlops_stage).
          expectInOrder(
            r.lines,
            [
              /^\[1\/3\] databases: postgres, postgres-mlflow \.\.\. starting$/,
              /^\[1\/3\] databases: postgres, postgres-mlflow \.\.\. healthy after \d+s$/,
              /^\[2\/3\] one-shot jobs: mlflow-migrate \.\.\. starting$/,
              /^\[2\/3\] one-shot jobs: mlflow-migrate is completed after \d+s$/,
              /^\[2\/3\] one-shot jobs: mlflow-migrate \.\.\. completed after \d+s$/,
              /^\[3\/3\] applications: airflow-webserver, mlflow \.\.\. starting$/,
              /^\[3\/3\] applications: airflow-webserver, mlflow \.\.\. started after \d+s$/,
              /^All 3 stages are up\.$/,
            ],
            why,
          );
          const stage1Done = r.lines.findIndex((l) => /^\[1\/3\] databases: .* \.\.\. healthy after/.test(l));
          for (const db of DATABASES) {
            const i = r.lines.findIndex((l) =>
              new RegExp(`^\\[1/3\\] databases: ${db} is healthy after \\d+s$`).test(l),
            );
            expect(i, why).toBeGreaterThan(0);
            expect(i, why).toBeLessThan(stage1Done);
          }
          for (const app of APPS)
            expect(r.lines, why).toContainEqual(
              expect.stringMatching(new RegExp(`^\\[3/3\\] applications: ${app} is running after \\d+s$`)),
            );
          expect(r.status).toEqual([
            "stage 1 3 databases",
            "ok 1 3 databases",
            "stage 2 3 one-shot jobs",
            "ok 2 3 one-shot jobs",
            "stage 3 3 applications",
            "ok 3 3 applications",
            "done",
          ]);

          // The order, from the daemon: container times, health logs and the event stream.
          const c = Object.fromEntries(
            await Promise.all(
              ["postgres", "postgres-mlflow", "mlflow-migrate", "airflow-webserver", "mlflow"].map(
                async (s) => [s, await p.inspect(s)] as const,
              ),
            ),
          );
          const evLog = events.map((ev) => `${ev.ns} ${ev.Action} ${ev.Actor.Attributes.name}`).join("\n");
          const firstHealthy: Record<string, bigint> = {};
          for (const db of DATABASES) {
            const checks = health[db]!;
            const ok = checks.find((h) => h.exitCode === 0);
            expect(ok, `${db}: ${checks.map((h) => `${h.end} ${h.exitCode}`).join("\n")}`).toBeDefined();
            // The health log covers the container from its start: nothing missed before "healthy".
            expect(checks[0]!.startNs > c[db]!.startedAtNs).toBe(true);
            const ev = eventOf(events, c[db]!.id, "health_status: healthy");
            expect(ev, evLog).toBeDefined();
            firstHealthy[db] = minNs(ev!.ns, ok!.endNs);
          }
          // postgres-mlflow was certainly not ready when it started (its init script sleeps).
          const mlflowDb = health["postgres-mlflow"]!;
          const failing = mlflowDb.filter(
            (h) => h.exitCode !== 0 && h.endNs < firstHealthy["postgres-mlflow"]!,
          );
          expect(
            failing.length,
            mlflowDb.map((h) => `${h.end} ${h.exitCode} ${h.output.trim()}`).join("\n"),
          ).toBeGreaterThanOrEqual(2);
          const lastDbHealthy = maxNs(firstHealthy.postgres!, firstHealthy["postgres-mlflow"]!);

          // No later container was even created before BOTH databases were healthy (stage 1 first)...
          for (const s of ["mlflow-migrate", ...APPS]) {
            const created = eventOf(events, c[s]!.id, "create");
            expect(created, evLog).toBeDefined();
            expect(
              created!.ns > lastDbHealthy,
              `${s} created before the databases were healthy\n${evLog}`,
            ).toBe(true);
            expect(c[s]!.createdNs > lastDbHealthy).toBe(true);
            expect(c[s]!.startedAtNs > lastDbHealthy).toBe(true);
          }
          // ...and in particular no app started before its own database was healthy.
          expect(c["airflow-webserver"]!.startedAtNs > firstHealthy.postgres!).toBe(true);
          expect(c.mlflow!.startedAtNs > firstHealthy["postgres-mlflow"]!).toBe(true);

          // The one-shot job exited 0 before its dependants (stage 3) were created.
          const migrate = c["mlflow-migrate"]!;
          expect(migrate.status).toBe("exited");
          expect(migrate.exitCode).toBe(0);
          const died = eventOf(events, migrate.id, "die");
          expect(died?.Actor.Attributes.exitCode, evLog).toBe("0");
          for (const app of APPS) {
            const created = eventOf(events, c[app]!.id, "create")!;
            expect(created.ns > died!.ns, `${app} created before mlflow-migrate exited\n${evLog}`).toBe(true);
          }
          expect(ns(migrate.finishedAt) < c.mlflow!.startedAtNs).toBe(true);

          // The apps really connected with the compose URLs and keep running.
          expect(await p.logs("mlflow")).toMatch(/migrated_tables[\s\S]*\(1 row\)/);
          for (const app of APPS) expect(await p.health(app)).toBe("running");
          expect(await servicesWithContainers(p)).toEqual([
            "airflow-webserver",
            "mlflow",
            "mlflow-migrate",
            "postgres",
            "postgres-mlflow",
          ]);

          // The cost of waiting. Every compose call is slow here (v1 is a Python program: ~1-2 s
          // per call on this 2-core machine), so the wait loop must poll with `docker inspect` /
          // `docker exec` and ask compose only once per service for its container. When it
          // called compose for every service on every poll (ps + exec: 4 calls, ~8 s, per round
          // for the two databases), the end of a stage was seen up to ~10 s late.
          const calls = await spy.calls();
          const composeCalls = calls.filter(isCompose);
          const ups = composeCalls.filter((x) => /(^| )up -d --no-deps /.test(x.args));
          expect(ups.length, composeCalls.map((x) => x.args).join("\n")).toBe(3);
          expect(calls.every((x) => x.prog !== "docker-compose" || cli.id === "v1")).toBe(true);
          // v2 waits with `up --wait` (databases and apps; never the one-shot stage), v1 cannot.
          const native = ups.map((x) => / --wait /.test(x.args));
          expect(native).toEqual(cli.id === "v2" ? [true, false, true] : [false, false, false]);
          const inWait = (x: { startMs: number }) => x.startMs > ups[0]!.endMs && x.startMs < ups[1]!.startMs;
          const composeInWait = composeCalls.filter(inWait);
          const polls = calls.filter((x) => x.prog === "docker" && /^inspect /.test(x.args) && inWait(x));
          const costs = composeCalls.map((x) => x.endMs - x.startMs).sort((a, b) => a - b);
          const lag = ups[1]!.startMs - Number(lastDbHealthy / 1_000_000n);
          console.log(
            `[staged-up] ${cli.label}${native[0] ? " (up --wait)" : " (polling)"}; script ${r.durationMs} ms; ` +
              `databases healthy ${ms(lastDbHealthy, c.postgres!.startedAtNs)} ms after start ` +
              `(${failing.length} failing checks of postgres-mlflow first); stage 1 seen done ${lag} ms later; ` +
              `${composeCalls.length} compose calls (median ${costs[costs.length >> 1]} ms), ` +
              `${composeInWait.length} of them during stage 1's wait of ${polls.length} container polls`,
          );
          // Polling: several rounds. With `up --wait` compose has waited: one look per database after it.
          if (native[0]) expect(polls.length).toBeGreaterThanOrEqual(DATABASES.length);
          else expect(polls.length).toBeGreaterThan(DATABASES.length);
          expect(
            composeInWait.length,
            `compose calls while waiting for stage 1:\n${composeInWait.map((x) => `${x.endMs - x.startMs} ms: ${x.args}`).join("\n")}`,
          ).toBeLessThanOrEqual(DATABASES.length);
          expect(lag, "stage 1 was seen healthy long after the databases were").toBeLessThan(6000);
        },
        { cli: cli.cmd },
      );
    });

    // A database that never becomes healthy: stage 1 fails, with the database's logs, and
    // nothing of a later stage is even created.
    const neverHealthy = [
      {
        title: "stays 'starting' (wrong port in its healthcheck) until --wait-timeout",
        retries: 600,
        startPeriod: undefined,
        args: ["--wait-timeout", "15"],
        reason: /not ready within 15s \(timeout; last state: starting\)/,
        // The timeout is kept (polls are cheap) and the healthy database is not the one blamed.
        maxMs: 30_000,
      },
      {
        // start_period: the server has started (and logged) before the container turns unhealthy.
        title: "turns 'unhealthy' (retries: 2), failing at once",
        retries: 2,
        startPeriod: "5s",
        args: [],
        reason: /: unhealthy$/,
        // No waiting for the default 120 s timeout: unhealthy is final.
        maxMs: 45_000,
      },
    ];
    for (const t of neverHealthy) {
      it(`stops at stage 1 when postgres-mlflow ${t.title}`, async () => {
        await withStack(
          stackYaml({
            mlflowDbHealthTest: [
              "pg_isready",
              "-h",
              "127.0.0.1",
              "-p",
              "5999",
              "-U",
              "mlflow",
              "-d",
              "mlflow",
            ],
            mlflowDbRetries: t.retries,
            mlflowDbStartPeriod: t.startPeriod,
          }),
          async (p) => {
            const script = await generateScript(p, "plan", t.args);
            expect(script).toContain(`mlops_dc() { ${cli.cmd.join(" ")} `);
            const r = await runScript(p, script, "staged-up-broken");
            const why = transcript(r);
            expect(r.code, why).toBe(1);
            expect(r.durationMs, why).toBeLessThan(t.maxMs);
            if (t.args.length > 0)
              expect(r.lines, why).toContainEqual(
                expect.stringMatching(/^\[1\/3\] databases: postgres is healthy after \d+s$/),
              );
            const failLine = r.lines.findIndex((l) =>
              /^\[1\/3\] databases: postgres-mlflow FAILED after \d+s: /.test(l),
            );
            expect(failLine, why).toBeGreaterThan(0);
            expect(r.lines[failLine], why).toMatch(t.reason);
            // The last log lines of that service, between the script's markers.
            const from = r.lines.indexOf("----- last 50 log lines of postgres-mlflow -----");
            const to = r.lines.indexOf("----- end of postgres-mlflow logs -----");
            expect(from, why).toBe(failLine + 1);
            expect(to, why).toBeGreaterThan(from + 1);
            const logLines = r.lines.slice(from + 1, to).filter((l) => /^postgres-mlflow[-_ ]/.test(l));
            expect(logLines.length, why).toBeGreaterThan(0);
            expect(logLines.length, why).toBeLessThanOrEqual(50);
            expect(logLines.join("\n"), why).toMatch(/PostgreSQL|slow first start/);
            expect(r.lines[to + 1], why).toMatch(
              /^Stage 1\/3 \(databases\) failed: postgres-mlflow: .*\. Later stages were not started\.$/,
            );
            expect(
              r.lines.filter((l) => /^\[[23]\/3\]/.test(l)),
              why,
            ).toEqual([]);
            expect(r.stdout).not.toMatch(/All 3 stages are up/);
            expect(r.status).toEqual(["stage 1 3 databases", "failed 1 3 databases"]);
            // Only the databases have containers: no one-shot job, no app was created.
            expect(await servicesWithContainers(p)).toEqual(["postgres", "postgres-mlflow"]);
            console.log(
              `[staged-up broken] ${cli.label}: ${t.title}: failed after ${r.durationMs} ms: ${r.lines[failLine]}`,
            );
          },
          { cli: cli.cmd },
        );
      });
    }

    it("with the Docker daemon not answering: one message naming the cause and what to do, exit 69, nothing run", async () => {
      await withStack(
        stackYaml(),
        async (p) => {
          const script = await generateScript(p, "plan");
          const nowhere = `unix://${join(p.dir, "no-daemon.sock")}`;
          const r = await runScript(p, script, "staged-up-no-daemon", { env: { DOCKER_HOST: nowhere } });
          const why = transcript(r);
          expect(r.code, why).toBe(69);
          expect(r.stdout, why).toBe("");
          const err = r.stderr.trim().split("\n");
          expect(err, why).toEqual([
            "MLOps: the Docker daemon does not answer, so nothing was run.",
            `  Cannot connect to the Docker daemon at ${nowhere}. Is the docker daemon running?`,
            expect.stringMatching(
              /^ {2}Start Docker \(Docker Desktop, or `sudo systemctl start docker` on Linux\)/,
            ),
          ]);
          expect(r.status).toEqual([
            `nodocker down Cannot connect to the Docker daemon at ${nowhere}. Is the docker daemon running?`,
          ]);
          expect(await servicesWithContainers(p)).toEqual([]);
        },
        { cli: cli.cmd },
      );
    });
  });
