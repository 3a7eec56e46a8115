/**
 * `mlops-compose config` as users run it (the built CLI, real files): the merged project,
 * Compose's own options, problems on standard error with exit 1, and `lint` of a base file
 * that knows its override.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli, tempProject } from "../helpers/cli";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" };

describe("mlops-compose config", () => {
  it("prints the merged project (override, env_file, .env) as JSON", () => {
    const dir = tempProject({
      "compose.yaml":
        "services:\n  app:\n    image: app:${TAG}\n    env_file: app.env\n    ports: ['80:80']\n",
      "compose.override.yaml": "services:\n  app:\n    ports: ['8080:8080']\n",
      "app.env": "DB_URL=postgresql://u:p@db/x\n",
      ".env": "TAG=3\n",
    });
    const r = runCli(["config", "--format", "json", dir], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const app = JSON.parse(r.stdout).services.app;
    expect(app.image).toBe("app:3");
    expect(app.environment).toEqual({ DB_URL: "postgresql://u:p@db/x" });
    expect(app.ports.map((p: { published: string }) => p.published)).toEqual(["80", "8080"]);
  });

  it("takes -f, --env-file and --profile like docker compose; YAML by default", () => {
    const dir = tempProject({
      "a.yml": "services:\n  a:\n    image: a:${V}\n  dbg:\n    image: busybox\n    profiles: [debug]\n",
      "prod.env": "V=prod\n",
    });
    const plain = parse(
      runCli(["config", "-f", "a.yml", "--env-file", "prod.env", dir], { env, cwd: dir }).stdout,
    );
    expect(plain.services.a.image).toBe("a:prod");
    expect(Object.keys(plain.services)).toEqual(["a"]);
    const debug = parse(runCli(["config", "-f", "a.yml", "--profile", "debug"], { env, cwd: dir }).stdout);
    expect(Object.keys(debug.services)).toEqual(["a", "dbg"]);
  });

  it("an include cycle goes to standard error with its line, and exits 1", () => {
    const dir = tempProject({
      "compose.yaml": "services:\n  a:\n    image: x\ninclude:\n  - b/compose.yaml\n",
      "b/compose.yaml": "include: [../compose.yaml]\nservices:\n  b:\n    image: y\n",
    });
    const r = runCli(["config", dir], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/compose\.yaml:5:1: error: Include cycle/);
  });

  it("a folder with no compose file is a usage error (2)", () => {
    const r = runCli(["config", tempProject({ "x.txt": "" })], { env });
    expect(r.code).toBe(2);
  });
});

describe("mlops-compose lint on a multi-file project", () => {
  it("a base file's depends_on a service of its override file is not an error; a missing env file is a hint", () => {
    const dir = tempProject({
      "docker-compose.yml":
        "services:\n  app:\n    image: app\n    env_file: app.env\n    depends_on: [redis]\n",
      "docker-compose.override.yml": "services:\n  redis:\n    image: redis:7\n",
    });
    const r = runCli(["lint", "--format", "json", `${dir}/docker-compose.yml`], { env });
    const findings: { rule: string; severity: string }[] = JSON.parse(r.stdout);
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(["compose-project hint"]);
    expect(r.code).toBe(0);
  });

  it("a finding in an env file is reported under the env file, once for the base and its override", () => {
    const dir = tempProject({
      "compose.yaml":
        "services:\n  db:\n    image: postgres:16\n    environment: {POSTGRES_PASSWORD: pw}\n" +
        "  app:\n    image: app\n    env_file: app.env\n",
      "compose.override.yaml": "services:\n  app:\n    depends_on: [db]\n",
      "app.env": "# the tracking store\nDATABASE_URL=postgresql://postgres:pw@localhost/postgres\n",
    });
    const text = runCli(["lint", "."], { env, cwd: dir });
    expect(text.stdout).toMatch(/^app\.env\n {2}2:39 {2}error {4}`localhost` in the URL of service `app`/m);
    expect(text.stdout.match(/db-host-localhost/g)).toHaveLength(1);
    expect(text.code).toBe(1);
    const json: { file: string; rule: string }[] = JSON.parse(
      runCli(["lint", "--format", "json", dir], { env }).stdout,
    );
    expect(json.filter((f) => f.rule === "db-host-localhost").map((f) => f.file)).toEqual([`${dir}/app.env`]);
  });

  it("-f, --env-file and --project-directory select the project as docker compose does", () => {
    const dir = tempProject({
      "base.yml":
        "services:\n  db:\n    image: postgres:${PG}\n    environment: {POSTGRES_PASSWORD: pw}\n" +
        "    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes: {pgdata: {}}\n",
      "extra.yml": "services:\n  app:\n    image: app\n    depends_on: [db]\n",
      "prod.env": "PG=18\n",
    });
    const rules = (args: string[]) =>
      (
        JSON.parse(runCli(["lint", "--format", "json", ...args], { env, cwd: dir }).stdout) as {
          rule: string;
        }[]
      )
        .map((f) => f.rule)
        .filter((r) => r !== "plaintext-secret");
    // Alone, extra.yml names a service it does not define; with base.yml it is one project.
    expect(rules(["extra.yml"])).toContain("undefined-reference");
    expect(rules(["-f", "base.yml", "-f", "extra.yml"])).not.toContain("undefined-reference");
    // The tag comes from --env-file: PostgreSQL 18 with the old data mount is an error only then.
    expect(rules(["-f", "base.yml", "-f", "extra.yml"])).not.toContain("postgres18-data-mount");
    expect(rules(["-f", "base.yml", "-f", "extra.yml", "--env-file", "prod.env"])).toContain(
      "postgres18-data-mount",
    );
    const bad = runCli(["lint", "-f", "base.yml", "extra.yml"], { env, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/give the project's files with -f, or PATHs, not both/);
  });
});
