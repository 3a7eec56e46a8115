/** The CLI as users and CI run it: a child process, real files, exit codes and output formats. */
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run, tempProject } from "../helpers/cli";
import { EXAMPLE } from "../helpers/lint";
import { applyLspEdits } from "../helpers/lsp-client";
import { ROOT } from "../helpers/paths";

const exampleText = readFileSync(EXAMPLE, "utf8");
const BROKEN = "services:\n  a:\n    image: [oops\n";
const WARNING_ONLY = "version: '3'\nservices:\n  a:\n    image: nginx\n";
/**
 * An error (localhost) with a safe fix, and a warning (version) with one. The password comes
 * from a variable so that plaintext-secret (info) stays out of the counts.
 */
const TWO = `version: "3.8"
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
/** A port clash only when P comes from a .env: shows that the right .env was read. */
const PORTS_FROM_ENV =
  'services:\n  a:\n    image: x\n    ports: ["${P}:80"]\n  b:\n    image: y\n    ports: ["${P}:80"]\n';
const rules = (stdout: string) => (JSON.parse(stdout) as { rule: string }[]).map((f) => f.rule).sort();

/** An unprivileged user for permission tests: root writes read-only files anyway. */
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

describe("mlops-compose lint: findings and exit codes", () => {
  it("prints findings as text with line:column and exits 0 when there are only warnings", () => {
    const dir = tempProject({ "docker-compose.yml": WARNING_ONLY });
    const r = run(["lint", join(dir, "docker-compose.yml")]);
    expect(r.stdout).toContain("1:1  warning");
    expect(r.stdout).toContain("obsolete-version");
    expect(r.code).toBe(0);
  });

  it("exits 1 when an error-severity finding exists", () => {
    const dir = tempProject({ "compose.yaml": BROKEN });
    const r = run(["lint", join(dir, "compose.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("yaml-syntax");
  });

  it("exit 2 on bad usage, each with one line saying what and where the options are", () => {
    const cases: [string[], RegExp][] = [
      [["lint"], /no path given/],
      [["lint", "--format", "xml", EXAMPLE], /unknown format `xml` \(use text, json, sarif, github\)/],
      [["lint", "--bogus", EXAMPLE], /Unknown option '--bogus'/],
      [["lint", "--format"], /argument missing/],
      [["lint", "--max-warnings", "-1", EXAMPLE], /ambiguous|--max-warnings needs a whole number/],
      [["lint", "--max-warnings=many", EXAMPLE], /--max-warnings needs a whole number ≥ 0, not `many`/],
      [["lint", "--rule", "obsolete-version", EXAMPLE], /--rule needs ID=SEVERITY/],
      [["lint", "--rule", "obsolete-verison=off", EXAMPLE], /unknown rule `obsolete-verison`/],
      [
        ["lint", "--rule", "obsolete-version=loud", EXAMPLE],
        /use off, hint, info, warning or error, not `loud`/,
      ],
      [["lint", "-", EXAMPLE], /cannot be mixed/],
      [["lint", "--stdin-filename", "x.yml", EXAMPLE], /give `-` as the path/],
      [["lint", "--fix=yes", EXAMPLE], /does not take an argument/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect([args, lines.length, lines[0]]).toEqual([args, 2, expect.stringMatching(message)]);
      expect(lines[1]).toBe("Run `mlops-compose lint --help` for the options.");
    }
    expect(run([]).code).toBe(2);
    expect(run(["frobnicate"]).stderr).toMatch(/^mlops-compose: unknown command `frobnicate`/);
    expect(run(["frobnicate"]).code).toBe(2);
  });

  it("--help on every command (and `help COMMAND`), exit 0 on stdout", () => {
    for (const args of [
      ["--help"],
      ["-h"],
      ["help"],
      ["lint", "--help"],
      ["lint", "-h"],
      ["help", "lint"],
      ["plan", "--help"],
      ["reset-script", "--help"],
      ["check-script", "--help"],
      ["lsp", "--help"],
      ["help", "lsp"],
    ]) {
      const r = run(args);
      expect([args, r.code, r.stderr]).toEqual([args, 0, ""]);
      expect(r.stdout).toMatch(/^Usage/);
    }
    expect(run(["lint", "--help"]).stdout).toContain("--max-warnings N");
    expect(run(["lsp", "--help"]).stdout).toContain("--stdio");
    expect(run(["help", "nope"]).code).toBe(2);
  });

  it("the exit status block of `lint --help` is the README's, word for word", () => {
    const help = run(["lint", "--help"]).stdout;
    const block = help.slice(help.indexOf("Exit status:"));
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(block.trimEnd());
  });

  it("a missing path is an error: exit 2, one line, nothing linted, no 'No problems found'", () => {
    const dir = tempProject({ "compose.yaml": TWO });
    const r = run(["lint", "/nonexistent/docker-compose.yml", join(dir, "compose.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "mlops-compose: cannot read /nonexistent/docker-compose.yml: no such file or directory\n",
    );
    expect(r.stdout).toBe("");
  });

  it("a directory with no compose file is an error naming the names searched for", () => {
    const dir = tempProject({ "values.yaml": "a: 1\n", "sub/notes.yml": "b: 2\n" });
    const r = run(["lint", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `mlops-compose: ${dir}: no compose file found (looked for compose.yml, docker-compose.yml, compose.*.yml, compose-*.yml, docker-compose.*.yml, docker-compose-*.yml, *.compose.yml, *-compose.yml, and .yaml)\n`,
    );
  });

  it("the summary says how many files were checked", () => {
    const dir = tempProject({ "a/compose.yaml": "services: {}\n", "b/compose.yaml": "services: {}\n" });
    const r = run(["lint", dir]);
    expect(r.stdout).toBe("No problems found in 2 files.\n");
    expect(r.code).toBe(0);
  });

  it("json: an array of {file, rule, severity, message, detail?, range, fixes} with 0-based LSP positions", () => {
    const r = run(["lint", "--format", "json", EXAMPLE]);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out)).toBe(true);
    const v = out.find((f: { rule: string }) => f.rule === "obsolete-version");
    expect(v).toEqual({
      file: EXAMPLE,
      rule: "obsolete-version",
      severity: "warning",
      message: expect.stringContaining("obsolete"),
      detail: expect.stringContaining("Remove it"),
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 14 } },
      fixes: [
        {
          title: "Remove obsolete `version`",
          preferred: true,
          edits: [
            {
              file: EXAMPLE,
              range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } },
              newText: "",
            },
          ],
        },
      ],
    });
    for (const f of out) {
      expect(
        Object.keys(f)
          .filter((k) => k !== "detail")
          .sort(),
      ).toEqual(["file", "fixes", "message", "range", "rule", "severity"]);
      // The message is the one short sentence; the rest of what the editor shows is in `detail`.
      expect(f.message.length).toBeLessThanOrEqual(120);
      expect(f.detail === undefined || f.detail.length > 10).toBe(true);
    }
  });

  it("sarif: valid 2.1.0 structure, one rule entry per rule id with a help URI, results pointing at rules", () => {
    const r = run(["lint", "--format=sarif", EXAMPLE]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run0 = sarif.runs[0];
    const rules = run0.tool.driver.rules as { id: string; helpUri: string }[];
    expect(new Set(rules.map((x) => x.id)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.helpUri).toMatch(new RegExp(`docs/rules/${rule.id}\\.md$`));
    expect(run0.results.length).toBeGreaterThan(0);
    for (const res of run0.results) {
      expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(["error", "warning", "note"]).toContain(res.level);
      const region = res.locations[0].physicalLocation.region;
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
    }
    const v = run0.results.find((x: { ruleId: string }) => x.ruleId === "obsolete-version");
    expect(v.locations[0].physicalLocation.region).toEqual({
      startLine: 4,
      startColumn: 1,
      endLine: 4,
      endColumn: 15,
    });
  });

  it("searches directories for compose file names, skipping node_modules and .git", () => {
    const dir = tempProject({
      "app/docker-compose.yml": "version: '3'\nservices: {}\n",
      "app/compose.prod.yaml": "version: '3'\nservices: {}\n",
      "app/mlflow.compose.yml": "version: '3'\nservices: {}\n",
      "app/values.yaml": "version: '3'\n",
      "node_modules/x/docker-compose.yml": "version: '3'\n",
      ".git/docker-compose.yml": "version: '3'\n",
    });
    const out = JSON.parse(run(["lint", "--format", "json", dir]).stdout) as { file: string }[];
    const files = [...new Set(out.map((f) => f.file.slice(dir.length + 1)))].sort();
    expect(files).toEqual(["app/compose.prod.yaml", "app/docker-compose.yml", "app/mlflow.compose.yml"]);
  });

  it("reports paths as given: relative stays relative", () => {
    const dir = tempProject({ "stack/compose.yaml": WARNING_ONLY });
    const out = JSON.parse(run(["lint", "--format", "json", "stack"], { cwd: dir }).stdout);
    expect(out[0].file).toBe("stack/compose.yaml");
  });

  it("reads .env next to the file for interpolation", () => {
    const dir = tempProject({
      ".env": "COMPOSE_VERSION=3.8\n",
      "docker-compose.yml": "version: ${COMPOSE_VERSION}\nservices: {}\n",
    });
    const out = JSON.parse(run(["lint", "--format", "json", dir]).stdout);
    expect(out[0].rule).toBe("obsolete-version");
  });

  it("the demo command of the README runs on a fresh build", () => {
    const out = execFileSync("npm", ["run", "--silent", "demo"], { encoding: "utf8", cwd: ROOT });
    expect(out).toContain("examples/mlflow-airflow/docker-compose.yml");
    expect(out).toContain("obsolete-version");
  });
});

describe("--rule and --max-warnings", () => {
  it("--rule ID=SEVERITY (repeatable) turns rules off or changes their severity", () => {
    const dir = tempProject({ "compose.yaml": TWO });
    const file = join(dir, "compose.yaml");
    expect(rules(run(["lint", "--format", "json", file]).stdout)).toEqual([
      "db-host-localhost",
      "obsolete-version",
    ]);
    const off = run([
      "lint",
      "--format",
      "json",
      "--rule",
      "db-host-localhost=off",
      "--rule=obsolete-version=off",
      file,
    ]);
    expect([off.code, rules(off.stdout)]).toEqual([0, []]);
    const raised = run(["lint", "--rule", "obsolete-version=error", "--rule", "db-host-localhost=off", file]);
    expect(raised.code).toBe(1);
    expect(raised.stdout).toMatch(/1:1 {2}error {3}.*obsolete-version/);
    // yaml-syntax is a rule id like the others.
    const broken = tempProject({ "compose.yaml": BROKEN });
    expect(run(["lint", "--rule", "yaml-syntax=warning", join(broken, "compose.yaml")]).code).toBe(0);
  });

  it("--max-warnings N: exit 1 above N warnings, with a line saying so", () => {
    const dir = tempProject({ "compose.yaml": WARNING_ONLY, "b/compose.yaml": WARNING_ONLY });
    expect(run(["lint", "--max-warnings", "2", dir]).code).toBe(0);
    const over = run(["lint", "--max-warnings", "1", dir]);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe("mlops-compose: 2 warnings, more than --max-warnings 1\n");
    expect(run(["lint", "--max-warnings=0", "--rule", "obsolete-version=info", dir]).code).toBe(0);
  });
});

describe("standard input", () => {
  it("`lint -` reads standard input, reported as <stdin>; .env and the config file from the working directory", () => {
    const dir = tempProject({
      ".env": "P=8080\n",
      ".mlops-compose.yaml": "rules: {duplicate-host-port: warning}\n",
    });
    const r = run(["lint", "--format", "json", "-"], { cwd: dir, input: PORTS_FROM_ENV });
    const out = JSON.parse(r.stdout) as { file: string; rule: string; severity: string }[];
    expect(out.map((f) => [f.file, f.rule, f.severity])).toEqual([
      ["<stdin>", "duplicate-host-port", "warning"],
    ]);
    expect(r.code).toBe(0);
    // Without the .env the port is unknown: no finding.
    const elsewhere = tempProject({});
    expect(run(["lint", "--format", "json", "-"], { cwd: elsewhere, input: PORTS_FROM_ENV }).stdout).toBe(
      "[]\n",
    );
  });

  it("--stdin-filename names it in the report and says where .env and the config file are", () => {
    const dir = tempProject({
      "stack/.env": "P=8080\n",
      "stack/.mlops-compose.yaml": "rules: {duplicate-host-port: info}\n",
    });
    const r = run(["lint", "--stdin-filename", "stack/compose.yaml", "-"], {
      cwd: dir,
      input: PORTS_FROM_ENV,
    });
    // Where, how severe, which rule (the wording belongs to the rule); 8080 came from stack/.env.
    expect(r.stdout).toMatch(/^stack\/compose\.yaml\n {2}7:14 {2}info {5}.*8080.* {2}duplicate-host-port\n/);
    expect(r.code).toBe(0);
  });

  it("`lint --fix -` writes the fixed text to stdout and the report to stderr", () => {
    const dir = tempProject({});
    const r = run(["lint", "--fix", "-"], { cwd: dir, input: WARNING_ONLY });
    expect(r.stdout).toBe("services:\n  a:\n    image: nginx\n");
    expect(r.stderr).toBe("No problems found in 1 file.\n");
    expect(r.code).toBe(0);
  });
});

describe("--fix and what it can fix", () => {
  it("--fix applies safe fixes in place, keeps comments, and is idempotent", () => {
    const dir = tempProject({ "docker-compose.yml": exampleText });
    const file = join(dir, "docker-compose.yml");
    run(["lint", "--fix", file]);
    const fixed = readFileSync(file, "utf8");
    expect(fixed).not.toMatch(/^version:/m);
    for (const comment of exampleText.match(/#.*$/gm)!) expect(fixed).toContain(comment);
    run(["lint", "--fix", file]);
    expect(readFileSync(file, "utf8")).toBe(fixed);
  });

  it("the text summary ends with how many findings --fix can fix, and --fix then fixes them", () => {
    const dir = tempProject({ "compose.yaml": TWO });
    const file = join(dir, "compose.yaml");
    const before = run(["lint", file]);
    const json = JSON.parse(run(["lint", "--format", "json", file]).stdout) as {
      fixes: { preferred: boolean }[];
    }[];
    const fixable = json.filter((f) => f.fixes.some((x) => x.preferred)).length;
    expect(fixable).toBe(2);
    expect(before.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "2 problems (1 error, 1 warning) in 1 of 1 file.",
      `${fixable} of them can be fixed with \`--fix\` (each finding marked "fixable").`,
    ]);
    const after = run(["lint", "--fix", file]);
    expect(after.stdout).toBe("No problems found in 1 file.\n");
    expect(after.stderr).toMatch(/^.*compose\.yaml: applied \d+ fixes\n$/);
    expect(after.code).toBe(0);
  });

  it("json and sarif fixes carry edits that, applied, give what --fix gives for that fix", () => {
    const dir = tempProject({ "compose.yaml": WARNING_ONLY });
    const file = join(dir, "compose.yaml");
    const [finding] = JSON.parse(run(["lint", "--format", "json", file]).stdout);
    const jsonFixed = applyLspEdits(WARNING_ONLY, finding.fixes[0].edits);
    expect(jsonFixed).toBe("services:\n  a:\n    image: nginx\n");
    const sarif = JSON.parse(run(["lint", "--format", "sarif", file]).stdout);
    const [fix] = sarif.runs[0].results[0].fixes;
    expect(fix.description.text).toBe("Remove obsolete `version`");
    const [change] = fix.artifactChanges;
    expect(change.artifactLocation).toEqual(
      sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation,
    );
    const edits = change.replacements.map(
      (r: { deletedRegion: Record<string, number>; insertedContent: { text: string } }) => ({
        range: {
          start: { line: r.deletedRegion.startLine - 1, character: r.deletedRegion.startColumn - 1 },
          end: { line: r.deletedRegion.endLine - 1, character: r.deletedRegion.endColumn - 1 },
        },
        newText: r.insertedContent.text,
      }),
    );
    expect(applyLspEdits(WARNING_ONLY, edits)).toBe(jsonFixed);
    run(["lint", "--fix", file]);
    expect(readFileSync(file, "utf8")).toBe(jsonFixed);
  });
});

