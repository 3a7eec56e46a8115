import { describe, expect, it } from "vitest";
import {
  IMAGE_FACTS,
  imageDataDirectory,
  imageFacts,
  imageIgnoresVariable,
  imageVariable,
  imageVersion,
  splitImageReference,
} from "./images";

const facts = (ref: string) => {
  const f = imageFacts(ref);
  if (!f) throw new Error(`no facts for ${ref}`);
  return f;
};
const dataDir = (ref: string) => {
  const f = facts(ref);
  return imageDataDirectory(f, imageVersion(f, splitImageReference(ref).tag))?.path;
};

describe("the image table", () => {
  it("has unique ids and repositories, each entry with sources, ports and a data directory", () => {
    expect(new Set(IMAGE_FACTS.map((f) => f.id)).size).toBe(IMAGE_FACTS.length);
    const repos = IMAGE_FACTS.flatMap((f) => f.repositories);
    expect(new Set(repos).size).toBe(repos.length);
    for (const f of IMAGE_FACTS) {
      expect(f.sources.length, f.id).toBeGreaterThan(0);
      for (const s of f.sources) {
        expect(s.url ?? s.issue ?? s.repository, f.id).toBeTruthy();
        if (s.repository) expect(s.commit, `${f.id} ${s.path}`).toMatch(/^[0-9a-f]{40}$/);
      }
      expect(f.ports.length, f.id).toBeGreaterThan(0);
      expect(f.dataDirectories.length, f.id).toBeGreaterThan(0);
      expect(new Set(f.variables.map((v) => v.name)).size, f.id).toBe(f.variables.length);
      for (const v of f.variables)
        if (v.aliasOf) expect(imageVariable(f, v.aliasOf), `${f.id} ${v.name}`).toBeDefined();
      for (const p of f.pitfalls) expect(p.sources.length).toBeGreaterThan(0);
      // A healthcheck the image cannot run is not a recipe.
      if (f.tools.some((t) => t.tool === "shell" && !t.present)) {
        for (const h of f.healthchecks) expect(h.test[0], f.id).toBe("CMD");
      }
    }
  });

  it("covers every store the brief names", () => {
    for (const ref of [
      "postgres",
      "mysql",
      "mariadb",
      "redis",
      "valkey/valkey",
      "mongo",
      "rabbitmq",
      "minio/minio",
      "dxflrs/garage",
      "chrislusf/seaweedfs",
      "rustfs/rustfs",
      "localstack/localstack",
      "bitnami/postgresql",
      "bitnami/redis",
      "bitnami/minio",
    ]) {
      expect(imageFacts(ref), ref).toBeDefined();
    }
  });
});

describe("recognising an image", () => {
  it("reads registries, library/, tags and digests", () => {
    expect(splitImageReference("docker.io/library/postgres:16-alpine@sha256:abc")).toMatchObject({
      repository: "postgres",
      tag: "16-alpine",
      registry: "docker.io",
      digest: "sha256:abc",
    });
    expect(splitImageReference("localhost:5000/team/db")).toMatchObject({
      repository: "team/db",
      registry: "localhost:5000",
    });
    expect(imageFacts("quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z")?.id).toBe("minio/minio");
    expect(imageFacts({ repository: "bitnami/postgresql", tag: "16" })?.flavour).toBe("bitnami");
    expect(imageFacts("bitnamilegacy/redis:7.2")?.id).toBe("bitnami/redis");
  });

  it("knows nothing of images it does not list, even with a familiar name", () => {
    expect(imageFacts("myorg/postgres:16")).toBeUndefined();
    expect(imageFacts("ghcr.io/mlflow/mlflow")).toBeUndefined();
    expect(imageFacts("redis/redis-stack-server")).toBeUndefined();
  });

  it("reads versions by the image's tag scheme", () => {
    const pg = facts("postgres");
    expect(imageVersion(pg, "16.4-alpine")).toEqual({ kind: "version", major: 16, minor: 4 });
    expect(imageVersion(pg, undefined)).toEqual({ kind: "latest" });
    expect(imageVersion(pg, "alpine")).toEqual({ kind: "latest" });
    expect(imageVersion(pg, "${PG_TAG}")).toEqual({ kind: "unknown" });
    expect(imageVersion(facts("pgvector/pgvector"), "pg17")).toMatchObject({ major: 17 });
    expect(imageVersion(facts("timescale/timescaledb"), "2.17.2-pg16")).toMatchObject({ major: 16 });
    expect(imageVersion(facts("minio/minio"), "RELEASE.2024-03-30T09-41-56Z")).toEqual({ kind: "unknown" });
  });
});

