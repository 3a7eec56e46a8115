import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build";
import { planFromText } from ".";
import { buildPlan, type Plan, type PlanError, type PlanOptions } from "./plan";

const SEED = "/work/shared/seed";
const CORPUS = "/work/shared/corpus/files";
const AIRFLOW_FILES = readdirSync(CORPUS)
  .filter((f) => /^apache__airflow__.*docker-compose\.yaml$/.test(f))
  .map((f) => join(CORPUS, f));

function planOf(text: string, options: PlanOptions = {}): Plan {
  const r = buildPlan(buildModel(text, { path: "/project/docker-compose.yml" }), options);
  if (!r.ok) throw new Error(r.error.message);
  return r.plan;
}

function errorOf(text: string, options: PlanOptions = {}): PlanError {
  const r = buildPlan(buildModel(text, { path: "/project/docker-compose.yml" }), options);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(shape(r.plan))}`);
  return r.error;
}

function planFile(path: string, options: PlanOptions = {}): Plan {
  const r = buildPlan(buildModel(readFileSync(path, "utf8"), { path }), options);
  if (!r.ok) throw new Error(r.error.message);
  return r.plan;
}

const shape = (p: Plan) =>
  p.stages.map((s) => ({ name: s.name, services: s.services.map((x) => x.name), wait: s.wait }));

describe("plan: the blog post's files", () => {
  it("seed-after: the two databases first, then airflow-webserver and mlflow", () => {
    const plan = planFile(join(SEED, "seed-after.yml"));
    expect(shape(plan)).toEqual([
      { name: "databases", services: ["postgres", "postgres-mlflow"], wait: "healthy" },
      { name: "applications", services: ["airflow-webserver", "mlflow"], wait: "started" },
    ]);
    expect(plan.file).toBe(join(SEED, "seed-after.yml"));
    expect(plan.projectDirectory).toBe(SEED);
    expect(plan.skipped).toEqual([]);
    const pg = plan.stages[0].services;
    expect(pg.map((s) => s.pgReady)).toEqual([
      { port: 5432, user: "airflow", database: "airflow" },
      { port: 5432, user: "mlflow", database: "mlflow" },
    ]);
    // `airflow db migrate && ... && airflow webserver` keeps running: not a one-shot job.
    expect(plan.stages[1].services.map((s) => s.mode)).toEqual(["run", "run"]);
    expect(plan.stages.map((s) => s.nativeWait)).toEqual([true, true]);
  });

  it("seed-before-full: one database without a healthcheck waits for `started`", () => {
    const plan = planFile(join(SEED, "seed-before-full.yml"));
    expect(shape(plan)).toEqual([
      { name: "databases", services: ["postgres"], wait: "started" },
      { name: "applications", services: ["airflow", "airflow-scheduler", "mlflow"], wait: "started" },
    ]);
  });

  it("seed-before-snippet: an app without an image still follows its database", () => {
    expect(shape(planFile(join(SEED, "seed-before-snippet.yml")))).toEqual([
      { name: "databases", services: ["postgres"], wait: "started" },
      { name: "applications", services: ["airflow"], wait: "started" },
    ]);
  });
});

describe("plan: the official Airflow docker-compose.yaml", () => {
  it.each(AIRFLOW_FILES)("%s: postgres and redis, then airflow-init, then the Airflow services", (file) => {
    const plan = planFile(file);
    expect(shape(plan)).toEqual([
      { name: "databases", services: ["postgres", "redis"], wait: "healthy" },
      { name: "one-shot jobs", services: ["airflow-init"], wait: "completed" },
      {
        name: "applications",
        services: ["airflow-webserver", "airflow-scheduler", "airflow-worker", "airflow-triggerer"],
        wait: "healthy",
      },
    ]);
    const init = plan.stages[1].services[0];
    expect(init.role).toBe("one-shot");
    expect(init.oneShotReason).toMatch(/service_completed_successfully/);
    // compose fails `up --wait` on an exited one-shot container: that stage is polled instead.
    expect(plan.stages.map((s) => s.nativeWait)).toEqual([true, false, true]);
    expect(plan.stages[0].services.map((s) => s.role)).toEqual(["data", "data"]);
    expect(plan.stages[0].services[0].pgReady).toEqual({ port: 5432, user: "airflow", database: "airflow" });
    expect(plan.stages[0].services[1].pgReady).toBeUndefined();
    expect(plan.skipped).toEqual([
      { service: "airflow-cli", reason: 'profile "debug" is not active' },
      { service: "flower", reason: 'profile "flower" is not active' },
    ]);
  });

  it("--profile flower adds flower to the applications; `*` activates every profile", () => {
    const file = AIRFLOW_FILES[0];
    const flower = planFile(file, { profiles: ["flower"] });
    expect(flower.stages[2].services.map((s) => s.name)).toContain("flower");
    expect(flower.skipped.map((s) => s.service)).toEqual(["airflow-cli"]);
    expect(flower.profiles).toEqual(["flower"]);
    const all = planFile(file, { profiles: ["*"] });
    expect(all.skipped).toEqual([]);
    expect(all.stages.flatMap((s) => s.services.map((x) => x.name))).toContain("airflow-cli");
  });
});

describe("plan: waves", () => {
  it("puts an app that waits for another app into a second applications stage", () => {
    const plan = planOf(`services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x], healthcheck: {test: pg_isready}}
  mlflow:
    image: ghcr.io/mlflow/mlflow
    depends_on: {db: {condition: service_healthy}}
    healthcheck: {test: curl -f localhost:5000}
  trainer:
    image: python:3.12
    depends_on: {mlflow: {condition: service_healthy}}
  web:
    image: nginx