describe("I/O errors: one clear line each, never a stack trace", () => {
  it("--fix on a read-only file: exit 2, the findings still reported, the file untouched", () => {
    const dir = tempProject({ "compose.yaml": WARNING_ONLY });
    const file = join(dir, "compose.yaml");
    chmodSync(file, 0o444);
    const r = run(["lint", "--fix", file], asUser);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mlops-compose: cannot write ${file}: permission denied (1 fix not applied)\n`);
    expect(r.stdout).toContain("obsolete-version");
    expect(readFileSync(file, "utf8")).toBe(WARNING_ONLY);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it("an unreadable file: exit 2 with the reason, the other files still checked", () => {
    const dir = tempProject({ "a/compose.yaml": WARNING_ONLY, "b/compose.yaml": "services: {}\n" });
    chmodSync(join(dir, "a/compose.yaml"), 0o000);
    const r = run(["lint", dir], asUser);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mlops-compose: cannot read ${join(dir, "a/compose.yaml")}: permission denied\n`);
    expect(r.stdout).toBe("No problems found in 1 file (1 file could not be read).\n");
  });

  it("an unreadable folder below the one given is skipped with a note (a database's data directory)", () => {
    const dir = tempProject({ "compose.yaml": "services: {}\n", "pgdata/PG_VERSION": "16\n" });
    chmodSync(join(dir, "pgdata"), 0o700);
    const r = run(["lint", dir], asUser);
    expect(r.stderr).toBe(`mlops-compose: skipped ${join(dir, "pgdata")}: permission denied\n`);
    expect(r.code).toBe(0);
  });

  it("--output into a missing folder: exit 2, one line", () => {
    const dir = tempProject({ "compose.yaml": "services: {}\n" });
    const r = run(["lint", "--format", "sarif", "--output", "out/report.sarif", "compose.yaml"], {
      cwd: dir,
    });
    expect(r.stderr).toBe("mlops-compose: cannot write out/report.sarif: no such file or directory\n");
    expect(r.code).toBe(2);
    const ok = run(["lint", "--format", "sarif", "--output", "report.sarif", "compose.yaml"], { cwd: dir });
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, "", ""]);
    expect(JSON.parse(readFileSync(join(dir, "report.sarif"), "utf8")).version).toBe("2.1.0");
  });
});

