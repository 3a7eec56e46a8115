/** The S3 store facts: which services are stores, their ports and root keys, and their clients. */
import { describe, expect, it } from "vitest";
import { buildModel } from "../build";
import { factsOf } from "./index";

const facts = (text: string) => factsOf(buildModel(text.replace(/^\n/, "")));

describe("facts.s3", () => {
  it("MinIO: API and console ports from the command, root keys from MINIO_ROOT_*, the client and its keys", () => {
    const f = facts(`
services:
  minio:
    image: quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z
    command: server /data --console-address ":9001"
    environment:
      MINIO_ROOT_USER: admin
      MINIO_ROOT_PASSWORD: supersecret
  mlflow:
    image: ghcr.io/mlflow/mlflow:v3.1.0
    environment:
      MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      AWS_ACCESS_KEY_ID: admin
      AWS_SECRET_ACCESS_KEY: other
`);
    const [store] = f.s3.stores();
    expect(store!.service.name).toBe("minio");
    expect(store!.apiPort).toEqual({ port: 9000 });
    expect(store!.consolePort).toEqual({ port: 9001, setBy: "--console-address :9001" });
    expect(store!.accessKey?.setting.value).toBe("admin");
    expect(store!.secretKey?.variable).toBe("MINIO_ROOT_PASSWORD");
    const [client] = f.s3.clients(store!);
    expect(client!.service.name).toBe("mlflow");
    expect(client!.secretKey?.value).toBe("other");
    expect(f.s3.mayAcceptOtherKeys(store!)).toBe(false);
  });

  it("MinIO without credentials has the default login; without --console-address no known console port", () => {
    const [store] = facts(`
services:
  s3:
    image: minio/minio
    command: server /data --address=0.0.0.0:9100
`).s3.stores();
    expect(store!.apiPort).toEqual({ port: 9100, setBy: "--address 0.0.0.0:9100" });
    expect(store!.consolePort).toBeUndefined();
    expect(store!.accessKey).toMatchObject({ isDefault: true, setting: { value: "minioadmin" } });
  });

  it("legacy MINIO_ACCESS_KEY counts; MINIO_ROOT_USER wins over it; _FILE, env_file and variables are unknown", () => {
    const one = (env: string, extra = "") =>
      facts(`
services:
  minio:
    image: minio/minio
    command: server /data
${extra}    environment:
${env}`).s3.stores()[0]!;
    expect(
      one("      MINIO_ACCESS_KEY: old\n      MINIO_SECRET_KEY: oldsecret\n").accessKey?.setting.value,
    ).toBe("old");
    expect(
      one(
        "      MINIO_ACCESS_KEY: old\n      MINIO_SECRET_KEY: oldsecret\n      MINIO_ROOT_USER: new\n      MINIO_ROOT_PASSWORD: newsecret\n",
      ).accessKey?.setting.value,
    ).toBe("new");
    expect(
      one("      MINIO_ROOT_USER_FILE: /run/secrets/u\n      MINIO_ROOT_PASSWORD_FILE: /run/secrets/p\n")
        .accessKey,
    ).toBeUndefined();
    expect(
      one("      MINIO_ROOT_USER: ${NOPE}\n      MINIO_ROOT_PASSWORD: x12345678\n").accessKey,
    ).toBeUndefined();
    expect(one("      X: y\n", "    env_file: .env.minio\n").accessKey).toBeUndefined();
  });

  it("an mc job that adds users, or runs a script, means other keys may exist", () => {
    const f = facts(`
services:
  minio:
    image: minio/minio
    command: server /data
  init:
    image: minio/mc
    entrypoint: /bin/sh -c "mc alias set m http://minio:9000 minioadmin minioadmin && mc admin user add m app appsecret"
`);
    expect(f.s3.mayAcceptOtherKeys(f.s3.stores()[0]!)).toBe(true);
    const g = facts(`
services:
  minio:
    image: minio/minio
    command: server /data
  init:
    image: minio/mc
    entrypoint: /scripts/init.sh
`);
    expect(g.s3.mayAcceptOtherKeys(g.s3.stores()[0]!)).toBe(true);
  });

  it("RustFS ports and keys from its variables; LocalStack accepts any key; an mc job on a MinIO image is no store", () => {
    const f = facts(`
services:
  rustfs:
    image: rustfs/rustfs:1.0.0-alpha.83
    environment:
      RUSTFS_ADDRESS: ":9100"
      RUSTFS_ACCESS_KEY: k
      RUSTFS_SECRET_KEY: s
  localstack:
    image: localstack/localstack:4
  job:
    image: minio/minio
    entrypoint: mc ls
`);
    const [rustfs, localstack] = f.s3.stores();
    expect(f.s3.stores()).toHaveLength(2);
    expect(rustfs!.apiPort).toEqual({ port: 9100, setBy: "RUSTFS_ADDRESS" });
    expect(rustfs!.consolePort).toEqual({ port: 9001 });
    expect(rustfs!.accessKey?.setting.value).toBe("k");
    expect(localstack!.accessKey).toBeUndefined();
    expect(f.s3.mayAcceptOtherKeys(localstack!)).toBe(true);
  });

  it("SeaweedFS's S3 port from -s3.port (weed server) or -port (weed s3)", () => {
    const f = facts(`
services:
  seaweedfs-s3:
    image: chrislusf/seaweedfs:4.13
    command: >
      server -dir=/data -s3 -s3.port=9000 -ip.bind=0.0.0.0
  s3:
    image: chrislusf/seaweedfs:4.13
    command: s3 -port 8334 -filer=filer:8888
  plain:
    image: chrislusf/seaweedfs:4.13
    command: server -dir=/data -s3
`);
    expect(f.s3.stores().map((s) => s.apiPort?.port)).toEqual([9000, 8334, 8333]);
  });
});
