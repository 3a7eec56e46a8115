/**
 * Both Compose command lines as validators: `docker compose config -q` (v2) and
 * `docker-compose config -q` (v1), each on a copy of the text in its own `mktemp -d`
 * folder. A CLI that is missing is a failure, never a skip.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CliVerdict {
  cli: string;
  ok: boolean;
  output: string;
}

const CLIS: { name: string; argv: string[] }[] = [
  { name: "docker compose", argv: ["docker", "compose"] },
  { name: "docker-compose", argv: ["docker-compose"] },
];

export function composeConfigBoth(text: string, fileName = "docker-compose.yml"): CliVerdict[] {
  return CLIS.map(({ name, argv }) => {
    const dir = mkdtempSync(join(tmpdir(), "mcd-cli-"));
    try {
      writeFileSync(join(dir, fileName), text);
      const r = spawnSync(argv[0], [...argv.slice(1), "-f", fileName, "config", "-q"], {
        cwd: dir,
        encoding: "utf8",
        // No stray COMPOSE_* from the caller's environment.
        env: { PATH: process.env.PATH ?? "", HOME: dir },
        timeout: 60_000,
      });
      if (r.error)
        throw new Error(`${name} could not run (${r.error.message}): it is required for this test`);
      if (name === "docker compose" && /is not a docker command|unknown command/i.test(r.stderr))
        throw new Error("docker compose (v2) is not installed: it is required for this test");
      return { cli: name, ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
