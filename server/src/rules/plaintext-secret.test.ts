import { afterEach, describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import {
  applyProjectFix,
  makeProject,
  type Project,
  resolvedProject,
} from "../../../test/helpers/project-fix";
import { dedent, expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { isCredentialKey } from "../model/knowledge/credential-keys";

const STACK = `
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: mlflow
      POSTGRES_PASSWORD: mlflowpass
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:mlflowpass@db:5432/mlflow
  airflow:
    image: apache/airflow:2.10.4
    environment:
      - AIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=
      - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://mlflow:mlflowpass@db/airflow
`;

describe("plaintext-secret", () => {
  it("reports each secret value once, at its first place", () => {
    expectFindings(
      "plaintext-secret",
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD: mlflowpass
      #                        ^^^^^^^^^^ plaintext-secret info fix: \`POSTGRES_PASSWORD\` of \`db\` is a secret
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:mlflowpass@db:5432/mlflow
        airflow:
          image: apache/airflow:2.10.4
          environment:
            - AIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=
      #                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ plaintext-secret
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://mlflow:mlflowpass@db/airflow
      `,
    );
  });

  it("says where else the same secret is written", () => {
    const [f] = lintText(dedent(STACK)).filter((x) => x.rule === "plaintext-secret");
    expect(f.detail).toMatch(/2 more places \(`mlflow` and `airflow`\)/);
    expect(f.related?.length).toBe(2);
  });

  it("reports a literal URL password with no credential entry", () => {
    expectFindings(
      "plaintext-secret",
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: \${PG_PASSWORD:?}
        app:
          image: python:3.12
          environment:
            DATABASE_URL: postgresql://app:s3cret@db/app
      #                                    ^^^^^^ plaintext-secret: The URL password of \`app\`
      `,
    );
  });

  it("never reports a value from a variable, an empty one, a _FILE path or a user name", () => {
    expectNoFindings(
      "plaintext-secret",
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD: \${PG_PASSWORD}
            MYSQL_ROOT_PASSWORD: \${ROOT:-changeme}
            POSTGRES_PASSWORD_FILE: /run/secrets/pg
            REDIS_PASSWORD: ""
            AWS_ACCESS_KEY_ID: minioadmin
            MINIO_ACCESS_KEY: minioadmin
            SECRET_KEY_FILE: /run/secrets/key
            JWT_EXPIRY: "3600"
            # Corpus (rccohn/mlflow-server-docker): a path names where the credentials are.
            GOOGLE_APPLICATION_CREDENTIALS: /config
        app:
          image: python:3.12
          environment:
            DATABASE_URL: \${DATABASE_URL:-postgresql://app:dev@db/app}
            OTHER_URL: postgresql://app:\${PW}@db/app
      `,
    );
  });

  it("knows the credential names of the MLOps images", () => {
    for (const k of [
      "POSTGRES_PASSWORD",
      "MYSQL_ROOT_PASSWORD",
      "MINIO_ROOT_PASSWORD",
      "RABBITMQ_DEFAULT_PASS",
      "AWS_SECRET_ACCESS_KEY",
      "AIRFLOW__CORE__FERNET_KEY",
      "AIRFLOW__WEBSERVER__SECRET_KEY",
      "AIRFLOW__API_AUTH__JWT_SECRET",
      "MLFLOW_TRACKING_PASSWORD",
      "OPENAI_API_KEY",
      "GITHUB_TOKEN",
    ])
      expect(isCredentialKey(k), k).toBe(true);
    for (const k of [
      "POSTGRES_USER",
      "AWS_ACCESS_KEY_ID",
      "MINIO_ACCESS_KEY",
      "POSTGRES_PASSWORD_FILE",
      "SECRET_NAME",
      "KEY",
      "TOKEN_URL",
      "PASSWORD_LENGTH",
      "PUBLIC_KEY",
      "AIRFLOW__WEBSERVER__SECRET_KEY_CMD",
    ])
      expect(isCredentialKey(k), k).toBe(false);
  });

  it("fixes: every place of the secret, URLs included, becomes the variable", () => {
    expectFix(
      "plaintext-secret",
      STACK,
      `
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: mlflow
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:\${POSTGRES_PASSWORD:?}@db:5432/mlflow
  airflow:
    image: apache/airflow:2.10.4
    environment:
      - AIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=
      - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://mlflow:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db/airflow
`,
      // The result needs the .env the fix writes: validated with it below.
      {
        title: "Move `POSTGRES_PASSWORD` to .env",
        validate: false,
        options: {
          path: "/nonexistent/docker-compose.yml",
          variables: new Map([["POSTGRES_PASSWORD", "mlflowpass"]]),
        },
      },
    );
  });

  it("offers no fix when a place cannot be replaced exactly (a percent-escaped URL password)", () => {
    const text = dedent(`
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: p@ss
        app:
          image: python:3.12
          environment:
            DATABASE_URL: postgresql://app:p%40ss@db/app
    `);
    const [f] = lintText(text).filter((x) => x.rule === "plaintext-secret");
    expect(f.related?.length).toBe(1);
    expect(f.fixes).toEqual([]);
  });
});

describe("Move secrets to .env, on a project folder, under both Compose CLIs", () => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  const fixOf = (p: Project, title: string, variables?: Map<string, string>) => {
    const text = p.read("docker-compose.yml")!;
    const findings = lintText(text, { path: p.compose, variables }).filter(
      (f) => f.rule === "plaintext-secret",
    );
    const fix = findings[0]?.fixes?.find((f) => f.title === title);
    expect(fix, `fix "${title}" offered`).toBeDefined();
    return fix!;
  };

  it("moves every secret: .env created, .env.example listed, .gitignore gains .env; config resolves the same", () => {
    project = makeProject(
      { "docker-compose.yml": dedent(STACK), ".gitignore": "node_modules/\n" },
      { git: true },
    );
    const before = resolvedProject(project.dir);
    expect(
      before.every((r) => r.ok),
      JSON.stringify(before),
    ).toBe(true);
    const fix = fixOf(project, "Move secrets to .env");
    expect(fix.preferred).toBe(false);
    applyProjectFix(project.compose, fix);
    expect(project.read(".env")).toBe(
      "POSTGRES_PASSWORD=mlflowpass\nAIRFLOW__CORE__FERNET_KEY=46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho=\n",
    );
    expect(project.read(".env.example")).toBe("POSTGRES_PASSWORD=\nAIRFLOW__CORE__FERNET_KEY=\n");
    expect(project.read(".gitignore")).toBe("node_modules/\n.env\n");
    const compose = project.read("docker-compose.yml")!;
    expect(compose).not.toContain("mlflowpass");
    expect(compose).not.toContain("46BKJoQ");
    expect(resolvedProject(project.dir)).toEqual(before);
    // Nothing left to move.
    const vars = new Map([
      ["POSTGRES_PASSWORD", "mlflowpass"],
      ["AIRFLOW__CORE__FERNET_KEY", "46BKJoQYlPPOexq0OhDZnIlNepKFf87WFwLbfzqDDho="],
    ]);
    expect(
      lintText(compose, { path: project.compose, variables: vars }).filter(
        (f) => f.rule === "plaintext-secret",
      ),
    ).toEqual([]);
  });

  it("keeps an existing .env, never takes a name it gives another value, and leaves .gitignore alone outside git", () => {
    const env = "# local settings\nPOSTGRES_PASSWORD=other\nMLFLOW_PORT=5000";
    project = makeProject({ "docker-compose.yml": dedent(STACK), ".env": env });
    const variables = new Map([
      ["POSTGRES_PASSWORD", "other"],
      ["MLFLOW_PORT", "5000"],
    ]);
    const before = resolvedProject(project.dir);
    applyProjectFix(project.compose, fixOf(project, "Move `DB_POSTGRES_PASSWORD` to .env", variables));
    expect(project.read(".env")).toBe(`${env}\nDB_POSTGRES_PASSWORD=mlflowpass\n`);
    expect(project.read(".gitignore")).toBeUndefined();
    expect(project.read("docker-compose.yml")).toContain(
      "${DB_POSTGRES_PASSWORD:?set DB_POSTGRES_PASSWORD in .env}",
    );
    expect(resolvedProject(project.dir)).toEqual(before);
  });

  it("a moved secret with URL-safe punctuation resolves the same under both CLIs", () => {
    const text = dedent(`
      services:
        minio:
          image: minio/minio:RELEASE.2024-01-16T16-07-38Z
          command: server /data
          environment:
            - MINIO_ROOT_USER=admin
            - MINIO_ROOT_PASSWORD=Zx9_-.~+!*
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          environment:
            AWS_SECRET_ACCESS_KEY: "Zx9_-.~+!*"
    `);
    project = makeProject({ "docker-compose.yml": text }, { git: true });
    const before = resolvedProject(project.dir);
    expect(
      before.every((r) => r.ok),
      JSON.stringify(before),
    ).toBe(true);
    applyProjectFix(project.compose, fixOf(project, "Move secrets to .env"));
    expect(project.read(".env")).toBe("MINIO_ROOT_PASSWORD=Zx9_-.~+!*\n");
    expect(project.read(".gitignore")).toBe(".env\n");
    expect(resolvedProject(project.dir)).toEqual(before);
  });

  it("without .env, the result tells Compose to stop with the variable's name", () => {
    project = makeProject({ "docker-compose.yml": dedent(STACK) });
    applyProjectFix(project.compose, { ...fixOf(project, "Move secrets to .env"), fileEdits: [] });
    const [v2] = resolvedProject(project.dir);
    expect(v2.ok).toBe(false);
    expect(v2.output).toMatch(/required variable \w+ is missing a value: set \w+ in \.env/);
  });
});
