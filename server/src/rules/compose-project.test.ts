import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";
import { analyze } from "../engine";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes a project and lints `file` of it as the CLI does (path set: its project is loaded). */
function lintIn(files: Record<string, string>, file: string) {
  const dir = mkdtempSync(join(tmpdir(), "compose-project-"));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const text = files[file]!;
  return analyze(text, { path: join(dir, file) }).findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    text: text.slice(f.span.start, f.span.end),
    message: f.message,
  }));
}

describe("compose-project", () => {
  it("an extends cycle is one error where it closes", () => {
    expectFindings(
      "compose-project",
      `
services:
  a:
    image: x
    extends: b
  b:
    extends: c
  c:
    extends: a
#            ^ compose-project error no-fix: Extends cycle
`,
    );
  });

  it("a chain that ends is fine", () =>
    expectNoFindings(
      "compose-project",
      `
services:
  base:
    image: python:3.12
  worker:
    extends: base
`,
    ));

  it("an include cycle is one error at the path that closes it", () => {
    const found = lintIn(
      {
        "compose.yaml": "include: [b/compose.yaml]\nservices:\n  a:\n    image: x\n",
        "b/compose.yaml": "include: [../compose.yaml]\nservices:\n  b:\n    image: y\n",
      },
      "b/compose.yaml",
    );
    expect(found.filter((f) => f.rule === "compose-project")).toMatchObject([
      { severity: "error", text: "../compose.yaml" },
    ]);
  });

  it("a missing env file is a hint at the reference, not an error", () => {
    const found = lintIn(
      { "compose.yaml": "services:\n  a:\n    image: x\n    env_file: app.env\n" },
      "compose.yaml",
    );
    expect(found).toMatchObject([{ rule: "compose-project", severity: "hint", text: "app.env" }]);
  });

  it("a service defined in the file and in an included file is an error on the service", () => {
    const found = lintIn(
      {
        "compose.yaml": "include: [db.yaml]\nservices:\n  db:\n    image: postgres:16\n",
        "db.yaml": "services:\n  db:\n    image: postgres:15\n",
      },
      "compose.yaml",
    );
    expect(found).toMatchObject([{ rule: "compose-project", severity: "error", text: "db" }]);
  });
});

describe("rules see the whole project", () => {
  it("depends_on a service defined in the override file is not undefined", () => {
    const files = {
      "docker-compose.yml": "services:\n  app:\n    image: app\n    depends_on: [redis]\n",
      "docker-compose.override.yml": "services:\n  redis:\n    image: redis:7\n",
    };
    expect(lintIn(files, "docker-compose.yml").filter((f) => f.rule === "undefined-reference")).toEqual([]);
    // Alone (no override beside it), the same file is still wrong.
    expect(
      lintIn({ "docker-compose.yml": files["docker-compose.yml"] }, "docker-compose.yml").map((f) => f.rule),
    ).toContain("undefined-reference");
  });

  it("an override file is checked against the merged project: a name no file defines is undefined", () => {
    const files = {
      "compose.yaml": "services:\n  app:\n    image: app\n  db:\n    image: postgres:16\n",
      "compose.override.yaml": "services:\n  app:\n    depends_on: [db, dbb]\n",
    };
    const found = lintIn(files, "compose.override.yaml").filter((f) => f.rule === "undefined-reference");
    expect(found).toMatchObject([{ text: "dbb" }]);
    expect(found[0]!.message).toMatch(/defined in this project/);
  });

  it("networks and volumes declared in an included file are defined", () => {
    const files = {
      "compose.yaml":
        "include: [infra.yaml]\nservices:\n  app:\n    image: app\n    networks: [back]\n    volumes: [data:/data]\n",
      "infra.yaml": "services:\n  db:\n    image: postgres:16\nnetworks:\n  back: {}\nvolumes:\n  data: {}\n",
    };
    expect(lintIn(files, "compose.yaml").filter((f) => f.rule === "undefined-reference")).toEqual([]);
  });

  it("a URL host that a service of the override answers to is not a wrong host", () => {
    const files = {
      "compose.yaml":
        "services:\n  app:\n    image: ghcr.io/mlflow/mlflow:v2.9.2\n    command: mlflow server --backend-store-uri postgresql://u:p@pgdb:5432/m --host 0.0.0.0\n",
      "compose.override.yaml":
        "services:\n  pgdb:\n    image: postgres:16\n    environment: [POSTGRES_USER=u, POSTGRES_PASSWORD=p, POSTGRES_DB=m]\n",
    };
    const alone = lintIn({ "compose.yaml": files["compose.yaml"] }, "compose.yaml").map((f) => f.rule);
    expect(alone).toContain("wrong-db-host");
    expect(lintIn(files, "compose.yaml").map((f) => f.rule)).not.toContain("wrong-db-host");
  });
});
