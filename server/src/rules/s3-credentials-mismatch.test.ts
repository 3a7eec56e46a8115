import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { analyze } from "../engine";

const ID = "s3-credentials-mismatch";

describe(ID, () => {
  it("a client's access key and secret that are not MinIO's root user and password: on the client's values", () => {
    const [key, secret] = expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio:RELEASE.2025-04-22T22-12-26Z
          command: server /data --console-address ":9001"
          environment:
            MINIO_ROOT_USER: admin
            MINIO_ROOT_PASSWORD: supersecret
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
            AWS_ACCESS_KEY_ID: minio
      #                        ^^^^^ s3-credentials-mismatch error safe-fix: AWS_ACCESS_KEY_ID of service \`mlflow\` is not the root user
            AWS_SECRET_ACCESS_KEY: minio123
      #                            ^^^^^^^^ s3-credentials-mismatch error safe-fix: not the root password of S3 store \`minio\`
      `,
    );
    expect(key!.detail).toMatch(/root user is `admin` \(it is set by MINIO_ROOT_USER\)/);
    expect(key!.detail).toMatch(/InvalidAccessKeyId/);
    expect(secret!.detail).toMatch(/SignatureDoesNotMatch/);
    expect(secret!.detail).not.toMatch(/supersecret/);
    expect(key!.related?.[0]?.message).toBe("The root user of `minio`");
  });

  it("fixes the client's value to the store's `${VAR}` when the store takes it from one", () => {
    expectFix(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            - MINIO_ROOT_USER=\${S3_USER}
            - MINIO_ROOT_PASSWORD=\${S3_PASSWORD}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://minio:9000
            - AWS_ACCESS_KEY_ID=\${S3_USER}
            - AWS_SECRET_ACCESS_KEY=minio123 # pasted
      `,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            - MINIO_ROOT_USER=\${S3_USER}
            - MINIO_ROOT_PASSWORD=\${S3_PASSWORD}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            - MLFLOW_S3_ENDPOINT_URL=http://minio:9000
            - AWS_ACCESS_KEY_ID=\${S3_USER}
            - AWS_SECRET_ACCESS_KEY=\${S3_PASSWORD} # pasted
      `,
      {
        title: "Use the root password of `minio`",
        options: {
          variables: new Map([
            ["S3_USER", "mlflow"],
            ["S3_PASSWORD", "mlflow-secret"],
          ]),
        },
      },
    );
  });

  it("MinIO without credentials has minioadmin; the fix writes the default; legacy MINIO_ACCESS_KEY counts", () => {
    expectFix(
      ID,
      `
      services:
        s3:
          image: minio/minio
          command: server /data
        app:
          image: python:3.12
          environment:
            AWS_ENDPOINT_URL: http://s3:9000
            AWS_ACCESS_KEY_ID: minio
            AWS_SECRET_ACCESS_KEY: minioadmin
      `,
      `
      services:
        s3:
          image: minio/minio
          command: server /data
        app:
          image: python:3.12
          environment:
            AWS_ENDPOINT_URL: http://s3:9000
            AWS_ACCESS_KEY_ID: minioadmin
            AWS_SECRET_ACCESS_KEY: minioadmin
      `,
      { title: "Use the root user of `s3`" },
    );
    expectFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            MINIO_ACCESS_KEY: your-access-key
            MINIO_SECRET_KEY: your-secret-key
        job:
          image: python:3.12
          environment:
            S3_ENDPOINT_URL: http://minio:9000
            AWS_ACCESS_KEY_ID: your-access-key
            AWS_SECRET_ACCESS_KEY: your-secret
      #                            ^^^^^^^^^^^ s3-credentials-mismatch error
      `,
    );
  });

  it("RustFS's RUSTFS_ACCESS_KEY; a default of an unset variable on either side is a hint, not applied by fix all", () => {
    expectFindings(
      ID,
      `
      services:
        storage:
          image: rustfs/rustfs:1.0.0-alpha.83
          environment:
            RUSTFS_ACCESS_KEY: \${AWS_ACCESS_KEY_ID:-s3admin}
            RUSTFS_SECRET_KEY: \${AWS_SECRET_ACCESS_KEY:-s3admin}
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.1.0-full
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://storage:9000
            AWS_ACCESS_KEY_ID: admin
      #                        ^^^^^ s3-credentials-mismatch hint fix: not the access key of S3 store \`storage\`
            AWS_SECRET_ACCESS_KEY: \${AWS_SECRET_ACCESS_KEY:-s3admin}
      `,
    );
  });

  it("one finding for an anchor's entry shared by several clients", () => {
    const [f] = expectFindings(
      ID,
      `
      x-s3: &s3
        MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        AWS_ACCESS_KEY_ID: wrong
      #                    ^^^^^ s3-credentials-mismatch error: services \`train\` and \`serve\`
        AWS_SECRET_ACCESS_KEY: minioadmin
      services:
        minio:
          image: minio/minio
          command: server /data
        train:
          image: python:3.12
          environment: *s3
        serve:
          image: python:3.12
          environment: *s3
      `,
    );
    expect(f!.detail).toMatch(/`train` and `serve` fail/);
  });

  it("says nothing when either side is unknown, for LocalStack, garage, SeaweedFS, or when other keys are made", () => {
    const client = (host: string) => `
        app:
          image: python:3.12
          environment:
            AWS_ENDPOINT_URL: http://${host}
            AWS_ACCESS_KEY_ID: test
            AWS_SECRET_ACCESS_KEY: testtest`;
    for (const text of [
      // The store's keys from a variable with no value, a secret file, an env_file.
      `services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            MINIO_ROOT_USER: \${MINIO_USER}
            MINIO_ROOT_PASSWORD: \${MINIO_PASSWORD}${client("minio:9000")}`,
      `services:
        minio:
          image: minio/minio
          command: server /data
          environment:
            MINIO_ROOT_USER_FILE: /run/secrets/user
            MINIO_ROOT_PASSWORD_FILE: /run/secrets/password${client("minio:9000")}`,
      `services:
        minio:
          image: minio/minio
          command: server /data
          env_file: minio.env${client("minio:9000")}`,
      // LocalStack takes any key; garage and SeaweedFS make theirs elsewhere.
      `services:
        localstack:
          image: localstack/localstack:4${client("localstack:4566")}`,
      `services:
        garage:
          image: dxflrs/garage:v2.0.0${client("garage:3900")}`,
      `services:
        seaweed:
          image: chrislusf/seaweedfs
          command: server -s3${client("seaweed:8333")}`,
      // An mc job makes the client's user.
      `services:
        minio:
          image: minio/minio
          command: server /data
        init:
          image: minio/mc
          entrypoint: >
            /bin/sh -c "mc alias set m http://minio:9000 minioadmin minioadmin;
            mc admin user add m test testtest; mc admin policy attach m readwrite --user test"${client("minio:9000")}`,
      // The store starts from a script of its own, which may make users.
      `services:
        minio:
          image: minio/minio
          entrypoint: sh /scripts/start-and-add-users.sh${client("minio:9000")}`,
      // An mc job that runs a script we cannot read.
      `services:
        minio:
          image: minio/minio
          command: server /data
        init:
          image: minio/mc
          entrypoint: /scripts/make-users.sh${client("minio:9000")}`,
    ]) {
      expectNoFindings(ID, text);
    }
    // The client's keys from a variable with no value, or not set at all.
    expectNoFindings(
      ID,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        app:
          image: python:3.12
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
            AWS_ACCESS_KEY_ID: \${KEY}
        other:
          image: python:3.12
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      `,
    );
  });
  it("the store's keys from its env_file are compared there; the fix never copies them into the compose file", () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-credentials-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "minio.env"), "MINIO_ROOT_USER=admin\nMINIO_ROOT_PASSWORD=from-the-env-file\n");
    const text = `services:
  minio:
    image: minio/minio
    command: server /data
    env_file: minio.env
  app:
    image: python:3.12
    environment:
      MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      AWS_ACCESS_KEY_ID: admin
      AWS_SECRET_ACCESS_KEY: guessed
`;
    const found = analyze(text, { path: join(dir, "compose.yaml") }).findings.filter((f) => f.rule === ID);
    expect(found.map((f) => f.message)).toEqual([
      "The AWS_SECRET_ACCESS_KEY of service `app` is not the root password of S3 store `minio`, so every S3 request fails.",
    ]);
    // The store's value, where it is written: minio.env's second line.
    const [related] = found[0]!.related!;
    expect(related!.file).toBe(join(dir, "minio.env"));
    const envText = "MINIO_ROOT_USER=admin\nMINIO_ROOT_PASSWORD=from-the-env-file\n";
    expect(envText.slice(related!.span.start, related!.span.end)).toBe("from-the-env-file");
    expect(found[0]!.fixes).toEqual([]);
  });
});
