import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "mlflow-host-binding";

describe(ID, () => {
  it("flags a server without --host that another service's tracking URI names, and adds --host 0.0.0.0", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --port 5000
      #                   ^^^^^^ mlflow-host-binding error safe-fix: listens on 127.0.0.1 only
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
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --port 5000
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --port 5000
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
  });

  it("flags an explicit loopback host (flag or MLFLOW_HOST) reached through a published port", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: ["mlflow", "server", "--host", "127.0.0.1"]
      #                                            ^^^^^^^^^ mlflow-host-binding error safe-fix: listens on 127.0.0.1 only
        ui:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5001:5000"]
          environment:
            MLFLOW_HOST: localhost
      #                  ^^^^^^^^^ mlflow-host-binding error safe-fix
          command: mlflow ui
      `,
    );
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: ["mlflow", "server", "--host", "127.0.0.1"]
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: ["mlflow", "server", "--host", "0.0.0.0"]
      `,
    );
  });

  it("adds the option as a list item of its own, and inside a bash -c folded script", () => {
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports:
            - "5000:5000"
          command:
            - mlflow
            - server
            - --port
            - "5000"
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports:
            - "5000:5000"
          command:
            - mlflow
            - server
            - --port
            - "5000"
            - --host=0.0.0.0
      `,
    );
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: python:3.11-slim
          ports:
            - "5000:5000"
          command: >
            bash -c "pip install mlflow==2.16.2 &&
            mlflow server
            --port 5000"
      `,
      `
      services:
        mlflow:
          image: python:3.11-slim
          ports:
            - "5000:5000"
          command: >
            bash -c "pip install mlflow==2.16.2 &&
            mlflow server --host 0.0.0.0
            --port 5000"
      `,
    );
  });

  it("says nothing when the server listens on every interface, nobody reaches it, or the host is unknown", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: mlflow server --host 0.0.0.0
        b:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server
        c:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5002:5000"]
          command: mlflow server --host \${MLFLOW_HOST}
        d:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5003:5000"]
          env_file: mlflow.env
          command: mlflow server
        e:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5004:5000"]
          command: mlflow server --host ::
        f:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          network_mode: host
          command: mlflow server
        g:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5005:5000"]
          command: mlflow server --gunicorn-opts "--bind 0.0.0.0:5000"
      `,
    );
  });
});
