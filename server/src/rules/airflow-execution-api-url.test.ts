import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow-execution-api-url";
const FIXTURE = new URL("../../../test/fixtures/airflow/official-3.x-layout.yaml", import.meta.url).pathname;

const stack = (url: string, api = "command: api-server") => `
x-airflow-common: &airflow-common
  image: apache/airflow:3.1.0
  environment:
    AIRFLOW__CORE__EXECUTOR: CeleryExecutor
    ${url}
services:
  airflow-apiserver:
    <<: *airflow-common
    ${api}
    ports:
      - "9090:8080"
  airflow-worker:
    <<: *airflow-common
    command: celery worker
`;

describe(ID, () => {
  it("the official 3.x layout is right", () => {
    const text = readFileSync(FIXTURE, "utf8");
    expect(lintText(text).filter((f) => f.rule === ID)).toEqual([]);
  });

  it("a host that is no api-server, the published host port, a port other than --port", () => {
    expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:3.1.0
        environment:
          AIRFLOW__CORE__EXECUTION_API_SERVER_URL: http://airflow-worker:8080/execution/
      #                                                   ^^^^^^^^^^^^^^ airflow-execution-api-url error safe-fix: does not run the Airflow api-server
      services:
        airflow-apiserver:
          <<: *airflow-common
          command: api-server
        airflow-worker:
          <<: *airflow-common
          command: celery worker
      `,
    );
    expectFix(
      ID,
      stack("AIRFLOW__CORE__EXECUTION_API_SERVER_URL: http://airflow-apiserver:9090/execution/"),
      stack("AIRFLOW__CORE__EXECUTION_API_SERVER_URL: http://airflow-apiserver:8080/execution/"),
    );
    expectFix(
      ID,
      stack(
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL: http://airflow-apiserver:8080/execution/",
        "command: api-server --port 9000",
      ),
      stack(
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL: http://airflow-apiserver:9000/execution/",
        "command: api-server --port 9000",
      ),
    );
  });

  it("a Celery worker with no setting: warning; not when a config file, env_file or base_url may set it", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-apiserver:
          image: apache/airflow:3.1.0
          command: api-server
        airflow-worker:
          image: apache/airflow:3.1.0
          command: celery worker
      #            ^^^^^^ airflow-execution-api-url warning no-fix: its tasks call localhost
      `,
    );
    for (const extra of [
      "environment:\n      AIRFLOW_CONFIG: /opt/airflow/config/airflow.cfg",
      "environment:\n      AIRFLOW__API__BASE_URL: http://airflow-apiserver:8080",
      "volumes:\n      - ./airflow.cfg:/opt/airflow/airflow.cfg",
    ])
      expectNoFindings(
        ID,
        `
services:
  airflow-apiserver:
    image: apache/airflow:3.1.0
    command: api-server
  airflow-worker:
    image: apache/airflow:3.1.0
    command: celery worker
    ${extra}
`,
      );
  });

  it("silent: Airflow 2 (no api-server), an external host, a variable", () => {
    expectNoFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
        airflow-worker:
          image: apache/airflow:2.10.4
          command: celery worker
      `,
    );
    expectNoFindings(
      ID,
      stack("AIRFLOW__CORE__EXECUTION_API_SERVER_URL: https://airflow.example.com/execution/"),
    );
    expectNoFindings(ID, stack("AIRFLOW__CORE__EXECUTION_API_SERVER_URL: ${EXEC_URL}"));
  });
});
