import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "mlflow-allowed-hosts";

describe(ID, () => {
  it("flags a 3.5+ server with the default list that a client reaches by service name, and allows it", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0
      #                   ^^^^^^ mlflow-allowed-hosts error safe-fix: rejects the Host \`mlflow:5000\` that \`trainer\` sends
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          ports: ["5001:5000"]
          command: mlflow server --allowed-hosts mlflow:5000,localhost,localhost:5001,127.0.0.1:5001 --host 0.0.0.0
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
  });

  it("flags an explicit list without the name, and appends it", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: python:3.12-slim
          command: sh -c "pip install mlflow psycopg2-binary && mlflow server --host 0.0.0.0 --allowed-hosts localhost:*"
      #                                                                                                      ^^^^^^^^^^^ mlflow-allowed-hosts error safe-fix
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.6.0
          environment:
            MLFLOW_SERVER_ALLOWED_HOSTS: "localhost:*"
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.6.0
          environment:
            MLFLOW_SERVER_ALLOWED_HOSTS: "localhost:*,mlflow:5000"
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
  });

  it("says nothing before 3.5, for an unknown version, an allowed name, a wildcard, a disabled middleware or gunicorn", () => {
    expectNoFindings(
      ID,
      `
      services:
        old:
          image: ghcr.io/mlflow/mlflow:v3.4.0
          command: mlflow server --host 0.0.0.0
        unknown:
          image: mycompany/mlflow-server:1
          command: mlflow server --host 0.0.0.0
        variable:
          image: ghcr.io/mlflow/mlflow:\${MLFLOW_VERSION}
          command: mlflow server --host 0.0.0.0
        listed:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          command: mlflow server --host 0.0.0.0 --allowed-hosts listed:5000,localhost:*
        star:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          command: mlflow server --host 0.0.0.0 --allowed-hosts "*"
        wild:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          command: mlflow server --host 0.0.0.0 --allowed-hosts "wild*"
        disabled:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          command: mlflow server --host 0.0.0.0 --disable-security-middleware
        gunicorn:
          image: ghcr.io/mlflow/mlflow:v3.5.0
          command: mlflow server --host 0.0.0.0 --gunicorn-opts "--timeout 60"
        c:
          image: python:3.11
          environment:
            A: http://old:5000
            B: http://unknown:5000
            C: http://variable:5000
            D: http://listed:5000
            E: http://star:5000
            F: http://wild:5000
            G: http://disabled:5000
            H: http://gunicorn:5000
            MLFLOW_TRACKING_URI: http://old:5000
      `,
    );
  });
});
