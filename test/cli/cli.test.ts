/** The CLI as users and CI run it: a child process, real files, exit codes and output formats. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE } from "../helpers/lint";
import { CLI_JS } from "../helpers/lsp-client";

function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { encoding: "utf8", cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlops-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const exampleText = readFileSync(EXAMPLE, "utf8");
const BROKEN = "services:\n  a:\n    image: [oops\n";

describe("mlops-compose lint", () => {
  it("prints findings as text with line:column and exits 0 when there are only warnings", () => {
    const dir = tempProject({ "docker-compose.yml": "version: '3'\nservices:\n  a:\n    image: nginx\n" });
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

  it("exits 2 on bad usage and on unreadable files", () => {
    expect(run([]).code).toBe(2);
    expect(run(["lint"]).code).toBe(2);
    expect(run(["lint", "--format", "xml", EXAMPLE]).code).toBe(2);
    expect(run(["lint", "--bogus", EXAMPLE]).code).toBe(2);
    expect(run(["frobnicate"]).code).toBe(2);
    const missing = run(["lint", "/nonexistent/docker-compose.yml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "mlops-compose: cannot read /nonexistent/docker-compose.yml: no such file or directory\n",
    );
    expect(missing.stdout).toBe("");
  });

  it("json: an array of {file, rule, severity, message, range, fixes} with 0-based LSP positions", () => {
    const r = run(["lint", "--format", "json", EXAMPLE]);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out)).toBe(true);
    const v = out.find((f: { rule: string }) => f.rule === "obsolete-version");
    expect(v).toEqual({
      file: EXAMPLE,
      rule: "obsolete-version",
      severity: "warning",
      message: expect.stringContaining("obsolete"),
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
    for (const f of out)
      expect(Object.keys(f).sort()).toEqual(["file", "fixes", "message", "range", "rule", "severity"]);
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
      "app/values.yaml": "version: '3'\n",
      "node_modules/x/docker-compose.yml": "version: '3'\n",
      ".git/docker-compose.yml": "version: '3'\n",
    });
    const out = JSON.parse(run(["lint", "--format", "json", dir]).stdout) as { file: string }[];
    const files = [...new Set(out.map((f) => f.file.slice(dir.length + 1)))].sort();
    expect(files).toEqual(["app/compose.prod.yaml", "app/docker-compose.yml"]);
  });

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

  it("reads .env next to the file for interpolation", () => {
    const dir = tempProject({
      ".env": "COMPOSE_VERSION=3.8\n",
      "docker-compose.yml": "version: ${COMPOSE_VERSION}\nservices: {}\n",
    });
    const out = JSON.parse(run(["lint", "--format", "json", dir]).stdout);
    expect(out[0].rule).toBe("obsolete-version");
  });

  it("the demo command of the README runs on a fresh build", () => {
    const out = execFileSync("npm", ["run", "--silent", "demo"], {
      encoding: "utf8",
      cwd: new URL("../..", import.meta.url).pathname,
    });
    expect(out).toContain("examples/mlflow-airflow/docker-compose.yml");
    expect(out).toContain("obsolete-version");
  });
});
