/**
 * The infrastructure's own test, with a throwaway extension (smoke/smoke-extension.ts):
 * packaged VSIX installed into code-server, squiggle + Problems panel + quick fix +
 * command palette + terminal in the real workbench, and a mocha suite run inside the
 * extension host with its exit code coming back.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runExtensionTests, Workbench } from "./harness";
import { buildSmokeExtension, type SmokeExtension } from "./smoke/smoke-extension";

const COMPOSE = "services:\n  web:\n    image: BROKEN\n    ports:\n      - '8080:80'\n";

let ext: SmokeExtension;

beforeAll(() => {
  ext = buildSmokeExtension();
});

afterAll(() => {
  ext?.dispose();
});

describe("workbench with the packaged smoke extension", () => {
  let wb: Workbench;
  let failed = false;

  beforeAll(async () => {
    wb = await Workbench.start({
      name: "smoke-workbench",
      vsix: ext.vsix,
      files: { "compose.yml": COMPOSE, "nested/dir/other.yaml": "key: fine\n" },
    });
  });

  afterAll(async () => {
    if (!wb) return;
    if (failed) {
      await wb.screenshot("failure");
      wb.saveLogs();
    }
    await wb.close();
  });

  const step = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      try {
        await fn();
      } catch (e) {
        failed = true;
        throw e;
      }
    });

  step("an error squiggle appears on BROKEN", async () => {
    await wb.openFile("compose.yml");
    const squiggle = await wb.waitForSquiggle("error", "BROKEN");
    expect(squiggle).toEqual({ line: 3, text: "BROKEN" });
    await wb.screenshot("squiggle");
  });

  step("the Problems panel lists it", async () => {
    const text = await wb.problemsPanelText("SMOKE001");
    expect(text).toContain("E2E smoke: BROKEN is not allowed here");
    expect(text).toContain("compose.yml");
    await wb.screenshot("problems");
  });

  step("the quick fix rewrites the file on disk", async () => {
    await wb.openFile("compose.yml");
    await wb.quickFix(3, "Replace BROKEN with FIXED");
    expect(wb.readFile("compose.yml")).toBe(COMPOSE.replace("BROKEN", "FIXED"));
    await expect.poll(() => wb.squiggles("error")).toEqual([]);
  });

  step("a nested file opens through the Explorer", async () => {
    await wb.openFile("nested/dir/other.yaml");
    expect(await wb.squiggles("error")).toEqual([]);
  });

  step("the command runs from the palette and its output appears in the terminal", async () => {
    await wb.runCommand("E2E Smoke: Hello");
    const text = await wb.waitForTerminalText(/^smoke says 42$/m, "E2E Smoke");
    expect(text).toContain('echo "smoke says $((6 * 7))"');
    await wb.screenshot("terminal");
  });
});

describe("mocha suite inside the extension host (extensionTestsPath payload)", () => {
  test("a passing suite exits 0", async () => {
    const result = await runExtensionTests({
      name: "smoke-extension-host-pass",
      extensionDevelopmentPath: ext.dir,
      extensionTestsPath: ext.testsPath,
      files: { "compose.yml": COMPOSE },
    });
    const out = result.output.join("\n");
    // mocha's spec reporter, its printf-style lines formatted by the harness:
    expect(out).toMatch(/✔ the extension is active and its command is registered/);
    expect(out).toMatch(/ {2}2 passing \(\d+m?s\)/);
    expect(out).not.toMatch(/failing/);
    expect(result.exitCode).toBe(0);
  });

  test("a failing suite exits non-zero", async () => {
    const result = await runExtensionTests({
      name: "smoke-extension-host-fail",
      extensionDevelopmentPath: ext.dir,
      extensionTestsPath: ext.testsPath,
      files: { "compose.yml": COMPOSE },
      env: { E2E_SMOKE_FAIL: "1" },
    });
    const out = result.output.join("\n");
    expect(out).toMatch(/ {2}2 passing \(\d+m?s\)/);
    expect(out).toMatch(/ {2}1 failing/);
    expect(out).toMatch(/1\) .*deliberately failing test/);
    expect(result.exitCode).not.toBe(0);
  });
});
