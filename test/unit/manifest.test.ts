/** package.json, the VSIX contents, the rule registry and the compose file names stay in step. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import {
  CONFIG_SCHEMA_PATH,
  configSchema,
  GENERAL_CATEGORY,
  NLS_KO_PATH,
  NLS_PATH,
  type Nls,
  RULES_CATEGORY,
  syncedManifest,
  syncedNls,
} from "../../scripts/manifest";
import {
  COMPOSE_FILE_GLOBS,
  COMPOSE_GLOB,
  isComposeDocument,
  isComposeFileName,
} from "../../server/src/config/compose-files";
import { RULES } from "../../server/src/rules";

const ROOT = new URL("../../", import.meta.url).pathname;
const rawPkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
const nlsEn: Nls = JSON.parse(readFileSync(`${ROOT}${NLS_PATH}`, "utf8"));
const nlsKo: Nls = JSON.parse(readFileSync(`${ROOT}${NLS_KO_PATH}`, "utf8"));
/** The `%key%` references of a manifest replaced by their text, as VS Code shows them. */
function resolved(value: unknown, nls: Nls): unknown {
  if (typeof value === "string") {
    const m = /^%(.+)%$/.exec(value);
    return m ? (nls[m[1]] ?? value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolved(v, nls));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v, nls)]));
  return value;
}
/** The manifest as an English VS Code reads it. */
const pkg = resolved(rawPkg, nlsEn) as typeof rawPkg;
/** Every `%key%` the manifest uses. */
const nlsKeys = [...JSON.stringify(rawPkg).matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
type Category = { id: string; title: string; properties: Record<string, Setting> };
type Setting = {
  default: string;
  enum: string[];
  markdownDescription: string;
  markdownEnumDescriptions?: string[];
};
const categories = pkg.contributes.configuration as Category[];
const allProps = Object.assign({}, ...categories.map((c) => c.properties)) as Record<string, Setting>;

/** Names a user may give compose files, and names that are not compose files. */
const COMPOSE_NAMES = [
  "compose.yml",
  "compose.yaml",
  "docker-compose.yml",
  "docker-compose.yaml",
  "docker-compose.override.yml",
  "compose.prod.yaml",
  "compose-dev.yml",
  "docker-compose-ci.yml",
  "mlflow.compose.yml",
  "airflow.compose.yaml",
  "infra-compose.yml",
];
const OTHER_NAMES = [
  "values.yaml",
  "composer.yml",
  "compose.json",
  "docker-compose.yml.bak",
  "compose.yml.orig",
  "mkdocs.yml",
  ".github/workflows/compose.txt",
  "Dockerfile",
];

describe("extension manifest", () => {
  it("is what `npm run sync-manifest` writes (settings, activation, languages, config schema)", () => {
    expect(syncedManifest(rawPkg)).toEqual(rawPkg);
    expect(syncedNls(nlsEn, nlsKo)).toEqual({ en: nlsEn, ko: nlsKo });
    expect(JSON.parse(readFileSync(`${ROOT}${CONFIG_SCHEMA_PATH}`, "utf8"))).toEqual(configSchema());
  });

  it("has a setting per rule with the rule's default severity (run `npm run sync-manifest`)", () => {
    const props = allProps;
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
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it("titles each rule setting with the rule's title, in a Rules category whose id VS Code trims from the label", () => {
    // VS Code derives a setting's label from its key and has no per-setting title
    // (microsoft/vscode#191807); it drops the part of the key that repeats the category id
    // (settingKeyToDisplayFormat), so "Mlops Compose › Rules: …" becomes the rule id alone.
    const rules = categories.find((c) => c.id === RULES_CATEGORY)!;
    expect(rules.title).toBe("Rules");
    expect(Object.keys(rules.properties).every((k) => k.startsWith(`${RULES_CATEGORY}.`))).toBe(true);
    for (const r of RULES) {
      const p = rules.properties[`${RULES_CATEGORY}.${r.meta.id}`];
      expect(
        p.markdownDescription.startsWith(`**${r.meta.title}.** Default: \`${r.meta.defaultSeverity}\`.`),
      ).toBe(true);
      expect(p.markdownDescription).toContain(`docs/rules/${r.meta.id}.md`);
      expect(p.markdownEnumDescriptions).toHaveLength(5);
    }
    const general = categories.find((c) => c.id === GENERAL_CATEGORY)!;
    expect(Object.keys(general.properties).every((k) => k.startsWith(`${GENERAL_CATEGORY}.`))).toBe(true);
    for (const p of Object.values(allProps)) expect(p.markdownDescription.length).toBeGreaterThan(20);
  });

  it("activates on every compose file name the client and the CLI handle, and no other", () => {
    const [onLanguage, workspaceContains] = pkg.activationEvents;
    expect(onLanguage).toBe("onLanguage:dockercompose");
    expect(workspaceContains).toBe(`workspaceContains:${COMPOSE_GLOB}`);
    // picomatch reads braces with wildcards as VS Code's and ripgrep's globs do.
    const inWorkspace = picomatch(COMPOSE_GLOB, { dot: true });
    const languageName = picomatch(pkg.contributes.languages[0].filenamePatterns, { dot: true });
    expect(pkg.contributes.languages[0].id).toBe("dockercompose");
    for (const name of [...COMPOSE_NAMES, ...OTHER_NAMES]) {
      const base = name.split("/").pop()!;
      const expected = COMPOSE_NAMES.includes(name);
      expect([name, isComposeFileName(name)]).toEqual([name, expected]);
      expect([name, inWorkspace(`project/sub/${name}`)]).toEqual([name, expected]);
      // A file opened alone (no folder): VS Code gives it the dockercompose language, which activates us.
      expect([name, languageName(base)]).toEqual([name, expected]);
      expect([name, isComposeDocument(`file:///p/${name}`, "yaml")]).toEqual([name, expected]);
    }
    expect(COMPOSE_FILE_GLOBS.every((g) => languageName(g.replace(/\*/g, "x")))).toBe(true);
  });

  it("the client takes compose file names from the shared list, not from its own copy", () => {
    for (const f of readdirSync(`${ROOT}client/src`).filter(
      (n) => n.endsWith(".ts") && !n.endsWith(".test.ts"),
    )) {
      const text = readFileSync(`${ROOT}client/src/${f}`, "utf8");
      expect([f, /compose\}?\*|\*\.compose|\[\.-\]compose/.test(text)]).toEqual([f, false]);
    }
    const extension = readFileSync(`${ROOT}client/src/extension.ts`, "utf8");
    expect(extension).toContain('from "../../server/src/config/compose-files"');
    expect(extension).toMatch(/pattern: COMPOSE_GLOB/);
  });

  it("contributes the config file's schema for YAML editing", () => {
    expect(pkg.contributes.yamlValidation).toEqual([
      { fileMatch: [".mlops-compose.yaml", ".mlops-compose.yml"], url: `./${CONFIG_SCHEMA_PATH}` },
    ]);
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

  it("says every contributed string through package.nls.json, and package.nls.ko.json has each in Korean", () => {
    expect(nlsKeys.length).toBeGreaterThan(30);
    for (const key of nlsKeys) expect(nlsEn[key], key).toBeDefined();
    expect(
      Object.keys(nlsEn).filter((k) => !nlsKeys.includes(k)),
      "unused keys",
    ).toEqual([]);
    expect(Object.keys(nlsKo).sort()).toEqual(Object.keys(nlsEn).sort());
    // Korean text, save names that read the same in both (the command category "MLOps").
    const same = Object.keys(nlsKo).filter((k) => !/[\uac00-\ud7a3]/.test(nlsKo[k]));
    expect(same).toEqual(["command.category"]);
    // The commands, settings and rule settings as a Korean VS Code shows them.
    const ko = resolved(rawPkg, nlsKo) as typeof rawPkg;
    expect(ko.contributes.commands.map((c: { title: string }) => c.title)).toEqual([
      "단계별 시작(Staged Up)",
      "환경 초기화",
      "연결 확인",
    ]);
    const rules = (ko.contributes.configuration as Category[])[1];
    expect(rules.title).toBe("규칙");
    expect(rules.properties["mlopsCompose.rules.shared-database"].markdownDescription).toContain(
      "docs/rules/ko/shared-database.md",
    );
  });

  it("has no npm `files` list next to .vscodeignore (vsce refuses to package with both)", () => {
    expect(rawPkg.files).toBeUndefined();
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
      /^(package\.json|package\.nls(\.ko)?\.json|l10n\/bundle\.l10n\.ko\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(extension|server)\.js|syntaxes\/[^/]+\.json|schemas\/[^/]+\.json|docs\/rules\/[^/]+\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files).toContain("dist/extension.js");
    expect(files).toContain("dist/server.js");
    expect(files).toContain(CONFIG_SCHEMA_PATH);
    expect(files).toContain(NLS_PATH);
    expect(files).toContain(NLS_KO_PATH);
    expect(files).toContain("l10n/bundle.l10n.ko.json");
  });
});
