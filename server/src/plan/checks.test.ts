import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeDocker } from "../../../test/helpers/fake-docker";
import { changedLines, commandDifferences } from "../../../test/helpers/script-shape";
import { buildModel } from "../model/build";
import type { ComposeModel } from "../model/types";
import { type ConnectionCheck, connectionChecks, renderCheckScript } from "./checks";
import { buildPlan, type Plan } from "./plan";

const SEED = "/work/shared/seed";
const AIRFLOW = join(
  "/work/shared/corpus/files",
  "apache__airflow__19340995__docs__apache-airflow__howto__docker-compose__docker-compose.yaml",
);

function load(path: string, text = readFileSync(path, "utf8")): { model: ComposeModel; plan: Plan } {
  const model = buildModel(text, { path });
  const r = buildPlan(model);
  if (!r.ok) throw new Error(r.error.message);
  return { model, plan: r.plan };
}

/** The psql script of a PostgreSQL login, as quoted in the check command. */
const PSQL = `'PGCONNECT_TIMEOUT=5; export PGCONNECT_TIMEOUT; exec psql "$1" -tAc '\\''select 1'\\'''`;

const rows = (checks: ConnectionCheck[]) => checks.map((c) => [c.kind, c.label, c.command ?? `(${c.note})`]);

const subcommand = (c: string[]) => {
  const args = c[0] === "docker" && c[1] === "compose" ? c.slice(2) : c.slice(1);
  let i = 0;
  while (["-f", "--project-directory", "-p", "--profile"].includes(args[i])) i += 2;
  return args.slice(i);
};

