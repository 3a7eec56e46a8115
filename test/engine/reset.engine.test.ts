/**
 * "MLOps: Reset Environment" against a real Docker engine: the script `mlops-compose
 * reset-script --no-follow` prints (the modal confirmation before it is the extension's job)
 * takes the stack down with its named volumes, recreates missing bind-mount directories
 * (the post's `mkdir -p dags logs plugins mlruns`) and runs the staged start again, so the
 * databases come back EMPTY: a marker table created before the reset is gone after it.
 */
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docker, engine } from "./harness";
import {
  generateScript,
  psqlIn,
  runScript,
  stackYaml,
  transcript,
  watchEvents,
  withStack,
} from "./mlops-stack";

const DB_USERS: Record<string, string> = { postgres: "airflow", "postgres-mlflow": "mlflow" };

async function volumes(project: string): Promise<Map<string, string>> {
  const ls = await docker(["volume", "ls", "-q", "--filter", `label=com.docker.compose.project=${project}`], {
    check: true,
  });
  const names = ls.stdout.split("\n").filter(Boolean);
  const out = new Map<string, string>();
  for (const n of names) {
    const created = await docker(["volume", "inspect", "-f", "{{.CreatedAt}}", n], { check: true });
    out.set(n, created.stdout.trim());
  }
  return out;
}

describe("MLOps: Reset Environment on a real engine", () => {
  it("deletes the named volumes, recreates missing bind-mount dirs, and the staged start brings the databases back empty", async () => {
    const e = engine();
    await withStack(stackYaml(), async (p) => {
      const up = await runScript(p, await generateScript(p, "plan"), "staged-up");
      expect(up.code, transcript(up)).toBe(0);

      // Data to lose: a marker table in each database.
      const before: Record<string, string> = {};
      for (const [svc, user] of Object.entries(DB_USERS)) {
        const db = await p.inspect(svc);
        before[svc] = db.id;
        const made = await psqlIn(
          db.id,
          user,
          "create table reset_marker (note text); insert into reset_marker values ('before reset'); select count(*) from reset_marker",
        );
        expect(made.code, made.stderr).toBe(0);
        expect(made.stdout.trim().split("\n").at(-1)).toBe("1");
      }
      const vols = [`${p.name}_postgres_data`, `${p.name}_postgres_mlflow_data`];
      const volsBefore = await volumes(p.name);
      expect([...volsBefore.keys()].sort()).toEqual(vols);
      // A bind-mount directory that went missing (the post: mkdir -p dags logs plugins mlruns).
      await rm(join(p.dir, "mlruns"), { recursive: true, force: true });

      const script = await generateScript(p, "reset-script", [
        "--no-follow",
        "--compose-command",
        e.composeCmd.join(" "),
      ]);
      expect(script).not.toMatch(/logs -f|system prune/);
      const volWatch = watchEvents(["type=volume", ...vols.map((v) => `volume=${v}`)]);
      const t0 = BigInt(Date.now()) * 1_000_000n;
      const r = await runScript(p, script, "reset");
      const volEvents = (await volWatch.stop()).filter((ev) => ev.ns >= t0);
      const why = transcript(r);
      expect(r.code, why).toBe(0);

      expect(r.lines[0], why).toBe(
        "[reset] down -v --remove-orphans: removes the containers, networks and named volumes " +
          "(postgres_data (database data), postgres_mlflow_data (database data))",
      );
      expect(r.lines, why).toContain(`[reset] created ${join(p.dir, "mlruns")}`);
      expect((await stat(join(p.dir, "mlruns"))).isDirectory()).toBe(true);
      expect(r.lines, why).toContain("[3/3] applications: airflow-webserver, mlflow ... starting");
      expect(r.lines.at(-1), why).toBe("[reset] the stack is up.");
      expect(r.status).toEqual([
        "step down",
        "stage 1 3 databases",
        "ok 1 3 databases",
        "stage 2 3 one-shot jobs",
        "ok 2 3 one-shot jobs",
        "stage 3 3 applications",
        "ok 3 3 applications",
        "done",
      ]);

      // The daemon destroyed each database volume, then the staged start created it anew.
      const evLog = volEvents.map((ev) => `${ev.ns} ${ev.Action} ${ev.Actor.ID}`).join("\n");
      for (const v of vols) {
        const destroyed = volEvents.findIndex((ev) => ev.Actor.ID === v && ev.Action === "destroy");
        const created = volEvents.findIndex((ev) => ev.Actor.ID === v && ev.Action === "create");
        expect(destroyed, `${v}: no destroy event\n${evLog}`).toBeGreaterThanOrEqual(0);
        expect(created, `${v}: not created again\n${evLog}`).toBeGreaterThan(destroyed);
      }
      const volsAfter = await volumes(p.name);
      expect([...volsAfter.keys()].sort()).toEqual(vols);
      for (const v of vols)
        expect(Date.parse(volsAfter.get(v)!)).toBeGreaterThan(Date.parse(volsBefore.get(v)!));

      // New containers on the new volumes: the marker tables are gone, and the one-shot job
      // migrated the empty MLflow database again.
      for (const [svc, user] of Object.entries(DB_USERS)) {
        const db = await p.inspect(svc);
        expect(db.id).not.toBe(before[svc]);
        expect(db.health).toBe("healthy");
        const marker = await psqlIn(db.id, user, "select to_regclass('public.reset_marker') is null");
        expect(marker.code, marker.stderr).toBe(0);
        expect(marker.stdout.trim(), `${svc} still has the marker table`).toBe("t");
      }
      const migrated = await psqlIn(
        (await p.inspect("postgres-mlflow")).id,
        "mlflow",
        "select count(*) from alembic_version",
      );
      expect(migrated.code, migrated.stderr).toBe(0);
      console.log(`[reset] staged up ${up.durationMs} ms, reset (down -v + staged up) ${r.durationMs} ms`);
    });
  });
});