`);
    expect(shape(plan)).toEqual([
      { name: "databases", services: ["db"], wait: "healthy" },
      { name: "applications", services: ["mlflow", "web"], wait: "started" },
      { name: "applications (2)", services: ["trainer"], wait: "started" },
    ]);
  });

  it("pulls whatever a data service depends on into the first stage", () => {
    const plan = planOf(`services:
  vault: {image: hashicorp/vault}
  db: {image: postgres:16, depends_on: [vault]}
  app: {image: python, depends_on: [db]}
`);
    expect(shape(plan)[0]).toEqual({ name: "databases", services: ["vault", "db"], wait: "started" });
  });

  it("recognises MySQL, MariaDB, Redis, MinIO, RabbitMQ and Mongo as data services", () => {
    const plan = planOf(`services:
  app: {image: python, depends_on: [a, b, c, d, e, f]}
  a: {image: mysql:8}
  b: {image: mariadb:11}
  c: {image: redis:7}
  d: {image: minio/minio}
  e: {image: rabbitmq:3}
  f: {image: mongo:7}
`);
    expect(shape(plan)[0].services).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(plan.stages[0].services.every((s) => s.role === "data" && !s.pgReady)).toBe(true);
  });

  it("classes migration jobs by command, by the Airflow image's command and by name", () => {
    const plan = planOf(`services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  mlflow-migrate:
    image: ghcr.io/mlflow/mlflow
    command: mlflow db upgrade postgresql://postgres:x@db/postgres
    depends_on: [db]
  airflow-migrate:
    image: apache/airflow:2.9.0
    command: db migrate
    depends_on: [db]
  minio: {image: minio/minio}
  createbuckets:
    image: minio/mc
    depends_on: [minio]
    entrypoint: >
      /bin/sh -c "mc alias set s3 http://minio:9000 a b; mc mb s3/mlflow; exit 0;"
  schema-init: {image: flyway/flyway, depends_on: [db]}
  mlflow:
    image: ghcr.io/mlflow/mlflow
    command: bash -c "mlflow db upgrade $$URL && mlflow server"
    depends_on: [db]
  worker-init:
    image: python
    restart: always
`);
    const oneShot = plan.stages.find((s) => s.kind === "one-shot jobs")!;
    expect(oneShot.services.map((s) => s.name)).toEqual([
      "mlflow-migrate",
      "airflow-migrate",
      "createbuckets",
      "schema-init",
    ]);
    expect(oneShot.wait).toBe("completed");
    expect(oneShot.nativeWait).toBe(false);
    const reasons = Object.fromEntries(oneShot.services.map((s) => [s.name, s.oneShotReason]));
    expect(reasons["mlflow-migrate"]).toMatch(/mlflow db upgrade/);
    expect(reasons["airflow-migrate"]).toMatch(/airflow db migrate/);
    expect(reasons.createbuckets).toMatch(/mc/);
    expect(reasons["schema-init"]).toMatch(/name/);
    // A server that migrates first, and a restart: always service, keep running.
    const apps = plan.stages.find((s) => s.kind === "applications")!;
    expect(apps.services.map((s) => s.name)).toEqual(["mlflow", "worker-init"]);
  });

  it("runs one-shot jobs that need an application after it, numbering the stages", () => {
    const plan = planOf(`services:
  mlflow: {image: ghcr.io/mlflow/mlflow}
  register-models:
    image: python
    depends_on: {mlflow: {condition: service_started}}
  dashboard:
    image: nginx
    depends_on: {register-models: {condition: service_completed_successfully}}
