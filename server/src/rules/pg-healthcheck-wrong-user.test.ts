import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "pg-healthcheck-wrong-user";

describe(ID, () => {
  it("flags a role and a database the server does not have, said as what happens: it passes and logs FATAL", () => {
    const [role, db, implicit] = expectFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: pw
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U postgres"]
      #                                        ^^^^^^^^ pg-healthcheck-wrong-user warning safe-fix
        b:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_PASSWORD: pw
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "app", "-d", "mlflow"]
      #                                                     ^^^^^^ pg-healthcheck-wrong-user warning safe-fix
        c:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_DB: mlflow
            POSTGRES_PASSWORD: pw
          healthcheck:
            test: pg_isready -h 127.0.0.1 -U app
      #                                      ^^^ pg-healthcheck-wrong-user warning safe-fix
      `,
    );
    expect(role.message).toBe(
      '`a`\'s healthcheck passes, but each run logs `FATAL: role "postgres" does not exist` (the user is `app`).',
    );
    expect(role.detail).toMatch(/exits 0/);
    expect(db.message).toMatch(/`FATAL: database "mlflow" does not exist`/);
    expect(implicit.detail).toMatch(/without `-d`/);
  });

  it("says nothing of the effective login, postgres's own databases, Bitnami's postgres, init scripts or values it cannot know", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
          healthcheck: {test: pg_isready -U app}
        b:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          healthcheck: {test: pg_isready -U postgres -d template1}
        c:
          image: bitnami/postgresql:16
          environment: {POSTGRESQL_USERNAME: app, POSTGRESQL_PASSWORD: pw, POSTGRESQL_DATABASE: app}
          healthcheck: {test: pg_isready -U postgres}
        d:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
          volumes: ["./init:/docker-entrypoint-initdb.d"]
          healthcheck: {test: pg_isready -U postgres}
        e:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
          healthcheck: {test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]}
        f:
          image: postgres:16
          env_file: db.env
          healthcheck: {test: pg_isready -U postgres}
        g:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_DB: mlflow, PGDATABASE: mlflow, POSTGRES_PASSWORD: pw}
          healthcheck: {test: pg_isready -U app}
        h:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          healthcheck: {test: pg_isready}
        i:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
          command: sleep infinity
          healthcheck: {test: pg_isready -h other-db -U postgres}
        j:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw, PGHOST: other-db}
          healthcheck: {test: pg_isready -U postgres}
      `,
    );
  });

  it("writes the effective user, and the database where the check's would be missing", () => {
    const file = (test: string) => `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: \${PG_USER}
            POSTGRES_DB: mlflow
            POSTGRES_PASSWORD: pw
          healthcheck:
            test: ${test}
            interval: 5s
      `;
    const vars = { variables: new Map([["PG_USER", "app"]]) };
    expectFix(
      ID,
      file(`["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]`),
      file(`["CMD-SHELL", "pg_isready -h 127.0.0.1 -U \${PG_USER} -d mlflow"]`),
      { options: vars },
    );
    expectFix(
      ID,
      file(`["CMD", "pg_isready", "-U", "postgres", "-h", "127.0.0.1"]`),
      file(`["CMD", "pg_isready", "-U", "\${PG_USER}", "-d", "mlflow", "-h", "127.0.0.1"]`),
      { options: vars },
    );
    expectFix(ID, file(`pg_isready -U app -d postgress`), file(`pg_isready -U app -d mlflow`), {
      options: vars,
    });
  });
});
