import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "db-host-localhost";

describe(ID, () => {
  it("flags loopback hosts of database URLs inside containers", () => {
    const found = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@localhost:5432/airflow
      #                                                                       ^^^^^^^^^ db-host-localhost
            AIRFLOW__CELERY__RESULT_BACKEND: db+postgresql://airflow:airflow@127.0.0.1/airflow
      #                                                                      ^^^^^^^^^ db-host-localhost
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@[::1]:5432/airflow
      #                                                                        ^^^ db-host-localhost
            DATABASE_URL: postgresql://airflow:airflow@0.0.0.0/airflow
      #                                                ^^^^^^^ db-host-localhost
      `,
    );
    expect(fullMessage(found[0])).toMatch(
      /`localhost` in the URL of service `airflow` is the container of service `airflow` itself, not the PostgreSQL server/,
    );
    expect(fullMessage(found[0])).toMatch(
      /connection to server at "localhost" \(127\.0\.0\.1\), port 5432 failed: Connection refused/,
    );
  });

  it("replaces host and published port with the service and its container port", () => {
    expectFix(
      ID,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_DB=mlflow
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
          ports:
            - "5433:5432"
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@localhost:5433/mlflow --host 0.0.0.0
      `,
      `
      services:
        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_DB=mlflow
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
          ports:
            - "5433:5432"
        mlflow:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@postgres-mlflow:5432/mlflow --host 0.0.0.0
      `,
      { title: "Use database service `postgres-mlflow` on port 5432" },
    );
  });

  it("of two databases, the one whose database the URL names is preferred", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
          ports: ["5432:5432"]
        postgres-mlflow:
          image: postgres:16
          environment: {POSTGRES_USER: mlflow, POSTGRES_PASSWORD: mlflow}
          ports: ["5433:5432"]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://mlflow:mlflow@localhost:5433/mlflow
      #                                                          ^^^^^^^^^ db-host-localhost
      `,
    );
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([
      ["Use database service `postgres-mlflow` on port 5432", true],
      ["Use database service `postgres` on port 5432", false],
    ]);
  });

  it("a Celery broker on localhost goes to the Redis service", () => {
    expectFix(
      ID,
      `
      services:
        redis:
          image: redis:7
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://localhost:6379/0
      `,
      `
      services:
        redis:
          image: redis:7
        worker:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
      `,
    );
  });

  it("MLFLOW_TRACKING_URI on localhost goes to the MLflow server and its container port", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0 --port 5000
        trainer:
          image: python:3.12
          environment:
            MLFLOW_TRACKING_URI: http://localhost:5001
      #                                 ^^^^^^^^^ db-host-localhost
      `,
    );
    expect(fullMessage(f)).toMatch(/not the MLflow server/);
    expect(fullMessage(f)).toMatch(/HTTPConnectionPool\(host='localhost', port=5001\)/);
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --host 0.0.0.0 --port 8080
        trainer:
          image: python:3.12
          environment:
            - MLFLOW_TRACKING_URI=http://127.0.0.1
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --host 0.0.0.0 --port 8080
        trainer:
          image: python:3.12
          environment:
            - MLFLOW_TRACKING_URI=http://mlflow:8080
      `,
      { title: "Use MLflow server `mlflow` on port 8080" },
    );
  });

  it("with no database of the URL's kind in the file, reports without a fix", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: mysql://u:p@localhost/airflow
      #                                                      ^^^^^^^^^ db-host-localhost
      `,
    );
    expect(f.fixes).toEqual([]);
    expect(fullMessage(f)).toMatch(/host\.docker\.internal/);
  });

  it("network_mode host/service, a sidecar database, the server's own URL and MLflow's tracking URI are right", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: pw
            DATABASE_URL: postgresql://postgres:pw@localhost/postgres
        a:
          image: apache/airflow:2.9.0
          network_mode: host
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@localhost/postgres
        b:
          image: apache/airflow:2.9.0
          network_mode: service:postgres
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@localhost/postgres
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --host 0.0.0.0
          environment:
            MLFLOW_TRACKING_URI: http://localhost:5000
        notebook:
          image: jupyter/base-notebook
          environment:
            JUPYTER_URL: http://localhost:8888
        app:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://postgres:pw@localhost/postgres
        sidecar-db:
          image: postgres:16
          network_mode: service:app
          environment: {POSTGRES_PASSWORD: pw}
      `,
    );
  });
  it("an S3 endpoint URL at localhost: the S3 store's name and API port are the fix", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data --console-address ":9001"
          ports: ["9002:9000"]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://localhost:9000
      #                                    ^^^^^^^^^ db-host-localhost error safe-fix: not the S3 server
      `,
    );
    expect(f!.detail).toMatch(/Could not connect to the endpoint URL: "http:\/\/localhost:9000\/…"/);
    expectFix(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          ports: ["9002:9000"]
        app:
          image: python:3.12
          environment:
            - AWS_ENDPOINT_URL=http://127.0.0.1:9002 # from the host's .env
      `,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          ports: ["9002:9000"]
        app:
          image: python:3.12
          environment:
            - AWS_ENDPOINT_URL=http://minio:9000 # from the host's .env
      `,
      { title: "Use S3 store `minio` on port 9000" },
    );
  });

  it("an S3 endpoint at localhost of the store itself, or with no store in the project, is no error", () => {
    expectNoFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://localhost:9000
      `,
    );
    expectFindings(
      ID,
      `
      services:
        app:
          image: python:3.12
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://localhost:9000
      #                                    ^^^^^^^^^ db-host-localhost hint
      `,
    );
  });
});
