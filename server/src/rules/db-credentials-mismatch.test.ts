import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLE, lintText } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "db-credentials-mismatch";
const vars = (o: Record<string, string>) => ({ variables: new Map(Object.entries(o)) });

describe(ID, () => {
  it("flags exactly the user `postgres` of the seed's airflow-scheduler (not a swap)", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const found = lintText(text).filter((f) => f.rule === ID);
    expect(found).toHaveLength(1);
    expect(found[0].text).toBe("postgres");
    expect(text.slice(found[0].span.start - 3, found[0].span.end + 9)).toBe("://postgres:airflow@");
    expect(fullMessage(found[0])).toMatch(
      /User `postgres` does not exist in this database: POSTGRES_USER is `airflow`\. The official image then created only the role `airflow`/,
    );
    expect(fullMessage(found[0])).toMatch(/password authentication failed for user "postgres"/);
    expect(fullMessage(found[0])).not.toMatch(/swapped/);
    expect(found[0].fixes?.map((f) => [f.title, f.preferred])).toEqual([
      ["Use the database's user `airflow`", true],
    ]);
  });

  it("fixes the seed's user", () => {
    expectFix(
      ID,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_DB=airflow
            - POSTGRES_USER=airflow
            - POSTGRES_PASSWORD=airflow
        airflow-scheduler:
          image: apache/airflow:2.7.0-python3.9
          environment:
            # the default superuser name, but this database was created for user airflow
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/airflow
          command: airflow scheduler
      `,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_DB=airflow
            - POSTGRES_USER=airflow
            - POSTGRES_PASSWORD=airflow
        airflow-scheduler:
          image: apache/airflow:2.7.0-python3.9
          environment:
            # the default superuser name, but this database was created for user airflow
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres:5432/airflow
          command: airflow scheduler
      `,
    );
  });

  it("swapped user and password: one finding, one fix swapping them", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: s3cret}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://s3cret:airflow@postgres/airflow
      #                                                       ^^^^^^^^^^^^^^ db-credentials-mismatch
      `,
    );
    expect(fullMessage(f)).toMatch(/User and password are swapped/);
    expectFix(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: s3cret}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://s3cret:airflow@postgres/airflow
      `,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: s3cret}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:s3cret@postgres/airflow
      `,
      { title: "Swap user and password" },
    );
  });

  it("one finding per wrong part: user, password, database", () => {
    const found = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow, POSTGRES_DB: tracking}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://admin:admin@db:5432/mlflow
      #                                            ^^^^^ db-credentials-mismatch
      #                                                  ^^^^^ db-credentials-mismatch
      #                                                                ^^^^^^ db-credentials-mismatch
      `,
    );
    expect(found.map((f) => fullMessage(f))).toEqual([
      expect.stringMatching(/User `admin` is not a role of `db`, .*POSTGRES_USER is `mlflow`/),
      expect.stringMatching(
        /not `db`'s POSTGRES_PASSWORD for user `mlflow`.*password authentication failed for user "mlflow"/,
      ),
      expect.stringMatching(
        /Database `mlflow` does not exist in `db`, .*POSTGRES_DB is `tracking`.*database "mlflow" does not exist/,
      ),
    ]);
  });

  it("the official image's defaults: user postgres, database named after the user", () => {
    const [u, d] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        a:
          image: python:3.12
          environment:
            A: postgresql://app:pw@db/postgres
      #                     ^^^ db-credentials-mismatch
        b:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@db/app
      #                                                                      ^^^ db-credentials-mismatch
      `,
    );
    expect(fullMessage(u)).toMatch(/POSTGRES_USER is not set, so the only role is `postgres`/);
    expect(fullMessage(d)).toMatch(
      /POSTGRES_DB is not set, so the database \(named after the user\) is `postgres`/,
    );
  });

  it("writes the database's `${VAR}` when it takes the value from one", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: \${PG_USER}
            POSTGRES_PASSWORD: \${PG_PASSWORD:-changeme}
        app:
          image: python:3.12
          environment:
            URL: postgresql://admin:changeme@db/app
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: \${PG_USER}
            POSTGRES_PASSWORD: \${PG_PASSWORD:-changeme}
        app:
          image: python:3.12
          environment:
            URL: postgresql://\${PG_USER}:changeme@db/app
      `,
      { options: vars({ PG_USER: "app" }), title: "Use the database's user `${PG_USER}`" },
    );
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: \${PG_PASSWORD:-changeme}
        app:
          image: python:3.12
          environment:
            URL: postgresql://app:secret@db/app
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: \${PG_PASSWORD:-changeme}
        app:
          image: python:3.12
          environment:
            URL: postgresql://app:\${PG_PASSWORD:-changeme}@db/app
      `,
    );
  });

  it("percent-encodes a password with URL characters", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: "p@ss:w/rd"
        app:
          image: python:3.12
          environment:
            URL: postgresql://app:wrong@db/app
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: "p@ss:w/rd"
        app:
          image: python:3.12
          environment:
            URL: postgresql://app:p%40ss%3Aw%2Frd@db/app
      `,
    );
    // ... and an encoded password that matches is no finding.
    expectNoFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: "p@ss:w/rd"}
        app:
          image: python:3.12
          environment:
            URL: postgresql://app:p%40ss%3Aw%2Frd@db/app
      `,
    );
  });

  it("MySQL: MYSQL_USER and root are both accounts; Redis: the requirepass password", () => {
    expectFindings(
      ID,
      `
      services:
        mysql:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: rootpw, MYSQL_USER: mlflow, MYSQL_PASSWORD: mlflowpw, MYSQL_DATABASE: mlflow}
        redis:
          image: redis:7
          command: redis-server --requirepass s3cret
        app:
          image: python:3.12
          environment:
            A: mysql+pymysql://root:rootpw@mysql:3306/mlflow
            B: mysql+pymysql://mlflow:mlflowpw@mysql/mlflow
            C: mysql+pymysql://root:mlflowpw@mysql/mlflow
      #                             ^^^^^^^^ db-credentials-mismatch
            D: mysql+pymysql://admin:x@mysql/information_schema
      #                        ^^^^^ db-credentials-mismatch
      #                              ^ db-credentials-mismatch
            E: redis://:s3cret@redis:6379/0
            F: redis://:oops@redis:6379/0
      #                 ^^^^ db-credentials-mismatch
      `,
    );
  });

  it("an empty password is db-password-missing's, a wrong host is wrong-db-host's", () => {
    expectNoFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
        airflow:
          image: apache/airflow:2.9.0
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            A: postgresql://mlflow:@db:5432/mlflow
            B: postgresql://nobody:nothing@airflow:5432/nowhere
            C: postgresql://nobody:nothing@elsewhere:5432/nowhere
      `,
    );
  });

  it("a generic DATABASE_URL's database may be created by its app (rails db:create, Prisma)", () => {
    expectNoFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
        web:
          build: .
          command: sh -c "bin/rails db:create db:migrate && bin/rails server"
          environment:
            DATABASE_URL: postgresql://app:pw@db/app_production
      `,
    );
  });

  it("unknown is not wrong: variables, *_FILE, env_file, init scripts, built images, trust", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment: {POSTGRES_USER: \${PG_USER}, POSTGRES_PASSWORD_FILE: /run/secrets/pw}
        b:
          image: postgres:16
          env_file: db.env
        c:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
          volumes: ["./init:/docker-entrypoint-initdb.d"]
        d:
          build: ./db
          environment: {POSTGRES_PASSWORD: pw}
        e:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw, POSTGRES_HOST_AUTH_METHOD: trust}
        client:
          image: python:3.12
          environment:
            A: postgresql://other:x@a/other
            B: postgresql://other:x@b/other
            C: postgresql://mlflow:x@c/mlflow
            D: postgresql://other:x@d/other
            E: postgresql://app:whatever@e/app
            F: postgresql://\${U}:\${P}@e/\${DB}
            G: postgresql://app:pw@c/app
      `,
    );
  });

  it("images with another entrypoint may have more roles (bitnami always has `postgres`)", () => {
    expectNoFindings(
      ID,
      `
      services:
        pg:
          image: bitnami/postgresql:16
          environment: {POSTGRESQL_USERNAME: app, POSTGRESQL_PASSWORD: pw, POSTGRESQL_POSTGRES_PASSWORD: root}
        supa:
          image: supabase/postgres:15.1.0.147
          environment: {POSTGRES_PASSWORD: pw}
        client:
          image: python:3.12
          environment:
            A: postgresql://postgres:root@pg/app
            B: postgresql://authenticator:x@supa/postgres
      `,
    );
    // ... while a mirror of the official image is the official image.
    expectFindings(
      ID,
      `
      services:
        pg:
          image: public.ecr.aws/docker/library/postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
        client:
          image: python:3.12
          environment:
            A: postgresql://postgres:pw@pg/app
      #                     ^^^^^^^^ db-credentials-mismatch
      `,
    );
  });

  it("one finding for a URL shared through an anchor", () => {
    const [f] = expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.9.0
        environment:
          AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://postgres:airflow@postgres/airflow
      #                                                              ^^^^^^^^ db-credentials-mismatch
      services:
        postgres:
          image: postgres:13
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow, POSTGRES_DB: airflow}
        airflow-webserver:
          <<: *airflow-common
        airflow-scheduler:
          <<: *airflow-common
        airflow-worker:
          <<: *airflow-common
      `,
    );
    expect(fullMessage(f)).toMatch(
      /Services `airflow-webserver`, `airflow-scheduler` and `airflow-worker` fail/,
    );
  });
});
