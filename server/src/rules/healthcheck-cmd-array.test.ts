import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "healthcheck-cmd-array";

describe(ID, () => {
  it("flags a CMD program named with spaces, extra CMD-SHELL items and a string starting with CMD-SHELL", () => {
    const [cmd, shell, str] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          healthcheck:
            test: ["CMD", "curl -f http://localhost:9000/minio/health/live"]
      #                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ healthcheck-cmd-array error safe-fix
        pg:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready", "-U", "mlflow"]
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ healthcheck-cmd-array warning safe-fix: runs \`pg_isready\` alone
        redis:
          image: redis:7
          healthcheck:
            test: "CMD-SHELL redis-cli ping"
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^ healthcheck-cmd-array error safe-fix: starting with \`CMD-SHELL\`
      `,
    );
    expect(cmd.message).toBe(
      "`minio`'s healthcheck runs a program named `curl -f http://localhost:9000/minio/health/live`: it never passes.",
    );
    expect(cmd.detail).toMatch(/executable file not found in \$PATH/);
    expect(shell.detail).toMatch(/\$0/);
    expect(str.message.length).toBeLessThanOrEqual(120);
  });

  it("says nothing of right forms", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
        b:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U postgres"]
        c:
          image: postgres:16
          healthcheck:
            test: pg_isready -U postgres
        d:
          image: postgres:16
          healthcheck:
            test: ["NONE"]
        e:
          image: postgres:16
          healthcheck:
            disable: true
            test: ["CMD", "pg_isready -U x"]
        f:
          image: postgres:16
          healthcheck:
            test: ["CMD", " pg_isready "]
      `,
    );
  });

  it("fixes each form, keeping the quotes and the block list", () => {
    const service = (test: string) => `
      services:
        pg:
          image: postgres:16
          healthcheck:
      ${test}
            interval: 5s
      `;
    expectFix(
      ID,
      service(`      test: ["CMD", "pg_isready -U postgres"]`),
      service(`      test: ["CMD-SHELL", "pg_isready -U postgres"]`),
    );
    expectFix(
      ID,
      service(`      test:\n              - CMD\n              - pg_isready -U postgres # a comment`),
      service(`      test:\n              - CMD-SHELL\n              - pg_isready -U postgres # a comment`),
    );
    expectFix(
      ID,
      service(`      test: ['CMD-SHELL', 'pg_isready', '-U', 'postgres']`),
      service(`      test: ['CMD', 'pg_isready', '-U', 'postgres']`),
    );
    expectFix(
      ID,
      service(`      test: "CMD-SHELL pg_isready -U postgres"`),
      service(`      test: "pg_isready -U postgres"`),
    );
  });

  it("offers no fix when an extra item has shell syntax", () => {
    expectFindings(
      ID,
      `
      services:
        r:
          image: redis:7
          healthcheck:
            test: ["CMD-SHELL", "redis-cli", "ping", "|", "grep", "PONG"]
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ healthcheck-cmd-array warning no-fix
      `,
    );
  });
});
