import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { configSchema } from "../../../scripts/manifest";
import { isComposeDocument, isComposeFileName } from "./compose-files";
import {
  CONFIG_FILE_NAMES,
  configFor,
  findConfigFile,
  forgetConfigLookups,
  parseProjectConfig,
} from "./project-config";
import { mergeLintConfig, parseSettings } from "./settings";

const root = mkdtempSync(join(tmpdir(), "mlops-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const FILE = "/p/.mlops-compose.yaml";

describe("parseProjectConfig", () => {
  it("reads rules, ignore, composeCommand and the schema switch", () => {
    const { config, problems } = parseProjectConfig(
      "rules:\n  obsolete-version: off\n  yaml-syntax: warning\nignore: [legacy/**, vendor/]\ncomposeCommand: ' podman compose '\nschema: {enable: false}\n",
      FILE,
    );
    expect(problems).toEqual([]);
    expect(config.rules).toEqual({ "obsolete-version": "off", "yaml-syntax": "warning" });
    expect(config.ignore).toEqual(["legacy/**", "vendor/"]);
    expect(config.composeCommand).toBe("podman compose");
    expect(config.schema).toEqual({ enable: false });
  });

  it("an empty file is an empty config", () => {
    expect(parseProjectConfig("", FILE).problems).toEqual([]);
    expect(parseProjectConfig("# nothing yet\n", FILE).config.rules).toEqual({});
  });

  it("says where each problem is, with the nearest known name, and keeps the valid parts", () => {
    const { config, problems } = parseProjectConfig(
      "rules:\n  obsolete-verison: off\n  wrong-db-host: loud\n  db-host-localhost: hint\nignor: []\nschema: yes\ncomposeCommand: ''\nignore: 3\n",
      FILE,
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "2:3 Unknown rule `obsolete-verison` (did you mean `obsolete-version`?).",
      "3:18 `wrong-db-host`: use off, hint, info, warning or error, not `loud`.",
      "5:1 Unknown key `ignor` (did you mean `ignore`?) (known: rules, ignore, composeCommand, schema).",
      "6:9 `schema` must be `{enable: true}` or `{enable: false}`.",
      "7:17 `composeCommand` must be a command, e.g. `docker compose` or `docker-compose`.",
      '8:9 `ignore` must be a list of path globs, e.g. ["legacy/**"].',
    ]);
    expect(config.rules).toEqual({ "db-host-localhost": "hint" });
    expect(problems.every((p) => p.file === FILE)).toBe(true);
  });

  it("YAML errors, duplicate keys and a non-mapping are problems, not exceptions", () => {
    expect(parseProjectConfig("rules: [\n", FILE).problems.length).toBeGreaterThan(0);
    expect(parseProjectConfig("rules: {}\nrules: {}\n", FILE).problems[0].message).toMatch(/unique/i);
    expect(parseProjectConfig("- rules\n", FILE).problems[0].message).toMatch(/must be a mapping/);
    expect(parseProjectConfig("\u0000\u0001binary", FILE).problems.length).toBeGreaterThan(0);
  });

  it("ignore globs are relative to the config file's folder; a folder glob covers what is inside", () => {
    const { config } = parseProjectConfig("ignore: [legacy/**, vendor/, '**/*.generated.yml', old]\n", FILE);
    expect(config.isIgnored("/p/legacy/a/compose.yml")).toBe(true);
    expect(config.isIgnored("/p/vendor/x/docker-compose.yml")).toBe(true);
    expect(config.isIgnored("/p/a/b/stack.generated.yml")).toBe(true);
    expect(config.isIgnored("/p/old/compose.yml")).toBe(true);
    expect(config.isIgnored("/p/compose.yml")).toBe(false);
    expect(config.isIgnored("/p/older/compose.yml")).toBe(false);
    // Outside the config file's folder nothing is ignored by it.
    expect(config.isIgnored("/elsewhere/legacy/compose.yml")).toBe(false);
  });
});

describe("the contributed JSON schema and the parser agree", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema());
  const cases = [
    "rules: {obsolete-version: off}\n",
    "rules: {yaml-syntax: error, shared-database: hint}\n",
    "ignore: [a/**]\n",
    "composeCommand: docker compose\n",
    "schema: {enable: true}\n",
    "rules: {nope: off}\n",
    "rules: {obsolete-version: loud}\n",
    "rules: {obsolete-version: 1}\n",
    "rules: []\n",
    "ignore: [1]\n",
    "ignore: ['']\n",
    "composeCommand: '  '\n",
    "composeCommand: 3\n",
    "schema: {enable: 'no'}\n",
    "schema: {}\n",
    "schema: {enable: true, extra: 1}\n",
    "extra: 1\n",
  ];
  for (const text of cases) {
    it(text.trim(), async () => {
      const { parse } = await import("yaml");
      const data = parse(text);
      const schemaOk = validate(data);
      const parserOk = parseProjectConfig(text, FILE).problems.length === 0;
      expect({ schemaOk, parserOk }).toEqual({ schemaOk: parserOk, parserOk });
    });
  }
});

