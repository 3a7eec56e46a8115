/** package.json, the VSIX contents and the rule registry stay in step. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../server/src/rules";

const ROOT = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));

describe("extension manifest", () => {
  it("has a setting per rule with the rule's default severity (run `npm run sync-manifest`)", () => {
    const props = pkg.contributes.configuration.properties as Record<
      string,
      { default: string; enum: string[] }
    >;
    const ruleKeys = Object.keys(props).filter((k) => k.startsWith("mlopsCompose.rules."));
    expect(ruleKeys.sort()).toEqual(RULES.map((r) => `mlopsCompose.rules.${r.meta.id}`).sort());
    for (const r of RULES) {
      const p = props[`mlopsCompose.rules.${r.meta.id}`];
      expect(p.default).toBe(r.meta.defaultSeverity);
      expect(p.enum).toEqual(["off", "hint", "info", "warning", "error"]);
    }
  });

  it("rule ids are unique kebab-case", () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it("targets VS Code ^1.100.0 (code-server 4.100.3 refuses newer) and activates on compose files only", () => {
    expect(pkg.engines.vscode).toBe("^1.100.0");
    expect(pkg.devDependencies["@types/vscode"]).toBe("1.100.0");
    expect(pkg.activationEvents).toContain("onLanguage:dockercompose");
    expect(
      pkg.activationEvents.every(
        (e: string) => e.startsWith("onLanguage:") || e.startsWith("workspaceContains:"),
      ),
    ).toBe(true);
    expect(pkg.main).toBe("./dist/extension.js");
  });

  it("contributes the injection grammar for YAML", () => {
    const g = pkg.contributes.grammars.find(
      (x: { scopeName: string }) => x.scopeName === "mlops-compose.injection",
    );
    expect(g.injectTo).toEqual(["source.yaml"]);
    const grammar = JSON.parse(readFileSync(`${ROOT}${g.path}`, "utf8"));
    expect(grammar.scopeName).toBe("mlops-compose.injection");
  });

  it("has no npm `files` list next to .vscodeignore (vsce refuses to package with both)", () => {
    expect(pkg.files).toBeUndefined();
  });

  it("the VSIX holds only what users need (vsce ls)", () => {
    const files = execFileSync(`${ROOT}node_modules/.bin/vsce`, ["ls", "--no-dependencies"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .sort();
    const allowed =
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(extension|server)\.js|syntaxes\/[^/]+\.json|docs\/rules\/[^/]+\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files).toContain("dist/extension.js");
    expect(files).toContain("dist/server.js");
  });
});
