import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "mlflow-missing-driver";

describe(ID, () => {
  it("flags a postgresql backend, a mysql backend from the environment and an s3 artifact root on the official image", () => {
    expectFindings(
      ID,
      `
      services:
        a:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:mlflow@db:5432/mlflow
      #                                                             ^^^^^^^^^^ mlflow-missing-driver error no-fix: has no \`psycopg2\`
        b:
          image: ghcr.io/mlflow/mlflow:v3.9.2
          environment:
            MLFLOW_BACKEND_STORE_URI: mysql+pymysql://u:p@db/mlflow
      #                               ^^^^^^^^^^^^^ mlflow-missing-driver error fix: has no \`pymysql\`
          command: mlflow server --host 0.0.0.0
        c:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --default-artifact-root s3://mlflow/
      #                                                                 ^^ mlflow-missing-driver warning no-fix: has no \`boto3\`
      `,
    );
  });

  it("flags a python image that installs mlflow and no driver", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: python:3.11-slim
          command: >
            bash -c "pip install mlflow==2.16.2 && mlflow server --host 0.0.0.0 --backend-store-uri postgresql+psycopg2://u:p@db/mlflow"
      #                                                                                             ^^^^^^^^^^^^^^^^^^^ mlflow-missing-driver error
      `,
    );
  });

  it("offers the -full tag from 3.9.0 on", () => {
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.9.2
          command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://u:p@db/mlflow
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.9.2-full
          command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://u:p@db/mlflow
      `,
      { title: "Use image `ghcr.io/mlflow/mlflow:v3.9.2-full`" },
    );
  });

  it("says nothing when the driver is installed, the image ships it, is built or unknown, or the store is unknown", () => {
    expectNoFindings(
      ID,
      `
      services:
        installs:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: bash -c "pip install psycopg2-binary boto3 && mlflow server --backend-store-uri postgresql://u:p@db/m --default-artifact-root s3://b/"
        psycopg3:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: sh -c "pip install 'psycopg[binary]' && mlflow server --backend-store-uri postgresql+psycopg://u:p@db/m"
        requirements:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: sh -c "pip install -r /requirements.txt && mlflow server --backend-store-uri postgresql://u:p@db/m"
        extras:
          image: python:3.11
          command: sh -c "pip install mlflow[extras] && mlflow server --backend-store-uri postgresql://u:p@db/m"
        script:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: bash -c "./install-deps.sh && mlflow server --backend-store-uri postgresql://u:p@db/m"
        conda:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: bash -c "conda install -y psycopg2 && mlflow server --backend-store-uri postgresql://u:p@db/m"
        full:
          image: ghcr.io/mlflow/mlflow:v3.9.2-full
          command: mlflow server --backend-store-uri postgresql://u:p@db/m
        built:
          build: .
          command: mlflow server --backend-store-uri postgresql://u:p@db/m
        other:
          image: mycompany/mlflow:2.16
          command: mlflow server --backend-store-uri postgresql://u:p@db/m
        variable:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --backend-store-uri \${DATABASE_URL}
        sqlite:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --backend-store-uri sqlite:////data/mlflow.db --default-artifact-root /data/artifacts
        proxied-local:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --artifacts-destination /data/artifacts
      `,
    );
  });
});
