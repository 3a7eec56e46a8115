import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "healthcheck-passes-unauthenticated";

describe(ID, () => {
  it("flags an unauthenticated ping on --requirepass and on Bitnami's REDIS_PASSWORD", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        redis:
          image: redis:7
          command: ["redis-server", "--requirepass", "s3cret"]
          healthcheck:
            test: ["CMD", "redis-cli", "-h", "localhost", "ping"]
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ healthcheck-passes-unauthenticated warning safe-fix
        cache:
          image: bitnami/redis:7.2
          environment: [REDIS_PASSWORD=x]
          healthcheck:
            test: redis-cli ping
      #           ^^^^^^^^^^^^^^ healthcheck-passes-unauthenticated warning safe-fix
      `,
    );
    expect(f.message).toBe(
      "`redis` requires a password, and this `redis-cli ping` gives none: it passes anyway.",
    );
    expect(f.detail).toMatch(/NOAUTH Authentication required\./);
  });

  it("says nothing without a password, with one given, with PONG required, or when the check does something else", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: redis:7
          healthcheck: {test: ["CMD", "redis-cli", "ping"]}
        b:
          image: redis:7
          command: redis-server --requirepass x
          healthcheck: {test: ["CMD", "redis-cli", "-a", "x", "ping"]}
        c:
          image: redis:7
          command: redis-server --requirepass x
          environment: [REDISCLI_AUTH=x]
          healthcheck: {test: ["CMD", "redis-cli", "ping"]}
        d:
          image: redis:7
          command: redis-server --requirepass x
          healthcheck: {test: ["CMD-SHELL", "redis-cli ping | grep PONG"]}
        e:
          image: bitnami/redis:7.2
          environment: [ALLOW_EMPTY_PASSWORD=yes]
          healthcheck: {test: ["CMD", "redis-cli", "ping"]}
        f:
          image: redis:7
          command: redis-server --requirepass x
          healthcheck: {test: ["CMD", "redis-cli", "--user", "u", "--pass", "x", "ping"]}
      `,
    );
  });

  it("writes the authenticated test with the password as the command has it", () => {
    expectFix(
      ID,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --requirepass \${REDIS_PASSWORD}
          healthcheck:
            test: ["CMD", "redis-cli", "-p", "6379", "ping"] # keep
            interval: 5s
      `,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --requirepass \${REDIS_PASSWORD}
          healthcheck:
            test: ["CMD-SHELL", "redis-cli -p 6379 -a '\${REDIS_PASSWORD}' --no-auth-warning ping | grep -q PONG"] # keep
            interval: 5s
      `,
    );
    expectFix(
      ID,
      `
      services:
        redis:
          image: redis:7
          environment: [PASS=x]
          command: ["sh", "-c", "exec redis-server --requirepass $$PASS"]
          healthcheck:
            test: redis-cli ping
      `,
      `
      services:
        redis:
          image: redis:7
          environment: [PASS=x]
          command: ["sh", "-c", "exec redis-server --requirepass $$PASS"]
          healthcheck:
            test: ["CMD-SHELL", "redis-cli -a \\"$$PASS\\" --no-auth-warning ping | grep -q PONG"]
      `,
    );
  });

  it("offers no fix for a test written over several lines", () => {
    expectFindings(
      ID,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --requirepass x
          healthcheck:
            test:
      #     ^^^^ healthcheck-passes-unauthenticated no-fix
              - CMD
              - redis-cli
              - ping
      `,
    );
  });
});
