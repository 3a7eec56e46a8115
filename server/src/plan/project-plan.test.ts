/**
 * Staged Up on a multi-file project: the plan is made from the merged project (the override
 * file's healthcheck and depends_on count, env files are read) and every compose call
 * passes the same `-f` files, which Compose v2 itself accepts as one project.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findComposeV2, guarded } from "../../../test/helpers/compose-cli";
import { planFromText } from ".";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "project-plan-"));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const BASE = `services:
  app:
    image: ghcr.io/mlflow/mlflow:v2.9.2
    command: mlflow server --host 0.0.0.0 --backend-store-uri \${DB_URL}
    env_file: app.env
`;
const OVERRIDE = `services:
  app:
    depends_on:
      db: {condition: service_healthy}
  db:
    image: postgres:16
    environment: [POSTGRES_PASSWORD=p]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 2s
`;

describe("Staged Up on a multi-file project", () => {
  it("plans the merged project and passes every file with -f", () => {
    const dir = project({
      "compose.yaml": BASE,
      "compose.override.yaml": OVERRIDE,
      "app.env": "MLFLOW_TRACKING_URI=http://app:5000\n",
    });
    const bundle = planFromText(BASE, { path: join(dir, "compose.yaml") });
    expect(bundle.ok).toBe(true);
    if (!bundle.ok) return;
    expect(bundle.plan.file).toBe(join(dir, "compose.yaml"));
    expect(bundle.plan.overrides).toEqual([join(dir, "compose.override.yaml")]);
    // The database only the override defines comes first, waited for by its healthcheck.
    expect(bundle.plan.stages.map((s) => [s.services.map((x) => x.name), s.wait])).toEqual([
      [["db"], "healthy"],
      [["app"], expect.any(String)],
    ]);
    expect(bundle.compose).toContain(
      `-f ${join(dir, "compose.yaml")} -f ${join(dir, "compose.override.yaml")}`,
    );
    expect(bundle.script).toContain(`-f "$MLOPS_FILE" -f ${join(dir, "compose.override.yaml")}`);
    // The env file's variables are the service's environment in the merged model.
    expect(bundle.model.serviceByName.get("app")!.environment.map((e) => e.name)).toContain(
      "MLFLOW_TRACKING_URI",
    );

    // Compose v2 reads the same files as one project with the same services.
    const v2 = findComposeV2();
    expect(v2, "Compose v2 is required").toBeDefined();
    const args = ["-f", bundle.plan.file, ...bundle.plan.overrides!.flatMap((f) => ["-f", f])];
    const [file, ...rest] = guarded(
      [...v2!.argv, ...args, "--project-directory", dir, "config", "--services"],
      20_000,
    );
    const r = spawnSync(file!, rest, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(["app", "db"]);
  });

  it("a file alone is planned alone, with one -f", () => {
    const dir = project({ "compose.yaml": "services:\n  db:\n    image: postgres:16\n" });
    const bundle = planFromText("services:\n  db:\n    image: postgres:16\n", {
      path: join(dir, "compose.yaml"),
    });
    expect(bundle.ok && bundle.plan.overrides).toBeUndefined();
    expect(bundle.ok && bundle.compose.match(/ -f /g)?.length).toBe(1);
  });
});
