import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeDocker } from "../../../test/helpers/fake-docker";
import { changedLines, commandDifferences, HANGUL } from "../../../test/helpers/script-shape";
import { buildModel } from "../model/build";
import type { ComposeModel } from "../model/types";
import { buildPlan, type Plan } from "./plan";
import { renderResetScript, resetInfo } from "./reset";

const SEED_AFTER = "/work/shared/seed/seed-after.yml";
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

const SEED_INIT = ["POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"];

const subcommand = (c: string[]) => {
  const args = c[0] === "docker" && c[1] === "compose" ? c.slice(2) : c.slice(1);
  let i = 0;
  while (["-f", "--project-directory", "-p", "--profile"].includes(args[i])) i += 2;
  return args.slice(i);
};

describe("resetInfo: what down -v deletes and what survives", () => {
  it("seed-after: both database volumes are deleted, nothing survives", () => {
    const { model, plan } = load(SEED_AFTER);
    expect(resetInfo(model, plan)).toEqual({
      project: "seed",
      volumes: [
        // Deleting the data makes the image apply these again at the next start (#16).
        { name: "postgres_data", services: ["postgres"], database: true, initAgain: SEED_INIT },
        { name: "postgres_mlflow_data", services: ["postgres-mlflow"], database: true, initAgain: SEED_INIT },
      ],
      anonymous: [],
      survivors: [],
      directories: [],
    });
  });

  it("official Airflow file: the database volume goes, the bind-mounted dags/logs/config/plugins stay", () => {
    const { model, plan } = load(AIRFLOW);
    const info = resetInfo(model, plan);
    expect(info.volumes).toEqual([
      {
        name: "postgres-db-volume",
        services: ["postgres"],
        database: true,
        initAgain: ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"],
      },
    ]);
    const dir = "/work/shared/corpus/files";
    expect(info.directories).toEqual(["dags", "logs", "config", "plugins"].map((d) => join(dir, d)));
    expect(info.survivors.map((s) => s.source)).toEqual([...info.directories, dir]);
    expect(info.survivors[0].mounts).toContain("airflow-webserver:/opt/airflow/dags");
    expect(info.survivors[0].mounts).toContain("flower:/opt/airflow/dags");
    expect(info.survivors.every((s) => s.kind === "bind" && !s.database)).toBe(true);
  });

  it("external volumes and bind-mounted database data survive; files and paths outside the project are not created", () => {
    const text = `services:
  db:
    image: postgres:16
    volumes:
      - ./pgdata:/var/lib/postgresql/data
      - ./init.sql:/docker-entrypoint-initdb.d/init.sql
      - shared:/backup
      - /var/run/docker.sock:/var/run/docker.sock
      - /cache
  app:
    image: python
    volumes: [../outside:/x, "\${DATA_DIR:-./data}:/data", cache:/cache]
volumes:
  shared:
    external: true
  cache: {}
  unused:
`;
    const { model, plan } = load("/proj/compose.yaml", text);
    const info = resetInfo(model, plan);
    expect(info.volumes).toEqual([
      { name: "cache", services: ["app"], database: false },
      { name: "unused", services: [], database: false },
    ]);
    expect(info.anonymous).toEqual([{ service: "db", target: "/cache" }]);
    expect(info.survivors).toEqual([
      { kind: "bind", source: "/proj/pgdata", mounts: ["db:/var/lib/postgresql/data"], database: true },
      {
        kind: "bind",
        source: "/proj/init.sql",
        mounts: ["db:/docker-entrypoint-initdb.d/init.sql"],
        database: true,
      },
      { kind: "external-volume", source: "shared", mounts: ["db:/backup"], database: true },
      { kind: "bind", source: "/var/run/docker.sock", mounts: ["db:/var/run/docker.sock"], database: true },
      { kind: "bind", source: "/outside", mounts: ["app:/x"], database: false },
      { kind: "bind", source: "/proj/data", mounts: ["app:/data"], database: false },
    ]);
    expect(info.directories).toEqual(["/proj/pgdata", "/proj/data"]);
  });
});

