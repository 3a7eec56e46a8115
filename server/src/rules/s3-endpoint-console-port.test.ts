import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "s3-endpoint-console-port";

describe(ID, () => {
  it("MinIO's --console-address port and RustFS's default console port in S3 endpoint URLs", () => {
    const [minio, rustfs] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data --console-address ":9001"
        rustfs:
          image: rustfs/rustfs:1.0.0-alpha.83
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9001
      #                                          ^^^^ s3-endpoint-console-port error safe-fix: Port 9001 is the web console of S3 store \`minio\`
            AWS_ENDPOINT_URL: http://rustfs:9001
      #                                     ^^^^ s3-endpoint-console-port error safe-fix: not its S3 API (9000)
      `,
    );
    expect(minio!.detail).toMatch(/`--console-address :9001`/);
    expect(minio!.detail).toMatch(/S3 API Request made to Console port/);
    expect(rustfs!.detail).toMatch(/the image's default/);
  });

  it("fixes the port to the API's, wherever --address puts it", () => {
    expectFix(
      ID,
      `
      services:
        s3:
          image: quay.io/minio/minio
          command: ["server", "/data", "--address", ":9100", "--console-address", ":9090"]
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://s3:9090 # artifacts
      `,
      `
      services:
        s3:
          image: quay.io/minio/minio
          command: ["server", "/data", "--address", ":9100", "--console-address", ":9090"]
        app:
          image: python:3.12
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://s3:9100 # artifacts
      `,
      { title: "Use the S3 API port 9100" },
    );
  });

  it("says nothing without a known console port, for the API port, variables, or another host", () => {
    expectNoFindings(
      ID,
      `
      services:
        random-console:
          image: minio/minio
          command: server /data
        minio:
          image: minio/minio
          command: server /data --console-address ":\${CONSOLE_PORT}"
        ok:
          image: minio/minio
          command: server /data --console-address ":9001"
        app:
          image: python:3.12
          environment:
            AWS_ENDPOINT_URL_S3: http://random-console:9001
            S3_ENDPOINT_URL: http://minio:9001
            MLFLOW_S3_ENDPOINT_URL: http://ok:9000
            AWS_ENDPOINT_URL: http://ok:\${PORT}
            S3_ENDPOINT: http://elsewhere:9001
            MLFLOW_TRACKING_URI: http://ok:9001
      `,
    );
  });
  it("the console's published host port between containers: the API's container port is the fix", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data --console-address ":9001"
          ports: ["9090:9000", "9091:9001"]
        app:
          image: python:3.12
          environment:
            AWS_ENDPOINT_URL_S3: http://minio:9091
      #                                       ^^^^ s3-endpoint-console-port error safe-fix: Port 9091 is the published web console
            S3_ENDPOINT_URL: http://minio:9000
      `,
    );
    expect(f!.detail).toMatch(/`9091:9001`/);
  });
});
