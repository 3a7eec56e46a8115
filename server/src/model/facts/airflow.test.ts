import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempProject } from "../../../../test/helpers/cli";
import { CORPUS_DIR, lintText, SEED_DIR } from "../../../../test/helpers/lint";
import { buildModel } from "../build";
import { airflowVersionOfTag } from "./airflow";
import { factsOf } from "./index";

const FIXTURE = new URL("../../../../test/fixtures/airflow/official-3.x-layout.yaml", import.meta.url)
  .pathname;
const AIRFLOW_RULES = [
  "airflow-deprecated-config",
  "airflow3-removed-command",
  "airflow-missing-component",
  "airflow-missing-migration",
  "airflow-secrets-disagree",
];

function airflowOf(text: string) {
  return factsOf(buildModel(text)).airflow;
}

function componentsOf(text: string): Record<string, string[]> {
  return Object.fromEntries(
    airflowOf(text)
      .services()
      .map((a) => [a.service.name, [...a.components].sort()]),
  );
}

describe("airflow facts", () => {
  it("versions from the official image's tags", () => {
    expect(airflowVersionOfTag("2.7.0-python3.9")?.text).toBe("2.7.0");
    expect(airflowVersionOfTag("slim-2.10.4-python3.12")?.text).toBe("2.10.4");
    expect(airflowVersionOfTag("3.0.2")?.major).toBe(3);
    for (const t of ["latest", "|version|", "2", "slim-latest", "2.10"])
      expect(airflowVersionOfTag(t)).toBeUndefined();
  });

  it("the official 3.x layout: every component, the init job migrating through _AIRFLOW_DB_MIGRATE", () => {
    const text = readFileSync(FIXTURE, "utf8");
    expect(componentsOf(text)).toEqual({
      "airflow-apiserver": ["api-server"],
      "airflow-scheduler": ["scheduler"],
      "airflow-dag-processor": ["dag-processor"],
      "airflow-worker": ["celery-worker"],
      "airflow-triggerer": ["triggerer"],
      "airflow-init": ["migration"],
      "airflow-cli": [],
      flower: ["celery-flower"],
    });
    const af = airflowOf(text);
    expect(af.stackVersion()).toBeUndefined();
    expect(af.executor()).toBe("CeleryExecutor");
    expect(af.anyUnclassified()).toBe(false);
    // Merged environment: the worker has the anchor's keys and its own.
    const worker = af.services().find((a) => a.service.name === "airflow-worker")!;
    expect(worker.config.has("AIRFLOW__CELERY__BROKER_URL")).toBe(true);
  });

  it("the migration job (migrates, runs nothing long-running) and the components that need it", () => {
    const af = airflowOf(readFileSync(FIXTURE, "utf8"));
    expect(af.migrationJobs().map((a) => a.service.name)).toEqual(["airflow-init"]);
    expect(af.componentServices().map((a) => a.service.name)).toEqual([
      "airflow-apiserver",
      "airflow-scheduler",
      "airflow-dag-processor",
      "airflow-worker",
      "airflow-triggerer",
      "flower",
    ]);
    expect(af.missingComponents()).toEqual([]);
    // A server that migrates first is a component, not a migration job; standalone too.
    const own = airflowOf(`services:
  web: {image: apache/airflow:2.9.0, command: bash -c "airflow db migrate && exec airflow webserver"}
  all: {image: apache/airflow:2.9.0, command: standalone}
  job: {image: apache/airflow:2.9.0, command: db migrate}
`);
    expect(own.migrationJobs().map((a) => a.service.name)).toEqual(["job"]);
    expect(own.componentServices().map((a) => a.service.name)).toEqual(["web", "all"]);
  });

  it("missing components: among all services, or among the ones a caller includes", () => {
    const text = `services:
  web: {image: apache/airflow:3.0.2, command: api-server, environment: {AIRFLOW__CORE__EXECUTOR: CeleryExecutor}}
  sched: {image: apache/airflow:3.0.2, command: scheduler, profiles: [full]}
`;
    const af = airflowOf(text);
    expect(af.missingComponents().map((m) => [m.component, m.needer.service.name, m.certain])).toEqual([
      ["dag-processor", "sched", true],
      ["celery-worker", "sched", true],
    ]);
    // Without the profile's scheduler: the scheduler is missing, and Airflow 3's dag-processor.
    const active = af.missingAmong((s) => s.profiles.length === 0);
    expect(active.map((m) => [m.component, m.needer.service.name])).toEqual([
      ["scheduler", "web"],
      ["dag-processor", "web"],
    ]);
    // A start script of its own: nothing is claimed.
    expect(
      airflowOf(
        "services:\n  web: {image: apache/airflow:2.9.0, command: webserver}\n  x: {image: apache/airflow:2.9.0, entrypoint: /start.sh}\n",
      ).missingComponents(),
    ).toEqual([]);
  });

  it("a pinned tag is the stack's version; a variable's default is not sure", () => {
    expect(airflowOf("services:\n  a:\n    image: apache/airflow:3.1.0\n").stackVersion()).toMatchObject({
      text: "3.1.0",
      sure: true,
    });
    expect(
      airflowOf("services:\n  a:\n    image: ${IMG:-apache/airflow:2.6.3}\n").stackVersion(),
    ).toMatchObject({ text: "2.6.3", sure: false });
  });

  it("bash -c chains, /entrypoint in a script, gosu and exec", () => {
    expect(
      componentsOf(`
services:
  a:
    image: apache/airflow:2.7.0
    command: bash -c "airflow db migrate && exec airflow webserver"
  b:
    image: apache/airflow:2.7.0
    entrypoint: /bin/bash
    command: ["-c", "exec /entrypoint scheduler"]
  c:
    image: apache/airflow:2.7.0
    command: ["bash", "-c", "gosu airflow airflow triggerer"]
  d:
    image: apache/airflow:2.7.0
    command: airflow standalone
`),
    ).toEqual({
      a: ["migration", "webserver"],
      b: ["scheduler"],
      c: ["triggerer"],
      d: ["migration", "standalone"],
    });
  });

  it("another image's entrypoint or a start script is unclassified", () => {
    const af = airflowOf(`
services:
  webserver:
    image: puckel/docker-airflow:1.10.9
    command: webserver
  scheduler:
    image: apache/airflow:2.7.0
    command: ["bash", "/opt/start.sh"]
`);
    expect(af.services().map((a) => a.unclassified)).toEqual([true, true]);
    expect(af.anyUnclassified()).toBe(true);
  });
});

