/**
 * What healthcheck-wrong-port claims, on a real engine: a healthcheck probing the published
 * host port of `25433:5432` (`pg_isready -p 25433`) fails at every check, because the check runs
 * inside the container, where only 5432 is open (`no response`), while the same server answers
 * its container port; with the rule's preferred fix applied the service becomes healthy. The
 * linter gives exactly that finding (with the official image's name, which it knows). The claim
 * is Docker's, not Compose's: one CLI (the first) runs it.
 */
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { lintText } from "../helpers/lint";
import { docker, engine, PG_IMAGE, waitFor, withTempProject } from "./harness";

const FILE = `services:
  db:
    image: ${PG_IMAGE}
    environment:
      POSTGRES_PASSWORD: pw
      POSTGRES_INITDB_ARGS: --no-sync
    ports:
      - "127.0.0.1:25433:5432"
    stop_signal: SIGINT
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 25433 -U postgres"]
      interval: 1s
      timeout: 3s
      retries: 3
      start_period: 30s
`;
const RULE = "healthcheck-wrong-port";
const official = (yaml: string) => yaml.replaceAll(PG_IMAGE, "postgres:15");

interface Health {
  status: string;
  log: Array<{ ExitCode: number; Output: string }>;
}

async function health(id: string): Promise<Health> {
  const r = await docker(["inspect", "-f", "{{json .State.Health}}", id], { check: true });
  const h = JSON.parse(r.stdout) as { Status: string; Log: Health["log"] };
  return { status: h.Status, log: h.Log ?? [] };
}

describe("a healthcheck probing the published host port, on a real engine", () => {
  const cli = engine().composeClis[0];
  it("never passes while the server answers its container port; the fixed file is healthy", async () => {
    const findings = lintText(official(FILE)).filter((f) => f.rule === RULE);
    expect(findings.map((f) => [f.start.line, f.text, f.severity])).toEqual([[10, "25433", "error"]]);

    await withTempProject(
      FILE,
      async (p) => {
        const up = await p.compose(["up", "-d"]);
        expect(up.code, up.stderr).toBe(0);
        const id = (await p.containerId("db"))!;
        // The server is up on its container port ...
        await waitFor(
          "the server to answer on 5432",
          async () =>
            (await docker(["exec", id, "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]))
              .code === 0,
          90_000,
          500,
        );
        // ... and the check on the host port keeps failing.
        await waitFor("3 more checks", async () => (await health(id)).log.length >= 4, 60_000, 500);
        const h = await health(id);
        expect(h.status).not.toBe("healthy");
        for (const e of h.log.slice(-3)) {
          expect(e.ExitCode).not.toBe(0);
          expect(e.Output).toMatch(/127\.0\.0\.1:25433 - no response/);
        }
        console.log(`[healthcheck-wrong-port] ${cli.label}: ${h.status}; ${h.log.at(-1)?.Output.trim()}`);
      },
      { cli: cli.cmd },
    );

    const edits = lintText(official(FILE))
      .filter((f) => f.rule === RULE)
      .flatMap((f) => f.fixes?.find((x) => x.preferred)?.edits ?? []);
    const fixed = official(applyEdits(official(FILE), edits)).replaceAll("postgres:15", PG_IMAGE);
    expect(fixed).toContain('"pg_isready -h 127.0.0.1 -p 5432 -U postgres"');
    await withTempProject(
      fixed,
      async (p) => {
        const up = await p.compose(["up", "-d"]);
        expect(up.code, up.stderr).toBe(0);
        await p.waitHealthy("db", 90_000);
      },
      { cli: cli.cmd },
    );
  });
});
