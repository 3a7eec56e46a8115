import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "db-password-missing";
const vars = (o: Record<string, string>) => ({ variables: new Map(Object.entries(o)) });

const DB = `
      services:
        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_DB=mlflow
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
        mlflow:
          image: mlflow/mlflow:2.7.1`;

describe(ID, () => {
  it("the blog's `mlflow:@postgres-mlflow` (empty password), `mlflow@` (no ':') and no credentials", () => {
    const found = expectFindings(
      ID,
      `${DB}
          environment:
            A: postgresql://mlflow:@postgres-mlflow:5432/mlflow
      #                     ^^^^^^^ db-password-missing
            B: postgresql://mlflow@postgres-mlflow:5432/mlflow
      #                     ^^^^^^ db-password-missing
            C: postgresql://postgres-mlflow:5432/mlflow
      #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ db-password-missing
      `,
    );
    expect(fullMessage(found[0])).toMatch(
      /has an empty password, but `postgres-mlflow` requires a password\. POSTGRES_PASSWORD is set/,
    );
    expect(fullMessage(found[0])).toMatch(/fe_sendauth: no password supplied/);
    expect(fullMessage(found[1])).toMatch(/no password for user `mlflow`/);
    expect(fullMessage(found[2])).toMatch(/no credentials at all/);
  });

  it("inserts the password, adding ':' or the user when missing", () => {
    const cases: Array<[string, string, string]> = [
      [
        "postgresql://mlflow:@postgres-mlflow:5432/mlflow",
        "postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow",
        "Insert the password of `postgres-mlflow`",
      ],
      [
        "postgresql://mlflow@postgres-mlflow:5432/mlflow",
        "postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow",
        "Insert the password of `postgres-mlflow`",
      ],
      [
        "postgresql://postgres-mlflow:5432/mlflow",
        "postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow",
        "Insert the user and password of `postgres-mlflow`",
      ],
    ];
    for (const [before, after, title] of cases) {
      expectFix(
        ID,
        `${DB}
          command: mlflow server --backend-store-uri ${before} --host 0.0.0.0
        `,
        `${DB}
          command: mlflow server --backend-store-uri ${after} --host 0.0.0.0
        `,
        { title },
      );
    }
  });

  it("inserts the database's `${VAR}` when the password comes from one", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD: \${MLFLOW_DB_PASSWORD}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: "postgresql://mlflow@db/mlflow"
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD: \${MLFLOW_DB_PASSWORD}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: "postgresql://mlflow:\${MLFLOW_DB_PASSWORD}@db/mlflow"
      `,
      { options: vars({ MLFLOW_DB_PASSWORD: "s3cret" }) },
    );
  });

  it("a password the file cannot show (_FILE secret): reported, with no fix", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD_FILE: /run/secrets/db_password
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://mlflow@db/mlflow
      #                                            ^^^^^^ db-password-missing
      `,
    );
    expect(f.fixes).toEqual([]);
  });

  it("a requirepass the shell expands at run time: reported, never filled with the variable's name", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        redis:
          image: redis:7
          environment: {REDIS_PASSWORD: s3cret}
          command: sh -c 'exec redis-server --requirepass "$$REDIS_PASSWORD"'
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
      #                                  ^^^^^^^^^^^^^^^^^^^^ db-password-missing
      `,
    );
    expect(fullMessage(f)).toMatch(/NOAUTH Authentication required\./);
    expect(f.fixes).toEqual([]);
  });

  it("Redis with requirepass and MySQL", () => {
    expectFix(
      ID,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --requirepass s3cret
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
      `,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --requirepass s3cret
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://:s3cret@redis:6379/0
      `,
    );
    const [m] = expectFindings(
      ID,
      `
      services:
        mysql:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: rootpw, MYSQL_USER: mlflow, MYSQL_PASSWORD: mlflowpw}
        app:
          image: python:3.12
          environment:
            A: mysql://mlflow:@mysql/mlflow
      #                ^^^^^^^ db-password-missing
      `,
    );
    expect(fullMessage(m)).toMatch(/Access denied for user 'mlflow'@'…' \(using password: NO\)/);
    expect(m.fixes?.[0]?.edits[0].newText).toBe("mlflowpw");
  });

  it("no password needed or given another way: trust, Redis without requirepass, ?password=, PGPASSWORD", () => {
    expectNoFindings(
      ID,
      `
      services:
        maybe-trusting:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          env_file: db.env
        trusting:
          image: postgres:16
          environment: {POSTGRES_HOST_AUTH_METHOD: trust}
        pg:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        redis:
          image: redis:7
        a:
          image: python:3.12
          environment:
            A: postgresql://postgres@trusting/postgres
            B: redis://:@redis:6379/0
            C: postgresql://postgres@pg/postgres?password=pw
            D: postgresql://postgres@maybe-trusting/postgres
        b:
          image: python:3.12
          environment:
            PGPASSWORD: pw
            B: postgresql://postgres@pg/postgres
      `,
    );
  });

  it("a database without a password (another rule's problem), unknown users and wrong hosts say nothing", () => {
    expectNoFindings(
      ID,
      `
      services:
        nopw:
          image: postgres:16
        pg:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          env_file: extra.env
        airflow:
          image: apache/airflow:2.9.0
          environment:
            A: postgresql://postgres@nopw/postgres
            B: postgresql://\${DB_CREDS}@pg/postgres
            C: postgresql://postgres@airflow/postgres
      `,
    );
  });

  it("authentication the file cannot show: a pg_hba.conf of one's own, another image's entrypoint", () => {
    expectNoFindings(
      ID,
      `
      services:
        hba:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          volumes: ["./pg_hba.conf:/etc/postgresql/pg_hba.conf"]
          command: postgres -c hba_file=/etc/postgresql/pg_hba.conf
        supa:
          image: supabase/postgres:15.1.0.147
          environment: {POSTGRES_PASSWORD: pw}
        client:
          image: python:3.12
          environment:
            A: postgresql://postgres@hba/postgres
            B: postgresql://postgres@supa/postgres
      `,
    );
  });

  it("a user init scripts may have created: reported, with no fix (its password is unknown)", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          volumes: ["./init:/docker-entrypoint-initdb.d"]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://mlflow@pg/mlflow
      #                                            ^^^^^^ db-password-missing
      `,
    );
    expect(f.fixes).toEqual([]);
  });

  it("a user the database lacks: still reported, but the fix waits for the user to be fixed", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            A: postgresql://postgres@pg/airflow
      #                     ^^^^^^^^ db-password-missing
      `,
    );
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([["Insert the password of `pg`", false]]);
  });
});
