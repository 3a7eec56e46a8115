import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLE, lintText } from "../../../test/helpers/lint";
import { dedent, expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "shared-database";

describe(ID, () => {
  it("flags MLflow's URL on the seed, pointing at Airflow's as related", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const found = lintText(text).filter((f) => f.rule === ID);
    expect(found).toHaveLength(1);
    expect(found[0].text).toBe("postgresql+psycopg2://airflow:airflow@postgres:5432/airflow");
    expect(found[0].start.line).toBe(46);
    expect(fullMessage(found[0])).toMatch(/MLflow and Airflow share the database `airflow` on `postgres`/);
    expect(found[0].related).toHaveLength(1);
    const rel = found[0].related![0];
    expect(text.slice(rel.span.start, rel.span.end)).toBe(
      "postgresql+psycopg2://postgres:airflow@postgres:5432/airflow",
    );
    expect(fullMessage(rel)).toMatch(/Airflow \(airflow-scheduler\)/);
  });

  it("marks the moving app's URL, in environment and in commands", () => {
    expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://app:pw@db/app
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://app:pw@db:5432/app
      #                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-database
          command: mlflow db upgrade postgresql://app:pw@db/app
      #                              ^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-database
      `,
    );
  });

  it("one server with a database per app is correct", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@postgres/airflow
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --backend-store-uri postgresql://airflow:airflow@postgres/mlflow
      `,
    );
  });

  it("several services of one app sharing its database is correct (anchors and merge keys)", () => {
    expectNoFindings(
      ID,
      `
      x-airflow-common: &common
        image: apache/airflow:2.9.0
        environment:
          AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
          AIRFLOW__CELERY__RESULT_BACKEND: db+postgresql://airflow:airflow@postgres/airflow
      services:
        postgres:
          image: postgres:13
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow, POSTGRES_DB: airflow}
        webserver:
          <<: *common
          command: webserver
        scheduler:
          <<: *common
          command: scheduler
        worker:
          <<: *common
          command: celery worker
      `,
    );
  });

  it("holds through a shared x-airflow-common anchor: MLflow on Airflow's database is flagged", () => {
    const found = expectFindings(
      ID,
      `
      x-airflow-common: &common
        image: apache/airflow:2.9.0
        environment:
          AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      services:
        postgres:
          image: postgres:13
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        webserver:
          <<: *common
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: ["mlflow", "server", "--backend-store-uri=postgresql://airflow:airflow@postgres/airflow"]
      #                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shared-database
      `,
    );
    expect(found[0].related).toHaveLength(1);
  });

  it("splits the seed like the post: new service, URL, depends_on, volume", () => {
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
          ports:
            - "5432:5432"
          volumes:
            - postgres_data:/var/lib/postgresql/data

        airflow:
          image: apache/airflow:2.7.0-python3.9
          depends_on:
            - postgres
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres:5432/airflow

        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            - postgres # start after the database
          command: >
            bash -c "mlflow db upgrade postgresql+psycopg2://airflow:airflow@postgres:5432/airflow &&
            mlflow server
            --backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow"

      volumes:
        postgres_data:
      `,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_DB=airflow
            - POSTGRES_USER=airflow
            - POSTGRES_PASSWORD=airflow
          ports:
            - "5432:5432"
          volumes:
            - postgres_data:/var/lib/postgresql/data

        postgres-mlflow:
          image: postgres:13
          environment:
            - POSTGRES_USER=mlflow
            - POSTGRES_PASSWORD=mlflow
            - POSTGRES_DB=mlflow
          ports:
            - "5433:5432"
          volumes:
            - postgres_mlflow_data:/var/lib/postgresql/data
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U mlflow -d mlflow"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 10s

        airflow:
          image: apache/airflow:2.7.0-python3.9
          depends_on:
            - postgres
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres:5432/airflow

        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            postgres-mlflow:
              condition: service_healthy # start after the database
          command: >
            bash -c "mlflow db upgrade postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow &&
            mlflow server
            --backend-store-uri postgresql+psycopg2://mlflow:mlflow@postgres-mlflow:5432/mlflow"

      volumes:
        postgres_data:
        postgres_mlflow_data:
      `,
    );
  });

  it("map-style environment, explicit networks, no depends_on, no ports, no volumes section", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: airflow
            POSTGRES_PASSWORD: airflow
          networks: [backend]
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@db/airflow
          networks: [backend]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: "postgresql://airflow:airflow@db/airflow"
          networks: [backend]
      networks:
        backend: {}
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: airflow
            POSTGRES_PASSWORD: airflow
          networks: [backend]
        postgres-mlflow:
          image: postgres:16
          environment:
            POSTGRES_USER: mlflow
            POSTGRES_PASSWORD: mlflow
            POSTGRES_DB: mlflow
          volumes:
            - postgres_mlflow_data:/var/lib/postgresql/data
          networks:
            - backend
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U mlflow -d mlflow"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 10s
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@db/airflow
          networks: [backend]
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: "postgresql://mlflow:mlflow@postgres-mlflow/mlflow"
          networks: [backend]
          depends_on:
            postgres-mlflow:
              condition: service_healthy
      networks:
        backend: {}

      volumes:
        postgres_mlflow_data:
      `,
    );
  });

  it("offers no fix when a URL part comes from a variable (it cannot be rewritten in place)", () => {
    const text = dedent(`
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
        airflow:
          image: apache/airflow:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://airflow:airflow@db/airflow
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          environment:
            MLFLOW_BACKEND_STORE_URI: postgresql://airflow:airflow@\${DB_HOST}/airflow
      `);
    const vars = new Map([["DB_HOST", "db"]]);
    const found = lintText(text, { variables: vars }).filter((f) => f.rule === ID);
    expect(found).toHaveLength(1);
    expect(found[0].fixes).toEqual([]);
  });
});
