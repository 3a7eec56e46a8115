import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow-missing-migration";

describe(ID, () => {
  it("components and no migration: on the first component; the fix adds airflow-init and the conditions", () => {
    expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: airflow
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
      #            ^^^^^^^^^ airflow-missing-migration warning fix: No service runs \`airflow db migrate\`
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
      `,
    );
    expectFix(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: airflow
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          depends_on:
            postgres:
              condition: service_started
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
      `,
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: airflow
        airflow-init:
          image: apache/airflow:2.10.4
          depends_on:
            postgres:
              condition: service_started
          command: db migrate
        airflow-webserver:
          image: apache/airflow:2.10.4
          command: webserver
          depends_on:
            postgres:
              condition: service_started
            airflow-init:
              condition: service_completed_successfully
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
          depends_on:
            airflow-init:
              condition: service_completed_successfully
      `,
      // A literal copy (no shared anchor) is offered for review, not applied by fix all.
      { title: "Add an `airflow-init` service running `airflow db migrate`" },
    );
  });

  it("any of the ways to migrate is enough", () => {
    for (const migrate of [
      `command: bash -c "airflow db migrate && airflow webserver"`,
      `command: bash -c "airflow db upgrade && airflow webserver"`,
      "command: standalone",
      `environment:\n      _AIRFLOW_DB_MIGRATE: "true"`,
      `environment:\n      _AIRFLOW_DB_UPGRADE: "true"`,
    ])
      expectNoFindings(
        ID,
        `
services:
  airflow-init:
    image: apache/airflow:2.10.4
    ${migrate}
  airflow-scheduler:
    image: apache/airflow:2.10.4
    command: scheduler
`,
      );
  });

  it("_AIRFLOW_DB_MIGRATE counts only where the image's /entrypoint runs", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-init:
          image: apache/airflow:2.10.4
          entrypoint: /bin/bash
          command: ["-c", "airflow version"]
          environment:
            _AIRFLOW_DB_MIGRATE: "true"
        airflow-scheduler:
          image: apache/airflow:2.10.4
          command: scheduler
      #            ^^^^^^^^^ airflow-missing-migration
      `,
    );
  });

  it("a list-form depends_on or one from an anchor: the finding, without a fix", () => {
    const [f] = expectFindings(
      ID,
      `
      x-deps: &deps
        depends_on:
          - postgres
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: airflow
        airflow-scheduler:
          <<: *deps
          image: apache/airflow:2.10.4
          command: scheduler
      #            ^^^^^^^^^ airflow-missing-migration
      `,
    );
    expect(f!.fixes ?? []).toEqual([]);
  });
});