describe("the Airflow rules on the official compose files", () => {
  it("the 3.x layout (placeholder tag, and pinned to 3.1.0) gives none of them", () => {
    const text = readFileSync(FIXTURE, "utf8");
    for (const t of [text, text.replace("apache/airflow:|version|", "apache/airflow:3.1.0")])
      expect(lintText(t).filter((f) => AIRFLOW_RULES.includes(f.rule))).toEqual([]);
  });

  it("the two 2.x ones in the corpus give none of them", () => {
    for (const f of [
      "apache__airflow__026f5970__docs__apache-airflow__howto__docker-compose__docker-compose.yaml",
      "apache__airflow__19340995__docs__apache-airflow__howto__docker-compose__docker-compose.yaml",
    ]) {
      const text = readFileSync(`${CORPUS_DIR}files/${f}`, "utf8");
      expect(lintText(text).filter((x) => AIRFLOW_RULES.includes(x.rule))).toEqual([]);
      // Pinned to an Airflow 2 release they still give none at warning or error.
      const pinned = text.replaceAll("apache/airflow:|version|", "apache/airflow:2.10.4");
      expect(
        lintText(pinned).filter(
          (x) => AIRFLOW_RULES.includes(x.rule) && (x.severity === "error" || x.severity === "warning"),
        ),
      ).toEqual([]);
    }
  });

  it("the seed's fixed file gets the missing scheduler and nothing else of these rules", () => {
    const found = lintText(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8")).filter((f) =>
      AIRFLOW_RULES.includes(f.rule),
    );
    expect(found.map((f) => [f.rule, f.text])).toEqual([["airflow-missing-component", "webserver"]]);
  });
});

describe("airflow facts of a `build:` service", () => {
  const compose =
    "services:\n  web:\n    build: .\n    command: webserver\n  scheduler:\n    build: .\n    command: scheduler\n";
  const factsIn = (dockerfile: string) => {
    const dir = tempProject({ "compose.yaml": compose, Dockerfile: dockerfile });
    const model = buildModel(compose, { path: join(dir, "compose.yaml") });
    return {
      model,
      airflow: factsOf(model).airflow,
      findings: lintText(compose, { path: join(dir, "compose.yaml") }),
    };
  };

  it("FROM apache/airflow:3.0.2 gives the version and the official entrypoint: `webserver` is gone in 3", () => {
    const { model, airflow, findings } = factsIn("FROM apache/airflow:3.0.2\nRUN pip install x\n");
    const web = airflow.of(model.serviceByName.get("web")!)!;
    expect(web.official).toBe(true);
    expect(web.version).toMatchObject({ major: 3, minor: 0, patch: 2, sure: true });
    expect(findings.filter((f) => f.rule === "airflow3-removed-command").map((f) => f.severity)).toEqual([
      "error",
    ]);
  });

  it("a FROM with a build argument, or an ENTRYPOINT of its own, says nothing about the version", () => {
    for (const dockerfile of [
      "ARG V=3.0.2\nFROM apache/airflow:${V}\n",
      'FROM apache/airflow:3.0.2\nENTRYPOINT ["/start.sh"]\n',
    ]) {
      const { model, airflow, findings } = factsIn(dockerfile);
      expect(airflow.of(model.serviceByName.get("web")!)?.version).toBeUndefined();
      expect(findings.filter((f) => f.rule === "airflow3-removed-command")).toEqual([]);
    }
  });
});
