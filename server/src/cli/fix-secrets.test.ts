import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, type Project, resolvedProject } from "../../../test/helpers/project-fix";
import { dedent } from "../../../test/helpers/rule-test";
import { type Io, main } from "./main";

const STACK = dedent(`
  services:
    postgres:
      image: postgres:16
      environment:
        POSTGRES_USER: airflow
        POSTGRES_PASSWORD: airflowpw
      ports:
        - "127.0.0.1:5432:5432"
    airflow:
      image: apache/airflow:2.10.4
      environment:
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflowpw@postgres/airflow
        AIRFLOW__CORE__FERNET_KEY: 46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=
        AIRFLOW__WEBSERVER__SECRET_KEY: "a secret with spaces"
`);

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    write: (s) => out.push(s),
    isTTY: false,
  };
  return main(args, io).then((code) => ({ code, stdout: out.join("\n"), stderr: err.join("\n") }));
}

describe("lint --fix-secrets", () => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("moves what it can, prints names and never values, keeps .env, and the project resolves the same", async () => {
    project = makeProject({ "docker-compose.yml": STACK, ".env": "AIRFLOW_UID=50000\n" }, { git: true });
    const before = resolvedProject(project.dir);
    expect(
      before.every((r) => r.ok),
      JSON.stringify(before),
    ).toBe(true);
    const r = await cli(["lint", "--fix-secrets", project.compose]);
    const printed = r.stdout + r.stderr;
    for (const secret of ["airflowpw", "46BKJoQ", "a secret with spaces"])
      expect(printed).not.toContain(secret);
    expect(r.stderr).toMatch(
      /moved 2 secrets to \.env \(POSTGRES_PASSWORD, AIRFLOW__CORE__FERNET_KEY\); wrote \.env, \.env\.example, \.gitignore; 1 left in the file/,
    );
    expect(project.read(".env")).toBe(
      "AIRFLOW_UID=50000\nPOSTGRES_PASSWORD=airflowpw\nAIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=\n",
    );
    expect(project.read(".gitignore")).toBe(".env\n");
    expect(project.read(".env.example")).toBe("POSTGRES_PASSWORD=\nAIRFLOW__CORE__FERNET_KEY=\n");
    const compose = project.read("docker-compose.yml")!;
    expect(compose).not.toContain("airflowpw");
    // The one with spaces cannot go unquoted into .env: it stays, and is still reported.
    expect(compose).toContain('"a secret with spaces"');
    expect(r.stdout).toMatch(/AIRFLOW__WEBSERVER__SECRET_KEY/);
    expect(resolvedProject(project.dir)).toEqual(before);
    // A second run has nothing more to move and changes nothing.
    const again = await cli(["lint", "--fix-secrets", project.compose]);
    expect(again.stderr).toMatch(/no secret could be moved; 1 left/);
    expect(project.read("docker-compose.yml")).toBe(compose);
  });

  it("a new .env is readable by its owner only", async () => {
    project = makeProject({ "docker-compose.yml": STACK });
    await cli(["lint", "--fix-secrets", project.compose]);
    expect(statSync(join(project.dir, ".env")).mode & 0o077).toBe(0);
    expect(project.read(".gitignore")).toBeUndefined();
  });

  it("moves the same secrets in Korean (the fix is found by its English title)", async () => {
    project = makeProject({ "docker-compose.yml": STACK });
    await cli(["lint", "--locale", "ko", "--fix-secrets", project.compose]);
    expect(project.read(".env")).toBe(
      "POSTGRES_PASSWORD=airflowpw\nAIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=\n",
    );
    expect(readFileSync(project.compose, "utf8")).not.toContain("airflowpw");
  });

  it("plain --fix never moves a secret", async () => {
    project = makeProject({ "docker-compose.yml": STACK }, { git: true });
    await cli(["lint", "--fix", project.compose]);
    expect(project.read(".env")).toBeUndefined();
    expect(readFileSync(project.compose, "utf8")).toContain("airflowpw");
  });

  it("refuses standard input", async () => {
    const r = await cli(["lint", "--fix-secrets", "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fix-secrets writes the \.env beside the file/);
  });
});
