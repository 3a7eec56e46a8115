/**
 * Staged Up waits for MLflow's `/health` before starting the services that depend on the
 * server (#14), on a real engine with each compose CLI.
 *
 * No MLflow image (nor a Python) can be had here: the server is a stand-in `mlflow` on the
 * local PostgreSQL image that becomes "healthy" 4 s after its container starts (it writes
 * the time into /tmp/mlflow-up), and a stand-in `python` that answers the script's probe
 * (`python -c <urllib code> <url>`) with 0 once that file exists, 1 before, logging every call.
 * What is proven is the wiring: the probe runs inside the server's container with the server's
 * own port, is repeated until it passes, and the client is created only after that; a server
 * that never answers stops the run before its client.
 */
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docker, engine, PG_IMAGE } from "./harness";
import {
  eventOf,
  generateScript,
  runScript,
  servicesWithContainers,
  transcript,
  watchEvents,
  withStack,
} from "./mlops-stack";

const MLFLOW_STANDIN = `#!/bin/sh
[ "$1" = server ] || { echo "stand-in mlflow: unsupported: $*" >&2; exit 2; }
echo "stand-in mlflow: $*"
sleep 4
date +%s%N >/tmp/mlflow-up
exec sleep 3600
`;

/** Answers `python -c CODE URL`: 0 once the stand-in server is up (or never, with NEVER_UP). */
const PYTHON_STANDIN = `#!/bin/sh
printf '%s|%s\\n' "$2" "$3" >>/tmp/probes
[ "$1" = -c ] && [ "$3" = http://127.0.0.1:5001/health ] || exit 2
[ -z "\${NEVER_UP:-}" ] && [ -e /tmp/mlflow-up ]
`;

const yaml = (neverUp: boolean) => `services:
  mlflow:
    image: ${PG_IMAGE}
    volumes:
      - ./standin/mlflow:/usr/local/bin/mlflow:ro
      - ./standin/python:/usr/local/bin/python:ro
    init: true
    environment: {NEVER_UP: "${neverUp ? "1" : ""}"}
    command: [mlflow, server, --host, 0.0.0.0, --port, "5001"]
  trainer:
    image: ${PG_IMAGE}
    init: true
    environment: {MLFLOW_TRACKING_URI: "http://mlflow:5001"}
    depends_on: [mlflow]
    command: [sleep, "3600"]
`;

const FILES = { "standin/mlflow": MLFLOW_STANDIN, "standin/python": PYTHON_STANDIN };

for (const cli of engine().composeClis)
  describe(`Staged Up: MLflow's /health on a real engine with ${cli.label}`, () => {
    it("starts the client only after the server's /health answered inside its container", async () => {
      await withStack(
        yaml(false),
        async (p) => {
          for (const f of Object.keys(FILES)) await chmod(join(p.dir, f), 0o755);
          const script = await generateScript(p, "plan");
          expect(script).toContain('mlops_http "$2" http://127.0.0.1:5001/health ;;');
          const events = watchEvents([`label=com.docker.compose.project=${p.name}`, "event=create"]);
          const r = await runScript(p, script, "staged-up-mlflow");
          const evs = await events.stop();
          const why = transcript(r);
          expect(r.code, why).toBe(0);
          expect(r.status, why).toEqual([
            "stage 1 2 applications",
            "ok 1 2 applications",
            "stage 2 2 applications (2)",
            "ok 2 2 applications (2)",
            "done",
          ]);
          const server = await p.inspect("mlflow");
          const up = await docker(["exec", server.id, "cat", "/tmp/mlflow-up"], { check: true });
          const upNs = BigInt(up.stdout.trim());
          const probes = (await docker(["exec", server.id, "cat", "/tmp/probes"], { check: true })).stdout
            .trim()
            .split("\n");
          // The script's own code and URL reached python as two exact arguments, several times.
          expect(new Set(probes)).toEqual(
            new Set([
              "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)|http://127.0.0.1:5001/health",
            ]),
          );
          expect(probes.length, why).toBeGreaterThanOrEqual(2);
          const trainer = await p.inspect("trainer");
          const created = eventOf(evs, trainer.id, "create");
          expect(created, why).toBeDefined();
          expect(created!.ns > upNs, "trainer was created before mlflow's /health answered").toBe(true);
          console.log(
            `[staged-up mlflow] ${cli.label}: ${probes.length} probes; trainer created ` +
              `${Number((created!.ns - upNs) / 1_000_000n)} ms after the server answered`,
          );
        },
        { cli: cli.cmd, files: FILES },
      );
    });

    it("a server whose /health never answers stops the run before its client", async () => {
      await withStack(
        yaml(true),
        async (p) => {
          for (const f of Object.keys(FILES)) await chmod(join(p.dir, f), 0o755);
          const script = await generateScript(p, "plan", ["--wait-timeout", "8"]);
          const r = await runScript(p, script, "staged-up-mlflow-down");
          const why = transcript(r);
          expect(r.code, why).toBe(1);
          expect(r.lines, why).toContainEqual(
            expect.stringMatching(
              /^\[1\/2\] applications: mlflow FAILED after \d+s: not ready within 8s \(timeout; last state: MLflow \/health does not answer yet\)$/,
            ),
          );
          expect(r.status, why).toEqual(["stage 1 2 applications", "failed 1 2 applications"]);
          expect(await servicesWithContainers(p)).toEqual(["mlflow"]);
        },
        { cli: cli.cmd, files: FILES },
      );
    });
  });
