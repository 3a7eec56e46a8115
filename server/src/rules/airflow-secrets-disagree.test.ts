import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow-secrets-disagree";

describe(ID, () => {
  it("a Fernet key pasted differently into one component: on the odd one, fixed to the others' value", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          environment:
            AIRFLOW__CORE__FERNET_KEY: aaaa
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
          environment:
            AIRFLOW__CORE__FERNET_KEY: aaaa
        airflow-worker:
          image: apache/airflow:2.10.4
          command: celery worker
          environment:
            AIRFLOW__CORE__FERNET_KEY: bbbb
      #                                ^^^^ airflow-secrets-disagree warning safe-fix: Fernet key of \`airflow-worker\` differs
      `,
    );
    expect(f!.detail).toMatch(/`airflow-webserver` and `airflow-scheduler`/);
    expectFix(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          environment:
            AIRFLOW__CORE__FERNET_KEY: aaaa
        airflow-worker:
          image: apache/airflow:2.10.4
          command: celery worker
          environment:
            AIRFLOW__CORE__FERNET_KEY: bbbb
      `,
      `
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          environment:
            AIRFLOW__CORE__FERNET_KEY: aaaa
        airflow-worker:
          image: apache/airflow:2.10.4
          command: celery worker
          environment:
            AIRFLOW__CORE__FERNET_KEY: aaaa
      `,
      { title: "Use the Fernet key of `airflow-webserver`" },
    );
  });

  it("webserver.secret_key and api.secret_key are one setting; one against one is not applied by fix all", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        airflow-apiserver:
          image: apache/airflow:3.0.2
          command: api-server
          environment:
            AIRFLOW__API__SECRET_KEY: one
        airflow-worker:
          image: apache/airflow:3.0.2
          command: celery worker
          environment:
            AIRFLOW__WEBSERVER__SECRET_KEY: two
      #                                     ^^^ airflow-secrets-disagree warning fix: secret key
      `,
    );
    expect(f!.fixes?.[0]?.preferred).toBe(false);
  });

  it("the same value, values from variables, empty values and non-Airflow services: nothing", () => {
    expectNoFindings(
      ID,
      `
      x-env: &env
        AIRFLOW__CORE__FERNET_KEY: aaaa
      services:
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          environment: *env
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
          environment:
            AIRFLOW__CORE__FERNET_KEY: \${FERNET_KEY}
        airflow-triggerer:
          image: apache/airflow:2.10.4
          command: triggerer
          environment:
            AIRFLOW__CORE__FERNET_KEY: ''
        other:
          image: python:3.12
          environment:
            FERNET_KEY: bbbb
      `,
    );
  });
});