describe("postgres", () => {
  it("moved its data directory in 18; latest is 18", () => {
    expect(dataDir("postgres:17")).toBe("/var/lib/postgresql/data");
    expect(dataDir("postgres:16-alpine")).toBe("/var/lib/postgresql/data");
    expect(dataDir("postgres:18")).toBe("/var/lib/postgresql/18/docker");
    expect(dataDir("postgres")).toBe("/var/lib/postgresql/18/docker");
    expect(dataDir("postgres:latest")).toBe("/var/lib/postgresql/18/docker");
    const f = facts("postgres:18");
    expect(imageDataDirectory(f, imageVersion(f, "18"))?.volume).toBe("/var/lib/postgresql");
    // Images built FROM postgres share its layout; their own latest is not claimed.
    expect(dataDir("postgis/postgis:16-3.5")).toBe("/var/lib/postgresql/data");
    expect(dataDir("pgvector/pgvector:pg18")).toBe("/var/lib/postgresql/18/docker");
    expect(dataDir("pgvector/pgvector:latest")).toBeUndefined();
    expect(dataDir("postgres:${TAG}")).toBeUndefined();
  });

  it("reads POSTGRES_USER/PASSWORD/DB with _FILE forms and ignores near names", () => {
    const pg = facts("postgres");
    expect(imageVariable(pg, "POSTGRES_PASSWORD_FILE")).toMatchObject({ viaFile: true });
    expect(imageVariable(pg, "POSTGRES_DB")?.variable).toMatchObject({
      default: "${POSTGRES_USER}",
      initOnly: true,
    });
    expect(imageVariable(pg, "POSTGRES_USER")?.variable.default).toBe("postgres");
    expect(imageIgnoresVariable(pg, "POSTGRES_DATABASE")).toBe(true);
    expect(imageIgnoresVariable(pg, "POSTGRES_PASS")).toBe(true);
    expect(imageIgnoresVariable(pg, "POSTGRES_INITDB_WALDIR_FILE")).toBe(true);
    expect(imageIgnoresVariable(pg, "POSTGRES_PASSWORD")).toBe(false);
    expect(imageIgnoresVariable(pg, "PGUSER")).toBe(false);
    expect(imageIgnoresVariable(pg, "TZ")).toBe(false);
    expect(imageIgnoresVariable(facts("postgis/postgis"), "POSTGRES_PASSWORD")).toBe(false);
  });

  it("Bitnami's image reads POSTGRES_DATABASE as an alias, and makes no claim about other names", () => {
    const b = facts("bitnami/postgresql:16");
    expect(imageVariable(b, "POSTGRES_DATABASE")?.variable.aliasOf).toBe("POSTGRESQL_DATABASE");
    expect(imageIgnoresVariable(b, "POSTGRES_ANYTHING")).toBe(false);
    expect(dataDir("bitnami/postgresql:16")).toBe("/bitnami/postgresql/data");
  });
});

