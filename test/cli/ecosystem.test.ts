/**
 * The entry points other tools call: pre-commit's hook manifest, the GitHub Actions workflow
 * example (SARIF to code scanning) and `--format github`. Each is read as that tool reads it
 * and its commands are run against the real CLI.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toGithub } from "../../server/src/cli/format";
import { isComposeFileName } from "../../server/src/config/compose-files";
import { splitShell } from "../../server/src/parse/shell";
import { runCli, tempProject } from "../helpers/cli";
import { ROOT } from "../helpers/paths";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** One error (localhost as the database host) and one warning (the obsolete version). */
const BROKEN = `version: "3.8"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${PG_PASSWORD:-example}
  app:
    image: python:3.12
    environment:
      DATABASE_URL: postgresql://postgres:\${PG_PASSWORD:-example}@localhost:5432/postgres
`;
const CLEAN = "services:\n  web:\n    image: nginx:1.27\n";

/** How pre-commit splits `entry` (shlex) before appending args and file names. */
function argv(command: string): string[] {
  const [first, ...more] = splitShell(command);
  expect(more).toEqual([]);
  return first.words.map((w) => w.value);
}

/** The CLI for a command line starting with `mlops-compose` (the package's bin). */
function runCommandLine(command: string, extra: string[], cwd: string) {
  const [bin, ...args] = argv(command);
  expect(Object.keys(pkg.bin)).toContain(bin);
  return runCli([...args, ...extra], { cwd });
}

