/**
 * "MLOps: Check Connections" against a real Docker engine: the script `mlops-compose
 * check-script` prints runs pg_isready in each database container, logs in with every client
 * URL of the file (psql in a throw-away container of the database's image, on the compose
 * network) and `airflow db check` in the Airflow service, then prints a table and exits 1 when
 * anything failed. pg_isready accepts any user and password; the logins do not. With each
 * compose CLI; and while it runs, no process on the machine (containers' included: the host
 * sees them) has the password on its command line.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engine, run } from "./harness";
import { generateScript, runScript, type ScriptRun, stackYaml, transcript, withStack } from "./mlops-stack";

/**
 * Every command line on the machine that holds `needle`, sampled every few milliseconds until
 * stop() (what `ps -ef` would have shown anyone).
 */
function watchCommandLines(needle: string): { stop(): Promise<{ hits: string[]; samples: number }> } {
  const hits = new Set<string>();
  let samples = 0;
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      for (const pid of await readdir("/proc").catch(() => [] as string[])) {
        if (!/^\d+$/.test(pid)) continue;
        const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (cmd.includes(needle)) hits.add(cmd.replace(/\0/g, " "));
      }
      samples++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { hits: [...hits], samples };
    },
  };
}

/** The summary table at the end: [result, check] per row. */
function table(r: ScriptRun): string[][] {
  const head = r.lines.findIndex((l) => /^RESULT +CHECK$/.test(l));
  expect(head, transcript(r)).toBeGreaterThan(0);
  return r.lines
    .slice(head + 1)
    .filter((l) => /^(PASS|FAIL|SKIP) /.test(l))
    .map((l) => [l.slice(0, 6).trim(), l.slice(7)]);
}

const PG_READY = [
  ["PASS", "postgres: pg_isready -U airflow -d airflow"],
  ["PASS", "postgres-mlflow: pg_isready -U mlflow -d mlflow"],
];
const MLFLOW_LOGIN =
  "login postgresql://mlflow:***@postgres-mlflow:5432/mlflow (used by mlflow-migrate, mlflow)";
const AIRFLOW_LOGIN =
  "login postgresql+psycopg2://airflow:***@postgres:5432/airflow (used by airflow-webserver)";

for (const cli of engine().composeClis)
  describe(`MLOps: Check Connections on a real engine with ${cli.label}`, () => {
    it("passes every check on the healthy stack (exit 0) and reports a wrong password in a client URL as FAIL (exit 1)", async () => {
      await withStack(
        stackYaml(),
        async (p) => {
          const up = await runScript(p, await generateScript(p, "plan"), "staged-up");
          expect(up.code, transcript(up)).toBe(0);

          const good = await runScript(p, await generateScript(p, "check-script"), "check");
          expect(good.code, transcript(good)).toBe(0);
          expect(table(good)).toEqual([
            ...PG_READY,
            ["PASS", MLFLOW_LOGIN],
            ["PASS", AIRFLOW_LOGIN],
            ["PASS", "airflow-webserver: airflow db check"],
          ]);
          expect(good.lines.at(-1)).toBe("All 5 checks passed.");

          // The same running stack, checked against the file with a wrong password in MLflow's
          // backend-store URL (as after an edit, before a restart): that login fails, the one
          // with the right password (the command-line URL, same user and database) passes.
          const wrongFile = join(p.dir, "docker-compose.wrong-password.yml");
          await writeFile(wrongFile, stackYaml({ mlflowEnvPassword: "not-the-password" }));
          const badScript = await generateScript(p, "check-script", [], wrongFile);
          // The sampler does see a short-lived command line (0.3 s) with it.
          const control = watchCommandLines("not-the-password");
          await run(["sh", "-c", "sleep 0.3", "sh", "not-the-password (control)"]);
          expect((await control.stop()).hits).toEqual(["sh -c sleep 0.3 sh not-the-password (control) "]);
          const watch = watchCommandLines("not-the-password");
          const bad = await runScript(p, badScript, "check-wrong");
          const seen = await watch.stop();
          // The script's own text holds it (as the compose file does); no command line may.
          expect(badScript).toContain("not-the-password");
          expect(seen.samples).toBeGreaterThan(10);
          expect(seen.hits, "a command line held the password").toEqual([]);
          const why = transcript(bad);
          expect(bad.code, why).toBe(1);
          const wrongLogin =
            "login postgresql+psycopg2://mlflow:***@postgres-mlflow:5432/mlflow (used by mlflow)";
          expect(table(bad)).toEqual([
            ...PG_READY,
            ["PASS", MLFLOW_LOGIN],
            ["PASS", AIRFLOW_LOGIN],
            ["FAIL", wrongLogin],
            ["PASS", "airflow-webserver: airflow db check"],
          ]);
          expect(bad.lines.at(-1), why).toBe("1 check(s) failed.");
          // The failure shows psql's reason under the check's line, and never the password.
          const at = bad.lines.indexOf(`${wrongLogin} ... FAIL`);
          expect(at, why).toBeGreaterThanOrEqual(0);
          expect(bad.lines.slice(at + 1, at + 6).join("\n"), why).toMatch(
            /password authentication failed for user "mlflow"/,
          );
          expect(bad.stdout + bad.stderr).not.toContain("not-the-password");
          console.log(
            `[checks] ${cli.label}: staged up ${up.durationMs} ms; checks ${good.durationMs} ms and ${bad.durationMs} ms ` +
              `(${seen.samples} samples of every command line: none held the password)`,
          );
        },
        { cli: cli.cmd },
      );
    });
  });
