import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "db-port-is-host-port";

describe(ID, () => {
  it("flags the published port of the seed's postgres-mlflow (`5433:5432`) and fixes it", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
          ports:
            - "5433:5432"
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5433/mlflow
      #                                                                                                  ^^^^ db-port-is-host-port
      `,
    );
    expect(fullMessage(f)).toMatch(
      /Port 5433 is the host port `postgres-mlflow` publishes.*It is the port the PostgreSQL service `postgres-mlflow` publishes on the Docker host \(`5433:5432`\)/,
    );
    expect(fullMessage(f)).toMatch(/container port 5432/);
    expect(fullMessage(f)).toMatch(
      /connection to server at "postgres-mlflow" \(…\), port 5433 failed: Connection refused/,
    );
    expectFix(
      ID,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
          ports:
            - "5433:5432"
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5433/mlflow
      `,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
          ports:
            - "5433:5432"
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow
      `,
    );
  });

  it("long port syntax, host IP, ranges, MySQL and Redis", () => {
    expectFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          ports:
            - target: 5432
              published: 15432
        mysql:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: pw}
          ports: ["127.0.0.1:13306:3306"]
        redis:
          image: redis:7
          ports: ["16379-16380:6379-6380"]
        app:
          image: python:3.12
          environment:
            A: postgresql://postgres:pw@pg:15432/postgres
      #                                    ^^^^^ db-port-is-host-port
            B: mysql://root:pw@mysql:13306/mysql
      #                              ^^^^^ db-port-is-host-port
            C: redis://redis:16379/0
      #                      ^^^^^ db-port-is-host-port
      `,
    );
  });

  it("an MLflow tracking URI on the published port", () => {
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.12
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5001
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.12
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
  });

  it("a server that really listens on the URL's port (PGPORT, -p, same port published) is right", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw, PGPORT: "5433"}
          ports: ["5433:5433"]
        b:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          command: postgres -p 5434
          ports: ["5434:5434"]
        c:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          ports: ["5432:5432", "5435:5432"]
        app:
          image: python:3.12
          environment:
            A: postgresql://postgres:pw@a:5433/postgres
            B: postgresql://postgres:pw@b:5434/postgres
            C: postgresql://postgres:pw@c:5432/postgres
            D: postgresql://postgres:pw@c/postgres
            E: postgresql://postgres:pw@c:\${PORT}/postgres
        host-net:
          image: python:3.12
          network_mode: host
          environment:
            F: postgresql://postgres:pw@c:5435/postgres
      `,
    );
  });

  it("a port that is neither published nor the container port is another problem", () => {
    expectNoFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          ports: ["5433:5432"]
        app:
          image: python:3.12
          environment:
            A: postgresql://postgres:pw@pg:6543/postgres
      `,
    );
  });
  it("an S3 endpoint URL at the port an S3 store publishes: its API's container port is the fix", () => {
    expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data --console-address ":9001"
          ports: ["9002:9000", "9003:9001"]
        rustfs:
          image: rustfs/rustfs:1.0.0-alpha.83
          environment:
            RUSTFS_ADDRESS: ":9100"
          ports: ["19100:9100"]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9002
      #                                          ^^^^ db-port-is-host-port error safe-fix: Port 9002 is the host port \`minio\` publishes
            AWS_ENDPOINT_URL: http://rustfs:19100
      #                                     ^^^^^ db-port-is-host-port error safe-fix: Port 19100 is the host port \`rustfs\` publishes
            S3_ENDPOINT_URL: http://minio:9000
      `,
    );
    expectFix(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          ports:
            - "9002:9000"
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://minio:9002 # the host's port
      `,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          ports:
            - "9002:9000"
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://minio:9000 # the host's port
      `,
      { title: "Use container port 9000" },
    );
  });

  it("an S3 store whose API port a variable sets, or that listens on the URL's port too, is not judged", () => {
    expectNoFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data --address ":\${MINIO_PORT}"
          ports: ["9002:9000"]
        minio2:
          image: minio/minio
          command: server /data
          ports: ["9002:9000", "9003:9003"]
          expose: ["9003"]
        console:
          image: minio/minio
          command: server /data --console-address ":9001"
          ports: ["9001:9000", "9091:9001"]
        app:
          image: python:3.12
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9002
            AWS_ENDPOINT_URL: http://minio2:9003
            S3_ENDPOINT_URL: http://console:9001
      `,
    );
  });
  it("MLflow's garage example with its .env: the endpoint at garage's published 9000, not its 3900", () => {
    // mlflow/mlflow docker-compose/garage (e796c48): `ports: ["9000:3900"]`, .env.example sets
    // MLFLOW_S3_ENDPOINT_URL=http://storage:9000 over the compose file's own default.
    const [f] = expectFindings(
      ID,
      `
      services:
        storage:
          image: dxflrs/garage:v2.2.0
          ports:
            - "9000:3900"
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.8.1
          environment:
            MLFLOW_S3_ENDPOINT_URL: \${MLFLOW_S3_ENDPOINT_URL:-http://storage:3900}
      #                             ^ db-port-is-host-port error no-fix: Port 9000
      `,
      { variables: new Map([["MLFLOW_S3_ENDPOINT_URL", "http://storage:9000"]]) },
    );
    expect(f!.detail).toMatch(/Garage service `storage`/);
  });
});