describe("reset script", () => {
  it("down -v --remove-orphans, then missing bind directories, then the stages, then logs -f", () => {
    const root = mkdtempSync(join(tmpdir(), "mlops-reset-"));
    const file = join(root, "docker-compose.yaml");
    writeFileSync(file, readFileSync(AIRFLOW, "utf8"));
    mkdirSync(join(root, "dags"));
    const { model, plan } = load(file);
    const script = renderResetScript(plan, resetInfo(model, plan), {
      pollIntervalSeconds: 0.05,
      confirmed: true,
    });
    expect(script).not.toContain("prune");
    const fake = fakeDocker({ compose: "v1", env: { FAKE_ONESHOT: "airflow-init" } });
    const r = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const d of ["dags", "logs", "config", "plugins"])
      expect(statSync(join(root, d)).isDirectory()).toBe(true);
    expect(r.stdout).toContain(`[reset] created ${join(root, "logs")}`);
    expect(r.stdout).not.toContain(`[reset] created ${join(root, "dags")}`);
    expect(r.stdout).toContain("postgres-db-volume (database data)");
    const sub = fake
      .calls()
      .filter((c) => c[0] !== "docker" || c[1] === "compose" || c[1] === "system")
      .map((c) => (c[1] === "system" ? c : subcommand(c)))
      .filter((a) => ["down", "up", "logs", "docker"].includes(a[0]) && a[1] !== "--help");
    expect(sub).toEqual([
      ["down", "-v", "--remove-orphans"],
      ["up", "-d", "--no-deps", "postgres", "redis"],
      ["up", "-d", "--no-deps", "airflow-init"],
      [
        "up",
        "-d",
        "--no-deps",
        "airflow-webserver",
        "airflow-scheduler",
        "airflow-worker",
        "airflow-triggerer",
      ],
      ["logs", "-f"],
    ]);
  });

  it("docker system prune -f only when asked for, right after down", () => {
    const { model, plan } = load(SEED_AFTER);
    const script = renderResetScript(plan, resetInfo(model, plan), {
      prune: true,
      followLogs: false,
      pollIntervalSeconds: 0.05,
      confirmed: true,
    });
    const fake = fakeDocker({ compose: "v1" });
    const r = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8" });
    expect(r.status).toBe(0);
    const flat = fake.calls().map((c) => c.join(" "));
    const down = flat.findIndex((c) => c.endsWith("down -v --remove-orphans"));
    const prune = flat.indexOf("docker system prune -f");
    const firstUp = flat.findIndex((c) => c.includes(" up -d "));
    expect(down).toBeGreaterThan(0);
    expect(prune).toBeGreaterThan(down);
    expect(firstUp).toBeGreaterThan(prune);
    expect(flat.some((c) => c.includes("logs -f"))).toBe(false);
    expect(r.stdout).toContain("ALL projects");
  });

  it("stops when a stage fails, without following logs", () => {
    const { model, plan } = load(SEED_AFTER);
    const script = renderResetScript(plan, resetInfo(model, plan), {
      pollIntervalSeconds: 0.05,
      confirmed: true,
    });
    const fake = fakeDocker({ compose: "v1", env: { FAKE_UNHEALTHY: "postgres" } });
    const r = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("Stage 1/2 (databases) failed");
    expect(fake.calls().some((c) => c.includes("-f") && c.at(-1) === "-f" && c.includes("logs"))).toBe(false);
  });

  it("hostile bind-mount directory names are created exactly, never executed", () => {
    const root = mkdtempSync(join(tmpdir(), "mlops-reset-hostile-"));
    const file = join(root, "compose.yaml");
    // No `$` here: compose would interpolate it, and such sources are never created.
    const weird = "d `touch PWNED` 'q' \"x\";y && touch PWNED";
    writeFileSync(
      file,
      `services:\n  a:\n    image: x\n    volumes: [${JSON.stringify(`./${weird}:/data`)}]\n`,
    );
    const { model, plan } = load(file);
    const script = renderResetScript(plan, resetInfo(model, plan), {
      followLogs: false,
      pollIntervalSeconds: 0.05,
      confirmed: true,
    });
    const fake = fakeDocker({ compose: "v1" });
    const r = spawnSync("/bin/sh", ["-c", script], { env: fake.env, encoding: "utf8", cwd: root });
    expect(r.status).toBe(0);
    expect(statSync(join(root, weird)).isDirectory()).toBe(true);
    expect(existsSync(join(root, "PWNED"))).toBe(false);
  });
});

/** Runs `command` (a shell command line) on a fresh pseudo-terminal that receives `typed`. */
function onTerminal(command: string, typed: string, env: NodeJS.ProcessEnv, cwd?: string) {
  // util-linux `script`: the command's /dev/tty is the pty, and `typed` arrives on it.
  // By absolute path: the PATH is the stand-ins' own (no real docker may be reached).
  return spawnSync("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], {
    input: typed,
    env,
    cwd,
    encoding: "utf8",
    timeout: 30_000,
  });
}

/** A run with no terminal at all (a new session: no controlling tty, as in CI or `| sh` from a job). */
function withoutTerminal(script: string, env: NodeJS.ProcessEnv) {
  return spawnSync("/usr/bin/setsid", ["-w", "/bin/sh", "-c", script], {
    env,
    encoding: "utf8",
  });
}

const downs = (calls: string[][]) => calls.map(subcommand).filter((a) => a[0] === "down");