describe("the project config file (.mlops-compose.yaml)", () => {
  it("applies to files below it; the nearest one wins; --rule wins over it", () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "rules:\n  obsolete-version: off\n",
      "a/compose.yaml": TWO,
      "b/.mlops-compose.yaml": "rules: {db-host-localhost: warning}\n",
      "b/compose.yaml": TWO,
    });
    const a = run(["lint", "--format", "json", "a"], { cwd: dir });
    expect(rules(a.stdout)).toEqual(["db-host-localhost"]);
    const b = JSON.parse(run(["lint", "--format", "json", "b"], { cwd: dir }).stdout) as {
      rule: string;
      severity: string;
    }[];
    expect(b.map((f) => `${f.rule}:${f.severity}`).sort()).toEqual([
      "db-host-localhost:warning",
      "obsolete-version:warning",
    ]);
    const cli = run(["lint", "--format", "json", "--rule", "obsolete-version=error", "a"], { cwd: dir });
    expect(rules(cli.stdout)).toEqual(["db-host-localhost", "obsolete-version"]);
  });

  it("ignore: a directory search skips what it names; a file named on the command line is skipped with a note", () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "ignore: [legacy/, '**/*.generated.yml']\n",
      "compose.yaml": WARNING_ONLY,
      "legacy/docker-compose.yml": BROKEN,
      "gen/stack.generated.yml": BROKEN,
    });
    const r = run(["lint", "--format", "json", "."], { cwd: dir });
    expect((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file)).toEqual(["compose.yaml"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const explicit = run(["lint", "legacy/docker-compose.yml"], { cwd: dir });
    expect(explicit.stderr).toBe(
      `mlops-compose: legacy/docker-compose.yml: skipped, ignored by ${join(dir, ".mlops-compose.yaml")}\n`,
    );
    expect([explicit.code, explicit.stdout]).toEqual([0, "No problems found in 0 files.\n"]);
  });

  it("a problem in it stops the run: exit 2, each problem with file:line:column", () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "rules:\n  obsolete-verison: off\nignor: []\n",
      "compose.yaml": TWO,
    });
    const r = run(["lint", "."], { cwd: dir });
    const cfg = join(dir, ".mlops-compose.yaml");
    expect(r.stderr).toBe(
      `mlops-compose: ${cfg}:2:3: Unknown rule \`obsolete-verison\` (did you mean \`obsolete-version\`?).\n` +
        `mlops-compose: ${cfg}:3:1: Unknown key \`ignor\` (did you mean \`ignore\`?) (known: rules, ignore, composeCommand, schema).\n`,
    );
    expect([r.code, r.stdout]).toEqual([2, ""]);
  });

  it("composeCommand is the plan scripts' compose command; --compose-command wins", () => {
    const dir = tempProject({
      ".mlops-compose.yaml": "composeCommand: podman compose\n",
      "compose.yaml": "services:\n  db:\n    image: postgres:16\n",
    });
    const plan = JSON.parse(run(["plan", "--format", "json", "compose.yaml"], { cwd: dir }).stdout);
    expect(plan.stages[0].commands[0]).toMatch(/^podman compose -f /);
    const flag = JSON.parse(
      run(["plan", "--format", "json", "--compose-command", "docker-compose", "compose.yaml"], { cwd: dir })
        .stdout,
    );
    expect(flag.stages[0].commands[0]).toMatch(/^docker-compose -f /);
  });
});
