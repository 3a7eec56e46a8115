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
