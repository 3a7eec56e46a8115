/** The custom request `mlopsCompose/plan` against the built server (dist/server.js) over stdio. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { URI } from "vscode-uri";
import { LspClient } from "../helpers/lsp-client";
import { commandDifferences } from "../helpers/script-shape";

const SEED_AFTER = "/work/shared/seed/seed-after.yml";

describe("mlopsCompose/plan", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("plans a file the editor has not opened (read from disk), with the three scripts and the reset info", async () => {
    const res = await client.conn.sendRequest("mlopsCompose/plan", {
      uri: URI.file(SEED_AFTER).toString(),
      composeCommand: "docker-compose",
      waitTimeoutSeconds: 60,
    });
    expect(res).toMatchObject({
      ok: true,
      plan: {
        stages: [
          { name: "databases", services: ["postgres", "postgres-mlflow"], wait: "healthy" },
          { name: "applications", services: ["airflow-webserver", "mlflow"], wait: "started" },
        ],
        skipped: [],
      },
      reset: {
        volumes: [
          { name: "postgres_data", database: true },
          { name: "postgres_mlflow_data", database: true },
        ],
      },
    });
    const r = res as {
      script: string;
      resetScript: string;
      checkScript: string;
      checks: { label: string }[];
    };
    expect(r.script).toContain('mlops_dc() { docker-compose -f "$MLOPS_FILE"');
    expect(r.script).toContain("MLOPS_TIMEOUT=60");
    expect(r.resetScript).toContain("down -v --remove-orphans");
    expect(r.resetScript).not.toContain("system prune");
    expect(r.checkScript).toContain("airflow db check");
    expect(r.checks.map((c) => c.label)).toContain("postgres: pg_isready -U airflow -d airflow");
  });

  it("uses the open document's unsaved text, profiles and prune", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-plan-lsp-"));
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, "services: {}\n");
    const uri = URI.file(file).toString();
    await client.open(
      uri,
      "services:\n  db: {image: postgres:16}\n  ui: {image: adminer, profiles: [debug], depends_on: [db]}\n",
    );
    const res = (await client.conn.sendRequest("mlopsCompose/plan", {
      uri,
      profiles: ["debug"],
      prune: true,
    })) as {
      ok: boolean;
      plan: { stages: { services: string[] }[]; profiles: string[] };
      resetScript: string;
    };
    expect(res.ok).toBe(true);
    expect(res.plan.stages.map((s) => s.services)).toEqual([["db"], ["ui"]]);
    expect(res.plan.profiles).toEqual(["debug"]);
    expect(res.resetScript).toContain("docker system prune -f");
  });

  it("answers a plan error with the offending services", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-plan-lsp-"));
    const file = join(dir, "compose.yaml");
    writeFileSync(
      file,
      readFileSync(SEED_AFTER, "utf8").replace(
        "postgres-mlflow:\n        condition",
        "postgres-ml:\n        condition",
      ),
    );
    const res = await client.conn.sendRequest("mlopsCompose/plan", { uri: URI.file(file).toString() });
    expect(res).toMatchObject({
      ok: false,
      error: { kind: "missing-service", services: ["mlflow", "postgres-ml"] },
    });
  });
});

describe("mlopsCompose/plan in the client's locale (initialize locale ko)", () => {
  type Ok = {
    ok: true;
    text: string;
    plan: { stages: { name: string; commands: string[] }[]; notes: { message: string }[] };
    script: string;
    resetScript: string;
    checkScript: string;
    checks: { label: string }[];
  };
  const ask = (c: LspClient) =>
    c.conn.sendRequest("mlopsCompose/plan", {
      uri: URI.file(SEED_AFTER).toString(),
      composeCommand: "docker compose",
    }) as Promise<Ok>;
  let ko: LspClient;
  let en: LspClient;
  beforeAll(async () => {
    ko = new LspClient();
    await ko.initialize(undefined, { locale: "ko" });
    en = new LspClient();
    await en.initialize();
  });
  afterAll(async () => {
    await ko.shutdown();
    await en.shutdown();
  });

  it("the text, the notes and the scripts' words in Korean; the stages and commands as in English", async () => {
    const k = await ask(ko);
    const e = await ask(en);
    expect(k.ok).toBe(true);
    expect(k.plan.stages).toEqual(e.plan.stages);
    expect(k.text).toContain(`${SEED_AFTER} 단계별 시작: 2단계`);
    expect(k.text).toContain("[1/2] 데이터베이스: postgres, postgres-mlflow");
    expect(e.text).toContain("[1/2] databases: postgres, postgres-mlflow");
    expect(k.plan.notes[0].message).toMatch(/^Airflow 스케줄러/);
    expect(k.script).toContain("printf '%s\\n' '2단계 모두 올라왔습니다.'");
    expect(e.script).toContain("printf '%s\\n' 'All 2 stages are up.'");
    expect(k.resetScript).toContain("printf '%s' '[reset] 삭제하려면 yes를 입력하세요: ' >/dev/tty");
    expect(k.resetScript).toContain("  [Yy][Ee][Ss]) ;;");
    expect(k.checks.map((c) => c.label)).toContain(
      "로그인 postgresql+psycopg2://airflow:***@postgres:5432/airflow (사용: airflow-webserver)",
    );
    expect(commandDifferences(e.script, k.script)).toEqual([]);
    expect(commandDifferences(e.resetScript, k.resetScript)).toEqual([]);
    expect(commandDifferences(e.checkScript, k.checkScript)).toEqual([]);
  });
});
