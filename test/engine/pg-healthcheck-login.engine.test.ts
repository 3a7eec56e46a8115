/**
 * What pg-healthcheck-wrong-user claims, on a real engine: against a server whose only role is
 * `app` (POSTGRES_USER=app) and whose database is `mlflow`, `pg_isready -U postgres` and
 * `pg_isready -U app` (no `-d`: the database named after the user) exit 0, so the containers
 * become healthy, and the server logs `FATAL: role "postgres" does not exist` /
 * `FATAL: database "app" does not exist` at every check. The linter gives exactly those two
 * findings on the same file (with the official image's name), and with its preferred fixes
 * applied the services are healthy and log no FATAL line. The checks go over the Unix socket,
 * which the local image (like the official one, where loopback TCP is trusted too) trusts.
 * The claim is not about Compose, so one CLI (the first) runs it.
 */
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { lintText } from "../helpers/lint";
import { engine, PG_IMAGE, waitFor, withTempProject } from "./harness";

const service = (name: string, test: string) => `
  ${name}:
    image: ${PG_IMAGE}
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: mlflow
      POSTGRES_PASSWORD: pw
      POSTGRES_INITDB_ARGS: --no-sync
    stop_signal: SIGINT
    healthcheck:
      test: ${test}
      interval: 1s
      timeout: 3s
      retries: 3
      start_period: 30s`;

const FILE = `services:${[
  service("role", `["CMD-SHELL", "pg_isready -U postgres"]`),
  service("database", `["CMD-SHELL", "pg_isready -U app"]`),
].join("")}
`;
const RULE = "pg-healthcheck-wrong-user";
/** The same file as the linter sees it with the official image (it knows what that image creates). */
const official = (yaml: string) => yaml.replaceAll(PG_IMAGE, "postgres:15");

const ROLE = /FATAL: +role "postgres" does not exist/;
const DATABASE = /FATAL: +database "app" does not exist/;
/** The log lines of one FATAL kind (the server also logs "the database system is starting up" while it starts). */
const lines = (log: string, re: RegExp) => log.split("\n").filter((l) => re.test(l));

describe("pg_isready with a role or database the server lacks, on a real engine", () => {
  const cli = engine().composeClis[0];
  it("passes, and the server logs the FATAL line at every check; the fixed file logs none", async () => {
    const findings = lintText(official(FILE)).filter((f) => f.rule === RULE);
    expect(findings.map((f) => [f.start.line, f.text])).toEqual([
      [10, "postgres"],
      [24, "app"],
    ]);

    await withTempProject(
      FILE,
      async (p) => {
        const up = await p.compose(["up", "-d"]);
        expect(up.code, up.stderr).toBe(0);
        await p.waitHealthy("role", 90_000);
        await p.waitHealthy("database", 90_000);
        // Healthy, and more checks keep logging the same line.
        await waitFor(
          "three FATAL lines from each server",
          async () =>
            lines(await p.logs("role"), ROLE).length >= 3 &&
            lines(await p.logs("database"), DATABASE).length >= 3,
          60_000,
          500,
        );
        const role = lines(await p.logs("role"), ROLE);
        const database = lines(await p.logs("database"), DATABASE);
        expect(await p.health("role")).toBe("healthy");
        expect(await p.health("database")).toBe("healthy");
        console.log(
          `[pg-healthcheck-login] ${cli.label}: healthy; ${role[0]?.trim()} | ${database[0]?.trim()}`,
        );
      },
      { cli: cli.cmd },
    );

    // The preferred fixes, applied: healthy, and no FATAL line.
    const edits = lintText(official(FILE))
      .filter((f) => f.rule === RULE)
      .flatMap((f) => f.fixes?.find((x) => x.preferred)?.edits ?? []);
    const fixed = official(applyEdits(official(FILE), edits)).replaceAll("postgres:15", PG_IMAGE);
    expect(fixed).toContain('"pg_isready -U app -d mlflow"');
    expect(lintText(official(fixed)).filter((f) => f.rule === RULE)).toEqual([]);
    await withTempProject(
      fixed,
      async (p) => {
        const up = await p.compose(["up", "-d"]);
        expect(up.code, up.stderr).toBe(0);
        await p.waitHealthy("role", 90_000);
        await p.waitHealthy("database", 90_000);
        await new Promise((r) => setTimeout(r, 4000));
        for (const s of ["role", "database"]) {
          // While the socket-only init server runs, the database is not created yet: only the real server counts.
          const log = (await p.logs(s)).split("init process complete").pop() ?? "";
          expect(lines(log, /does not exist/), log).toEqual([]);
        }
      },
      { cli: cli.cmd },
    );
  });
});