describe("connectionChecks", () => {
  it("seed-after: pg_isready per database, a psql login per URL, airflow db check, unpublished UIs", () => {
    const { model, plan } = load(join(SEED, "seed-after.yml"));
    expect(rows(connectionChecks(model, plan))).toEqual([
      [
        "database-ready",
        "postgres: pg_isready -U airflow -d airflow",
        "mlops_dc exec -T postgres pg_isready -h 127.0.0.1 -p 5432 -U airflow -d airflow -t 5",
      ],
      [
        "database-ready",
        "postgres-mlflow: pg_isready -U mlflow -d mlflow",
        "mlops_dc exec -T postgres-mlflow pg_isready -h 127.0.0.1 -p 5432 -U mlflow -d mlflow -t 5",
      ],
      [
        "url-login",
        "login postgresql+psycopg2://airflow:***@postgres:5432/airflow (used by airflow-webserver)",
        // libpq rejects SQLAlchemy's `+psycopg2`: the login uses the plain scheme. The password
        // is an argument of a shell function (piped to the client's stdin), not in the URL.
        `mlops_login postgres PGPASSWORD airflow ${PSQL} sh postgresql://airflow@postgres:5432/airflow`,
      ],
      [
        "url-login",
        "login postgresql+psycopg2://mlflow:***@postgres-mlflow:5432/mlflow (used by mlflow)",
        `mlops_login postgres-mlflow PGPASSWORD mlflow ${PSQL} sh postgresql://mlflow@postgres-mlflow:5432/mlflow`,
      ],
      [
        "airflow-db-check",
        "airflow-webserver: airflow db check",
        "mlops_dc exec -T airflow-webserver airflow db check",
      ],
      ["http", "Airflow UI (airflow-webserver)", expect.stringContaining("port 8080 is not published")],
      ["http", "MLflow UI (mlflow)", expect.stringContaining("port 5000 is not published")],
    ]);
  });

  it("seed-before-full: the wrong host and the wrong user are both checked; published UIs get HTTP checks", () => {
    const { model, plan } = load(join(SEED, "seed-before-full.yml"));
    const checks = connectionChecks(model, plan);
    const logins = checks.filter((c) => c.kind === "url-login");
    expect(logins.map((c) => c.command)).toEqual([
      // host `airflow` is not the database: run from the database's image, it will fail as the app does.
      `mlops_login postgres PGPASSWORD airflow ${PSQL} sh postgresql://airflow@airflow:5432/airflow`,
      `mlops_login postgres PGPASSWORD airflow ${PSQL} sh postgresql://postgres@postgres:5432/airflow`,
      `mlops_login postgres PGPASSWORD airflow ${PSQL} sh postgresql://airflow@postgres:5432/airflow`,
    ]);
    expect(checks.filter((c) => c.kind === "http").map((c) => [c.label, c.command])).toEqual([
      ["Airflow UI http://127.0.0.1:8080/ (airflow)", "mlops_http http://127.0.0.1:8080/"],
      ["MLflow UI http://127.0.0.1:5000/ (mlflow)", "mlops_http http://127.0.0.1:5000/"],
    ]);
    // The scheduler is Airflow too, but not a UI server: no HTTP row for it.
    expect(checks.some((c) => c.kind === "http" && c.label.includes("airflow-scheduler"))).toBe(false);
  });

  it("official Airflow file: one login per distinct URL (Celery's db+ prefix dropped), redis without empty AUTH", () => {
    const { model, plan } = load(AIRFLOW);
    const checks = connectionChecks(model, plan);
    expect(checks.map((c) => c.kind)).toEqual([
      "database-ready",
      "url-login",
      "url-login",
      "airflow-db-check",
      "http",
    ]);
    expect(checks[1].label).toBe(
      "login postgresql+psycopg2://airflow:***@postgres/airflow (used by airflow-webserver, airflow-scheduler, airflow-worker +2)",
    );
    expect(checks[2].command).toBe(
      `mlops_login redis REDISCLI_AUTH '' 'redis-cli -u "$1" ping | grep -q PONG' sh redis://redis:6379/0`,
    );
    expect(checks[4].command).toBe("mlops_http http://127.0.0.1:8080/");
  });

  it("a localhost URL fails without running, an unresolved variable is skipped, MLflow's --port and host_ip are used", () => {
    const { model, plan } = load(
      "/p/compose.yaml",
      `services:
  db: {image: postgres:16, environment: [POSTGRES_PASSWORD=pw]}
  mlflow:
    image: ghcr.io/mlflow/mlflow
    command: mlflow server --backend-store-uri postgresql://postgres:pw@localhost:5432/postgres --port 5001
    ports: ["127.0.0.2:15001:5001"]
  other:
    image: python
    environment: {DATABASE_URL: "postgresql://u:\${PW}@db/x"}
  my: {image: mysql:8, environment: [MYSQL_ROOT_PASSWORD=r]}
  app2:
    image: python
    environment: {DB: "mysql+pymysql://root:r@my:3306/app"}
`,
    );
    const checks = connectionChecks(model, plan);
    const byKind = (k: string) => checks.filter((c) => c.kind === k);
    expect(
      byKind("url-login").map((c) => [c.label, c.fails ?? false, c.note ?? "", c.command ?? ""]),
    ).toEqual([
      [
        "login postgresql://postgres:***@localhost:5432/postgres (used by mlflow)",
        true,
        expect.stringContaining("own container"),
        "",
      ],
      ["login postgresql://u:***@db/x (used by other)", false, expect.stringContaining("unresolved"), ""],
      [
        "login mysql+pymysql://root:***@my:3306/app (used by app2)",
        false,
        "",
        expect.stringContaining("mlops_login my MYSQL_PWD r "),
      ],
    ]);
    expect(byKind("url-login")[2].command).toContain("sh -h my -P 3306 -u root app -e 'select 1'");
    expect(byKind("url-login")[2].command).not.toContain("--password");
    expect(byKind("http").map((c) => c.command)).toEqual(["mlops_http http://127.0.0.2:15001/"]);
    expect(byKind("database-ready").map((c) => c.label)).toEqual([
      "db: pg_isready -U postgres -d postgres",
      "my: mysqladmin ping",
    ]);
  });
});

