import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "mlflow-artifact-root-local";

describe(ID, () => {
  it("flags a local root that a trainer's tracking URI and the published port reach, and proxies it", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root ./mlruns
      #                                                                 ^^^^^^^^ mlflow-artifact-root-local warning safe-fix: write artifacts to their own disk
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
          ports: ["5000:5000"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root ./mlruns
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: mlflow server --host 0.0.0.0 --artifacts-destination ./mlruns
      `,
    );
  });

  it("flags the environment variable (no fix there), and a root without serving (no fix)", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          environment:
            MLFLOW_DEFAULT_ARTIFACT_ROOT: file:/mlflow/artifacts
      #                                   ^^^^^^^^^^^^^^^^^^^^^^ mlflow-artifact-root-local warning no-fix
          command: mlflow server --host 0.0.0.0
        old:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --no-serve-artifacts --default-artifact-root /mlruns
      #                                                                                      ^^^^^^^ mlflow-artifact-root-local warning no-fix
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
        trainer2:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://old:5000
      `,
    );
  });

  it("says nothing for remote or proxied roots, shared mounts, unknown values, or nobody elsewhere", () => {
    expectNoFindings(
      ID,
      `
      services:
        s3:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root s3://bucket/
        proxied:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5001:5000"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root mlflow-artifacts:/ --artifacts-destination /data
        shared:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          volumes: ["artifacts:/data/artifacts"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root /data/artifacts
        bound:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5003:5000"]
          volumes: ["./mlruns:/mlruns"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root /mlruns
        variable:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5004:5000"]
          command: mlflow server --host 0.0.0.0 --default-artifact-root \${ARTIFACT_ROOT}
        alone:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --default-artifact-root /mlruns
        worker:
          image: apache/airflow:2.10.4
          volumes: ["artifacts:/data/artifacts"]
          environment:
            MLFLOW_TRACKING_URI: http://shared:5000
      volumes:
        artifacts:
      `,
    );
  });
});
