/**
 * The project loader against Compose itself: for multi-file projects (override, include,
 * extends, env_file, .env, COMPOSE_FILE, --env-file, !reset/!override), each service's
 * image, environment, ports, depends_on and networks from `projectConfig(loadProject())`
 * must equal what `docker compose config --format json` (v2) prints, and, for the projects
 * Compose v1 can load (no include, no !reset), image and environment must equal v1's
 * `docker-compose config`. A missing Compose v2 fails the test: it never skips.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectConfig } from "../../server/src/project/config-output";
import { loadProject } from "../../server/src/project/load";
import { findComposeV1, findComposeV2, guarded } from "../helpers/compose-cli";

interface Case {
  name: string;
  files: Record<string, string>;
  /** Compose's own options (`-f`, `--env-file`), the same for both. */
  args?: string[];
  env?: Record<string, string>;
  /** Compose v1 can load it (no include, no !reset/!override, no long env_file). */
  v1?: boolean;
}

const CASES: Case[] = [
  {
    name: "override file",
    v1: true,
    files: {
      "docker-compose.yml": `
services:
  app:
    image: app:\${TAG:-1}
    command: ["serve", "--a"]
    environment:
      A: "1"
      B: base
    ports: ["8080:80", "9000"]
    depends_on: [db]
    networks: [front]
  db:
    image: postgres:16
    environment: [POSTGRES_PASSWORD=x]
    ports: ["5432:5432"]
networks:
  front: {}
`,
      "docker-compose.override.yml": `
services:
  app:
    command: serve --b
    environment:
      - A=2
      - C
    ports: ["8080:80", "127.0.0.1:5000-5001:5000-5001/udp"]
    depends_on:
      db: {condition: service_healthy}
      redis: {condition: service_started}
    networks:
      back: {aliases: [api]}
  db:
    ports: ["15432:5432"]
  redis:
    image: redis:7
    networks: [back]
networks:
  back: {}
`,
      ".env": "TAG=7\nC=from-dotenv\n",
    },
  },
  {
    name: "include (short and long form, own .env, project_directory, env_file)",
    files: {
      "compose.yaml": `
include:
  - db/compose.yaml
  - path: [cache/compose.yaml, cache/compose.local.yaml]
    env_file: cache.env
services:
  app:
    image: app
    depends_on:
      db: {condition: service_started, restart: true}
      cache: {condition: service_healthy, required: false}
`,
      "db/compose.yaml": "services:\n  db:\n    image: postgres:${PGV}\n    env_file: db.env\n",
      "db/.env": "PGV=16\n",
      "db/db.env": 'POSTGRES_PASSWORD="p#w"\nPOSTGRES_DB=mlflow # comment\n',
      "cache.env": "REDIS_TAG=7.2\n",
      "cache/compose.yaml": "services:\n  cache:\n    image: redis:${REDIS_TAG:-6}\n    ports: ['6379']\n",
      "cache/compose.local.yaml": "services:\n  cache:\n    ports: ['16379:6379']\n",
    },
  },
  {
    name: "extends (same file, file:, a chain)",
    v1: true,
    files: {
      "compose.yaml": `
services:
  base:
    image: python:3.12
    environment: {LOG: info, MODE: base}
  worker:
    extends: base
    environment: {MODE: worker}
  web:
    extends: {file: common/web.yaml, service: web}
    ports: ["81:80"]
`,
      "common/web.yaml": `
services:
  proto:
    image: nginx:1
    environment: [P=1]
    ports: ["80"]
  web:
    extends: proto
    env_file: web.env
    environment: [W=1]
`,
      "common/web.env": "FROM_FILE=yes\nW=0\n",
    },
  },
  {
    name: "env_file syntax and order",
    files: {
      "compose.yaml": `
services:
  app:
    image: app
    env_file:
      - a.env
      - path: b.env
      - path: missing.env
        required: false
    environment:
      OVER: environment
`,
      "a.env": `# comment
export A=1
B='single $A # kept'
C="double \${A}2\\nnext"
D=plain \${A}3 # comment
E="multi
line"
OVER=a
URL=postgresql://u:p@db:5432/x
`,
      "b.env": "F=${B}\nA=from-b\nG=${A}\nH=\n",
    },
  },
  {
    name: "COMPOSE_FILE in .env with a separator",
    v1: true,
    files: {
      ".env": "COMPOSE_FILE=base.yml;more.yml\nCOMPOSE_PATH_SEPARATOR=;\nIMG=busybox\n",
      "base.yml": "services:\n  a:\n    image: ${IMG}\n    ports: ['1000:1000']\n",
      "more.yml": "services:\n  a:\n    ports: ['2000:2000']\n  b:\n    image: alpine\n",
    },
  },
  {
    name: "-f files and --env-file",
    v1: true,
    args: ["-f", "one.yml", "-f", "sub/two.yml", "--env-file", "prod.env"],
    files: {
      "one.yml": "services:\n  a:\n    image: img:${V}\n    environment:\n      - X=${X:-none}\n",
      "sub/two.yml": "services:\n  a:\n    environment: [Y=2]\n",
      ".env": "V=dev\n",
      "prod.env": "V=prod\nX=1\n",
    },
  },
  {
    name: "!reset and !override",
    files: {
      "compose.yaml": `
services:
  app:
    image: app
    ports: ["80:80", "443:443"]
    environment: {A: "1", B: "2"}
    depends_on: [db]
  db:
    image: postgres
`,
      "compose.override.yaml": `
services:
  app:
    ports: !override ["8080:80"]
    environment:
      B: !reset null
    depends_on: !reset []
`,
    },
  },
];

