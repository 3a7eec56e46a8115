import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow-deprecated-config";

describe(ID, () => {
  it("Airflow 3 does not read AIRFLOW__CORE__SQL_ALCHEMY_CONN: error, renamed by the fix", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config error safe-fix: Airflow 3.0.2 does not read
      `,
    );
    expectFix(
      ID,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      `,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      `,
    );
  });

  it("Airflow 2.7 still reads it with a DeprecationWarning: warning, list form renamed", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.7.0-python3.9
          command: webserver
          environment:
            - AIRFLOW__CORE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres/airflow
      #       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config warning safe-fix: deprecated since Airflow 2.3.0
      `,
    );
    expectFix(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.7.0-python3.9
          command: webserver
          environment:
            - AIRFLOW__CORE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres/airflow
      `,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.7.0-python3.9
          command: webserver
          environment:
            - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres/airflow
      `,
    );
  });

  it("before the move (2.2) the old name is the option itself: nothing", () => {
    expectNoFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.2.5
          command: webserver
          environment:
            AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
      `,
    );
  });

  it("a key in the shared anchor is reported once, naming every service that reads it", () => {
    const [f] = expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:3.1.0
        environment: &airflow-common-env
          AIRFLOW__WEBSERVER__WEB_SERVER_PORT: "8080"
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config
      services:
        airflow-apiserver:
          <<: *airflow-common
          command: api-server
        airflow-scheduler:
          <<: *airflow-common
          command: scheduler
      `,
    );
    expect(`${f!.message} ${f!.detail}`).toMatch(/`airflow-apiserver` and `airflow-scheduler`/);
  });

  it("webserver.secret_key is an alias of api.secret_key from 3.0.2 on, the key itself in 3.0.0", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-apiserver:
          image: apache/airflow:3.0.2
          command: api-server
          environment:
            AIRFLOW__WEBSERVER__SECRET_KEY: abc
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config warning: deprecated since Airflow 3.0.2
      `,
    );
    expectNoFindings(
      ID,
      `
      services:
        airflow-apiserver:
          image: apache/airflow:3.0.0
          command: api-server
          environment:
            AIRFLOW__WEBSERVER__SECRET_KEY: abc
      `,
    );
  });

  it("both names set: a hint that the old one does nothing, no fix", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql://a:b@postgres/airflow
            AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql://a:b@postgres/airflow
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config hint no-fix
      `,
    );
  });

  it("the _CMD form keeps its suffix", () => {
    expectFix(
      ID,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD: cat /run/secrets/db
      `,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD: cat /run/secrets/db
      `,
    );
  });

  it("unknown version (placeholder tag, latest, another image): nothing; a variable's default: info", () => {
    for (const image of [
      "${AIRFLOW_IMAGE_NAME:-apache/airflow:|version|}",
      "apache/airflow:latest",
      "my/airflow:3.0.0",
    ])
      expectNoFindings(
        ID,
        `
        services:
          airflow-scheduler:
            image: ${image}
            command: airflow scheduler
            environment:
              AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql://a:b@postgres/airflow
        `,
      );
    expectFindings(
      ID,
      `
      services:
        airflow-scheduler:
          image: \${AIRFLOW_IMAGE_NAME:-apache/airflow:3.0.2}
          command: scheduler
          environment:
            AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql://a:b@postgres/airflow
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config info fix
      `,
    );
  });

  it("a removed option on Airflow 3 is a warning with no rename", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-scheduler:
          image: apache/airflow:3.0.2
          command: scheduler
          environment:
            AIRFLOW__CORE__CHECK_SLAS: "true"
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^ airflow-deprecated-config warning no-fix: has no option
      `,
    );
  });
});
