import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { dedent, expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "db-healthcheck-missing";

const ofRule = (text: string) => lintText(text).filter((f) => f.rule === ID);

describe(ID, () => {
  it("gives nothing on the seed: Airflow's entrypoint and `mlflow server` wait for postgres themselves", () => {
    expect(ofRule(readFileSync(EXAMPLE, "utf8"))).toEqual([]);
  });

  it("warns when a dependant is known to fail hard, and is info when it depends on the clients", () => {
    const [hard] = expectFindings(
      ID,
      `
      services:
        postgres:
      # ^^^^^^^^ db-healthcheck-missing warning safe-fix: \`migrate\` and \`api\` depend on it
          image: postgres:16
        migrate:
          image: example/api:1
          command: ["python", "manage.py", "migrate"]
          depends_on: [postgres]
        api:
          image: example/api:1
          depends_on: [postgres]
      `,
    );
    expect(fullMessage(hard)).toMatch(/only waits until its container is running/);
    expect(fullMessage(hard)).toMatch(
      /`condition: service_healthy` and `docker compose up --wait` need a healthcheck/,
    );
    expect(hard.detail).toMatch(
      /`migrate` breaks: Django's `manage.py migrate` exits on the first refused connection/,
    );
    expect(hard.related?.map((r) => fullMessage(r))).toHaveLength(2);
    const [unsure] = expectFindings(
      ID,
      `
      services:
        postgres:
      # ^^^^^^^^ db-healthcheck-missing info safe-fix
          image: postgres:16
        api:
          build: ./api
          depends_on: [postgres]
        pgadmin:
          image: dpage/pgadmin4
          depends_on: [postgres]
      `,
    );
    // pgAdmin connects only when someone opens the server: it is not counted.
    expect(fullMessage(unsure)).toMatch(/yet `api` depends on it/);
    expect(unsure.detail).toMatch(/depends on its code/);
  });

  it("gives nothing on the fixed seed nor on the official Airflow compose files", () => {
    expect(ofRule(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8"))).toEqual([]);
    const airflow = readdirSync(`${CORPUS_DIR}files`).filter((f) => f.startsWith("apache__airflow__"));
    expect(airflow.length).toBeGreaterThan(0);
    for (const f of airflow) expect(ofRule(readFileSync(`${CORPUS_DIR}files/${f}`, "utf8"))).toEqual([]);
  });

  it("sits on the database service's name, for each database engine it knows", () => {
    expectFindings(
      ID,
      `
      services:
        pg:
      # ^^ db-healthcheck-missing
          image: postgres:16
        cache:
      # ^^^^^ db-healthcheck-missing
          image: redis:7
        maria:
      # ^^^^^ db-healthcheck-missing
          image: mariadb:11
        docs:
      # ^^^^ db-healthcheck-missing
          image: mongo:7
        app:
          image: alpine
          depends_on: [pg, cache, maria, docs]
      `,
    );
  });

  it("counts services that connect to the database without depends_on", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres:
      # ^^^^^^^^ db-healthcheck-missing
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
        api:
          image: example/api:1
          environment:
            - DATABASE_URL=postgresql://mlflow:mlflow@postgres/mlflow
      `,
    );
    expect(fullMessage(f)).toMatch(/yet `api` connects to it\./);
    expect(f.related?.[0].message).toBe("`api` connects to `postgres`.");
  });

  it("says so for a disabled healthcheck and offers no fix", () => {
    for (const hc of ["healthcheck:\n    disable: true", 'healthcheck:\n    test: ["NONE"]']) {
      const [f] = expectFindings(
        ID,
        `
        services:
          db:
        # ^^ db-healthcheck-missing
            image: postgres:16
            ${hc.replace("\n", "\n            ")}
          app:
            image: alpine
            depends_on: [db]
        `,
      );
      expect(fullMessage(f)).toMatch(/has its healthcheck disabled/);
      expect(f.fixes).toEqual([]);
    }
  });

  it("offers no fix for an image it knows no test for, and says what to add", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        queue:
      # ^^^^^ db-healthcheck-missing
          image: rabbitmq:3
        worker:
          image: alpine
          depends_on: [queue]
      `,
    );
    expect(f.fixes).toEqual([]);
    expect(fullMessage(f)).toMatch(
      /Add a `healthcheck:` whose `test:` succeeds once RabbitMQ accepts connections/,
    );
  });

  it("hedges for images it does not know, and only offers a fix for review", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
      # ^^ db-healthcheck-missing
          image: registry.example.com/team/db:1
          environment: {POSTGRES_PASSWORD: pw}
        app:
          image: alpine
          depends_on: [db]
      `,
    );
    expect(fullMessage(f)).toMatch(/unless its image defines a HEALTHCHECK/);
    expect(f.fixes?.map((x) => x.preferred)).toEqual([false]);
  });

  it("is not wrong when nothing depends on the database, or when it has a healthcheck", () => {
    expectNoFindings(
      ID,
      `
      services:
        lonely:
          image: postgres:16
        db:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]
        keeps-image-test:
          image: redis:7
          healthcheck:
            interval: 5s
        app:
          image: alpine
          depends_on: [db, keeps-image-test]
      `,
    );
  });

  it("leaves images with a built-in HEALTHCHECK and services completed by `extends` alone", () => {
    expectNoFindings(
      ID,
      `
      services:
        mysql:
          image: mysql/mysql-server:8.0
        pg:
          extends: {file: common.yml, service: pg}
          image: postgres:16
        app:
          image: alpine
          depends_on: [mysql, pg]
      `,
    );
  });

  it("leaves dependants that wait on their own (wait-for-it, retry loops, wait4x jobs)", () => {
    expectNoFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        mc:
          image: minio/mc
          depends_on: [minio]
          entrypoint: >
            /bin/sh -c "until (mc alias set s3 http://minio:9000 a b) do sleep 1; done; mc mb s3/bucket"
        db:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: pw}
        wait-for-db:
          image: atkrad/wait4x
          depends_on: [db]
          command: tcp db:3306 -t 90s
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --backend-store-uri mysql+pymysql://root:pw@db:3306/mlflow
          depends_on:
            wait-for-db:
              condition: service_completed_successfully
        web:
          image: alpine
          depends_on: [db]
          command: sh -c "./wait-for-it.sh db:3306 -- python app.py"
      `,
    );
  });

  it("leaves a database waited for with service_healthy to healthy-condition-without-healthcheck", () => {
    const text = dedent(`
      services:
        db:
          image: postgres:16
        app:
          image: alpine
          depends_on:
            db:
              condition: service_healthy
    `);
    expect(ofRule(text)).toEqual([]);
    expect(lintText(text).filter((f) => f.rule === "healthy-condition-without-healthcheck")).toHaveLength(1);
  });

  describe("Add healthcheck", () => {
    it("adds pg_isready over TCP with the database's user and name (the seed, Airflow's image unknown)", () => {
      // With apache/airflow the entrypoint waits and there is no finding: an image we do not know may not.
      const before = readFileSync(EXAMPLE, "utf8").replaceAll(
        "apache/airflow:2.7.0-python3.9",
        "example/airflow-fork:2.7.0",
      );
      const fixed = expectFix(
        ID,
        before,
        before.replace(
          "      - postgres_data:/var/lib/postgresql/data\n",
          "      - postgres_data:/var/lib/postgresql/data\n" +
            "    healthcheck:\n" +
            '      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U airflow -d airflow"]\n' +
            "      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 10s\n",
        ),
      );
      expect(fixed.match(/healthcheck:/g)).toHaveLength(1);
    });

    it("reads variables in the container's shell ($${VAR}) when the values come from variables", () => {
      expectFix(
        ID,
        `
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: \${PG_USER:-mlflow}
              POSTGRES_PASSWORD: \${PG_PASSWORD}
              POSTGRES_DB: \${PG_DB}
          app:
            image: alpine
            depends_on: [db]
        `,
        `
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: \${PG_USER:-mlflow}
              POSTGRES_PASSWORD: \${PG_PASSWORD}
              POSTGRES_DB: \${PG_DB}
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $\${POSTGRES_USER} -d $\${POSTGRES_DB}"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s
          app:
            image: alpine
            depends_on: [db]
        `,
      );
    });

    it("uses the image defaults, PGPORT, and env_file values as the shell sees them", () => {
      expectFix(
        ID,
        `
        services:
          db:
            image: postgres:16
            env_file: [db.env]
            environment:
              - PGPORT=5433
          app:
            image: alpine
            depends_on: [db]
        `,
        `
        services:
          db:
            image: postgres:16
            env_file: [db.env]
            environment:
              - PGPORT=5433
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5433 -U $\${POSTGRES_USER:-postgres} -d $\${POSTGRES_DB:-$\${POSTGRES_USER:-postgres}}"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s
          app:
            image: alpine
            depends_on: [db]
        `,
        { validate: false },
      );
    });

    it("writes into a 4-space file at its indentation", () => {
      expectFix(
        ID,
        `
        services:
            db:
                image: mysql:8
                environment:
                    MYSQL_ROOT_PASSWORD: pw
            app:
                image: alpine
                depends_on:
                    - db
        `,
        `
        services:
            db:
                image: mysql:8
                environment:
                    MYSQL_ROOT_PASSWORD: pw
                healthcheck:
                    test: ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]
                    interval: 10s
                    timeout: 5s
                    retries: 5
                    start_period: 10s
            app:
                image: alpine
                depends_on:
                    - db
        `,
      );
    });

    it("goes after a folded `command: >` block that ends the service", () => {
      expectFix(
        ID,
        `
        services:
          db:
            image: postgres:16
            command: >
              postgres -c max_connections=200
              -c shared_buffers=256MB

          app:
            image: alpine
            depends_on: [db]
        `,
        `
        services:
          db:
            image: postgres:16
            command: >
              postgres -c max_connections=200
              -c shared_buffers=256MB
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres -d postgres"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s

          app:
            image: alpine
            depends_on: [db]
        `,
      );
    });

    it("goes before a trailing comment line of the service, which stays", () => {
      expectFix(
        ID,
        `
        services:
          cache:
            image: redis:7
            # ports:
            #   - "6379:6379"

          app:
            image: alpine
            depends_on: [cache]
        `,
        `
        services:
          cache:
            image: redis:7
            healthcheck:
              test: ["CMD", "redis-cli", "ping"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s
            # ports:
            #   - "6379:6379"

          app:
            image: alpine
            depends_on: [cache]
        `,
      );
    });

    it("works on the last service of a file without a final newline (MariaDB 11 has no mysqladmin)", () => {
      const before =
        "services:\n  app:\n    image: alpine\n    depends_on: [db]\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_ROOT_PASSWORD: pw";
      const after =
        `${before}\n    healthcheck:\n` +
        '      test: ["CMD-SHELL", "mariadb-admin ping -h 127.0.0.1 || mysqladmin ping -h 127.0.0.1"]\n' +
        "      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 10s\n";
      expectFix(ID, before, after);
    });

    it("keeps CRLF line breaks", () => {
      const crlf = (s: string) => dedent(s).replace(/\n/g, "\r\n");
      expectFix(
        ID,
        crlf(`
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: pw
          app:
            image: alpine
            depends_on: [db]
        `),
        crlf(`
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: pw
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres -d postgres"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s
          app:
            image: alpine
            depends_on: [db]
        `),
      );
    });

    it("uses Bitnami's variable names", () => {
      expectFix(
        ID,
        `
        services:
          db:
            image: bitnami/postgresql:16
            environment:
              POSTGRESQL_USERNAME: \${DB_USER}
              POSTGRESQL_PASSWORD: pw
          app:
            image: alpine
            depends_on: [db]
        `,
        `
        services:
          db:
            image: bitnami/postgresql:16
            environment:
              POSTGRESQL_USERNAME: \${DB_USER}
              POSTGRESQL_PASSWORD: pw
            healthcheck:
              test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $\${POSTGRESQL_USERNAME} -d postgres"]
              interval: 10s
              timeout: 5s
              retries: 5
              start_period: 10s
          app:
            image: alpine
            depends_on: [db]
        `,
      );
    });
  });
});
