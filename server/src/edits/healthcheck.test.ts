import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build";
import { addHealthcheck, healthcheckTest } from "./healthcheck";
import { applyEdits } from "./text";

/** The test command for the first database of a one-service file. */
function testFor(service: string, variables: Record<string, string> = {}): string[] | undefined {
  const model = buildModel(`services:\n  db:\n${service.replace(/^/gm, "    ")}\n`, {
    variables: new Map(Object.entries(variables)),
  });
  expect(model.databases).toHaveLength(1);
  return healthcheckTest(model.databases[0]);
}

describe("healthcheckTest", () => {
  it("PostgreSQL: pg_isready over TCP with the literal user and database", () => {
    expect(
      testFor("image: postgres:16\nenvironment:\n  POSTGRES_USER: airflow\n  POSTGRES_DB: meta"),
    ).toEqual(["CMD-SHELL", "pg_isready -h 127.0.0.1 -U airflow -d meta"]);
  });

  it("PostgreSQL: the image defaults (user postgres, database named after the user)", () => {
    expect(testFor("image: postgres:16")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -U postgres -d postgres",
    ]);
    expect(testFor("image: postgres:16\nenvironment: [POSTGRES_USER=mlflow]")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -U mlflow -d mlflow",
    ]);
  });

  it("PostgreSQL: values from variables are read by the container's shell ($${VAR}), even when .env knows them", () => {
    expect(
      testFor("image: postgres:16\nenvironment:\n  POSTGRES_USER: ${PG_USER}\n  POSTGRES_DB: ${PG_DB:-app}", {
        PG_USER: "u",
      }),
    ).toEqual(["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER} -d $${POSTGRES_DB}"]);
    // No POSTGRES_DB: the database is named after the user, whatever the variable holds.
    expect(testFor("image: postgres:16\nenvironment:\n  POSTGRES_USER: ${PG_USER}")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER} -d $${POSTGRES_USER}",
    ]);
    // Passed through from the shell (`- POSTGRES_USER`): the container has it.
    expect(testFor("image: postgres:16\nenvironment: [POSTGRES_USER, POSTGRES_DB=x]")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER} -d x",
    ]);
  });

  it("PostgreSQL: values that may come from an env_file or a secret fall back to the image default", () => {
    expect(testFor("image: postgres:16\nenv_file: db.env")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres} -d $${POSTGRES_DB:-$${POSTGRES_USER:-postgres}}",
    ]);
    expect(
      testFor("image: postgres:16\nenvironment: {POSTGRES_USER_FILE: /run/secrets/u, POSTGRES_DB: app}"),
    ).toEqual(["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres} -d app"]);
  });

  it("PostgreSQL: a non-default port (PGPORT, -p) and Bitnami's variables", () => {
    expect(testFor("image: postgres:16\nenvironment: {PGPORT: 5433}")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -p 5433 -U postgres -d postgres",
    ]);
    expect(testFor("image: postgres:16\ncommand: postgres -c port=6000")).toEqual([
      "CMD-SHELL",
      "pg_isready -h 127.0.0.1 -p 6000 -U postgres -d postgres",
    ]);
    expect(
      testFor(
        "image: bitnami/postgresql:16\nenvironment: {POSTGRESQL_USERNAME: '${U}', POSTGRESQL_DATABASE: '${D}'}",
      ),
    ).toEqual(["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $${POSTGRESQL_USERNAME} -d $${POSTGRESQL_DATABASE}"]);
  });

  it("MySQL, MariaDB (11 has no mysqladmin, 10.3 no mariadb-admin), Redis, MinIO; nothing for others", () => {
    expect(testFor("image: mysql:8")).toEqual(["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]);
    expect(testFor("image: mariadb:11")).toEqual([
      "CMD-SHELL",
      "mariadb-admin ping -h 127.0.0.1 || mysqladmin ping -h 127.0.0.1",
    ]);
    expect(testFor("image: redis:7")).toEqual(["CMD", "redis-cli", "ping"]);
    // With a password an unauthenticated ping prints NOAUTH and exits 0 (issue 16).
    expect(testFor("image: redis:7\ncommand: redis-server --requirepass s3cret")).toEqual([
      "CMD-SHELL",
      "redis-cli -a s3cret --no-auth-warning ping | grep -q PONG",
    ]);
    expect(testFor("image: redis:7\ncommand: redis-server --requirepass ${REDIS_PASSWORD}")).toEqual([
      "CMD-SHELL",
      "redis-cli -a '${REDIS_PASSWORD}' --no-auth-warning ping | grep -q PONG",
    ]);
    expect(testFor('image: redis:7\ncommand: ["sh", "-c", "redis-server --requirepass $$PASS"]')).toEqual([
      "CMD-SHELL",
      'redis-cli -a "$$PASS" --no-auth-warning ping | grep -q PONG',
    ]);
    expect(testFor("image: bitnami/redis:7.2\nenvironment: [REDIS_PASSWORD=x]")).toEqual([
      "CMD-SHELL",
      'redis-cli -a "$$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG',
    ]);
    expect(testFor('image: redis:7\ncommand: redis-server --requirepass "a b$c"')).toBeUndefined();
    expect(testFor("image: mongo:7")).toBeUndefined();
    expect(testFor("image: rabbitmq:3")).toBeUndefined();
    // MinIO's own images have `mc` (alias `local`) and, from RELEASE.2023-11-01, no curl.
    expect(testFor("image: minio/minio")).toEqual(["CMD", "mc", "ready", "local"]);
    expect(testFor("image: quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z")).toEqual([
      "CMD",
      "mc",
      "ready",
      "local",
    ]);
    expect(testFor("image: bitnami/minio:2024")).toBeUndefined();
  });
});

describe("addHealthcheck", () => {
  it("appends after the service's last entry and not when one exists or the service is a flow map", () => {
    const text =
      "services:\n  a:\n    image: redis:7\n  b: {image: redis:7}\n  c:\n    image: redis:7\n    healthcheck: {test: [CMD, 'true']}\n";
    const model = buildModel(text);
    const [a, b, c] = model.databases;
    const edit = addHealthcheck(text, a)!;
    expect(applyEdits(text, [edit])).toBe(
      "services:\n  a:\n    image: redis:7\n    healthcheck:\n" +
        '      test: ["CMD", "redis-cli", "ping"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 10s\n' +
        "  b: {image: redis:7}\n  c:\n    image: redis:7\n    healthcheck: {test: [CMD, 'true']}\n",
    );
    expect(addHealthcheck(text, b)).toBeUndefined();
    expect(addHealthcheck(text, c)).toBeUndefined();
  });

  it("appends after the service's own entries when the rest comes from an anchor", () => {
    const text =
      "x-db: &db\n  image: postgres:16\nservices:\n  pg:\n    <<: *db\n    ports: ['5432:5432']\n  only-merged:\n    <<: *db\n";
    const model = buildModel(text);
    const pg = model.databaseByService.get("pg")!;
    expect(applyEdits(text, [addHealthcheck(text, pg)!])).toContain(
      "    ports: ['5432:5432']\n    healthcheck:\n      test:",
    );
    // Nothing of its own to append after: no edit rather than a guess.
    expect(addHealthcheck(text, model.databaseByService.get("only-merged")!)).toBeUndefined();
  });
});
