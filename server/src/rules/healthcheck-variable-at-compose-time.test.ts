import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "healthcheck-variable-at-compose-time";

describe(ID, () => {
  it("flags a container variable that Compose fills in on the host", () => {
    const [empty, dflt, exec] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
            POSTGRES_DB: mlflow
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U \${POSTGRES_USER} -d $POSTGRES_DB"]
      #                                        ^^^^^^^^^^^^^^^^ healthcheck-variable-at-compose-time warning safe-fix
      #                                                            ^^^^^^^^^^^^ healthcheck-variable-at-compose-time warning safe-fix
        api:
          image: myapi
          environment: [PORT=8000]
          healthcheck:
            test: ["CMD", "curl", "-f", "http://localhost:\${PORT:-80}/health"]
      #                                                   ^^^^^^^^^^^ healthcheck-variable-at-compose-time warning no-fix
      `,
    );
    expect(empty.message).toBe(
      "`${POSTGRES_USER}` in `db`'s healthcheck is Compose's, from the host (unset): empty, not the container's `app`.",
    );
    expect(empty.detail).toMatch(/Defaulting to a blank string/);
    expect(dflt.message).toMatch(/: empty, not the container's `mlflow`/);
    expect(exec.message).toMatch(/: `80`, not the container's `8000`/);
    expect(exec.detail).toMatch(/runs no shell/);
  });

  it("flags the container's default that the test lacks (`VAR: ${VAR:-x}` in the service, `${VAR}` in the test)", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: \${POSTGRES_USER:-airflow}
          healthcheck:
            test: pg_isready -U \${POSTGRES_USER}
      #                         ^^^^^^^^^^^^^^^^ healthcheck-variable-at-compose-time warning safe-fix
      `,
    );
    expect(f.message).toMatch(/empty, not the container's `airflow`/);
  });

  it("is info when .env sets the variable to another value than the container's", () => {
    expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: [POSTGRES_USER=app]
          healthcheck:
            test: pg_isready -U \${POSTGRES_USER}
      #                         ^^^^^^^^^^^^^^^^ healthcheck-variable-at-compose-time info: from \`.env\`: \`admin\`
      `,
      { variables: new Map([["POSTGRES_USER", "admin"]]) },
    );
  });

  it("says nothing when Compose's value is the container's, or the container takes the same host variable", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment:
            POSTGRES_USER: \${POSTGRES_USER}
          healthcheck: {test: "pg_isready -U \${POSTGRES_USER}"}
        b:
          image: postgres:16
          environment: [POSTGRES_USER]
          healthcheck: {test: "pg_isready -U \${POSTGRES_USER}"}
        c:
          image: postgres:16
          environment: {POSTGRES_USER: app}
          healthcheck: {test: "pg_isready -U $\${POSTGRES_USER}"}
        d:
          image: postgres:16
          environment: {POSTGRES_USER: app}
          healthcheck: {test: "pg_isready -U \${POSTGRES_USER:-app}"}
        e:
          image: postgres:16
          environment: {POSTGRES_USER: app}
          healthcheck: {test: "pg_isready -U \${DB_USER}"}
        f:
          image: postgres:16
          environment: {POSTGRES_USER: app}
          healthcheck: {test: "pg_isready -U \${POSTGRES_USER}"}
        g:
          image: postgres:16
          environment: {POSTGRES_USER: "\${PG_USER}"}
          healthcheck: {test: "pg_isready -U \${POSTGRES_USER}"}
      `,
      { variables: new Map([["POSTGRES_USER", "app"]]) },
    );
  });

  it("escapes the dollar where the container's shell reads it", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U \${POSTGRES_USER}"] # keep
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U $\${POSTGRES_USER}"] # keep
      `,
    );
  });

  it("offers no fix inside single quotes, where the shell would not expand it", () => {
    expectFindings(
      ID,
      `
      services:
        db:
          image: redis:7
          environment: [PASS=x]
          healthcheck:
            test: redis-cli -a '$PASS' ping | grep PONG
      #                         ^^^^^ healthcheck-variable-at-compose-time warning no-fix
      `,
    );
  });
});