`);
    expect(shape(plan)).toEqual([
      { name: "applications", services: ["mlflow"], wait: "started" },
      { name: "one-shot jobs", services: ["register-models"], wait: "completed" },
      { name: "applications (2)", services: ["dashboard"], wait: "started" },
    ]);
  });

  it("treats links and network_mode: service:X as dependencies", () => {
    const plan = planOf(`services:
  db: {image: postgres:16}
  vpn: {image: alpine}
  app: {image: python, links: ["db:database"], network_mode: "service:vpn"}
`);
    expect(shape(plan).map((s) => s.services)).toEqual([["db"], ["vpn"], ["app"]]);
  });

  it("ignores a disabled healthcheck", () => {
    const plan = planOf(`services:
  db: {image: postgres:16, healthcheck: {disable: true}}
`);
    expect(plan.stages[0].wait).toBe("started");
    expect(plan.stages[0].services[0].hasHealthcheck).toBe(false);
  });

  it("keeps pg_isready's user and database unset when a variable leaves them unknown", () => {
    const plan = planOf(`services:
  db: {image: postgres:16, environment: {POSTGRES_USER: "\${PGU}"}}
`);
    expect(plan.stages[0].services[0].pgReady).toEqual({ port: 5432, user: undefined, database: undefined });
  });
});

describe("plan: errors instead of plans", () => {
  it("a dependency cycle names the services in order", () => {
    const e = errorOf(`services:
  a: {image: x, depends_on: [b]}
  b: {image: x, depends_on: [c]}
  c: {image: x, depends_on: [a]}
  d: {image: x}
`);
    expect(e.kind).toBe("cycle");
    expect(e.message).toBe("Dependency cycle: a → b → c → a");
    expect(e.services.sort()).toEqual(["a", "b", "c"]);
  });

  it("a service that depends on itself is a cycle", () => {
    const e = errorOf("services:\n  a: {image: x, depends_on: {a: {condition: service_healthy}}}\n");
    expect(e).toMatchObject({ kind: "cycle", services: ["a"], message: "Dependency cycle: a → a" });
  });

  it("a cycle through a data service is found too", () => {
    expect(
      errorOf("services:\n  db: {image: postgres, depends_on: [app]}\n  app: {image: x, depends_on: [db]}\n")
        .kind,
    ).toBe("cycle");
  });

  it("depends_on and links naming missing services: every one is listed", () => {
    const e = errorOf(`services:
  airflow-webserver: {image: x, depends_on: [postgres, redis]}
  mlflow: {image: x, links: [postgres-mlflow]}
  postgres: {image: postgres}
`);
    expect(e.kind).toBe("missing-service");
    expect(e.message).toContain("airflow-webserver → redis (depends_on)");
    expect(e.message).toContain("mlflow → postgres-mlflow (links)");
    expect(e.services.sort()).toEqual(["airflow-webserver", "mlflow", "postgres-mlflow", "redis"]);
  });

  it("a missing dependency marked required: false is ignored, like compose does", () => {
    const plan = planOf(`services:
  app: {image: x, depends_on: {cache: {condition: service_started, required: false}}}
`);
    expect(shape(plan)).toEqual([{ name: "applications", services: ["app"], wait: "started" }]);
  });

  it("a dependency on a service outside the active profiles is an error that says which profile", () => {
    const e = errorOf(`services:
  app: {image: x, depends_on: [db]}
  db: {image: postgres, profiles: [dev]}
