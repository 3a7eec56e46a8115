import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempProject } from "../../../test/helpers/cli";
import { EXAMPLE, lintText } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { analyze } from "../engine";
import { fullMessage } from "./types";

const ID = "wrong-db-host";

describe(ID, () => {
  it("flags the seed's `@airflow:5432` (the Airflow webserver itself) and nothing else", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const found = lintText(text).filter((f) => f.rule === ID);
    expect(found).toHaveLength(1);
    expect(found[0].text).toBe("airflow");
    expect(text.slice(found[0].span.start - 8, found[0].span.end + 5)).toBe("airflow@airflow:5432");
    expect(fullMessage(found[0])).toMatch(/the Airflow service `airflow` itself, not a PostgreSQL server/);
    expect(fullMessage(found[0])).toMatch(
      /connection to server at "airflow" \(…\), port 5432 failed: Connection refused/,
    );
    expect(found[0].fixes?.map((f) => [f.title, f.preferred])).toEqual([
      ["Use database service `postgres`", true],
    ]);
  });

  it("fixes the seed's host in place", () => {
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
        airflow:
          image: apache/airflow:2.7.0-python3.9
          environment:
            # the host is this very container, not the database
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@airflow:5432/airflow
      `,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_DB=airflow
            - POSTGRES_USER=airflow
            - POSTGRES_PASSWORD=airflow
        airflow:
          image: apache/airflow:2.7.0-python3.9
          environment:
            # the host is this very container, not the database
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres:5432/airflow
      `,
    );
  });

  it("a name no service answers to: could not translate host name", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@postgress/mlflow
      #                                                                         ^^^^^^^^^ wrong-db-host error safe-fix: No service answers to the host \`postgress\`
      `,
    );
    expect(fullMessage(f)).toMatch(/could not translate host name "postgress" to address/);
  });

  it("a service of another kind (a Redis for a PostgreSQL URL)", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        redis:
          image: redis:7
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@redis/postgres
      #                                                                   ^^^^^ wrong-db-host
      `,
    );
    expect(fullMessage(f)).toMatch(/the Redis service `redis`, not a PostgreSQL server/);
  });

  it("offers every database of the URL's family, the one with the URL's database first and preferred", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        pg-airflow:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        pg-mlflow:
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
        mysql:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: pw}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@db:5432/mlflow
      #                                                                         ^^ wrong-db-host
      `,
    );
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([
      ["Use database service `pg-mlflow`", true],
      ["Use database service `pg-airflow`", false],
    ]);
  });

  it("several candidates and no clear winner: fixes ranked by user, then name, none preferred", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        warehouse:
          image: postgres:16
          environment: {POSTGRES_USER: etl, POSTGRES_PASSWORD: pw, POSTGRES_DB: dw}
        metadata:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw, POSTGRES_DB: meta}
        metabase-db:
          image: postgres:16
          environment: {POSTGRES_USER: mb, POSTGRES_PASSWORD: pw, POSTGRES_DB: mb}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://app:pw@metadb/airflow
      #                                                              ^^^^^^ wrong-db-host
      `,
    );
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([
      ["Use database service `metadata`", false],
      ["Use database service `metabase-db`", false],
      ["Use database service `warehouse`", false],
    ]);
  });

  it("moves the port to the candidate's container port (PGPORT), inserting it when the URL has none", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw, PGPORT: "6432"}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@database/postgres
      `,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw, PGPORT: "6432"}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@db:6432/postgres
      `,
      { title: "Use database service `db` on port 6432" },
    );
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@database:6432/postgres
      `,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@db:5432/postgres
      `,
      { title: "Use database service `db` on port 5432" },
    );
  });

  it("fixes a URL inside a folded `bash -c` command", () => {
    expectFix(
      ID,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: >
            bash -c "pip install psycopg2-binary &&
            mlflow server
            --backend-store-uri postgresql+psycopg2://mlflow:mlflow@mlflow-db:5432/mlflow
            --host 0.0.0.0"
      `,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: >
            bash -c "pip install psycopg2-binary &&
            mlflow server
            --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow
            --host 0.0.0.0"
      `,
    );
  });

  it("one finding for a URL shared through an anchor, naming every service", () => {
    const [f] = expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.9.0
        environment: &airflow-common-env
          AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgress/airflow
      #                                                                              ^^^^^^^^^ wrong-db-host
      services:
        postgres:
          image: postgres:13
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        airflow-webserver:
          <<: *airflow-common
          command: webserver
        airflow-scheduler:
          <<: *airflow-common
          command: scheduler
      `,
    );
    expect(fullMessage(f)).toMatch(/services `airflow-webserver` and `airflow-scheduler` cannot connect/);
    expect(f.fixes?.[0]).toMatchObject({ title: "Use database service `postgres`", preferred: true });
  });

  it("not preferred when the candidate is on no network the client is on", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          networks: [backend]
        app:
          image: apache/airflow:2.9.0
          networks: [frontend]
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@database/postgres
      #                                                                   ^^^^^^^^ wrong-db-host
      networks:
        backend:
        frontend:
      `,
    );
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([["Use database service `db`", false]]);
  });

  it("a broker URL whose host is unknown", () => {
    expectFindings(
      ID,
      `
      services:
        redis:
          image: redis:7
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://:@broker:6379/0
      #                                            ^^^^^^ wrong-db-host
      `,
    );
  });

  it("names a service answers to: container_name, hostname, network aliases, links, any case", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          container_name: postgres-airflow
          hostname: pghost
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
          networks:
            default:
              aliases: [metadata-db]
        a:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@postgres-airflow/airflow
        b:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@pghost/airflow
        c:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@metadata-db/airflow
        d:
          image: apache/airflow:2.9.0
          links: ["postgres:legacy-db"]
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@legacy-db/airflow
        e:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@Postgres/airflow
      `,
    );
  });

  it("unknown is not wrong: variables, IPs, external DNS names, loopback, proxies, built images", () => {
    expectNoFindings(
      ID,
      `
      services:
        pgbouncer:
          image: edoburu/pgbouncer:1.22.1
        custom:
          build: ./db
        a:
          image: apache/airflow:2.9.0
          environment:
            A: postgresql://u:p@\${DB_HOST}:5432/db
            B: postgresql://u:p@10.0.0.5:5432/db
            C: postgresql://u:p@mydb.abc123.eu-west-1.rds.amazonaws.com:5432/db
            D: postgresql://u:p@host.docker.internal:5432/db
            E: postgresql://u:p@[fd00::5]:5432/db
            F: postgresql://u:p@localhost:5432/db
            G: postgresql://u:p@pgbouncer:6432/db
            H: postgresql://u:p@custom:5432/db
            I: postgresql://u:p@\${DB_HOST:-postgres.internal}:5432/db
      `,
    );
  });

  it("clients with their own network stack, extra_hosts, custom DNS or an external network are left alone", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: apache/airflow:2.9.0
          network_mode: host
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@dbserver/db
        b:
          image: apache/airflow:2.9.0
          network_mode: "service:a"
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@dbserver/db
        c:
          image: apache/airflow:2.9.0
          extra_hosts: ["dbserver:10.0.0.5"]
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@dbserver/db
        d:
          image: apache/airflow:2.9.0
          dns_search: corp.example.com
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@dbserver/db
        e:
          image: apache/airflow:2.9.0
          networks: [shared]
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@dbserver/db
      networks:
        shared:
          external: true
      `,
    );
  });

  it("a file that is part of a larger project (override fragment, include) may not define the host", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          ports: ["5432:5432"]
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@metadata/db
      `,
    );
    expectNoFindings(
      ID,
      `
      include:
        - db.yml
      services:
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://u:p@metadata/db
      `,
    );
  });

  it("a database sharing the target's network stack answers on the target's name", () => {
    expectNoFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --backend-store-uri postgresql://postgres:pw@mlflow/postgres
        db:
          image: postgres:16
          network_mode: service:mlflow
          environment: {POSTGRES_PASSWORD: pw}
      `,
    );
  });

  it("a URL to a database of its family is right (other rules judge port and credentials)", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://wrong:wrong@postgres:5433/nope
      `,
    );
  });
});

describe("wrong-db-host in a project of several files", () => {
  it("a host only the override file gets wrong is found there once the whole project is loaded", () => {
    const dir = tempProject({
      "compose.yaml":
        "services:\n  db:\n    image: postgres:16\n    environment: {POSTGRES_PASSWORD: pw}\n  app:\n    image: app\n    depends_on: [db]\n",
      "compose.override.yaml":
        "services:\n  app:\n    environment:\n      DATABASE_URL: postgresql://postgres:pw@dbb:5432/postgres\n",
    });
    const override = readFileSync(join(dir, "compose.override.yaml"), "utf8");
    const findings = analyze(override, { path: join(dir, "compose.override.yaml") }).findings.filter(
      (f) => f.rule === ID,
    );
    expect(findings.map((f) => [override.slice(f.span.start, f.span.end), f.severity])).toEqual([
      ["dbb", "error"],
    ]);
    expect(findings[0]!.detail).toContain("another file of the project has `db`");
    // The right name from the base file: nothing.
    const right = override.replace("@dbb:", "@db:");
    expect(
      analyze(right, { path: join(dir, "compose.override.yaml") }).findings.filter((f) => f.rule === ID),
    ).toEqual([]);
  });
});
