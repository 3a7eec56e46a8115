/**
 * A second, independent LSP client: headless Neovim (test/neovim/lsp-client.lua through run.mjs)
 * starts our server the way the README tells Neovim users to (`mlops-compose lsp --stdio`, here
 * `node bin/mlops-compose.js lsp --stdio`), opens a copy of examples/mlflow-airflow's compose
 * file, gets the diagnostics, applies the shared-database code action, saves, and the file on
 * disk has MLflow on its own PostgreSQL. Also the client's failure exits, against the same server.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../e2e/harness";
import { EXAMPLE_DIR, EXAMPLE_FILE, ensureBundles } from "../e2e/product";

const RUN = path.join(__dirname, "run.mjs");
const SERVER = "node bin/mlops-compose.js lsp --stdio";
const EXAMPLE = path.join(EXAMPLE_DIR, EXAMPLE_FILE);
const SPLIT = "Split database: give MLflow its own PostgreSQL (`postgres-mlflow`)";

interface Report {
  completion?: { label: string; new_text: string | null }[];
  definition?: { uri: string; line: number; character: number; end_character: number }[];
  diagnostics: { code: string; line: number; character: number; end_line: number; end_character: number }[];
  diagnostics_after_fix?: { code: string }[];
  actions: string[];
  applied?: string;
  reason?: string;
  content: string;
  file: string;
}

beforeAll(() => {
  execFileSync("bash", [path.join(__dirname, "install.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  ensureBundles();
});

/** Runs the Neovim client from the repository root (the server command is relative to it). */
function nvim(...args: string[]): { status: number | null; report: Report; stderr: string } {
  const file = args.includes("--file") ? [] : ["--file", EXAMPLE];
  const r = spawnSync(process.execPath, [RUN, "--server", SERVER, ...file, "--json", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 90_000,
  });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`run.mjs printed no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

const codes = (ds: { code: string }[] = []) => [...new Set(ds.map((d) => d.code))].sort();

describe("headless Neovim against mlops-compose lsp --stdio", () => {
  test("diagnostics, then the shared-database code action applied and saved: MLflow gets postgres-mlflow", () => {
    const original = fs.readFileSync(path.join(REPO_ROOT, EXAMPLE), "utf8");
    const { status, report, stderr } = nvim(
      "--language-id",
      "yaml", // what Neovim 0.7-0.9 calls a docker-compose.yml
      "--code",
      "shared-database",
      "--fix",
      "Split database: give MLflow its own PostgreSQL",
      "--keep", // the copy stays, so that this test reads what Neovim wrote
    );
    const tmp = path.dirname(path.dirname(report.file));
    try {
      expect(status, `${report.reason}\n${stderr}`).toBe(0);
      checkSplit(report);
    } finally {
      if (tmp.includes("mcd-nvim-")) fs.rmSync(tmp, { recursive: true, force: true });
    }
    // The run worked on a copy.
    expect(fs.readFileSync(path.join(REPO_ROOT, EXAMPLE), "utf8")).toBe(original);
  });

  function checkSplit(report: Report): void {
    // The diagnostics as published, on the exact characters (1-based lines, 0-based columns).
    expect(codes(report.diagnostics)).toEqual(
      expect.arrayContaining([
        "db-credentials-mismatch",
        "obsolete-version",
        "shared-database",
        "wrong-db-host",
      ]),
    );
    expect(report.diagnostics.find((d) => d.code === "shared-database")).toMatchObject({
      line: 47,
      character: 26,
      end_line: 47,
      end_character: 85,
    });
    expect(report.diagnostics.find((d) => d.code === "wrong-db-host")).toMatchObject({
      line: 24,
      character: 82,
      end_character: 89,
    });

    // The code action, applied and written.
    expect(report.actions).toContain(SPLIT);
    expect(report.applied).toBe(SPLIT);
    const onDisk = fs.readFileSync(report.file, "utf8");
    expect(onDisk).toBe(report.content);
    expect(onDisk).toMatch(/^ {2}postgres-mlflow:\n {4}image: postgres:13$/m);
    expect(onDisk).toMatch(
      /--backend-store-uri postgresql\+psycopg2:\/\/mlflow:mlflow@postgres-mlflow:5432\/mlflow$/m,
    );
    expect(onDisk).toMatch(/^ {2}postgres_mlflow_data:$/m);

    // The server re-checked the edited buffer: that problem is gone, the others stay.
    expect(codes(report.diagnostics_after_fix)).not.toContain("shared-database");
    expect(codes(report.diagnostics_after_fix)).toContain("wrong-db-host");
  }

  // The filetype Neovim configurations give compose files (vim.filetype.add, LazyVim, nvim-lspconfig's
  // docker_compose_language_service) and that the README's own autocmd pattern lists: Neovim sends it
  // as the languageId of didOpen.
  test("a compose file whose Neovim filetype is yaml.docker-compose is linted too", () => {
    const { status, report } = nvim(
      "--language-id",
      "yaml.docker-compose",
      "--code",
      "shared-database",
      "--timeout",
      "5000",
    );
    expect(report.reason).toMatch(/diagnostic shared-database received/);
    expect(status).toBe(0);
  });

  test("completion in depends_on and go to definition from a URL's host, through Neovim's client", () => {
    const original = fs.readFileSync(path.join(REPO_ROOT, EXAMPLE), "utf8");
    // A new depends_on item being written under airflow (line 22, 0-based 21).
    const text = original.replace(
      "    depends_on:\n      - postgres\n    environment:\n      # the host",
      "    depends_on:\n      - postgres\n      - \n    environment:\n      # the host",
    );
    const lines = text.split("\n");
    const item = lines.indexOf("      - ");
    const urlLine = lines.findIndex((l) => l.includes("postgres:airflow@postgres:5432"));
    const hostCol = lines[urlLine].indexOf("@postgres:") + 3;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-nvim-editor-"));
    try {
      const file = path.join(dir, "docker-compose.yml");
      fs.writeFileSync(file, text);
      const { status, report, stderr } = nvim(
        "--file",
        file,
        "--language-id",
        "yaml",
        "--code",
        "obsolete-version",
        "--complete",
        `${item}:${"      - ".length}`,
        "--definition",
        `${urlLine}:${hostCol}`,
      );
      expect(status, `${report.reason}\n${stderr}`).toBe(0);
      expect(report.completion?.map((c) => c.label).sort()).toEqual(["airflow-scheduler", "mlflow"]);
      expect(report.completion?.find((c) => c.label === "mlflow")?.new_text).toBe("mlflow");
      expect(report.definition).toHaveLength(1);
      // `  postgres:` (line 7): the service the URL's host names.
      expect(report.definition?.[0]).toMatchObject({ line: 6, character: 2, end_character: 10 });
      expect(report.definition?.[0].uri).toMatch(/\/docker-compose\.yml$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the client exits 1 when the diagnostic never comes, 2 when the action is not offered", () => {
    const missing = nvim("--language-id", "yaml", "--code", "no-such-rule", "--timeout", "3000");
    expect(missing.status).toBe(1);
    expect(missing.report.reason).toMatch(/no diagnostic with code no-such-rule/);

    const noFix = nvim("--language-id", "yaml", "--code", "wrong-db-host", "--fix", "No such fix");
    expect(noFix.status).toBe(2);
    expect(noFix.report.actions).toContain("Use database service `postgres`");
  });
});
