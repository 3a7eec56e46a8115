/**
 * Proves test/neovim/lsp-client.lua (through run.mjs) end to end against a third-party
 * server (yaml-language-server, pinned in test/neovim/yaml-language-server/): open a YAML
 * file, receive a diagnostic by its code, request code actions, apply the workspace edit,
 * write, and exit with the right code, including the failure codes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const RUN = path.join(__dirname, "run.mjs");
const SETTINGS = JSON.stringify({ yaml: { validate: true, schemaStore: { enable: false } } });
const YAML = "base: &unused\n  a: 1\nother: 2\n";

let server: string;
let dir: string;
let file: string;

beforeAll(() => {
  const out = execFileSync("bash", [path.join(__dirname, "install.sh"), "--proof-server"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  server = out.trim().split("\n").pop()!;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-nvim-test-"));
  file = path.join(dir, "anchors.yml");
  fs.writeFileSync(file, YAML);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [RUN, "--server", `node ${server} --stdio`, "--file", file, "--settings", SETTINGS, "--json", ...args],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
}

describe("headless Neovim LSP client (against yaml-language-server)", () => {
  test("receives the diagnostic, applies the code action, writes the file, exits 0", () => {
    const { status, report, stderr } = run("--code", "0", "--fix", "Delete unused anchor");
    expect(status, stderr).toBe(0);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: "0", message: 'Unused anchor "&unused"', line: 1, character: 6 }),
    ]);
    expect(report.actions).toContain("Delete unused anchor: &unused");
    expect(report.applied).toBe("Delete unused anchor: &unused");
    expect(report.diagnostics_after_fix).toEqual([]);
    expect(report.content).toBe(YAML.replace("&unused", ""));
    // The copy was fixed, not the original.
    expect(fs.readFileSync(file, "utf8")).toBe(YAML);
  });

  test("exits 1 when the expected diagnostic never comes", () => {
    const { status, report } = run("--code", "no-such-code", "--timeout", "3000");
    expect(status).toBe(1);
    expect(report.reason).toMatch(/no diagnostic with code no-such-code/);
  });

  test("exits 2 when the code action is not offered", () => {
    const { status, report } = run("--code", "0", "--fix", "No such fix");
    expect(status).toBe(2);
    expect(report.actions).toContain("Delete unused anchor: &unused");
  });
});