`);
    expect(e.kind).toBe("inactive-dependency");
    expect(e.message).toContain("app → db (only in profile dev)");
    expect(
      planOf("services:\n  app: {image: x, depends_on: [db]}\n  db: {image: postgres, profiles: [dev]}\n", {
        profiles: ["dev"],
      }).stages,
    ).toHaveLength(2);
  });

  it.each([["bad name"], ["$(touch pwned)"], ["a;b"], ["it's"], ["-rf"], ["tab\there"]])(
    "refuses the service name %j: compose rejects it, so it never reaches a shell",
    (name) => {
      const e = errorOf(`services:\n  ${JSON.stringify(name)}: {image: x}\n  ok: {image: x}\n`);
      expect(e.kind).toBe("invalid-name");
      expect(e.services).toEqual([name]);
      expect(e.message).toContain(JSON.stringify(name));
    },
  );

  it("accepts every character compose allows in a name", () => {
    expect(planOf("services:\n  A.b_c-9: {image: x}\n").stages[0].services[0].name).toBe("A.b_c-9");
  });

  it("YAML errors, no services, and only inactive services are errors", () => {
    expect(errorOf("services:\n  a: [oops\n").kind).toBe("syntax");
    expect(errorOf("services: {}\n").kind).toBe("no-services");
    const e = errorOf("services:\n  a: {image: x, profiles: [p]}\n");
    expect(e.kind).toBe("no-services");
    expect(e.message).toMatch(/profile/);
  });
});

describe("plan: S3 stores start with the databases (#14)", () => {
  it("MinIO, garage, SeaweedFS, RustFS and LocalStack by image; an `mc` job on the MinIO image stays a one-shot", () => {
    const plan = planOf(`services:
  app: {image: python, depends_on: [a, b, c, d, e, f]}
  a: {image: "bitnami/minio:2024"}
  b: {image: "dxflrs/garage:v1.0.1"}
  c: {image: chrislusf/seaweedfs, command: server -s3}
  d: {image: rustfs/rustfs}
  e: {image: localstack/localstack}
  f: {image: minio/minio, command: server /data}
  buckets:
    image: minio/minio
    depends_on: [f]
    entrypoint: /bin/sh -c "mc alias set s3 http://f:9000 a b && mc mb -p s3/mlflow"
`);
    expect(shape(plan)[0]).toEqual({
      name: "databases",
      services: ["a", "b", "c", "d", "e", "f"],
      wait: "started",
    });
    expect(plan.stages[0].services.map((s) => [s.role, s.mode, s.s3Store])).toEqual([
      ["data", "run", "minio"],
      ["data", "run", "garage"],
      ["data", "run", "seaweedfs"],
      ["data", "run", "rustfs"],
      ["data", "run", "localstack"],
      ["data", "run", "minio"],
    ]);
    const jobs = plan.stages.find((s) => s.kind === "one-shot jobs")!;
    expect(jobs.services.map((s) => [s.name, s.mode])).toEqual([["buckets", "done"]]);
  });
});

describe("plan: MLflow's /health before its clients start (#14)", () => {
  const stack = (mlflowCommand: string) => `services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: ${JSON.stringify(mlflowCommand)}
    depends_on: [db]
  trainer:
    image: python:3.12
    environment: {MLFLOW_TRACKING_URI: "http://mlflow:5001"}
    depends_on: [mlflow]
`;

  it("probes the server's own port inside its container, when a service depends on it", () => {
    const plan = planOf(stack("mlflow server --host 0.0.0.0 --port 5001"));
    expect(shape(plan).map((s) => s.services)).toEqual([["db"], ["mlflow"], ["trainer"]]);
    expect(plan.stages[1].services[0].httpReady).toEqual({
      url: "http://127.0.0.1:5001/health",
      label: "MLflow /health",
    });
    expect(plan.stages[2].services[0].httpReady).toBeUndefined();
    expect(plan.notes).toEqual([]);
  });

  it("no probe when nothing depends on it; a note when its port is not known", () => {
    const alone = planOf(
      `services:\n  mlflow: {image: ghcr.io/mlflow/mlflow, command: mlflow server --host 0.0.0.0}\n`,
    );
    expect(alone.stages[0].services[0].httpReady).toBeUndefined();
    const unknown = planOf(stack('sh -c "mlflow server --host 0.0.0.0 --port $$PORT"'));
    expect(unknown.stages[1].services[0].httpReady).toBeUndefined();
    expect(unknown.notes).toEqual([
      {
        kind: "no-probe",
        message:
          "trainer starts once mlflow runs, without asking its /health: its --port comes from a variable.",
        services: ["mlflow", "trainer"],
      },
    ]);
  });
});

describe("plan: the Airflow order (#15)", () => {
  const ANCHOR = `x-airflow: &airflow
  image: apache/airflow:2.9.3
  environment:
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
    AIRFLOW__CORE__EXECUTOR: CeleryExecutor
    AIRFLOW__CELERY__BROKER_URL: redis://redis:6379/0
