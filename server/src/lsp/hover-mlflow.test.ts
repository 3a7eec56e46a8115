import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build";
import { hoverAt } from "./hover";

describe("hover of an MLflow tracking URI", () => {
  it("shows the server it reaches, where it listens, its stores and where artifacts go", () => {
    const text = `services:
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    volumes: ["mlflow-data:/mlflow"]
    command: mlflow server --host 0.0.0.0 --backend-store-uri sqlite:////mlflow/mlflow.db --artifacts-destination /data
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
volumes:
  mlflow-data:
`;
    const h = hoverAt(buildModel(text), text.indexOf("http://mlflow") + 9)!;
    expect(h.markdown).toContain(
      "Reaches MLflow server **mlflow** (image `ghcr.io/mlflow/mlflow:v2.16.2`, MLflow 2.16.2)",
    );
    expect(h.markdown).toContain("- listens on `0.0.0.0` port `5000`");
    expect(h.markdown).toContain("- backend store `sqlite:////mlflow/mlflow.db` (kept on `mlflow-data`)");
    expect(h.markdown).toContain(
      "- artifacts: uploaded through the server (`mlflow-artifacts:/`), stored at `/data` (inside the container: no volume)",
    );
  });

  it("says when clients write artifacts themselves", () => {
    const text = `services:
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --default-artifact-root s3://bucket/
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
`;
    const h = hoverAt(buildModel(text), text.indexOf("http://mlflow") + 9)!;
    expect(h.markdown).toContain("- listens on `127.0.0.1` (default) port `5000`");
    expect(h.markdown).toContain("- artifacts: clients write to `s3://bucket/` themselves");
  });
});

describe("hover and the S3 store", () => {
  const text = `services:
  minio:
    image: minio/minio
    command: server /data --console-address ":9001"
    environment:
      MINIO_ROOT_USER: mlflow
      MINIO_ROOT_PASSWORD: mlflow-secret
  mlflow:
    image: ghcr.io/mlflow/mlflow:v3.1.0-full
    command: mlflow server --host 0.0.0.0 --artifacts-destination s3://mlflow/
    environment:
      MLFLOW_S3_ENDPOINT_URL: http://minio:9000
  direct:
    image: ghcr.io/mlflow/mlflow:v3.1.0-full
    command: mlflow server --host 0.0.0.0 --default-artifact-root s3://mlflow/ --no-serve-artifacts
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
      TRACKING_DIRECT: http://direct:5000
  other:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://direct:5000
      AWS_ENDPOINT_URL: http://minio:9000
`;
  const model = buildModel(text);

  it("a tracking URI shows the S3 store the server's artifacts go to", () => {
    const h = hoverAt(model, text.indexOf("http://mlflow:5000") + 9)!;
    expect(h.markdown).toContain(
      "- S3 store **minio** (MinIO, API port `9000`), through the server's `MLFLOW_S3_ENDPOINT_URL` `http://minio:9000`",
    );
  });

  it("with clients writing artifacts themselves, the client's own S3 endpoint (or AWS without one)", () => {
    const h = hoverAt(model, text.indexOf("http://direct:5000", text.indexOf("other:")) + 9)!;
    expect(h.markdown).toContain(
      "- S3 store **minio** (MinIO, API port `9000`), through `other`'s `AWS_ENDPOINT_URL` `http://minio:9000`",
    );
  });

  it("an S3 endpoint URL shows the store's ports and root user", () => {
    const h = hoverAt(model, text.indexOf("http://minio:9000") + 9)!;
    expect(h.markdown).toContain("**S3 endpoint** of `mlflow`");
    expect(h.markdown).toContain("Reaches S3 store **minio** (MinIO, image `minio/minio`):");
    expect(h.markdown).toContain("- S3 API on port `9000` (image default)");
    expect(h.markdown).toContain("- web console on port `9001` (`--console-address :9001`)");
    expect(h.markdown).toContain("- root user `mlflow` (MINIO_ROOT_USER), password set");
    expect(h.markdown).not.toContain("mlflow-secret");
  });
});
