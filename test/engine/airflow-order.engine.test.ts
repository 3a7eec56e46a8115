/**
 * Staged Up knows the Airflow order (#15): databases, then the migration job run to
 * completion, then the components, on a real engine with each compose CLI (v2 `docker
 * compose`, v1 `docker-compose`).
 *
 * The stand-in project (no Airflow image can be had here): everything runs on the local
 * PostgreSQL image, with a stand-in `airflow` program. `airflow db migrate` sleeps, then
 * creates the schema (a table that exists only once it has run) and exits 0;
 * `airflow scheduler`/`webserver` exit 1 when that table is missing, else keep running. The
 * components' depends_on names only the database, not the migration job: compose alone would
 * start them at once and they would fail. The order is the plan's (facts.airflow: the job
 * that migrates and runs nothing long-running), and the plan says so in a note.
 */
import { describe, expect, it } from "vitest";
import { docker, engine, ns, PG_IMAGE } from "./harness";
import {
  eventOf,
  generateScript,
  psqlIn,
  runScript,
  servicesWithContainers,
  transcript,
  watchEvents,
  withStack,
} from "./mlops-stack";

const URL = "postgresql+psycopg2://airflow:airflow@postgres:5432/airflow";

/** The stand-in `airflow`: the migration takes a while; the components need its table. */
const AIRFLOW_STANDIN = `#!/bin/sh
url=$(printf '%s' "$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" | sed 's#^postgresql+[a-z0-9]*://#postgresql://#')
case "$*" in
  "db migrate")
    sleep 4
    exec psql "$url" -v ON_ERROR_STOP=1 -c 'create table alembic_version (version_num varchar(32) primary key)' ;;
  scheduler|webserver)
    if ! psql "$url" -v ON_ERROR_STOP=1 -tAc 'select count(*) from alembic_version' >/dev/null; then
      echo "stand-in airflow $1: the database is not migrated" >&2; exit 1
    fi
    echo "stand-in airflow $1: migrated database, running"
    exec sleep 3600 ;;
  *) echo "stand-in airflow: unsupported: $*" >&2; exit 2 ;;
esac
`;

const component = (name: string, command: string) => `
  ${name}:
    image: ${PG_IMAGE}
    environment: {AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: "${URL}"}
    volumes: ["./standin/airflow:/usr/local/bin/airflow:ro"]
    init: true
    depends_on: {postgres: {condition: service_healthy}}
    command: [airflow, ${command}]
`;

const YAML = `services:
  postgres:
    image: ${PG_IMAGE}
    environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow, POSTGRES_DB: airflow, POSTGRES_INITDB_ARGS: --no-sync}
    stop_signal: SIGINT
    healthcheck:
      test: [CMD, pg_isready, -h, 127.0.0.1, -U, airflow, -d, airflow]
      interval: 1s
      timeout: 3s
      retries: 60
${component("airflow-webserver", "webserver")}${component("airflow-scheduler", "scheduler")}
  # The migration job: its dependants do not say they wait for it.
  airflow-init:
    image: ${PG_IMAGE}
    environment: {AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: "${URL}"}
    volumes: ["./standin/airflow:/usr/local/bin/airflow:ro"]
    depends_on: {postgres: {condition: service_healthy}}
    command: [airflow, db, migrate]
`;

const COMPONENTS = ["airflow-webserver", "airflow-scheduler"];

for (const cli of engine().composeClis)
  describe(`Staged Up: the Airflow order on a real engine with ${cli.label}`, () => {
    it("runs the migration job to completion before the components, which its depends_on does not say", async () => {
      await withStack(
        YAML,
        async (p) => {
          const script = await generateScript(p, "plan");
          const events = watchEvents([
            `label=com.docker.compose.project=${p.name}`,
            "event=create",
            "event=start",
            "event=die",
            "event=health_status",
          ]);
          const r = await runScript(p, script, "staged-up-airflow");
          const evs = await events.stop();
          const why = transcript(r);
          expect(r.code, why).toBe(0);
          const evLog = evs.map((ev) => `${ev.ns} ${ev.Action} ${ev.Actor.Attributes.name}`).join("\n");

          // The plan's note, said before stage 1, and the three stages.
          const note =
            "Note: airflow-webserver, airflow-scheduler start after airflow-init (the Airflow database migration) " +
            "has exited with code 0, although their depends_on does not wait for it " +
            "(add `condition: service_completed_successfully`, so that `docker compose up` waits too).";
          expect(r.lines[0], why).toBe(note);
          expect(r.status, why).toEqual([
            "stage 1 3 databases",
            "ok 1 3 databases",
            "stage 2 3 one-shot jobs",
            "ok 2 3 one-shot jobs",
            "stage 3 3 applications",
            "ok 3 3 applications",
            "done",
          ]);
          expect(r.lines, why).toContainEqual(
            expect.stringMatching(/^\[2\/3\] one-shot jobs: airflow-init is completed after \d+s$/),
          );

          // From the daemon: the job exited 0 before any component was even created.
          const init = await p.inspect("airflow-init");
          expect(init.status).toBe("exited");
          expect(init.exitCode).toBe(0);
          const died = eventOf(evs, init.id, "die");
          expect(died?.Actor.Attributes.exitCode, evLog).toBe("0");
          // Docker keeps only the last 5 health checks: the event says when postgres turned healthy.
          const pg = await p.inspect("postgres");
          const healthy = eventOf(evs, pg.id, "health_status: healthy");
          expect(healthy, evLog).toBeDefined();
          expect(
            init.startedAtNs > healthy!.ns,
            `airflow-init started before postgres was healthy\n${evLog}`,
          ).toBe(true);
          for (const c of COMPONENTS) {
            const t = await p.inspect(c);
            const created = eventOf(evs, t.id, "create");
            expect(created, evLog).toBeDefined();
            expect(created!.ns > died!.ns, `${c} created before airflow-init exited\n${evLog}`).toBe(true);
            expect(t.startedAtNs > ns(init.finishedAt)).toBe(true);
            // It found the migrated schema and keeps running (it exits 1 on an unmigrated one).
            expect(t.status, await p.logs(c)).toBe("running");
            expect(await p.logs(c)).toMatch(/migrated database, running/);
          }
          // The control: on an unmigrated database the stand-in component does fail (so its running
          // above proves the order, not a lenient stand-in).
          expect((await psqlIn(pg.id, "airflow", "alter table alembic_version rename to moved")).code).toBe(
            0,
          );
          const unmigrated = await docker([
            "exec",
            (await p.inspect("airflow-scheduler")).id,
            "airflow",
            "scheduler",
          ]);
          expect(unmigrated.code, unmigrated.stderr).toBe(1);
          expect(unmigrated.stderr).toContain("the database is not migrated");
          expect(await servicesWithContainers(p)).toEqual([
            "airflow-init",
            "airflow-scheduler",
            "airflow-webserver",
            "postgres",
          ]);
          console.log(
            `[staged-up airflow] ${cli.label}: script ${r.durationMs} ms; airflow-init ran ` +
              `${Number((ns(init.finishedAt) - init.startedAtNs) / 1_000_000n)} ms; components created ` +
              `${Number((eventOf(evs, (await p.inspect(COMPONENTS[0]!)).id, "create")!.ns - died!.ns) / 1_000_000n)} ms after it exited`,
          );
        },
        { cli: cli.cmd, files: { "standin/airflow": AIRFLOW_STANDIN } },
      );
    });
  });