`;
  it("databases and broker, the migration job to completion, then the components, even without depends_on on the job", () => {
    const plan = planOf(`${ANCHOR}services:
  postgres: {image: postgres:16, environment: [POSTGRES_PASSWORD=airflow]}
  redis: {image: redis:7}
  airflow-webserver: {<<: *airflow, command: webserver, depends_on: [postgres, redis]}
  airflow-scheduler: {<<: *airflow, command: scheduler, depends_on: [postgres, redis]}
  airflow-worker: {<<: *airflow, command: celery worker, depends_on: [postgres, redis]}
  airflow-migrate:
    <<: *airflow
    command: bash -c "airflow db migrate && airflow connections create-default-connections"
    depends_on: [postgres]
`);
    expect(shape(plan)).toEqual([
      { name: "databases", services: ["postgres", "redis"], wait: "started" },
      { name: "one-shot jobs", services: ["airflow-migrate"], wait: "completed" },
      {
        name: "applications",
        services: ["airflow-webserver", "airflow-scheduler", "airflow-worker"],
        wait: "started",
      },
    ]);
    expect(plan.stages[1].services[0].oneShotReason).toBe("it runs the Airflow database migration and exits");
    expect(plan.notes).toEqual([
      {
        kind: "migration-order",
        message:
          "airflow-webserver, airflow-scheduler, airflow-worker start after airflow-migrate (the Airflow database migration) " +
          "has exited with code 0, although their depends_on does not wait for it " +
          "(add `condition: service_completed_successfully`, so that `docker compose up` waits too).",
        services: ["airflow-migrate", "airflow-webserver", "airflow-scheduler", "airflow-worker"],
      },
    ]);
  });

  it("the official files: airflow-init is waited for already, nothing is missing, no note", () => {
    for (const file of AIRFLOW_FILES) expect(planFile(file).notes).toEqual([]);
    const three = planFile(
      new URL("../../../test/fixtures/airflow/official-3.x-layout.yaml", import.meta.url).pathname,
    );
    expect(three.notes).toEqual([]);
    // The worker waits for the api-server (its depends_on): a second applications stage.
    expect(shape(three).map((s) => s.name)).toEqual([
      "databases",
      "one-shot jobs",
      "applications",
      "applications (2)",
    ]);
    expect(three.stages[1].services.map((s) => s.name)).toEqual(["airflow-init"]);
  });

  it("names a missing component instead of starting a stack that cannot work", () => {
    const v3 = planOf(`services:
  postgres: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  init: {image: apache/airflow:3.0.2, command: db migrate, depends_on: [postgres]}
  api: {image: apache/airflow:3.0.2, command: api-server, depends_on: {init: {condition: service_completed_successfully}}}
  scheduler:
    image: apache/airflow:3.0.2
    command: scheduler
    profiles: [full]
    depends_on: {init: {condition: service_completed_successfully}}
`);
    expect(v3.notes.map((n) => [n.kind, n.message, n.services])).toEqual([
      [
        "missing-component",
        "No service runs the Airflow scheduler (`airflow scheduler`): api starts, but no task will ever run. " +
          "(scheduler runs it, outside the active profiles.)",
        ["api", "scheduler"],
      ],
      [
        "missing-component",
        "Airflow 3.0.2 needs an `airflow dag-processor` service and none is planned: api starts, but no DAG will be parsed.",
        ["api"],
      ],
    ]);
    const full = planOf(
      `services:
  init: {image: apache/airflow:3.0.2, command: db migrate}
  api: {image: apache/airflow:3.0.2, command: api-server}
  scheduler: {image: apache/airflow:3.0.2, command: scheduler, profiles: [full]}
