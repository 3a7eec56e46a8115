import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeConfigOk } from "../../../test/helpers/fix-promises";
import { EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fixAll } from "../fix";
import { RULES } from ".";
import { fullMessage } from "./types";

const RULE = "no-shared-network";

describe("no-shared-network: findings", () => {
  it("flags the host of a URL whose database is on another network", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          networks: [mlops-network]
        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on: [postgres-mlflow]
          command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow
      #                                                                         ^^^^^^^^^^^^^^^ no-shared-network
      networks:
        mlops-network:
      `,
    );
    expect(fullMessage(f)).toContain('"mlflow" is on the default network');
    expect(fullMessage(f)).toContain('"postgres-mlflow" on mlops-network');
    expect(fullMessage(f)).toContain(
      'could not translate host name "postgres-mlflow" to address: Name or service not known',
    );
    expect(f.related?.[0].message).toContain("mlops-network");
  });

  it("flags a depends_on entry when there is no URL", () => {
    expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        worker:
          image: my/worker
          networks: [frontend]
          depends_on:
            - db
      #       ^^ no-shared-network
      networks:
        backend:
        frontend:
      `,
    );
  });

  it("an explicit list without default is not on default", () => {
    expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
        app:
          image: my/app
          networks:
            - frontend
          environment:
            DATABASE_URL: postgresql://u:p@db/app
      #                                    ^^ no-shared-network
      networks:
        frontend:
      `,
    );
  });

  it("is quiet when they share a network, by key or by declared name", () => {
    expectNoFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend, default]
        app:
          image: my/app
          environment:
            DATABASE_URL: postgresql://u:p@db/app
        app2:
          image: my/app
          networks:
            shared:
              aliases: [app]
          environment:
            DATABASE_URL: postgresql://u:p@pg/app
        pg:
          image: postgres:16
          networks: [mlops]
      networks:
        backend:
        shared:
          name: mlops-net
          external: true
        mlops:
          name: mlops-net
          external: true
      `,
    );
  });

  it("leaves alone what it cannot know: network_mode, extends, variables, override fragments", () => {
    expectNoFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        host-app:
          image: my/app
          network_mode: host
          environment:
            DATABASE_URL: postgresql://u:p@db/app
        extended:
          extends:
            file: common.yml
            service: app
          depends_on: [db]
        var-app:
          image: my/app
          networks: ["\${APP_NET}"]
          depends_on: [db]
      networks:
        backend:
      `,
    );
  });

  it("a host name the client maps in extra_hosts does not need a shared network", () => {
    expectNoFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        app:
          image: my/app
          extra_hosts:
            - "db:10.0.0.5"
          environment:
            DATABASE_URL: postgresql://u:p@db/app
      networks:
        backend:
      `,
    );
  });

  it("follows network_mode: service:x to x's networks (reported, no fix)", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        vpn:
          image: my/vpn
        app:
          image: my/app
          network_mode: service:vpn
          depends_on:
            - db
      #       ^^ no-shared-network
        sidecar:
          image: my/app
          network_mode: service:db
          depends_on: [db]
      networks:
        backend:
      `,
    );
    expect(fullMessage(f)).toContain("network_mode: service:vpn");
    expect(f.fixes).toEqual([]);
  });

  it("reports one finding per client and database, on the first URL", () => {
    expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          networks: [db]
        airflow:
          image: apache/airflow:2.7.0
          depends_on: [postgres]
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      #                                                                                ^^^^^^^^ no-shared-network
            AIRFLOW__CELERY__RESULT_BACKEND: db+postgresql://airflow:airflow@postgres/airflow
      networks:
        db:
      `,
    );
  });

  it("holds through anchors (the official Airflow layout)", () => {
    const found = expectFindings(
      RULE,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.7.0
        environment:
          AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      #                                                                              ^^^^^^^^ no-shared-network
      #                                                                              ^^^^^^^^ no-shared-network
      services:
        postgres:
          image: postgres:13
          networks: [db]
        airflow-webserver:
          <<: *airflow-common
        airflow-scheduler:
          <<: *airflow-common
      networks:
        db:
      `,
    );
    expect(found.map((f) => f.message.slice(0, 20))).toEqual([
      '"airflow-webserver" ',
      '"airflow-scheduler" ',
    ]);
  });

  it("gives nothing on the seed example and the blog's fixed file", () => {
    expect(lintText(readFileSync(EXAMPLE, "utf8")).filter((f) => f.rule === RULE)).toEqual([]);
    expect(
      lintText(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8")).filter((f) => f.rule === RULE),
    ).toEqual([]);
  });
});

describe("no-shared-network: fixes", () => {
  it("appends the database's network to a block list", () => {
    expectFix(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks:
            - backend
        app:
          image: my/app
          networks:
            - frontend # public side
          environment:
            DATABASE_URL: postgresql://u:p@db/app
      networks:
        backend:
        frontend:
      `,
      `
      services:
        db:
          image: postgres:16
          networks:
            - backend
        app:
          image: my/app
          networks:
            - frontend # public side
            - backend
          environment:
            DATABASE_URL: postgresql://u:p@db/app
      networks:
        backend:
        frontend:
      `,
      { title: 'Add "app" to network `backend`' },
    );
  });

  it("appends to a flow list and to a map, in their style", () => {
    expectFix(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        app:
          image: my/app
          networks: [frontend]
          depends_on: [db]
      networks:
        backend:
        frontend:
      `,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        app:
          image: my/app
          networks: [frontend, backend]
          depends_on: [db]
      networks:
        backend:
        frontend:
      `,
    );
    expectFix(
      RULE,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        app:
          image: my/app
          networks:
            frontend:
              aliases: [web]
          depends_on: [db]
      networks:
        backend:
        frontend:
      `,
      `
      services:
        db:
          image: postgres:16
          networks: [backend]
        app:
          image: my/app
          networks:
            frontend:
              aliases: [web]
            backend:
          depends_on: [db]
      networks:
        backend:
        frontend:
      `,
    );
  });

  it("adds default when the database sits on the default network", () => {
    expectFix(
      RULE,
      `
      services:
        db:
          image: postgres:16
        app:
          image: my/app
          networks:
            - frontend
          depends_on:
            - db
      networks:
        frontend:
      `,
      `
      services:
        db:
          image: postgres:16
        app:
          image: my/app
          networks:
            - frontend
            - default
          depends_on:
            - db
      networks:
        frontend:
      `,
    );
  });

  it("a client without networks keeps default when others use it, so no other edge breaks", () => {
    const after = expectFix(
      RULE,
      `
      services:
        redis:
          image: redis:7
        postgres-mlflow:
          image: postgres:13
          networks:
            - mlops-network
        mlflow:
          image: mlflow/mlflow:2.7.1
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow
            CACHE_URL: redis://redis:6379/0
      networks:
        mlops-network:
      `,
      `
      services:
        redis:
          image: redis:7
        postgres-mlflow:
          image: postgres:13
          networks:
            - mlops-network
        mlflow:
          image: mlflow/mlflow:2.7.1
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow
            CACHE_URL: redis://redis:6379/0
          networks:
            - default
            - mlops-network
      networks:
        mlops-network:
      `,
    );
    // mlflow still reaches redis on default.
    expect(lintText(after).filter((f) => f.rule === RULE)).toEqual([]);
  });

  it("a client without networks, alone on default, gets just the database's network", () => {
    expectFix(
      RULE,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          networks:
            - mlops-network
        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            - postgres-mlflow
      networks:
        mlops-network:
      `,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          networks:
            - mlops-network
        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            - postgres-mlflow
          networks:
            - mlops-network
      networks:
        mlops-network:
      `,
    );
  });

  it("fix-all connects every client, to every database, and docker-compose accepts it", () => {
    const text = `services:
  pg-airflow:
    image: postgres:13
    networks: [airflow-db]
  pg-mlflow:
    image: postgres:13
    networks:
      - mlflow-db
  redis:
    image: redis:7
  airflow:
    image: apache/airflow:2.7.0
    environment:
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://a:a@pg-airflow/airflow
      AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
    depends_on: [pg-mlflow]
networks:
  airflow-db:
  mlflow-db:
`;
    // Only this rule's fixes, so that the test does not depend on the others'.
    const only = Object.fromEntries(
      RULES.map((r) => [r.meta.id, r.meta.id === RULE ? "error" : "off"] as const),
    );
    const out = fixAll(text, {}, { rules: only }).text;
    expect(lintText(out).filter((f) => f.rule === RULE)).toEqual([]);
    expect(out).toContain(`  airflow:
    image: apache/airflow:2.7.0
    environment:
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://a:a@pg-airflow/airflow
      AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
    depends_on: [pg-mlflow]
    networks:
      - default
      - airflow-db
      - mlflow-db
`);
    expect(composeConfigOk(out).ok).toBe(true);
  });

  it("does not join a network that is not declared (that would be a new undefined-reference)", () => {
    const found = lintText(`services:
  db:
    image: postgres:16
    networks: [backend]
  app:
    image: my/app
    networks: [frontend]
    depends_on: [db]
networks:
  frontend:
`).filter((f) => f.rule === RULE);
    expect(found).toHaveLength(1);
    expect(found[0].fixes).toEqual([]);
  });

  it("offers no fix for networks written in an anchor shared with other services", () => {
    const found = lintText(`x-net: &net
  networks: [frontend]
services:
  db:
    image: postgres:16
    networks: [backend]
  app:
    <<: *net
    image: my/app
    depends_on: [db]
networks:
  backend:
  frontend:
`).filter((f) => f.rule === RULE);
    expect(found).toHaveLength(1);
    expect(found[0].fixes).toEqual([]);
  });
  it("an S3 endpoint URL is a connection too: MLflow and its MinIO on no common network", () => {
    expectFindings(
      RULE,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          networks: [storage]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          networks: [web]
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      #                                    ^^^^^ no-shared-network error
      networks:
        storage:
        web:
      `,
    );
  });
});
