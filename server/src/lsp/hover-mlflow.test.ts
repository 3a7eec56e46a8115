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

describe("the MLflow server and S3 store hovers in Korean", () => {
  const HANGUL = /[\uac00-\ud7a3]/;

  it("a tracking URI: the server, where it listens, its stores and artifacts; names and values as written", () => {
    const text = `services:
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    volumes: ["mlflow-data:/mlflow"]
    command: mlflow server --host 0.0.0.0 --backend-store-uri sqlite:////mlflow/mlflow.db --artifacts-destination /data
  direct:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --port 5001 --default-artifact-root s3://bucket/
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
  batch:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://direct:5001
volumes:
  mlflow-data:
`;
    const model = buildModel(text);
    const ko = hoverAt(model, text.indexOf("http://mlflow") + 9, "ko")!.markdown;
    expect(ko).toContain(
      "MLflow 서버 **mlflow**(이미지 `ghcr.io/mlflow/mlflow:v2.16.2`, MLflow 2.16.2)에 연결됩니다:",
    );
    expect(ko).toContain("- 주소 `0.0.0.0`, 포트 `5000`으로 연결을 받습니다");
    expect(ko).toContain("- 백엔드 저장소 `sqlite:////mlflow/mlflow.db` (`mlflow-data`에 보관됨)");
    expect(ko).toContain(
      "- 아티팩트: 서버를 거쳐 업로드됨(`mlflow-artifacts:/`), 저장 위치 `/data` (컨테이너 안: 볼륨 없음)",
    );
    const direct = hoverAt(model, text.indexOf("http://direct") + 9, "ko")!.markdown;
    expect(direct).toContain("- 주소 `127.0.0.1` (기본값), 포트 `5001`로 연결을 받습니다");
    expect(direct).toContain("- 아티팩트: 클라이언트가 직접 기록함, 저장 위치 `s3://bucket/`");
    expect(direct).toContain(
      "- S3: `batch`가 S3 엔드포인트 URL을 설정하지 않아 boto3가 아티팩트를 AWS S3로 보냅니다",
    );
    expect(hoverAt(model, text.indexOf("http://direct") + 9)!.markdown).toContain(
      "- S3: `batch` sets no S3 endpoint URL, so boto3 sends the artifacts to AWS S3",
    );
    for (const line of ko.split("\n").filter(Boolean)) expect(line).toMatch(HANGUL);
  });

  it("the S3 store a tracking URI's artifacts go to, and an S3 endpoint URL's store", () => {
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
    command: mlflow server --default-artifact-root s3://mlflow/ --no-serve-artifacts
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
  other:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://direct:5000
      AWS_ENDPOINT_URL: http://minio:9000
  elsewhere:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://direct:5000
      AWS_ENDPOINT_URL: https://s3.example.com
`;
    const model = buildModel(text);
    const at = (needle: string, from = "") => text.indexOf(needle, text.indexOf(from)) + 9;
    expect(hoverAt(model, at("http://mlflow:5000"), "ko")!.markdown).toContain(
      "- 서버의 `MLFLOW_S3_ENDPOINT_URL` `http://minio:9000`을 통해 S3 저장소 **minio**(MinIO, API 포트 `9000`)에 연결됩니다",
    );
    expect(hoverAt(model, at("http://direct:5000", "other:"), "ko")!.markdown).toContain(
      "- `other`의 `AWS_ENDPOINT_URL` `http://minio:9000`을 통해 S3 저장소 **minio**(MinIO, API 포트 `9000`)에 연결됩니다",
    );
    expect(hoverAt(model, at("http://direct:5000", "elsewhere:"), "ko")!.markdown).toContain(
      "- S3 엔드포인트: `elsewhere`의 `AWS_ENDPOINT_URL` `https://s3.example.com`이 가리키는 곳은 이 파일의 S3 저장소가 아닙니다",
    );
    expect(hoverAt(model, at("http://direct:5000", "elsewhere:"))!.markdown).toContain(
      "- S3 endpoint: no S3 store of this file, through `elsewhere`'s `AWS_ENDPOINT_URL` `https://s3.example.com`",
    );
    const store = hoverAt(model, at("http://minio:9000"), "ko")!.markdown;
    expect(store).toContain("`mlflow`의 **S3 엔드포인트**");
    expect(store).toContain("S3 저장소 **minio**(MinIO, 이미지 `minio/minio`)에 연결됩니다:");
    expect(store).toContain("- S3 API 포트 `9000` (이미지 기본값)");
    expect(store).toContain("- 웹 콘솔 포트 `9001` (`--console-address :9001`)");
    expect(store).toContain("- 루트 사용자 `mlflow` (MINIO_ROOT_USER), 비밀번호 설정됨");
    expect(store).not.toContain("mlflow-secret");
  });

  it("a store's default root user, LocalStack's any key, no console; English as before", () => {
    const text = `services:
  minio:
    image: minio/minio
    command: server /data
  ls:
    image: localstack/localstack
  app:
    image: python:3.11
    environment:
      AWS_ENDPOINT_URL: http://minio:9000
      S3_ENDPOINT_URL: http://ls:4566
`;
    const model = buildModel(text);
    const minio = hoverAt(model, text.indexOf("http://minio") + 9, "ko")!.markdown;
    expect(minio).toContain(
      "- 루트 사용자 `minioadmin` (MINIO_ROOT_USER 설정 안 됨: 이미지 기본값), 비밀번호 설정됨",
    );
    expect(hoverAt(model, text.indexOf("http://minio") + 9)!.markdown).toContain(
      "- root user `minioadmin` (MINIO_ROOT_USER unset: image default), password set",
    );
    const ls = hoverAt(model, text.indexOf("http://ls") + 9, "ko")!.markdown;
    expect(ls).toContain("S3 저장소 **ls**(LocalStack, 이미지 `localstack/localstack`)에 연결됩니다:");
    expect(ls).toContain("- S3 API 포트 `4566` (이미지 기본값)");
    expect(ls).toContain("- 웹 콘솔 포트 _알려진 포트 없음_");
    expect(ls).toContain("- 어떤 액세스 키든 받습니다");
    const en = hoverAt(model, text.indexOf("http://ls") + 9)!.markdown;
    expect(en).toContain("- web console on port _none known_");
    expect(en).toContain("- accepts any access key");
    expect(en).not.toMatch(HANGUL);
  });

  it("a database's port with the particle it is read with: 3306으로", () => {
    const text = `services:
  db:
    image: mysql:8
    environment:
      MYSQL_ROOT_PASSWORD: pw
  app:
    image: python:3.11
    environment:
      DATABASE_URL: mysql://root:pw@db:3306/app
`;
    const model = buildModel(text);
    expect(hoverAt(model, text.indexOf("mysql://") + 9, "ko")!.markdown).toContain(
      "- 컨테이너 안에서 포트 `3306`으로 연결을 받고, 이름 `db`에 응답합니다",
    );
    expect(hoverAt(model, text.indexOf("mysql://") + 9)!.markdown).toContain(
      "- listens on port `3306` inside the container; answers to `db`",
    );
  });
});