describe("finding the config file", () => {
  it("the nearest one upwards wins; .yml counts too; re-read when it changes", () => {
    write(".mlops-compose.yaml", "rules: {obsolete-version: off}\n");
    write("a/b/compose.yml", "services: {}\n");
    write("c/.mlops-compose.yml", "rules: {obsolete-version: error}\n");
    write("c/d/compose.yml", "services: {}\n");
    expect(findConfigFile(join(root, "a/b"))).toBe(join(root, ".mlops-compose.yaml"));
    expect(configFor(join(root, "a/b/compose.yml"))?.config.rules).toEqual({ "obsolete-version": "off" });
    expect(configFor(join(root, "c/d/compose.yml"))?.config.rules).toEqual({ "obsolete-version": "error" });
    const path = write(".mlops-compose.yaml", "rules: {obsolete-version: hint}\n");
    // Same second, same size: the modification time is what tells; make sure it moved.
    utimesSync(path, new Date(), new Date(Date.now() + 2000));
    expect(configFor(join(root, "a/b/compose.yml"))?.config.rules).toEqual({ "obsolete-version": "hint" });
    write("a/.mlops-compose.yaml", "rules: {obsolete-version: warning}\n");
    // A new file is seen once lookups are forgotten (the server does it on watched-file events).
    forgetConfigLookups();
    expect(configFor(join(root, "a/b/compose.yml"))?.config.rules).toEqual({ "obsolete-version": "warning" });
  });
});

describe("settings layers", () => {
  it("editor settings (nested or flat keys) over the config file, rule by rule, and the schema switch", () => {
    const editor = parseSettings({
      rules: { "obsolete-version": "error" },
      "rules.wrong-db-host": "hint",
      "schema.enable": true,
    });
    expect(editor.lint).toEqual({
      rules: { "obsolete-version": "error", "wrong-db-host": "hint" },
      schema: { enable: true },
    });
    const project = parseProjectConfig(
      "rules: {obsolete-version: off, db-host-localhost: off}\nschema: {enable: false}\n",
      FILE,
    ).config;
    expect(mergeLintConfig(project, editor.lint)).toEqual({
      rules: { "obsolete-version": "error", "db-host-localhost": "off", "wrong-db-host": "hint" },
      schema: { enable: true },
    });
    expect(mergeLintConfig(project, parseSettings({}).lint).schema).toEqual({ enable: false });
    expect(parseSettings({ schema: { enable: false } }).lint.schema).toEqual({ enable: false });
    expect(parseSettings({ rules: { x: "loud" } }).lint.rules).toEqual({});
  });
});

describe("the config file is no compose file", () => {
  it("is named like `*-compose.yaml`, yet never searched, linted or treated as compose", () => {
    for (const name of CONFIG_FILE_NAMES) {
      expect(isComposeFileName(`/p/${name}`)).toBe(false);
      expect(isComposeDocument(`file:///p/${name}`, "dockercompose")).toBe(false);
      expect(isComposeDocument(`file:///p/${name}`, "yaml")).toBe(false);
    }
    expect(isComposeFileName("/p/mlflow-compose.yaml")).toBe(true);
  });
});
