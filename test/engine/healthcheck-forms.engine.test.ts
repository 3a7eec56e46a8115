/**
 * What healthcheck-cmd-array claims, on a real engine with each compose CLI: against one
 * running PostgreSQL server (the local image), a `CMD` whose program is one string with
 * spaces and a string test starting with `CMD-SHELL` never pass (their outputs are the
 * errors the rule's detail quotes), `CMD-SHELL` with extra items runs the first one alone
 * (the others are `$0`, …), and the forms the rule's fixes write pass. The linter gives
 * exactly those findings on the same file, and its fixed file is healthy everywhere.
 */
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { lintText } from "../helpers/lint";
import { docker, engine, PG_IMAGE, waitFor, withTempProject } from "./harness";

const service = (name: string, test: string) => `
  ${name}:
    image: ${PG_IMAGE}
    environment:
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
  service("right", `["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]`),
  service("one-string", `["CMD", "pg_isready -h 127.0.0.1 -U postgres"]`),
  service("string-kind", `"CMD-SHELL pg_isready -h 127.0.0.1 -U postgres"`),
  service("extra-items", `["CMD-SHELL", "echo", "words", "after"]`),
].join("")}
`;

interface Health {
  status: string;
  log: Array<{ ExitCode: number; Output: string }>;
}

async function health(id: string): Promise<Health> {
  const r = await docker(["inspect", "-f", "{{json .State.Health}}", id], { check: true });
  const h = JSON.parse(r.stdout) as { Status: string; Log: Health["log"] };
  return { status: h.Status, log: h.Log ?? [] };
}

for (const cli of engine().composeClis)
  describe(`healthcheck forms on a real engine with ${cli.label}`, () => {
    it("a CMD program named with spaces and a CMD-SHELL string never pass; extra CMD-SHELL items are not run; the fixed file is healthy", async () => {
      const findings = lintText(FILE).filter((f) => f.rule === "healthcheck-cmd-array");
      expect(findings.map((f) => [f.start.line, f.severity])).toEqual([
        [20, "error"],
        [32, "error"],
        [44, "warning"],
      ]);

      await withTempProject(
        FILE,
        async (p) => {
          const up = await p.compose(["up", "-d"]);
          expect(up.code, up.stderr).toBe(0);
          const ids: Record<string, string> = {};
          for (const s of ["right", "one-string", "string-kind", "extra-items"])
            ids[s] = (await p.containerId(s))!;
          // The right form passes once the server is up; by then the others have run several checks.
          await p.waitHealthy("right", 90_000);
          await waitFor(
            "each other service to have run 3 checks",
            async () =>
              (
                await Promise.all(["one-string", "string-kind", "extra-items"].map((s) => health(ids[s])))
              ).every((h) => h.log.length >= 3),
            60_000,
            500,
          );
          const right = await health(ids.right);
          expect(right.status).toBe("healthy");

          const one = await health(ids["one-string"]);
          expect(one.status).not.toBe("healthy");
          expect(one.log.length).toBeGreaterThan(0);
          for (const e of one.log) {
            expect(e.ExitCode).not.toBe(0);
            expect(e.Output).toMatch(
              /exec: "pg_isready -h 127\.0\.0\.1 -U postgres": executable file not found in \$PATH/,
            );
          }

          const kind = await health(ids["string-kind"]);
          expect(kind.status).not.toBe("healthy");
          for (const e of kind.log) {
            expect(e.ExitCode).toBe(127);
            expect(e.Output).toMatch(/CMD-SHELL: not found/);
          }

          // `echo` ran alone: "words" and "after" were $0 and $1, never printed.
          const extra = await health(ids["extra-items"]);
          expect(extra.log.length).toBeGreaterThan(0);
          for (const e of extra.log) {
            expect(e.ExitCode).toBe(0);
            expect(e.Output.trim()).toBe("");
          }
          console.log(
            `[healthcheck-forms] ${cli.label}: right ${right.status}; one-string ${one.status} (${one.log[0]?.Output.trim()}); ` +
              `string-kind ${kind.status} (${kind.log[0]?.Output.trim()}); extra-items printed ${JSON.stringify(extra.log[0]?.Output)}`,
          );
        },
        { cli: cli.cmd },
      );

      // The preferred fixes, applied: every service becomes healthy.
      const edits = lintText(FILE)
        .filter((f) => f.rule === "healthcheck-cmd-array")
        .flatMap((f) => f.fixes?.find((x) => x.preferred)?.edits ?? []);
      expect(edits).toHaveLength(3);
      const fixed = applyEdits(FILE, edits);
      expect(lintText(fixed).filter((f) => f.rule === "healthcheck-cmd-array")).toEqual([]);
      await withTempProject(
        fixed,
        async (p) => {
          const up = await p.compose(["up", "-d"]);
          expect(up.code, up.stderr).toBe(0);
          for (const s of ["right", "one-string", "string-kind", "extra-items"])
            await p.waitHealthy(s, 90_000);
        },
        { cli: cli.cmd },
      );
    });
  });
