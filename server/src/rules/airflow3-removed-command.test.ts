import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "airflow3-removed-command";

describe(ID, () => {
  it("`command: webserver` on an Airflow 3 image: error, fix to api-server offered for review", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:3.0.2
          command: webserver
      #            ^^^^^^^^^ airflow3-removed-command error fix: Airflow 3.0.2 has no \`airflow webserver\`
      `,
    );
    expect(f!.fixes?.[0]?.preferred).toBe(false);
    expectFix(
      ID,
      `
      services:
        airflow-webserver:
          image: apache/airflow:3.0.2
          command: webserver
      `,
      `
      services:
        airflow-webserver:
          image: apache/airflow:3.0.2
          command: api-server
      `,
      { title: "Run `airflow api-server`" },
    );
  });

  it("`db init` and `db upgrade` in a bash -c chain on Airflow 3: db migrate, applied by fix all", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-init:
          image: apache/airflow:3.1.0
          command: ["bash", "-c", "airflow db upgrade && airflow users list"]
      #                                    ^^^^^^^^^^ airflow3-removed-command error safe-fix
      `,
    );
    expectFix(
      ID,
      `
      services:
        airflow-init:
          image: apache/airflow:3.1.0
          command: >
            bash -c "airflow db init &&
            airflow webserver"
      `,
      `
      services:
        airflow-init:
          image: apache/airflow:3.1.0
          command: >
            bash -c "airflow db migrate &&
            airflow webserver"
      `,
    );
  });

  it("on Airflow 2.7+ db init is only deprecated (info); before 2.7 and on unknown versions nothing", () => {
    expectFindings(
      ID,
      `
      services:
        airflow:
          image: apache/airflow:2.7.0-python3.9
          command: bash -c "airflow db init && airflow webserver"
      #                             ^^^^^^^ airflow3-removed-command info: deprecated since Airflow 2.7
      `,
    );
    for (const image of ["apache/airflow:2.6.3", "apache/airflow:latest", "my/airflow:3.0.0", "${IMG}"])
      expectNoFindings(
        ID,
        `
        services:
          airflow:
            image: ${image}
            command: bash -c "airflow db init && airflow webserver"
        `,
      );
  });

  it("a tag that is a variable's default: info", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-webserver:
          image: \${AIRFLOW_IMAGE_NAME:-apache/airflow:3.0.2}
          command: airflow webserver
      #                    ^^^^^^^^^ airflow3-removed-command info
      `,
    );
  });

  it("an entrypoint script calling /entrypoint", () => {
    expectFindings(
      ID,
      `
      services:
        airflow-init:
          image: apache/airflow:3.0.2
          entrypoint: /bin/bash
          command:
            - -c
            - |
              /entrypoint airflow db init
      #                           ^^^^^^^ airflow3-removed-command
      `,
    );
  });
});