describe("pre-commit hook manifest (.pre-commit-hooks.yaml)", () => {
  const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Record<
    string,
    unknown
  >[];
  // pre-commit's MANIFEST_HOOK_DICT (pre-commit/pre-commit a9bba55, pre_commit/clientlib.py).
  const REQUIRED = ["id", "name", "entry", "language"];
  const OPTIONAL = [
    "minimum_pre_commit_version",
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "additional_dependencies",
    "args",
    "always_run",
    "fail_fast",
    "pass_filenames",
    "description",
    "language_version",
    "log_file",
    "require_serial",
    "stages",
    "verbose",
  ];

  it("is a list of hooks with pre-commit's keys, in language node", () => {
    expect(Array.isArray(hooks)).toBe(true);
    expect(hooks.map((h) => h.id)).toEqual(["mlops-compose", "mlops-compose-fix"]);
    for (const h of hooks) {
      for (const k of REQUIRED) expect(typeof h[k]).toBe("string");
      expect(Object.keys(h).filter((k) => !REQUIRED.includes(k) && !OPTIONAL.includes(k))).toEqual([]);
      expect(h.language).toBe("node");
      expect(h.types).toEqual(["file"]);
    }
  });

  it("`files` (a Python regex, as pre-commit applies it with re.search) selects exactly the compose file names", () => {
    const names = [
      "compose.yaml",
      "deploy/compose.yml",
      "docker-compose.yml",
      "infra/docker-compose.override.yml",
      "compose.prod.yaml",
      "compose-dev.yml",
      "Docker-Compose.YML",
      "stacks/mlflow.compose.yml",
      "airflow-compose.yaml",
      "values.yaml",
      "composer.yml",
      "compose.json",
      "docker-compose.yml.bak",
      "compose/README.md",
      ".github/workflows/ci.yml",
      "docs/compose.yaml.md",
    ];
    for (const h of hooks) {
      // The real regex engine pre-commit uses: python3's re.
      const matched = JSON.parse(
        execFileSync(
          "python3",
          [
            "-c",
            "import json, re, sys; p = re.compile(sys.argv[1]); print(json.dumps([bool(p.search(n)) for n in sys.argv[2:]]))",
            String(h.files),
            ...names,
          ],
          { encoding: "utf8" },
        ),
      ) as boolean[];
      expect(Object.fromEntries(names.map((n, i) => [n, matched[i]]))).toEqual(
        Object.fromEntries(names.map((n) => [n, isComposeFileName(n)])),
      );
    }
  });

  it("`entry` plus the staged file names runs the CLI: 1 on an error, 0 on a clean file, fixes applied by the fix hook", () => {
    const dir = tempProject({ "compose.yaml": BROKEN, "ok/docker-compose.yml": CLEAN });
    const [check, fix] = hooks;
    const failing = runCommandLine(String(check.entry), ["compose.yaml", "ok/docker-compose.yml"], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("db-host-localhost");
    expect(runCommandLine(String(check.entry), ["ok/docker-compose.yml"], dir).code).toBe(0);
    const fixed = runCommandLine(String(fix.entry), ["compose.yaml"], dir);
    // Both are safe fixes: pre-commit then reports the file as modified by the hook.
    const after = readFileSync(join(dir, "compose.yaml"), "utf8");
    expect(after).not.toMatch(/^version:/m);
    expect(after).toContain("postgresql://postgres:${PG_PASSWORD:-example}@db:5432/postgres");
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(/^compose\.yaml: applied [2-9] fixes\n$/);
  });
});

describe("GitHub Actions workflow example (examples/ci/github-code-scanning.yml)", () => {
  const file = join(ROOT, "examples/ci/github-code-scanning.yml");
  const workflow = parse(readFileSync(file, "utf8")) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { env?: Record<string, string>; steps: Record<string, unknown>[] }>;
  };
  const job = Object.values(workflow.jobs)[0];
  const steps = job.steps;
  const runs = steps.filter((s) => typeof s.run === "string");
  const lintSteps = runs.filter((s) => String(s.run).startsWith("mlops-compose "));
  const upload = steps.find((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"))!;

  it("runs on pushes and pull requests, may upload security events, installs the CLI from git (no registry)", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.permissions["security-events"]).toBe("write");
    expect(steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(steps.find((s) => String(s.uses).startsWith("actions/setup-node@"))?.with).toEqual({
      "node-version": 20,
    });
    const install = runs.find((s) => String(s.run).startsWith("npm install -g"))!;
    expect(argv(String(install.run))).toEqual(["npm", "install", "-g", "$MLOPS_COMPOSE_PACKAGE"]);
    // The package spec names this repository (npm's github: shorthand).
    const repo = new URL(pkg.repository.url).pathname.slice(1);
    expect(job.env?.MLOPS_COMPOSE_PACKAGE).toBe(`github:${repo}`);
  });

  it("its SARIF step writes the file the upload step uploads, and findings do not stop the upload", () => {
    const sarifStep = lintSteps.find((s) => String(s.run).includes("--format sarif"))!;
    expect(sarifStep["continue-on-error"]).toBe(true);
    expect(upload.if).toBe("always()");
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(sarifStep));
    const sarifFile = (upload.with as Record<string, string>).sarif_file;

    const dir = tempProject({ "stack/compose.yaml": BROKEN, "other/docker-compose.yml": CLEAN });
    const r = runCommandLine(String(sarifStep.run), [], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const sarifPath = join(dir, sarifFile);
    expect(existsSync(sarifPath)).toBe(true);
    const sarif = JSON.parse(readFileSync(sarifPath, "utf8"));
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
    }[];
    expect(results.map((x) => x.ruleId).sort()).toEqual(["db-host-localhost", "obsolete-version"]);
    // Paths relative to the checkout, as code scanning maps them onto the repository.
    for (const x of results)
      expect(x.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: "stack/compose.yaml",
        uriBaseId: "%SRCROOT%",
      });
  });

  it("its annotations step prints workflow commands and fails the job on an error", () => {
    const step = lintSteps.find((s) => String(s.run).includes("--format github"))!;
    expect(steps.indexOf(step)).toBeGreaterThan(steps.indexOf(upload));
    const dir = tempProject({ "stack/compose.yaml": BROKEN });
    const r = runCommandLine(String(step.run), [], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::warning file=stack\/compose\.yaml,line=1,endLine=1,col=1,endColumn=15,title=mlops-compose obsolete-version::/,
    );
    expect(lines[1]).toMatch(
      /^::error file=stack\/compose\.yaml,line=10,endLine=10,col=\d+,endColumn=\d+,title=mlops-compose db-host-localhost::/,
    );
    const clean = tempProject({ "compose.yaml": CLEAN });
    const ok = runCommandLine(String(step.run), [], clean);
    expect([ok.code, ok.stdout]).toEqual([0, ""]);
  });
});

describe("--format github", () => {
  it("escapes data (%, CR, LF) and properties (also : and ,) as @actions/core does", () => {
    const out = toGithub(
      [
        {
          file: "/repo/a,b:c%.compose.yml",
          text: "x: 1\n",
          findings: [
            {
              rule: "obsolete-version",
              severity: "hint",
              message: "50% done:\r\nnext, then",
              span: { start: 0, end: 1 },
            },
          ],
        },
      ],
      { cwd: "/repo" },
    );
    expect(out).toBe(
      "::notice file=a%2Cb%3Ac%25.compose.yml,line=1,endLine=1,col=1,endColumn=2,title=mlops-compose obsolete-version::" +
        "50%25 done:%0D%0Anext, then%0Ahttps://github.com/mlops-compose-doctor/mlops-compose-doctor/blob/main/docs/rules/obsolete-version.md",
    );
  });

  it("leaves columns out of a finding that spans lines (GitHub accepts them on one line only)", () => {
    const out = toGithub(
      [
        {
          file: "/elsewhere/compose.yml",
          text: "a: 1\nb: 2\n",
          findings: [{ rule: "yaml-syntax", severity: "error", message: "m", span: { start: 0, end: 8 } }],
        },
      ],
      { cwd: "/repo" },
    );
    // Outside the working directory the path stays absolute.
    expect(out.startsWith("::error file=/elsewhere/compose.yml,line=1,endLine=2,title=")).toBe(true);
  });
});
