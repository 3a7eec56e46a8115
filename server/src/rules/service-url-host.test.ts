import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "service-url-host";

describe(ID, () => {
  it("flags a misspelt tracking host and repoints it at the MLflow server", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlfow:5000
      #                                 ^^^^^ service-url-host error safe-fix: No service answers to \`mlfow\`
      `,
    );
    expectFix(
      ID,
      `
      services:
        tracking:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --port 5500
        trainer:
          image: python:3.11
          environment:
            - MLFLOW_TRACKING_URI=http://mlflow:5000
      `,
      `
      services:
        tracking:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0 --port 5500
        trainer:
          image: python:3.11
          environment:
            - MLFLOW_TRACKING_URI=http://tracking:5500
      `,
      { title: "Use MLflow server `tracking` on port 5500" },
    );
  });

  it("says nothing for services, aliases, public or dotted names, variables, external networks, or no server", () => {
    expectNoFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --host 0.0.0.0
          networks:
            default:
              aliases: [tracking]
        a:
          image: python:3.11
          environment:
            A_URI: http://nowhere:5000
            MLFLOW_TRACKING_URI: http://tracking:5000
        b:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: https://mlflow.example.com
        c:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://host.docker.internal:5000
        d:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://\${MLFLOW_HOST}:5000
        e:
          image: python:3.11
          networks: [shared]
          environment:
            MLFLOW_TRACKING_URI: http://other-project-mlflow:5000
        f:
          image: python:3.11
          extra_hosts: ["tracker:10.0.0.5"]
          environment:
            MLFLOW_TRACKING_URI: http://tracker:5000
      networks:
        shared:
          external: true
      `,
    );
    expectNoFindings(
      ID,
      `
      services:
        trainer:
          image: python:3.11
          environment:
            MLFLOW_TRACKING_URI: http://mlflow:5000
      `,
    );
  });
  it("an S3 endpoint URL whose host is no service, in a project with an S3 store", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://mino:9000
      #                                    ^^^^ service-url-host error safe-fix: the S3 endpoint host of service \`mlflow\`
            AWS_ENDPOINT_URL: https://s3.eu-west-1.amazonaws.com
      `,
    );
    expect(f!.detail).toMatch(/Could not connect to the endpoint URL: "http:\/\/mino:9000\/…"/);
    expect(f!.detail).toMatch(/S3 store here: `minio`/);
    expectFix(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://mino:9000 # artifacts
      `,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://minio:9000 # artifacts
      `,
      { title: "Use S3 store `minio`" },
    );
    // No S3 store in the project: the endpoint may be anywhere.
    expectNoFindings(
      ID,
      `
      services:
        app:
          image: python:3.12
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      `,
    );
  });
});