describe("reset asks before down -v (reset-script without --yes)", () => {
  const { model, plan } = load(SEED_AFTER);
  const info = resetInfo(model, plan);
  const asking = renderResetScript(plan, info, { followLogs: false, pollIntervalSeconds: 0.05 });
  const scriptFile = () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-reset-ask-"));
    writeFileSync(join(dir, "reset.sh"), asking);
    return join(dir, "reset.sh");
  };

  it("names the project and the database volumes, and deletes on `yes` typed on the terminal", () => {
    const fake = fakeDocker({ compose: "v2" });
    const r = onTerminal(`sh ${scriptFile()}`, "yes\n", fake.env);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain(
      '[reset] This deletes the containers, networks and named volumes (postgres_data (database data), postgres_mlflow_data (database data)) of the compose project "seed".',
    );
    expect(r.stdout).toContain("[reset] Type yes to delete them: ");
    expect(downs(fake.calls())).toEqual([["down", "-v", "--remove-orphans"]]);
    expect(r.stdout).toContain("[reset] the stack is up.");
  });

  for (const [what, typed] of [
    ["Enter alone", "\n"],
    ["`no`", "no\n"],
    ["`y` (only yes counts)", "y\n"],
    ["end of input", ""],
  ])
    it(`deletes nothing on ${what}`, () => {
      const fake = fakeDocker({ compose: "v2" });
      const r = onTerminal(`sh ${scriptFile()}`, typed, fake.env);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("[reset] Not confirmed: nothing was deleted.");
      const sub = fake.calls().map(subcommand);
      expect(
        sub.filter((a) => ["down", "up", "rm", "stop", "kill"].includes(a[0]) && a[1] !== "--help"),
      ).toEqual([]);
    });

  it("with no terminal to ask on, deletes nothing and says how to reset without asking", () => {
    const fake = fakeDocker({ compose: "v2" });
    const r = withoutTerminal(asking, fake.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("No terminal to ask on, so nothing was deleted.");
    expect(r.stderr).toContain("mlops-compose reset-script --yes");
    expect(downs(fake.calls())).toEqual([]);
  });

  it("`mlops-compose reset-script FILE | sh` reads the answer from the terminal, not from the piped script", () => {
    const fake = fakeDocker({ compose: "v2" });
    const cli = join(process.cwd(), "bin", "mlops-compose.js");
    const node = process.execPath;
    const no = onTerminal(`'${node}' '${cli}' reset-script --no-follow ${SEED_AFTER} | sh`, "no\n", fake.env);
    expect(no.stdout).toContain("[reset] Not confirmed: nothing was deleted.");
    expect(downs(fake.calls())).toEqual([]);
    const yes = onTerminal(
      `'${node}' '${cli}' reset-script --no-follow ${SEED_AFTER} | sh`,
      "yes\n",
      fake.env,
    );
    expect(yes.stdout).toContain("[reset] the stack is up.");
    expect(downs(fake.calls())).toEqual([["down", "-v", "--remove-orphans"]]);
    // --yes: the script the CLI prints asks nothing.
    const printed = spawnSync(node, [cli, "reset-script", "--yes", SEED_AFTER], { encoding: "utf8" });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain("mlops_dc down -v --remove-orphans");
    expect(printed.stdout).not.toContain("/dev/tty");
  });

  it("--yes (confirmed) does not ask, also without a terminal", () => {
    const script = renderResetScript(plan, info, {
      followLogs: false,
      pollIntervalSeconds: 0.05,
      confirmed: true,
    });
    expect(script).not.toContain("/dev/tty");
    const fake = fakeDocker({ compose: "v2" });
    const r = withoutTerminal(script, fake.env);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(downs(fake.calls())).toEqual([["down", "-v", "--remove-orphans"]]);
  });

  it("the project is -p, else `name:`, else the directory, normalised as Compose v2 does", () => {
    const named = load("/x/My.Proj_X-1/compose.yaml", "name: My-App\nservices:\n  a: {image: x}\n");
    expect(resetInfo(named.model, named.plan).project).toBe("my-app");
    const dir = load("/x/My.Proj_X-1/compose.yaml", "services:\n  a: {image: x}\n");
    expect(resetInfo(dir.model, dir.plan).project).toBe("myproj_x-1");
    const lead = load("/x/_lead/compose.yaml", "name: ${P:-x}\nservices:\n  a: {image: x}\n");
    expect(resetInfo(lead.model, lead.plan).project).toBe("lead");
    const model = buildModel("services:\n  a: {image: x}\n", { path: "/x/y/compose.yaml" });
    const p = buildPlan(model, { projectName: "given" });
    if (!p.ok) throw new Error(p.error.message);
    expect(resetInfo(model, p.plan).project).toBe("given");
  });
});