`,
      { profiles: ["full"] },
    );
    expect(full.notes.map((n) => n.message)).toEqual([
      "api, scheduler start after init (the Airflow database migration) has exited with code 0, although their depends_on does not wait for it (add `condition: service_completed_successfully`, so that `docker compose up` waits too).",
      "Airflow 3.0.2 needs an `airflow dag-processor` service and none is planned: scheduler starts, but no DAG will be parsed.",
    ]);
  });
});

describe("plan: the text and JSON outputs say the same", () => {
  it("notes, the S3 store and the MLflow probe appear in both", () => {
    const text = `services:
  minio: {image: minio/minio, command: server /data}
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --host 0.0.0.0 --port 5000
    depends_on: [db, minio]
  trainer: {image: python:3.12, depends_on: [mlflow]}
  web: {image: apache/airflow:2.9.3, command: webserver}
`;
    const b = planFromText(text, { path: "/project/docker-compose.yml", project: false });
    if (!b.ok) throw new Error(b.error.message);
    expect(b.json.notes).toEqual(b.plan.notes);
    expect(b.json.notes.map((n) => n.kind)).toEqual(["missing-component"]);
    for (const n of b.json.notes) expect(b.text).toContain(`Note: ${n.message}`);
    expect(b.text).toContain("minio: S3 store (minio), started with the databases");
    const probe =
      "docker compose -f /project/docker-compose.yml --project-directory /project exec -T mlflow " +
      "python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)' http://127.0.0.1:5000/health";
    const mlflowStage = b.json.stages.find((s) => s.services.includes("mlflow"))!;
    expect(mlflowStage.commands).toContain(probe);
    expect(b.text).toContain(`$ ${probe}`);
    expect(b.text).toContain(
      "mlflow: also checked at http://127.0.0.1:5000/health from inside its container (MLflow /health)",
    );
    expect(b.script).toContain(`printf '%s\\n' 'Note: ${b.json.notes[0].message.replace(/'/g, "'\\''")}'`);
  });
});