const FIELDS = ["image", "environment", "ports", "depends_on", "networks"] as const;

function pick(services: Record<string, Record<string, unknown>>, fields: readonly string[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, s] of Object.entries(services)) {
    const o: Record<string, unknown> = {};
    for (const f of fields) if (s[f] !== undefined) o[f] = s[f];
    out[name] = o;
  }
  return out;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function writeProject(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), "project-config-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cleanEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? homedir(),
  TMPDIR: tmpdir(),
  ...extra,
});

function ours(c: Case, dir: string) {
  const args = c.args ?? [];
  const files: string[] = [];
  const envFiles: string[] = [];
  for (let i = 0; i < args.length; i += 2) (args[i] === "-f" ? files : envFiles).push(args[i + 1]!);
  return loadProject({ cwd: dir, files, envFiles, environment: c.env });
}

describe("project loader = docker compose config (v2)", () => {
  const v2 = findComposeV2();
  it("Compose v2 is installed", () =>
    expect(v2, "Compose v2 is required (scripts/engine/setup.sh)").toBeDefined());
  for (const c of CASES) {
    it(c.name, () => {
      const dir = writeProject(c);
      const [file, ...rest] = guarded(
        [...v2!.argv, "-p", "t", ...(c.args ?? []), "config", "--format", "json"],
        20_000,
      );
      const r = spawnSync(file!, rest, { cwd: dir, env: cleanEnv(c.env), encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const theirs = JSON.parse(r.stdout).services;
      const project = ours(c, dir);
      expect(project.problems).toEqual([]);
      expect(pick(projectConfig(project).services, FIELDS)).toEqual(pick(theirs, FIELDS));
    });
  }
});

describe("project loader = docker-compose config (v1) where v1 loads the project", () => {
  const v1 = findComposeV1();
  for (const c of CASES.filter((x) => x.v1)) {
    it.skipIf(!v1 && process.env.MLOPS_REQUIRE_COMPOSE_V1 !== "1")(c.name, () => {
      const dir = writeProject(c);
      const [file, ...rest] = guarded(["docker-compose", "-p", "t", ...(c.args ?? []), "config"], 20_000);
      const r = spawnSync(file!, rest, { cwd: dir, env: cleanEnv(c.env), encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const theirs = parse(r.stdout).services as Record<string, Record<string, unknown>>;
      const mine = projectConfig(ours(c, dir)).services;
      for (const s of Object.values(theirs)) {
        // v1 prints environment values as strings and `- C` unset as null, like v2.
        if (s.environment)
          s.environment = Object.fromEntries(
            Object.entries(s.environment as object).map(([k, v]) => [k, v === null ? null : String(v)]),
          );
      }
      expect(pick(mine, ["image", "environment"])).toEqual(pick(theirs, ["image", "environment"]));
    });
  }
});