describe("reset in Korean (locale ko)", () => {
  const { model, plan } = load(SEED_AFTER);
  const info = resetInfo(model, plan);
  const KO = { followLogs: false, pollIntervalSeconds: 0.05, locale: "ko" } as const;
  const scriptFile = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-reset-ko-"));
    writeFileSync(join(dir, "reset.sh"), text);
    return join(dir, "reset.sh");
  };

  it("the same commands as the English script (asking or not, prune, logs, bind directories), Korean words", () => {
    const airflow = load(AIRFLOW);
    const airflowInfo = resetInfo(airflow.model, airflow.plan);
    expect(airflowInfo.directories.length).toBeGreaterThan(0);
    for (const options of [{}, { prune: true, followLogs: false }, { confirmed: true }]) {
      const en = renderResetScript(airflow.plan, airflowInfo, options);
      const ko = renderResetScript(airflow.plan, airflowInfo, { ...options, locale: "ko" });
      expect(commandDifferences(en, ko)).toEqual([]);
      expect(changedLines(en, ko)).toBeGreaterThan(10);
      expect(spawnSync("/bin/sh", ["-n", scriptFile(ko)]).status).toBe(0);
      expect(ko).toMatch(HANGUL);
      expect(renderResetScript(airflow.plan, airflowInfo, { ...options, locale: "en" })).toBe(en);
    }
    const pruned = renderResetScript(airflow.plan, airflowInfo, { prune: true, locale: "ko" });
    expect(pruned).toContain(
      "echo '[reset] docker system prune -f: 모든 프로젝트의 중지된 컨테이너, 사용하지 않는 네트워크, dangling 이미지, 빌드 캐시를 삭제합니다'",
    );
    expect(pruned).toContain(`'[reset] 디렉터리를 만들었습니다: ${airflowInfo.directories[0]}'`);
  });

  it("asks in Korean, still for `yes`, and deletes on it", () => {
    const fake = fakeDocker({ compose: "v2" });
    const r = onTerminal(`sh ${scriptFile(renderResetScript(plan, info, KO))}`, "yes\n", fake.env);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain(
      '[reset] compose 프로젝트 "seed"의 컨테이너, 네트워크, named 볼륨(postgres_data (데이터베이스 데이터), postgres_mlflow_data (데이터베이스 데이터))을 삭제합니다.',
    );
    expect(r.stdout).toContain("[reset] 삭제하려면 yes를 입력하세요: ");
    expect(r.stdout).toContain(
      "[reset] down -v --remove-orphans: 컨테이너, 네트워크, named 볼륨(postgres_data (데이터베이스 데이터), postgres_mlflow_data (데이터베이스 데이터))을 삭제합니다",
    );
    expect(downs(fake.calls())).toEqual([["down", "-v", "--remove-orphans"]]);
    expect(r.stdout).toContain("[reset] 스택이 올라왔습니다.");
  });

  for (const [what, typed] of [
    ["`예` (only yes counts)", "예\n"],
    ["`no`", "no\n"],
    ["Enter alone", "\n"],
  ])
    it(`deletes nothing on ${what}, and says so in Korean`, () => {
      const fake = fakeDocker({ compose: "v2" });
      const r = onTerminal(`sh ${scriptFile(renderResetScript(plan, info, KO))}`, typed, fake.env);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("[reset] 확인하지 않았으므로 아무것도 삭제하지 않았습니다.");
      expect(downs(fake.calls())).toEqual([]);
    });

  it("with no terminal to ask on: deletes nothing, says so in Korean", () => {
    const fake = fakeDocker({ compose: "v2" });
    const r = withoutTerminal(renderResetScript(plan, info, KO), fake.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[reset] 확인을 받을 터미널이 없어 아무것도 삭제하지 않았습니다.");
    expect(r.stderr).toContain("`mlops-compose reset-script --yes`");
    expect(downs(fake.calls())).toEqual([]);
  });

  it("a project name with quotes and shell words is printed, never run", () => {
    const hostile = buildPlan(model, { projectName: "x'; touch PWNED; '" });
    if (!hostile.ok) throw new Error(hostile.error.message);
    const dir = mkdtempSync(join(tmpdir(), "mlops-reset-ko-hostile-"));
    const fake = fakeDocker({ compose: "v2" });
    const r = onTerminal(
      `sh ${scriptFile(renderResetScript(hostile.plan, resetInfo(model, hostile.plan), KO))}`,
      "no\n",
      fake.env,
      dir,
    );
    expect(r.stdout).toContain(`compose 프로젝트 "x'; touch PWNED; '"의`);
    expect(existsSync(join(dir, "PWNED"))).toBe(false);
  });
});
