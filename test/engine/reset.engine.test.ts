/**
 * "MLOps: Reset Environment" against a real Docker engine, with each compose CLI: the script
 * `mlops-compose reset-script --no-follow` prints first asks on the terminal (a pseudo-terminal
 * here) and, answered "no", deletes nothing; with `--yes` (the extension's confirmed run) it
 * takes the stack down with its named volumes, recreates missing bind-mount directories (the
 * post's `mkdir -p dags logs plugins mlruns`) and runs the staged start again, so the
 * databases come back EMPTY: a marker table created before the reset is gone after it.
 */
import { spawn } from "node:child_process";
import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docker, engine, run } from "./harness";
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

/** `sh SCRIPT` on a pseudo-terminal (util-linux `script`) that receives `typed`, against the engine. */
function onTerminal(
  scriptPath: string,
  typed: string,
  cwd: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/script", ["-q", "-e", "-c", `sh '${scriptPath}'`, "/dev/null"], {
      cwd,
      env: { ...process.env, ...engine().env },
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
    });
    child.on("close", (code) => resolve({ code, out }));
    child.stdin.end(typed);
  });
}

for (const cli of engine().composeClis)
  describe(`MLOps: Reset Environment on a real engine with ${cli.label}`, () => {
    it("asks first (no: nothing deleted); confirmed, deletes the named volumes, recreates missing bind-mount dirs, and the staged start brings the databases back empty", async () => {
      await withStack(
        stackYaml(),
        async (p) => {
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

          // As printed without --yes: it asks on the terminal; "no" deletes nothing.
          const asking = await generateScript(p, "reset-script", ["--no-follow"]);
          const askingPath = join(p.dir, "reset-asking.sh");
          await writeFile(askingPath, asking);
          const no = await onTerminal(askingPath, "no\n", p.dir);
          expect(no.code, no.out).toBe(1);
          expect(no.out).toContain(`of the compose project "${p.name}".`);
          expect(no.out).toContain("[reset] Type yes to delete them: ");
          expect(no.out).toContain("[reset] Not confirmed: nothing was deleted.");
          expect(await volumes(p.name)).toEqual(volsBefore);
          for (const svc of Object.keys(DB_USERS)) expect((await p.inspect(svc)).id).toBe(before[svc]);
          // Without a terminal at all (setsid: no controlling tty), it refuses as well.
          const detached = await run(["/usr/bin/setsid", "-w", "sh", askingPath], { cwd: p.dir });
          expect(detached.code).toBe(1);
          expect(detached.stderr).toContain("No terminal to ask on, so nothing was deleted.");
          expect(await volumes(p.name)).toEqual(volsBefore);

          const script = await generateScript(p, "reset-script", ["--no-follow", "--yes"]);
          expect(script).not.toMatch(/logs -f|system prune|\/dev\/tty/);
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
          console.log(
            `[reset] ${cli.label}: staged up ${up.durationMs} ms, reset (down -v + staged up) ${r.durationMs} ms`,
          );
        },
        { cli: cli.cmd },
      );
    });
  });
