/** `mlops-compose plan | reset-script | check-script` as users run them: the built CLI in a child process. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findComposeV2 } from "../helpers/compose-cli";
import { fakeDocker } from "../helpers/fake-docker";
import { CLI_JS } from "../helpers/lsp-client";
import { changedLines, commandDifferences, HANGUL } from "../helpers/script-shape";

const SEED_AFTER = "/work/shared/seed/seed-after.yml";
const CORPUS = "/work/shared/corpus/files";
const AIRFLOW = join(
  CORPUS,
  readdirSync(CORPUS).find((f) => /^apache__airflow__.*docker-compose\.yaml$/.test(f))!,
);

/** The environment without the machine's own locale variables, plus `locale`'s. */
function localeEnv(locale: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out = { ...process.env };
  for (const k of ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"]) delete out[k];
  return { ...out, ...locale };
}

function run(args: string[], env: NodeJS.ProcessEnv = localeEnv()) {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mlops-plan-cli-"));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

function shSyntax(script: string): void {
  execFileSync("/bin/sh", ["-n", temp("s.sh", script)]);
}

describe("mlops-compose plan", () => {
  it("json: {stages: [{name, services, wait, commands}], skipped} for the post's fixed file", () => {
    const r = run(["plan", "--format", "json", SEED_AFTER]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["file", "projectDirectory", "profiles", "stages", "skipped", "notes"]);
    expect(
      out.stages.map((s: { name: string; services: string[]; wait: string }) => [s.name, s.services, s.wait]),
    ).toEqual([
      ["databases", ["postgres", "postgres-mlflow"], "healthy"],
      ["applications", ["airflow-webserver", "mlflow"], "started"],
    ]);
    expect(Object.keys(out.stages[0])).toEqual(["name", "services", "wait", "commands"]);
    expect(out.stages[0].commands[0]).toBe(
      `docker compose -f ${SEED_AFTER} --project-directory /work/shared/seed up -d --no-deps postgres postgres-mlflow`,
    );
    expect(out.stages[0].commands).toContain(
      "docker compose -f /work/shared/seed/seed-after.yml --project-directory /work/shared/seed exec -T postgres pg_isready -h 127.0.0.1 -p 5432 -U airflow -d airflow -t 3",
    );
    expect(out.skipped).toEqual([]);
    // The post's fixed file has no scheduler: the plan says so instead of starting a stack that runs nothing.
    expect(out.notes).toEqual([
      {
        kind: "missing-component",
        message:
          "No service runs the Airflow scheduler (`airflow scheduler`): airflow-webserver starts, but no task will ever run.",
        services: ["airflow-webserver"],
      },
    ]);
    const text = run(["plan", SEED_AFTER]).stdout;
    expect(text).toContain(`Note: ${out.notes[0].message}`);
    const script = run(["plan", "--format", "shell", SEED_AFTER]).stdout;
    expect(script).toContain(`printf '%s\\n' 'Note: No service runs the Airflow scheduler`);
  });

  it("json for the official Airflow file: airflow-init between the databases and the Airflow services", () => {
    const out = JSON.parse(run(["plan", "--format=json", AIRFLOW]).stdout);
    expect(out.stages.map((s: { name: string }) => s.name)).toEqual([
      "databases",
      "one-shot jobs",
      "applications",
    ]);
    expect(out.stages[1]).toMatchObject({ services: ["airflow-init"], wait: "completed" });
    expect(out.skipped).toEqual([
      { service: "airflow-cli", reason: 'profile "debug" is not active' },
      { service: "flower", reason: 'profile "flower" is not active' },
    ]);
    const flower = JSON.parse(run(["plan", "--format", "json", "--profile", "flower", AIRFLOW]).stdout);
    expect(flower.profiles).toEqual(["flower"]);
    expect(flower.stages[2].services).toContain("flower");
    expect(flower.stages[2].commands[0]).toContain("--profile flower up -d --no-deps");
  });

  it("--compose-command and --project-name show in the commands", () => {
    const out = JSON.parse(
      run([
        "plan",
        "--format",
        "json",
        "--compose-command",
        "docker-compose",
        "--project-name",
        "mlops",
        SEED_AFTER,
      ]).stdout,
    );
    expect(out.stages[1].commands[0]).toBe(
      `docker-compose -f ${SEED_AFTER} --project-directory /work/shared/seed -p mlops up -d --no-deps airflow-webserver mlflow`,
    );
  });

  it("text: stages with what they wait for, and the skipped services", () => {
    const r = run(["plan", AIRFLOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[1/3] databases: postgres, redis");
    expect(r.stdout).toContain("[2/3] one-shot jobs: airflow-init");
    expect(r.stdout).toContain("wait until they exit with code 0");
    expect(r.stdout).toContain('airflow-cli: profile "debug" is not active');
  });

  it("shell: the runnable script (sh -n), runnable end to end with a stand-in docker-compose", () => {
    const r = run(["plan", "--format", "shell", "--wait-timeout", "30", SEED_AFTER]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("#!/bin/sh\n")).toBe(true);
    expect(r.stdout).toContain("MLOPS_TIMEOUT=30");
    shSyntax(r.stdout);
    const fake = fakeDocker({ compose: "v1" });
    const script = r.stdout.replace("MLOPS_POLL=2", "MLOPS_POLL=0.05");
    const res = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("[2/2] applications: airflow-webserver, mlflow ... started after");
  });

  it("exit 1 with the message on stderr for a cycle or a missing service", () => {
    const cyc = run([
      "plan",
      temp("compose.yaml", "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n"),
    ]);
    expect(cyc.code).toBe(1);
    expect(cyc.stdout).toBe("");
    expect(cyc.stderr).toContain("Dependency cycle: a → b → a");
    const missing = run([
      "plan",
      "--format",
      "json",
      temp("compose.yaml", "services:\n  a: {image: x, depends_on: [db]}\n"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain("a → db (depends_on)");
    const bad = run([
      "plan",
      "--format",
      "shell",
      temp("compose.yaml", 'services:\n  "a b; $(reboot)": {image: x}\n'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("Invalid service name");
  });

  it("exit 2 on usage errors and unreadable files", () => {
    expect(run(["plan"]).code).toBe(2);
    expect(run(["plan", "--format", "yaml", SEED_AFTER]).code).toBe(2);
    expect(run(["plan", "--bogus", SEED_AFTER]).code).toBe(2);
    expect(run(["plan", "--profile"]).code).toBe(2);
    expect(run(["plan", "--wait-timeout", "soon", SEED_AFTER]).code).toBe(2);
    expect(run(["plan", SEED_AFTER, SEED_AFTER]).code).toBe(2);
    expect(run(["reset-script", "--format", "json", SEED_AFTER]).code).toBe(2);
    const missing = run(["plan", "/nonexistent/compose.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read /nonexistent/compose.yaml");
    expect(run(["plan", "--help"]).code).toBe(0);
    expect(run(["--help"]).stdout).toContain("mlops-compose plan [--format text|json|shell]");
  });
});

describe("mlops-compose reset-script and check-script", () => {
  it("reset-script: down -v first, no prune unless --prune, logs -f unless --no-follow", () => {
    const r = run(["reset-script", SEED_AFTER]);
    expect(r.code).toBe(0);
    shSyntax(r.stdout);
    expect(r.stdout).toContain("mlops_dc down -v --remove-orphans");
    expect(r.stdout).not.toContain("system prune");
    expect(r.stdout).toContain("mlops_dc logs -f");
    const pruned = run(["reset-script", "--prune", "--no-follow", SEED_AFTER]).stdout;
    expect(pruned).toContain("docker system prune -f");
    expect(pruned).not.toContain("mlops_dc logs -f");
  });

  it("check-script: pg_isready, psql logins, airflow db check", () => {
    const r = run(["check-script", "--compose-command", "docker compose", SEED_AFTER]);
    expect(r.code).toBe(0);
    shSyntax(r.stdout);
    expect(r.stdout).toContain("mlops_check 'postgres: pg_isready -U airflow -d airflow'");
    // The password goes to psql on stdin (mlops_login), not in the URL on a command line.
    expect(r.stdout).toContain("mlops_login postgres-mlflow PGPASSWORD mlflow ");
    expect(r.stdout).toContain(" sh postgresql://mlflow@postgres-mlflow:5432/mlflow");
    expect(r.stdout).toContain("airflow db check");
  });
});

describe("plan, reset-script and check-script in Korean (LANG=ko_KR.UTF-8, --locale ko)", () => {
  const KO = localeEnv({ LANG: "ko_KR.UTF-8" });

  it("text under LANG=ko_KR.UTF-8: Korean stages, waits, reasons and notes; the commands as in English", () => {
    const r = run(["plan", AIRFLOW], KO);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${AIRFLOW} 단계별 시작: 3단계`);
    expect(r.stdout).toContain("[1/3] 데이터베이스: postgres, redis");
    expect(r.stdout).toContain("[2/3] 일회성 작업: airflow-init");
    expect(r.stdout).toContain("종료 코드 0으로 끝날 때까지 대기");
    expect(r.stdout).toContain('airflow-cli: 활성화되지 않은 프로필 "debug"에만 속함');
    expect(r.stdout).toContain("postgres: PostgreSQL, pg_isready로도 확인");
    const commands = (s: string) => s.split("\n").filter((l) => l.trimStart().startsWith("$ "));
    const en = run(["plan", AIRFLOW]).stdout;
    expect(commands(r.stdout)).toEqual(commands(en));
    expect(commands(r.stdout).length).toBeGreaterThan(3);
    const seed = run(["plan", SEED_AFTER], KO).stdout;
    expect(seed).toContain(
      "참고: Airflow 스케줄러(`airflow scheduler`)를 실행하는 서비스가 없습니다. airflow-webserver 서비스는 시작되지만 태스크는 하나도 실행되지 않습니다.",
    );
  });

  it("--locale wins over the environment both ways; English stays the default", () => {
    const ko = run(["plan", "--locale", "ko", AIRFLOW]).stdout;
    expect(ko).toContain("[1/3] 데이터베이스: postgres, redis");
    expect(run(["plan", "--locale=ko", AIRFLOW], localeEnv({ LANG: "en_US.UTF-8" })).stdout).toBe(ko);
    const en = run(["plan", AIRFLOW]).stdout;
    expect(en).toContain("[1/3] databases: postgres, redis");
    expect(en).not.toMatch(HANGUL);
    expect(run(["plan", "--locale", "en", AIRFLOW], KO).stdout).toBe(en);
    expect(run(["plan", "--locale", "fr", AIRFLOW]).code).toBe(2);
  });

  it("json: the notes in Korean; keys, stage names and commands unchanged", () => {
    const en = JSON.parse(run(["plan", "--format", "json", SEED_AFTER]).stdout);
    const ko = JSON.parse(run(["plan", "--format", "json", SEED_AFTER], KO).stdout);
    expect(ko.stages).toEqual(en.stages);
    expect(ko.notes.map((n: { kind: string }) => n.kind)).toEqual(
      en.notes.map((n: { kind: string }) => n.kind),
    );
    expect(ko.notes[0].message).toMatch(/^Airflow 스케줄러/);
  });

  for (const command of ["plan", "reset-script", "check-script"]) {
    it(`${command}${command === "plan" ? " --format shell" : ""}: sh -n, Korean words, the English script's commands`, () => {
      const args = [command, ...(command === "plan" ? ["--format", "shell"] : []), AIRFLOW];
      const en = run(args);
      const ko = run(args, KO);
      expect(ko.code).toBe(0);
      shSyntax(ko.stdout);
      expect(ko.stdout).toMatch(HANGUL);
      expect(commandDifferences(en.stdout, ko.stdout)).toEqual([]);
      expect(changedLines(en.stdout, ko.stdout)).toBeGreaterThan(5);
      expect(run([...args.slice(0, -1), "--locale", "ko", AIRFLOW]).stdout).toBe(ko.stdout);
    });
  }

  it("the Korean shell script runs end to end with a stand-in docker-compose", () => {
    const r = run(["plan", "--format", "shell", SEED_AFTER], KO);
    const fake = fakeDocker({ compose: "v1" });
    const script = r.stdout.replace("MLOPS_POLL=2", "MLOPS_POLL=0.05");
    const res = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/\[2\/2\] applications: airflow-webserver, mlflow \.\.\. started \(\d+초\)/);
    expect(res.stdout).toContain("2단계 모두 올라왔습니다.");
  });
});

describe("plan -f FILE... --env-file F --project-directory D", () => {
  it("plans the project docker compose's own options select, and every compose call passes them; both CLIs load that project", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-plan-f-"));
    writeFileSync(
      join(dir, "base.yml"),
      "services:\n  db:\n    image: postgres:${PG}\n    environment: {POSTGRES_PASSWORD: pw}\n",
    );
    writeFileSync(join(dir, "extra.yml"), "services:\n  app:\n    image: app\n    depends_on: [db]\n");
    writeFileSync(join(dir, "prod.env"), "PG=16\n");
    const r = run([
      "plan",
      "--format",
      "json",
      "-f",
      `${dir}/base.yml`,
      "-f",
      `${dir}/extra.yml`,
      "--env-file",
      `${dir}/prod.env`,
    ]);
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as { stages: { services: string[]; commands: string[] }[] };
    // extra.yml's app waits for base.yml's db: one project.
    expect(plan.stages.map((s) => s.services)).toEqual([["db"], ["app"]]);
    const options = [
      "-f",
      `${dir}/base.yml`,
      "-f",
      `${dir}/extra.yml`,
      "--env-file",
      `${dir}/prod.env`,
      "--project-directory",
      dir,
    ];
    expect(plan.stages[0]!.commands[0]).toBe(`docker compose ${options.join(" ")} up -d --no-deps db`);
    const script = run([
      "plan",
      "--format",
      "shell",
      "-f",
      `${dir}/base.yml`,
      "-f",
      `${dir}/extra.yml`,
      "--env-file",
      `${dir}/prod.env`,
    ]).stdout;
    shSyntax(script);
    expect(script).toContain(`--env-file ${dir}/prod.env`);
    // Compose v2 and v1 read the same project from those options (the env file's tag included).
    const v2 = findComposeV2()!;
    for (const argv of [[...v2.argv], ["docker-compose"]]) {
      const out = spawnSync(argv[0]!, [...argv.slice(1), ...options, "config"], { encoding: "utf8" });
      expect(out.status, out.stderr).toBe(0);
      expect(parse(out.stdout).services.db.image).toBe("postgres:16");
    }
    // -f with a FILE too is a usage error.
    expect(run(["plan", "-f", `${dir}/base.yml`, `${dir}/extra.yml`]).code).toBe(2);
  });
});