describe("healthchecks", () => {
  it("authenticate where the server demands it, and say what they prove", () => {
    const redis = facts("redis:7");
    expect(redis.healthchecks.every((h) => h.test.join(" ").includes("PONG"))).toBe(true);
    expect(redis.pitfalls.map((p) => p.command)).toContain("redis-cli ping");
    const mysql = facts("mysql:8.4");
    expect(mysql.healthchecks[0]!.test.join(" ")).toContain("-h 127.0.0.1");
    expect(mysql.pitfalls.some((p) => /Access denied/.test(p.problem))).toBe(true);
    expect(mysql.healthchecks.some((h) => h.proves.includes("credentials"))).toBe(true);
    expect(facts("minio/minio").healthchecks[0]!.test).toEqual(["CMD", "mc", "ready", "local"]);
    expect(facts("postgres").healthchecks[0]!.test.join(" ")).toMatch(/pg_isready -h 127\.0\.0\.1/);
  });

  it("knows which images carry curl, and which declare their own HEALTHCHECK", () => {
    const minioCurl = facts("minio/minio").tools.filter((t) => t.tool === "curl");
    expect(minioCurl.find((t) => t.fromRelease === "RELEASE.2023-11-01T01-57-10Z")?.present).toBe(false);
    expect(minioCurl.find((t) => t.fromRelease === "RELEASE.2024-03-30T09-41-56Z")?.present).toBe(true);
    expect(facts("postgres").tools.find((t) => t.tool === "curl")?.present).toBe(false);
    expect(facts("dxflrs/garage").tools.find((t) => t.tool === "shell")?.present).toBe(false);
    expect(facts("localstack/localstack").imageHealthcheck).toBe(true);
    expect(IMAGE_FACTS.filter((f) => f.imageHealthcheck).map((f) => f.id)).toEqual(["localstack/localstack"]);
  });
});

describe("S3 stores", () => {
  it("name the variables that hold their root credentials", () => {
    const role = (ref: string, r: string) =>
      facts(ref)
        .variables.filter((v) => v.role === r && !v.deprecated)
        .map((v) => v.name);
    expect(role("minio/minio", "access-key")).toEqual(["MINIO_ROOT_USER"]);
    expect(role("minio/minio", "secret-key")).toEqual(["MINIO_ROOT_PASSWORD"]);
    expect(imageVariable(facts("minio/minio"), "MINIO_ACCESS_KEY")?.variable.deprecated).toEqual({
      use: "MINIO_ROOT_USER",
    });
    expect(role("rustfs/rustfs", "access-key")).toEqual(["RUSTFS_ACCESS_KEY"]);
    expect(role("chrislusf/seaweedfs", "secret-key")).toEqual(["AWS_SECRET_ACCESS_KEY"]);
    expect(role("dxflrs/garage", "access-key")).toEqual([]);
    expect(facts("minio/minio").ports.map((p) => p.port)).toEqual([9000, 9001]);
    expect(facts("dxflrs/garage").ports[0]!.port).toBe(3900);
    // MinIO reads many more MINIO_* settings: no claim that one is ignored.
    expect(imageIgnoresVariable(facts("minio/minio"), "MINIO_DEFAULT_BUCKETS")).toBe(false);
  });
});

describe("the completion/hover tables (image-env.ts) agree with the image table", () => {
  // PostgreSQL's prefix is closed (unknown-image-variable reports other POSTGRES_ names), so completion
  // must never offer one the table says the image ignores. (MinIO's is open: its table lists fewer.)
  it("every PostgreSQL variable offered is one the image reads, with the same _FILE variant", async () => {
    const { POSTGRES_ENV } = await import("./image-env");
    for (const [family, ref] of [[POSTGRES_ENV, "postgres"]] as const) {
      const f = imageFacts(ref)!;
      for (const v of family.variables) {
        const entry = imageVariable(f, v.name);
        expect(entry, `${ref} ${v.name}`).toBeDefined();
        if (v.fileVariant) expect(entry!.variable.fileVariant, `${ref} ${v.name}_FILE`).toBeTruthy();
      }
    }
  });
});