describe("plan in Korean (locale ko)", () => {
  const ko = (text: string, options: PlanOptions = {}) => planOf(text, { ...options, locale: "ko" });

  it("the same stages; notes, one-shot reasons and skip reasons in Korean", () => {
    const text = `services:
  postgres: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  init: {image: apache/airflow:3.0.2, command: db migrate}
  api: {image: apache/airflow:3.0.2, command: api-server}
  scheduler: {image: apache/airflow:3.0.2, command: scheduler, profiles: [full]}
  schema-init: {image: flyway/flyway, depends_on: [postgres]}
`;
    const en = planOf(text);
    const k = ko(text);
    expect(shape(k)).toEqual(shape(en));
    expect(k.notes.map((n) => [n.kind, n.services])).toEqual(en.notes.map((n) => [n.kind, n.services]));
    expect(k.notes.map((n) => n.message)).toEqual([
      "api: Airflow 데이터베이스 마이그레이션(init)이 종료 코드 0으로 끝난 뒤에 시작합니다. depends_on에는 이 대기가 없습니다 (`docker compose up`도 기다리도록 `condition: service_completed_successfully`를 추가하세요).",
      "Airflow 스케줄러(`airflow scheduler`)를 실행하는 서비스가 없습니다. api 서비스는 시작되지만 태스크는 하나도 실행되지 않습니다. (scheduler 서비스가 실행하지만 활성 프로필 밖에 있습니다.)",
      "Airflow 3.0.2에는 `airflow dag-processor` 서비스가 필요한데 계획에 없습니다. api 서비스는 시작되지만 DAG는 파싱되지 않습니다.",
    ]);
    const reasons = Object.fromEntries(
      k.stages.flatMap((s) => s.services).map((s) => [s.name, s.oneShotReason]),
    );
    expect(reasons.init).toBe("Airflow 이미지가 `airflow db migrate` 실행 후 종료");
    expect(reasons["schema-init"]).toBe("이름으로 보아 초기화/마이그레이션 작업");
    expect(k.skipped).toEqual([{ service: "scheduler", reason: '활성화되지 않은 프로필 "full"에만 속함' }]);
  });

  it("service_completed_successfully and the MLflow probe note in Korean", () => {
    const k = ko(`services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  migrate: {image: python, command: alembic upgrade head, depends_on: [db]}
  app:
    image: python
    depends_on: {migrate: {condition: service_completed_successfully}}
  mlflow: {image: ghcr.io/mlflow/mlflow, command: 'sh -c "mlflow server --host 0.0.0.0 --port $$PORT"'}
  trainer: {image: python:3.12, depends_on: [mlflow]}
`);
    const migrate = k.stages.flatMap((s) => s.services).find((s) => s.name === "migrate")!;
    expect(migrate.oneShotReason).toBe("app의 depends_on이 service_completed_successfully로 기다림");
    expect(k.notes.map((n) => n.message)).toEqual([
      "trainer 서비스는 mlflow 서비스가 실행되면 /health를 확인하지 않고 바로 시작합니다: its --port comes from a variable.",
    ]);
  });

  it("planFromText: the text in Korean, the JSON's stages and commands as in English", () => {
    const text = `services:
  minio: {image: minio/minio, command: server /data}
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=x]}
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.2
    command: mlflow server --host 0.0.0.0 --port 5000
    depends_on: [db, minio]
  trainer: {image: python:3.12, depends_on: [mlflow]}
  web: {image: apache/airflow:2.9.3, command: webserver}
`;
    const build = { path: "/project/docker-compose.yml", project: false } as const;
    const en = planFromText(text, build);
    const b = planFromText(text, build, { locale: "ko" });
    if (!b.ok || !en.ok) throw new Error("no plan");
    expect(b.json.stages).toEqual(en.json.stages);
    expect(b.text.split("\n").length).toBe(en.text.split("\n").length);
    const commands = (t: string) => t.split("\n").filter((l) => l.trimStart().startsWith("$ "));
    expect(commands(b.text)).toEqual(commands(en.text));
    expect(b.text).toContain("/project/docker-compose.yml 단계별 시작: 3단계");
    expect(b.text).toContain("[1/3] 데이터베이스: minio, db");
    expect(b.text).toContain("      실행될 때까지 대기 (헬스체크가 있으면 healthy가 될 때까지)");
    expect(b.text).toContain("minio: S3 스토어 (minio), 데이터베이스와 함께 시작");
    expect(b.text).toContain("db: PostgreSQL, pg_isready로도 확인");
    expect(b.text).toContain("mlflow: 컨테이너 안에서 http://127.0.0.1:5000/health도 확인 (MLflow /health)");
    expect(b.text).toContain("[3/3] 애플리케이션 (2): trainer");
    for (const n of b.json.notes) expect(b.text).toContain(`참고: ${n.message}`);
    expect(b.script).toContain(`printf '%s\\n' '참고: ${b.json.notes[0].message.replace(/'/g, "'\\''")}'`);
    // English stays the default.
    expect(planFromText(text, build, { locale: "en" })).toEqual(en);
  });
});

describe("plan errors in Korean (locale ko)", () => {
  const ko = { locale: "ko" } as const;
  it("the same kinds and services, Korean messages", () => {
    const cases = [
      "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n",
      "services:\n  a: {image: x, depends_on: [nope]}\n",
      "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, profiles: [dev]}\n",
      "services: {}\n",
      "services:\n  a: {image: x, profiles: [dev]}\n",
    ];
    const kos = cases.map((c) => errorOf(c, ko));
    expect(kos.map((e) => [e.kind, e.services])).toEqual(
      cases.map((c) => errorOf(c)).map((e) => [e.kind, e.services]),
    );
    expect(kos.map((e) => e.message)).toEqual([
      "의존 관계 순환: a → b → a",
      "존재하지 않는 서비스에 의존합니다: a → nope (depends_on)",
      "활성 프로필 밖의 서비스에 의존합니다: a → b (프로필 dev에만 있음). 프로필을 활성화하거나(--profile) 의존 관계에 `required: false`를 붙이세요.",
      "파일에 서비스가 하나도 없습니다.",
      "이 프로필로 활성화되는 서비스가 없습니다 (모든 서비스가 활성화되지 않은 프로필에 속합니다).",
    ]);
    expect(errorOf('services:\n  "a b": {image: x}\n', ko).message).toMatch(
      /^잘못된 서비스 이름 "a b": compose는/,
    );
    expect(errorOf("services:\n  a: [\n", ko).message).toMatch(
      /^파일에 YAML 오류가 있습니다\. 먼저 고치세요: /,
    );
  });
});
