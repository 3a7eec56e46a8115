import { describe, expect, it } from "vitest";
import {
  AIRFLOW_COMMANDS,
  AIRFLOW_ENTRYPOINT_VARIABLES,
  AIRFLOW2_COMMIT,
  AIRFLOW3_COMMIT,
  airflowCommand,
  airflowConfigChange,
  airflowConfigOption,
  airflowConfigOptions,
  airflowEntrypointVariable,
  airflowEnvName,
  airflowSectionChange,
  parseAirflowEnvName,
} from "./airflow";
import { AIRFLOW_CONFIG_CHANGES, AIRFLOW_CONFIG_CHANGES_SOURCE } from "./airflow-config-changes";
import { AIRFLOW_CONFIG_REFERENCE } from "./airflow-config-reference";

const ENV = /^AIRFLOW__[A-Z0-9_]+__[A-Z0-9_]+$/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;

describe("generated configuration changes", () => {
  it("names the commits it was generated from, the same the hand-written tables cite", () => {
    expect(AIRFLOW_CONFIG_CHANGES_SOURCE.airflow3.commit).toBe(AIRFLOW3_COMMIT);
    expect(AIRFLOW_CONFIG_CHANGES_SOURCE.airflow2.commit).toBe(AIRFLOW2_COMMIT);
    expect(AIRFLOW_CONFIG_CHANGES_SOURCE.airflow3.version).toMatch(/^3\./);
    expect(AIRFLOW_CONFIG_CHANGES_SOURCE.airflow2.version).toMatch(/^2\./);
  });

  it("has one well-formed entry per old name", () => {
    expect(AIRFLOW_CONFIG_CHANGES.length).toBeGreaterThan(150);
    expect(new Set(AIRFLOW_CONFIG_CHANGES.map((c) => c.env)).size).toBe(AIRFLOW_CONFIG_CHANGES.length);
    for (const c of AIRFLOW_CONFIG_CHANGES) {
      expect(c.env).toMatch(ENV);
      expect(c.env).toBe(airflowEnvName(c.section, c.key));
      expect(c.sources.length).toBeGreaterThan(0);
      // A moved key names where it went, and Airflow 3's reference has that option.
      if (c.kind === "moved") {
        expect(c.replacement, c.env).toBeDefined();
        expect(airflowConfigOption(c.replacement!.env)?.majors, c.env).toContain(3);
        expect(c.replacement!.env).not.toBe(c.env);
      } else expect(c.replacement, c.env).toBeUndefined();
      if (c.kind === "removed") expect(c.airflow3.status, c.env).toBe("not-read");
      for (const s of [c.airflow2, c.airflow3])
        if (s.status === "deprecated") expect(s.since).toMatch(VERSION);
      if (c.airflow2.status === "deprecated") expect(c.airflow2.since.startsWith("3")).toBe(false);
    }
  });

  it("knows the sql_alchemy_conn move: an alias in 2.3+, not read by Airflow 3", () => {
    const c = airflowConfigChange("AIRFLOW__CORE__SQL_ALCHEMY_CONN")!;
    expect(c.kind).toBe("moved");
    expect(c.replacement).toEqual({
      section: "database",
      key: "sql_alchemy_conn",
      env: "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    });
    expect(c.airflow2).toEqual({ status: "deprecated", since: "2.3.0", readAs: "database.sql_alchemy_conn" });
    expect(c.airflow3).toEqual({ status: "not-read" });
    // The secret forms of a sensitive option are the same change.
    expect(airflowConfigChange("AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD")).toBe(c);
    expect(airflowConfigChange("AIRFLOW__CORE__SQL_ALCHEMY_CONN_SECRET")).toBe(c);
  });

  it("knows the webserver → api moves that Airflow 3 still reads as deprecated aliases", () => {
    const secret = airflowConfigChange("AIRFLOW__WEBSERVER__SECRET_KEY")!;
    expect(secret.replacement?.env).toBe("AIRFLOW__API__SECRET_KEY");
    expect(secret.airflow2).toEqual({ status: "current" });
    expect(secret.airflow3).toEqual({ status: "deprecated", since: "3.0.2", readAs: "api.secret_key" });
    expect(airflowConfigChange("AIRFLOW__WEBSERVER__WEB_SERVER_PORT")?.replacement?.env).toBe(
      "AIRFLOW__API__PORT",
    );
    expect(airflowConfigChange("AIRFLOW__WEBSERVER__BASE_URL")?.replacement?.env).toBe(
      "AIRFLOW__API__BASE_URL",
    );
  });

  it("follows chains of renames to the name Airflow 3 reads now", () => {
    // webserver.access_logfile → api.access_logfile (3.0) → api.log_config (3.1.0)
    expect(airflowConfigChange("AIRFLOW__WEBSERVER__ACCESS_LOGFILE")?.replacement?.env).toBe(
      "AIRFLOW__API__LOG_CONFIG",
    );
    expect(airflowConfigChange("AIRFLOW__API__ACCESS_LOGFILE")?.airflow3).toMatchObject({ since: "3.1.0" });
  });

  it("records removals, default changes and value changes apart from moves", () => {
    expect(airflowConfigChange("AIRFLOW__CORE__CHECK_SLAS")).toMatchObject({
      kind: "removed",
      airflow3: { status: "not-read" },
    });
    expect(airflowConfigChange("AIRFLOW__CORE__EXECUTOR")).toMatchObject({
      kind: "default-changed",
      oldDefault: "SequentialExecutor",
      newDefault: "LocalExecutor",
      airflow3: { status: "current" },
    });
    expect(airflowConfigChange("AIRFLOW__SCHEDULER__CATCHUP_BY_DEFAULT")).toMatchObject({
      kind: "default-changed",
      newDefault: "False",
    });
    expect(airflowConfigChange("AIRFLOW__LOGGING__LOG_FILENAME_TEMPLATE")?.removedValues).toHaveLength(2);
    // A rename to a key Airflow 3 no longer has is a removal for Airflow 3.
    expect(airflowConfigChange("AIRFLOW__CORE__LOAD_DEFAULT_CONNECTIONS")).toMatchObject({
      kind: "removed",
      renamedTo: "database.load_default_connections",
      airflow2: { status: "deprecated", since: "2.3.0" },
    });
  });

  it("includes Airflow 2 aliases that CONFIGS_CHANGES leaves out", () => {
    expect(airflowConfigChange("AIRFLOW__CORE__REMOTE_LOGGING")).toMatchObject({
      kind: "moved",
      replacement: { env: "AIRFLOW__LOGGING__REMOTE_LOGGING" },
      airflow2: { status: "deprecated", since: "2.0.0" },
      airflow3: { status: "not-read" },
      sources: ["airflow2-deprecated_options"],
    });
    expect(airflowSectionChange("kubernetes")).toMatchObject({ section: "kubernetes_executor" });
  });

  it("has nothing to say about keys that did not change, or names that are not Airflow's", () => {
    expect(airflowConfigChange("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")).toBeUndefined();
    expect(airflowConfigChange("AIRFLOW__CORE__FERNET_KEY")).toBeUndefined();
    expect(airflowConfigChange("AIRFLOW_UID")).toBeUndefined();
    expect(airflowConfigChange("airflow__core__sql_alchemy_conn")).toBeUndefined();
  });
});

describe("configuration reference", () => {
  it("has every core option of both versions, well formed and unique", () => {
    expect(AIRFLOW_CONFIG_REFERENCE.length).toBeGreaterThan(400);
    expect(new Set(AIRFLOW_CONFIG_REFERENCE.map((o) => o.env)).size).toBe(AIRFLOW_CONFIG_REFERENCE.length);
    for (const o of AIRFLOW_CONFIG_REFERENCE) {
      expect(o.env).toBe(airflowEnvName(o.section, o.key));
      expect(o.majors.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(300);
      expect(o.description).not.toMatch(/\n/);
    }
    expect(airflowConfigOptions(3).length).toBeGreaterThan(250);
    expect(airflowConfigOptions(2).length).toBeGreaterThan(250);
  });

  it("describes the keys compose files set", () => {
    expect(airflowConfigOption("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")).toMatchObject({
      section: "database",
      key: "sql_alchemy_conn",
      description: "The SQLAlchemy connection string to the metadata database.",
      sensitive: true,
      majors: [2, 3],
    });
    expect(airflowConfigOption("AIRFLOW__CORE__FERNET_KEY")?.sensitive).toBe(true);
    expect(airflowConfigOption("AIRFLOW__CORE__EXECUTOR")?.default).toBe("LocalExecutor");
    expect(airflowConfigOption("AIRFLOW__CELERY__BROKER_URL")?.majors).toEqual([2, 3]);
    expect(airflowConfigOption("AIRFLOW__CELERY__RESULT_BACKEND")?.sensitive).toBe(true);
    expect(airflowConfigOption("AIRFLOW__API_AUTH__JWT_SECRET")?.majors).toEqual([3]);
    expect(airflowConfigOption("AIRFLOW__CORE__EXECUTION_API_SERVER_URL")?.majors).toEqual([3]);
    expect(airflowConfigOption("AIRFLOW__WEBSERVER__SECRET_KEY")?.majors).toEqual([2]);
    expect(airflowConfigOption("AIRFLOW__API__PORT")?.default).toBe("8080");
    expect(airflowConfigOption("AIRFLOW__WEBSERVER__WEB_SERVER_PORT")?.default).toBe("8080");
    expect(airflowConfigOption("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD")?.key).toBe("sql_alchemy_conn");
  });

  it("parses variable names the way Airflow builds them", () => {
    expect(parseAirflowEnvName("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD")).toEqual({
      section: "database",
      key: "sql_alchemy_conn",
      suffix: "_CMD",
    });
    expect(parseAirflowEnvName("AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT")).toEqual({
      section: "celery_broker_transport_options",
      key: "visibility_timeout",
    });
    // Not sensitive: `_CMD` is part of the key.
    expect(parseAirflowEnvName("AIRFLOW__CORE__DAGS_FOLDER_CMD")?.key).toBe("dags_folder_cmd");
    expect(parseAirflowEnvName("AIRFLOW_UID")).toBeUndefined();
  });
});

describe("CLI commands", () => {
  it("is well formed, each with a source", () => {
    for (const c of AIRFLOW_COMMANDS) {
      expect(c.sources.length).toBeGreaterThan(0);
      for (const s of c.sources) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      for (const s of [c.airflow2, c.airflow3]) {
        if (s.status === "removed" || s.status === "deprecated")
          expect(airflowCommand(s.use.split(" "))).toBeDefined();
      }
      if (c.portOption)
        expect(
          airflowConfigOption(airflowEnvName(...(c.portOption.split(".") as [string, string]))),
        ).toBeDefined();
    }
  });

  it("knows what Airflow 3 removed and what replaces it", () => {
    expect(airflowCommand(["webserver", "--port", "8080"])).toMatchObject({
      airflow2: { status: "available" },
      airflow3: { status: "removed", use: "api-server" },
    });
    expect(airflowCommand(["db", "init"])?.airflow3).toMatchObject({ status: "removed", use: "db migrate" });
    expect(airflowCommand(["db", "upgrade"])?.airflow2).toMatchObject({
      status: "deprecated",
      since: "2.7.0",
    });
    expect(airflowCommand(["db", "migrate"])?.component).toBe("migration");
    expect(airflowCommand(["api-server"])?.airflow2.status).toBe("absent");
    expect(airflowCommand(["celery", "worker", "-q", "default"])?.component).toBe("celery-worker");
    expect(airflowCommand(["dag-processor"])?.component).toBe("dag-processor");
    expect(airflowCommand(["db"])).toBeUndefined();
    expect(airflowCommand(["version"])).toBeUndefined();
  });
});

describe("official image entrypoint", () => {
  it("knows the variables its entrypoint reads", () => {
    expect(airflowEntrypointVariable("_AIRFLOW_DB_MIGRATE")?.effect).toContain("airflow db migrate");
    expect(airflowEntrypointVariable("_AIRFLOW_DB_UPGRADE")?.deprecated).toEqual({
      since: "2.7.0",
      use: "_AIRFLOW_DB_MIGRATE",
    });
    expect(airflowEntrypointVariable("_AIRFLOW_WWW_USER_CREATE")).toBeDefined();
    expect(airflowEntrypointVariable("CONNECTION_CHECK_MAX_COUNT")?.default).toBe("20");
    expect(airflowEntrypointVariable("AIRFLOW_UID")).toBeUndefined();
    for (const v of AIRFLOW_ENTRYPOINT_VARIABLES) expect(v.sources.length).toBeGreaterThan(0);
  });
});

describe("aliases added within Airflow 3", () => {
  it("give the release the new name appeared in (apache/airflow#50839 moved secret_key in 3.0.2)", () => {
    expect(airflowConfigChange("AIRFLOW__WEBSERVER__SECRET_KEY")?.airflow3).toMatchObject({ since: "3.0.2" });
    expect(airflowConfigChange("AIRFLOW__WEBSERVER__WEB_SERVER_PORT")?.airflow3).toMatchObject({
      since: "3.0",
    });
    const sinces = AIRFLOW_CONFIG_CHANGES.flatMap((c) =>
      c.airflow3.status === "deprecated" ? [c.airflow3.since] : [],
    );
    for (const s of sinces) expect(s).toMatch(/^3\.\d+(\.\d+)?$/);
  });
});
