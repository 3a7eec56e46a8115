/**
 * Proves the real-engine infrastructure: a private dockerd, the local PostgreSQL image,
 * compose (v1 or v2) and the harness. The stack mirrors the originating blog post's fixed
 * file: one PostgreSQL per application, and the MLflow stand-in waits for its database
 * with `depends_on: condition: service_healthy`.
 */
import { describe, expect, it } from "vitest";
import { docker, engine, PG_IMAGE, withTempProject } from "./harness";

const healthcheck = (user: string) => `
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "${user}", "-d", "${user}"]
      interval: 1s
      timeout: 3s
      retries: 60`;

const STACK = `
services:
  postgres:
    image: ${PG_IMAGE}
    environment:
      POSTGRES_USER: airflow
      POSTGRES_PASSWORD: airflow
      POSTGRES_DB: airflow
      POSTGRES_INITDB_ARGS: --no-sync
    stop_signal: SIGINT${healthcheck("airflow")}
    networks: [mlops]

  postgres-mlflow:
    image: ${PG_IMAGE}
    environment:
      POSTGRES_USER: mlflow
      POSTGRES_PASSWORD: mlflow
      POSTGRES_DB: mlflow
      POSTGRES_INITDB_ARGS: --no-sync
    volumes:
      - ./initdb:/docker-entrypoint-initdb.d:ro
    stop_signal: SIGINT${healthcheck("mlflow")}
    networks: [mlops]

  # Stand-in for the MLflow server: connects with the compose connection string, then idles.
  mlflow:
    image: ${PG_IMAGE}
    depends_on:
      postgres-mlflow:
        condition: service_healthy
    init: true
    command:
      - sh
      - -c
      - psql "postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow" -v ON_ERROR_STOP=1 -c 'select 1 as mlflow_db_ok' && exec sleep 3600
    networks: [mlops]

networks:
  mlops: {}
`;

// --no-sync: initdb without fsync takes ~2 s instead of ~10 s on a busy disk. The init
// script makes the first start deterministically slow instead, so the app has to wait.
const SLOW_INIT = { "initdb/10-slow-first-start.sh": 'echo "slow first start"; sleep 2\n' };

describe("real engine smoke test", () => {
  it("starts the app only after its database is healthy, and psql rejects a wrong password", async () => {
    const e = engine();
    console.log(
      `engine: ${e.dockerHost} dockerd ${e.serverVersion} (${e.storageDriver}), ` +
        `compose: ${e.composeCmd.join(" ")} ${e.composeVersion}, setup timings: ${JSON.stringify(e.timings)}`,
    );

    await withTempProject(
      STACK,
      async (p) => {
        const t0 = Date.now();
        // Docker keeps only the last 5 health checks: record them all while `up` runs.
        const watch = p.watchHealth("postgres-mlflow");
        // Plain `up -d` blocks on the service_healthy dependency (v1 and v2 alike).
        const up = await p.compose(["up", "-d"], { timeoutMs: 180_000 });
        const checks = await watch.stop();
        expect(up.code, up.stderr).toBe(0);
        const upMs = Date.now() - t0;

        const db = await p.inspect("postgres-mlflow");
        const app = await p.inspect("mlflow");
        expect(db.health).toBe("healthy");
        const firstHealthy = checks.find((h) => h.exitCode === 0);
        expect(firstHealthy, checks.map((h) => `${h.end} exit ${h.exitCode}`).join("\n")).toBeDefined();
        const failedBefore = checks.filter((h) => h.exitCode !== 0 && h.endNs < firstHealthy!.endNs).length;
        console.log(
          `up -d took ${upMs} ms; postgres-mlflow started ${db.startedAt}, first healthy check ended ` +
            `${firstHealthy!.end} after ${failedBefore} failing check(s); mlflow started ` +
            `${app.startedAt} (${(app.startedAtNs - firstHealthy!.endNs) / 1_000_000n} ms later)`,
        );
        // The database was not ready at once (the init script sleeps), so the app had to wait.
        expect(failedBefore).toBeGreaterThanOrEqual(1);
        expect(checks[0]!.startNs > db.startedAtNs).toBe(true);
        expect(app.startedAtNs > firstHealthy!.endNs).toBe(true);

        // The same order, seen in the daemon's event stream.
        const events = await p.events();
        const dbId = db.id;
        const healthyEv = events.find((ev) => ev.Actor.ID === dbId && ev.Action === "health_status: healthy");
        const appStartEv = events.find((ev) => ev.Actor.ID === app.id && ev.Action === "start");
        expect(
          healthyEv,
          events.map((ev) => `${ev.Action} ${ev.Actor.Attributes.name}`).join("\n"),
        ).toBeDefined();
        expect(appStartEv).toBeDefined();
        expect(appStartEv!.ns > healthyEv!.ns).toBe(true);

        // The app really connected: its psql printed the row and it is still running.
        const logs = await p.logs("mlflow");
        expect(logs).toMatch(/mlflow_db_ok[\s\S]*\(1 row\)/);
        expect(await p.health("mlflow")).toBe("running");

        // Airflow's database comes up too (nothing waited for it).
        await p.waitHealthy("postgres", 120_000);

        // Credentials are checked over the network (scram), unlike pg_isready. The wrong
        // password goes through a one-off `run --rm` container, as a user would check it.
        const bad = await p.compose(
          [
            "run",
            "--rm",
            "--no-deps",
            "-T",
            "mlflow",
            "psql",
            "postgresql://mlflow:wrong@postgres-mlflow:5432/mlflow",
            "-tAc",
            "select 42",
          ],
          { timeoutMs: 120_000 },
        );
        expect(bad.code).not.toBe(0);
        expect(bad.stdout + bad.stderr).toMatch(/password authentication failed for user "mlflow"/);
        // Controls, from inside the running app container (faster than more one-off containers).
        const psqlInApp = (url: string) => docker(["exec", app.id, "psql", url, "-tAc", "select 42"]);
        const good = await psqlInApp("postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow");
        expect(good.code, good.stderr).toBe(0);
        expect(good.stdout.trim()).toBe("42");
        // One database per application: Airflow's credentials do not open MLflow's server.
        const crossed = await psqlInApp("postgresql://airflow:airflow@postgres-mlflow:5432/airflow");
        expect(crossed.code).not.toBe(0);
        expect(crossed.stderr).toMatch(/password authentication failed for user "airflow"/);
        console.log(`checks after up -d took ${Date.now() - t0 - upMs} ms`);
      },
      { files: SLOW_INIT },
    );
  });
});
