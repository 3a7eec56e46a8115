import { describe, expect, it } from "vitest";
import {
  compareMlflowVersions,
  MLFLOW_IMAGE,
  MLFLOW_SCHEME_DRIVERS,
  MLFLOW_SERVER_OPTIONS,
  mlflowOptionDefault,
  mlflowPackagesProviding,
  mlflowSchemeDriver,
  mlflowServerOption,
  mlflowServerOptionByEnv,
} from "./mlflow";

const option = (flag: string) => {
  const o = mlflowServerOption(flag);
  if (!o) throw new Error(`no option ${flag}`);
  return o;
};

describe("mlflow server options", () => {
  it("are unique, well formed and cited", () => {
    const names = MLFLOW_SERVER_OPTIONS.flatMap((o) => [o.flag, ...o.aliases]);
    expect(new Set(names).size).toBe(names.length);
    const envs = MLFLOW_SERVER_OPTIONS.flatMap((o) => (o.envVar ? [o.envVar] : []));
    expect(new Set(envs).size).toBe(envs.length);
    for (const o of MLFLOW_SERVER_OPTIONS) {
      expect(o.flag).toMatch(/^--[a-z-]+$/);
      if (o.envVar) expect(o.envVar).toMatch(/^MLFLOW_[A-Z_]+$/);
      expect(o.defaults.length, o.flag).toBeGreaterThan(0);
      expect(o.sources.length, o.flag).toBeGreaterThan(0);
      for (const s of o.sources) if (s.repository) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      // Defaults are in version order.
      const sinces = o.defaults.flatMap((d) => (d.since ? [d.since] : []));
      expect([...sinces].sort(compareMlflowVersions)).toEqual(sinces);
    }
  });

  it("listen on 127.0.0.1:5000 unless told otherwise", () => {
    expect(mlflowOptionDefault(option("--host"), undefined)?.value).toBe("127.0.0.1");
    expect(option("-h").envVar).toBe("MLFLOW_HOST");
    expect(mlflowOptionDefault(option("--port=5001"), "2.9.2")?.value).toBe(5000);
    expect(option("-p").flag).toBe("--port");
  });

  it("changed the default backend to sqlite in 3.7", () => {
    const backend = option("--backend-store-uri");
    expect(mlflowOptionDefault(backend, "3.6.0")?.value).toBe("./mlruns");
    expect(mlflowOptionDefault(backend, "3.7.0")?.value).toBe("sqlite:///mlflow.db");
    expect(mlflowOptionDefault(backend, "3.10.1")?.value).toBe("sqlite:///mlflow.db");
    expect(mlflowOptionDefault(backend, undefined)?.value).toBe("sqlite:///mlflow.db");
    expect(mlflowServerOptionByEnv("MLFLOW_BACKEND_STORE_URI")).toBe(backend);
  });

  it("has --allowed-hosts from 3.5 only, with its environment variable", () => {
    const hosts = option("--allowed-hosts");
    expect(hosts.envVar).toBe("MLFLOW_SERVER_ALLOWED_HOSTS");
    expect(mlflowOptionDefault(hosts, "3.4.0")).toBeUndefined();
    expect(mlflowOptionDefault(hosts, "3.5.0")).toBeDefined();
    expect(mlflowServerOptionByEnv("MLFLOW_SERVER_ALLOWED_HOSTS")).toBe(hosts);
  });

  it("serves artifacts by default since 2.0, with a negative switch", () => {
    const serve = option("--no-serve-artifacts");
    expect(serve.flag).toBe("--serve-artifacts");
    expect(mlflowOptionDefault(serve, "1.30.0")?.value).toBe(false);
    expect(mlflowOptionDefault(serve, "2.0.0")?.value).toBe(true);
    expect(mlflowOptionDefault(option("--artifacts-destination"), "2.9.0")?.value).toBe("./mlartifacts");
    expect(option("--default-artifact-root").envVar).toBe("MLFLOW_DEFAULT_ARTIFACT_ROOT");
  });

  it("compares versions numerically", () => {
    expect(compareMlflowVersions("3.10.0", "3.9.1")).toBeGreaterThan(0);
    expect(compareMlflowVersions("3.5", "3.5.0")).toBe(0);
    expect(mlflowServerOption("--nonsense")).toBeUndefined();
  });
});

describe("the official image", () => {
  it("ships no drivers in the plain tags and the common ones in -full", () => {
    const [plain, full] = MLFLOW_IMAGE.variants;
    expect(plain.ships).toEqual([]);
    expect(plain.installs).toBe("pip install mlflow==$VERSION");
    expect(full.tagSuffix).toBe("-full");
    for (const scheme of ["postgresql", "mysql+pymysql", "s3"]) {
      const use = scheme === "s3" ? "artifact-store" : "backend-store";
      expect(full.ships, scheme).toContain(mlflowSchemeDriver(`${scheme}://x`, use)?.module);
    }
    expect(MLFLOW_IMAGE.tools.curl).toBe(false);
    expect(MLFLOW_IMAGE.healthcheck.join(" ")).toContain("/health");
  });
});

describe("scheme drivers", () => {
  it("name the module and packages each backend and artifact URI needs", () => {
    expect(mlflowSchemeDriver("postgresql://u:p@db:5432/mlflow", "backend-store")?.module).toBe("psycopg2");
    expect(mlflowSchemeDriver("postgresql+psycopg://db/x", "backend-store")?.module).toBe("psycopg");
    expect(mlflowSchemeDriver("mysql://db/x", "backend-store")?.packages).toEqual(["mysqlclient"]);
    expect(mlflowSchemeDriver("mysql+pymysql://db/x", "backend-store")?.module).toBe("pymysql");
    expect(mlflowSchemeDriver("sqlite:///mlflow.db", "backend-store")?.module).toBeNull();
    expect(mlflowSchemeDriver("./mlruns", "backend-store")?.scheme).toBe("file");
    expect(mlflowSchemeDriver("s3://bucket/path", "artifact-store")?.packages).toEqual(["boto3"]);
    expect(mlflowSchemeDriver("mlflow-artifacts:/", "artifact-store")?.module).toBeNull();
    expect(mlflowSchemeDriver("s3://bucket", "backend-store")).toBeUndefined();
    expect(mlflowSchemeDriver("cockroachdb://x", "backend-store")).toBeUndefined();
    expect(mlflowPackagesProviding("psycopg2")).toEqual(["psycopg2-binary", "psycopg2"]);
  });

  it("has one entry per scheme and use", () => {
    const keys = MLFLOW_SCHEME_DRIVERS.map((d) => `${d.use} ${d.scheme}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