describe("check script run with stand-in docker-compose and curl", () => {
  it("all checks pass: a PASS table and exit 0", () => {
    const { model, plan } = load(join(SEED, "seed-before-full.yml"));
    const fake = fakeDocker({ compose: "v1" });
    const r = spawnSync("/bin/sh", ["-c", renderCheckScript(plan, connectionChecks(model, plan))], {
      env: fake.env,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf("RESULT CHECK"));
    expect(table.split("\n").filter((l) => l.startsWith("PASS"))).toHaveLength(7);
    expect(table).toContain("PASS   postgres: pg_isready -U airflow -d airflow");
    expect(table).toContain("PASS   Airflow UI http://127.0.0.1:8080/ (airflow)");
    expect(r.stdout).toContain("All 7 checks passed.");
    const calls = fake.calls();
    expect(calls).toContainEqual(["curl", "-fsS", "-o", "/dev/null", "-m", "10", "http://127.0.0.1:8080/"]);
    // No stage is started by a check, and no `up --help` probe either.
    expect(calls.map(subcommand).some((a) => a[0] === "up")).toBe(false);
  });

  it("a wrong password fails its row (psql login), the rest still run, exit 1", () => {
    const { model, plan } = load(join(SEED, "seed-after.yml"));
    // The password reaches the login on its stdin: the stand-in fails the run that reads "mlflow".
    const fake = fakeDocker({ compose: "v1", env: { FAKE_BAD_LOGIN: "mlflow" } });
    const r = spawnSync("/bin/sh", ["-c", renderCheckScript(plan, connectionChecks(model, plan))], {
      env: fake.env,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("password authentication failed");
    const table = r.stdout.slice(r.stdout.indexOf("RESULT CHECK")).split("\n");
    expect(table).toContain(
      "FAIL   login postgresql+psycopg2://mlflow:***@postgres-mlflow:5432/mlflow (used by mlflow)",
    );
    expect(table).toContain(
      "PASS   login postgresql+psycopg2://airflow:***@postgres:5432/airflow (used by airflow-webserver)",
    );
    expect(table).toContain("PASS   airflow-webserver: airflow db check");
    expect(table).toContain("SKIP   MLflow UI (mlflow)");
    expect(r.stdout).toContain("1 check(s) failed.");
    // Secrets stay out of the table.
    expect(table.join("\n")).not.toContain("mlflow:mlflow@");
  });

  it("passwords reach the clients on stdin: no recorded command line holds one, percent-encoded or decoded", () => {
    const { model, plan } = load(
      "/p/compose.yaml",
      `services:
  db:
    image: postgres:16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: "pg-S3cret@1"}
  cache:
    image: redis:7
    command: redis-server --requirepass rd-S3cret
  my:
    image: mysql:8
    environment: {MYSQL_ROOT_PASSWORD: my-S3cret}
  app:
    image: python
    environment:
      DATABASE_URL: postgresql://app:pg-S3cret%401@db:5432/app
      REDIS_URL: redis://:rd-S3cret@cache:6379/0
      MYSQL_URL: mysql+pymysql://root:my-S3cret@my:3306/app
`,
    );
    const checks = connectionChecks(model, plan);
    expect(checks.filter((c) => c.kind === "url-login" && c.command).length).toBe(3);
    const fake = fakeDocker({ compose: "v2" });
    const tmp = mkdtempSync(join(tmpdir(), "mlops-check-tmp-"));
    const r = spawnSync("/bin/sh", ["-c", renderCheckScript(plan, checks)], {
      env: { ...fake.env, TMPDIR: tmp },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const argvs = fake.calls().map((c) => c.join(" "));
    const runs = argvs.filter((c) => / run /.test(c));
    expect(runs).toHaveLength(3);
    for (const secret of ["pg-S3cret", "S3cret%401", "rd-S3cret", "my-S3cret"])
      expect(argvs.filter((c) => c.includes(secret))).toEqual([]);
    // Each login got exactly its password (decoded, as libpq would read it from the URL).
    expect(fake.stdins()).toEqual(["pg-S3cret@1\n", "rd-S3cret\n", "my-S3cret\n"]);
    expect(runs[0]).toContain("postgresql://app@db:5432/app");
    expect(runs[1]).toContain("redis://cache:6379/0");
    // The client's own variable, set inside the container from stdin.
    expect(runs[0]).toContain("then PGPASSWORD=$mlops_pw; export PGPASSWORD; fi");
    expect(runs[1]).toContain("REDISCLI_AUTH=$mlops_pw");
    expect(runs[2]).toContain("MYSQL_PWD=$mlops_pw");
    // The output file came from mktemp in $TMPDIR and is gone afterwards.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("the output file is made with mktemp, never a predictable /tmp/mlops-check.$$", () => {
    const { model, plan } = load(join(SEED, "seed-after.yml"));
    const script = renderCheckScript(plan, connectionChecks(model, plan));
    expect(script).toContain('MLOPS_OUT=$(mktemp "${TMPDIR:-/tmp}/mlops-check.XXXXXX")');
    expect(script).not.toContain("$$");
  });

  it("an unreachable UI fails its row", () => {
    const { model, plan } = load(join(SEED, "seed-before-full.yml"));
    const fake = fakeDocker({ compose: "v1", env: { FAKE_HTTP_DOWN: "1" } });
    const r = spawnSync("/bin/sh", ["-c", renderCheckScript(plan, connectionChecks(model, plan))], {
      env: fake.env,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("FAIL   MLflow UI http://127.0.0.1:5000/ (mlflow)");
  });
});

describe("connection checks in Korean (locale ko)", () => {
  it("the same checks and commands, Korean labels and notes; the table's words stay as they are", () => {
    const { model, plan } = load(join(SEED, "seed-after.yml"));
    const en = connectionChecks(model, plan);
    const ko = connectionChecks(model, plan, "ko");
    expect(ko.map((c) => [c.kind, c.command, c.fails])).toEqual(en.map((c) => [c.kind, c.command, c.fails]));
    expect(ko.map((c) => c.label)).toContain(
      "로그인 postgresql+psycopg2://airflow:***@postgres:5432/airflow (사용: airflow-webserver)",
    );
    expect(ko.find((c) => c.label === "MLflow UI (mlflow)")?.note).toBe(
      '게시되지 않은 포트 5000 (`ports: ["5000:5000"]` 없음): 호스트에서 접근할 수 없음',
    );
    const enScript = renderCheckScript(plan, en);
    const koScript = renderCheckScript(plan, ko, { locale: "ko" });
    expect(commandDifferences(enScript, koScript)).toEqual([]);
    expect(changedLines(enScript, koScript)).toBeGreaterThan(3);
    expect(renderCheckScript(plan, connectionChecks(model, plan, "en"), { locale: "en" })).toBe(enScript);
  });

  it("a run: PASS/FAIL/SKIP rows with Korean labels, the Korean summary, exit 1 on a failure", () => {
    const { model, plan } = load(join(SEED, "seed-after.yml"));
    const fake = fakeDocker({ compose: "v1", env: { FAKE_BAD_LOGIN: "mlflow" } });
    const r = spawnSync(
      "/bin/sh",
      ["-c", renderCheckScript(plan, connectionChecks(model, plan, "ko"), { locale: "ko" })],
      { env: fake.env, encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    const table = r.stdout.slice(r.stdout.indexOf("RESULT CHECK")).split("\n");
    expect(table).toContain(
      "FAIL   로그인 postgresql+psycopg2://mlflow:***@postgres-mlflow:5432/mlflow (사용: mlflow)",
    );
    expect(table).toContain("PASS   airflow-webserver: airflow db check");
    expect(r.stdout).toContain(
      'MLflow UI (mlflow) ... SKIP: 게시되지 않은 포트 5000 (`ports: ["5000:5000"]` 없음): 호스트에서 접근할 수 없음',
    );
    expect(r.stdout).toContain("점검 1개 실패.");
    const ok = fakeDocker({ compose: "v1" });
    const { model: full, plan: fullPlan } = load(join(SEED, "seed-before-full.yml"));
    const passed = spawnSync(
      "/bin/sh",
      ["-c", renderCheckScript(fullPlan, connectionChecks(full, fullPlan, "ko"), { locale: "ko" })],
      { env: ok.env, encoding: "utf8" },
    );
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain("점검 7개 모두 통과했습니다.");
  });
});
