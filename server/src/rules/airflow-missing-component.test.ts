import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow-missing-component";

describe(ID, () => {
  it("the seed's fixed file: a webserver and no scheduler; the fix copies the service", () => {
    const found = lintText(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8")).filter((f) => f.rule === ID);
    expect(found.map((f) => [f.severity, f.text, f.message])).toEqual([
      [
        "warning",
        "webserver",
        "No service runs the Airflow scheduler: `airflow-webserver` comes up, but no task will ever run.",
      ],
    ]);
    expectFix(
      ID,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_PASSWORD=airflow
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
        airflow-webserver:
          image: apache/airflow:2.7.0-python3.9
          container_name: web
          depends_on:
            postgres:
              condition: service_healthy
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/postgres
          ports:
            - "8080:8080"
          command: bash -c "airflow db migrate && airflow webserver"
      `,
      `
      services:
        postgres:
          image: postgres:13
          environment:
            - POSTGRES_PASSWORD=airflow
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
        airflow-webserver:
          image: apache/airflow:2.7.0-python3.9
          container_name: web
          depends_on:
            postgres:
              condition: service_healthy
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/postgres
          ports:
            - "8080:8080"
          command: bash -c "airflow db migrate && airflow webserver"
        airflow-scheduler:
          image: apache/airflow:2.7.0-python3.9
          depends_on:
            postgres:
              condition: service_healthy
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/postgres
          command: airflow scheduler
      `,
      // A literal copy (no shared anchor) is offered for review, not applied by fix all.
      { title: "Add service `airflow-scheduler` running `airflow scheduler`" },
    );
  });

  it("Airflow 3 without a dag-processor, on the scheduler", () => {
    expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:3.1.0
      services:
        airflow-init:
          <<: *airflow-common
          command: db migrate
        airflow-apiserver:
          <<: *airflow-common
          command: api-server
        airflow-scheduler:
          <<: *airflow-common
          command: scheduler
      #            ^^^^^^^^^ airflow-missing-component warning safe-fix: needs an \`airflow dag-processor\` service
      `,
    );
    // Airflow 2: the scheduler parses DAGs itself.
    expectNoFindings(
      ID,
      `
      services:
        airflow-init:
          image: apache/airflow:2.10.4
          command: db migrate
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
      `,
    );
  });

  it("CeleryExecutor without a worker, on the executor's value", () => {
    expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.10.4
        environment:
          AIRFLOW__CORE__EXECUTOR: CeleryExecutor
      #                            ^^^^^^^^^^^^^^ airflow-missing-component warning: no service runs \`airflow celery worker\`
      services:
        airflow-webserver:
          <<: *airflow-common
          command: webserver
        airflow-scheduler:
          <<: *airflow-common
          command: scheduler
      `,
    );
  });

  it("silent: standalone, another image's entrypoint (puckel), a start script, an override file", () => {
    expectNoFindings(
      ID,
      `
      services:
        airflow:
          image: apache/airflow:2.10.4
          command: standalone
      `,
    );
    for (const f of [
      "puckel__docker-airflow__docker-compose-LocalExecutor.yml",
      "puckel__docker-airflow__docker-compose-CeleryExecutor.yml",
    ])
      expect(lintText(readFileSync(`${CORPUS_DIR}files/${f}`, "utf8")).filter((x) => x.rule === ID)).toEqual(
        [],
      );
    expectNoFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
        airflow-worker:
          image: apache/airflow:2.10.4
          command: ["bash", "/opt/airflow/start.sh"]
      `,
    );
    expectNoFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
        airflow-scheduler:
          environment:
            AIRFLOW__CORE__LOAD_EXAMPLES: "false"
      `,
    );
  });

  it("another image with bare Airflow commands (built FROM apache/airflow) is read, at info", () => {
    // joscanoga/mlops-stack-mlflow-fastapi: custom images whose repository also names MLflow.
    expect(
      lintText(
        readFileSync(`${CORPUS_DIR}files/joscanoga__mlops-stack-mlflow-fastapi__docker-compose.yml`, "utf8"),
      ).filter((x) => x.rule.startsWith("airflow")),
    ).toEqual([]);
    expectFindings(
      ID,
      `
      services:
        airflow-init:
          build: ./airflow
          image: me/stack-airflow:1.0.0
          command: bash -c "airflow db migrate"
        airflow-webserver:
          build: ./airflow
          image: me/stack-airflow:1.0.0
          command: webserver
      #            ^^^^^^^^^ airflow-missing-component info
      `,
    );
  });
});
