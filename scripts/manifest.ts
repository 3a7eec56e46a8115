/**
 * Writes into package.json what follows from the code, so it cannot drift:
 * - the per-rule settings (`mlopsCompose.rules.<id>`), from the rule registry, in their own
 *   "Rules" category;
 * - activation and the `dockercompose` language's file names, from the one list of compose
 *   file names (server/src/config/compose-files.ts) the client and the CLI use;
 * - the JSON schema of `.mlops-compose.yaml` (schemas/), and its YAML association.
 * - package.nls.json (English) and package.nls.ko.json (Korean): the manifest's strings are
 *   `%key%` references; the rule settings' keys are written here from the rule registry
 *   (Korean titles from server/src/l10n/ko/rules.ts; a rule without one gets its English
 *   title in the Korean file too, and is listed in NOT_YET_TRANSLATED, so nothing here
 *   fails for it), the other keys are written by hand in both files.
 * Run `npm run sync-manifest` after adding a rule (test/unit/manifest.test.ts fails when
 * package.json or the schema is out of date).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { COMPOSE_FILE_GLOBS, COMPOSE_GLOB } from "../server/src/config/compose-files";
import { CONFIG_FILE_NAMES } from "../server/src/config/project-config";
import { LEVELS } from "../server/src/config/settings";
import { SYNTAX_RULE } from "../server/src/engine";
import { RULES } from "../server/src/rules";
import "../server/src/l10n/ko/rules";
import { ruleTitle } from "../server/src/l10n/rules";
import { DOCS_BASE, docsUrl, type RuleMeta } from "../server/src/rules/types";

export const CONFIG_SCHEMA_PATH = "schemas/mlops-compose.schema.json";
export const NLS_PATH = "package.nls.json";
export const NLS_KO_PATH = "package.nls.ko.json";

export type Nls = Record<string, string>;

/** The settings categories' ids: VS Code drops a key's prefix that repeats its category id. */
export const GENERAL_CATEGORY = "mlopsCompose";
export const RULES_CATEGORY = "mlopsCompose.rules";

const LEVEL_DESCRIPTIONS: Record<(typeof LEVELS)[number], string> = {
  off: "Not checked.",
  hint: "Shown as a hint (faint dots under the text; not listed in the Problems panel).",
  info: "Shown as information.",
  warning: "Shown as a warning.",
  error: "Shown as an error; `mlops-compose lint` exits 1.",
};

const SYNTAX_META: Pick<RuleMeta, "id" | "title" | "defaultSeverity"> = {
  id: SYNTAX_RULE,
  title: "The file is not valid YAML (syntax errors, duplicate keys, alias bombs)",
  defaultSeverity: "error",
};

const LEVEL_DESCRIPTIONS_KO: Record<(typeof LEVELS)[number], string> = {
  off: "검사하지 않습니다.",
  hint: "힌트로 표시합니다(글자 아래 흐린 점, 문제 패널에는 나오지 않음).",
  info: "정보로 표시합니다.",
  warning: "경고로 표시합니다.",
  error: "오류로 표시합니다. `mlops-compose lint`가 종료 코드 1로 끝납니다.",
};

function ruleDescriptionKo(meta: RuleMeta): string {
  return (
    `**${ruleTitle("ko", { meta })}.** 기본값: \`${meta.defaultSeverity}\`. 프로젝트별로 \`.mlops-compose.yaml\`에서도 ` +
    `설정할 수 있으며(\`rules: {${meta.id}: off}\`), 이 설정이 우선합니다. [규칙 문서](${DOCS_BASE}ko/${meta.id}.md)`
  );
}

const levelKey = (l: string) => `mlopsCompose.level.${l}`;
const ruleKey = (id: string) => `${RULES_CATEGORY}.${id}.markdownDescription`;
const RULES_TITLE_KEY = `${RULES_CATEGORY}.title`;

/** The keys sync-manifest owns in the two nls files (the rest are written by hand). */
function generatedNls(): { en: Nls; ko: Nls } {
  const en: Nls = { [RULES_TITLE_KEY]: "Rules" };
  const ko: Nls = { [RULES_TITLE_KEY]: "규칙" };
  for (const l of LEVELS) {
    en[levelKey(l)] = LEVEL_DESCRIPTIONS[l];
    ko[levelKey(l)] = LEVEL_DESCRIPTIONS_KO[l];
  }
  for (const r of RULES) {
    en[ruleKey(r.meta.id)] = ruleDescription(r.meta, true);
    ko[ruleKey(r.meta.id)] = ruleDescriptionKo(r.meta);
  }
  return { en, ko };
}

const isGenerated = (k: string) =>
  k === RULES_TITLE_KEY || k.startsWith("mlopsCompose.level.") || k.startsWith(`${RULES_CATEGORY}.`);

/** package.nls.json and package.nls.ko.json as sync-manifest writes them: the hand-written keys kept, the generated ones replaced. */
export function syncedNls(en: Nls, ko: Nls): { en: Nls; ko: Nls } {
  const generated = generatedNls();
  const keep = (nls: Nls) => Object.fromEntries(Object.entries(nls).filter(([k]) => !isGenerated(k)));
  return { en: { ...keep(en), ...generated.en }, ko: { ...keep(ko), ...generated.ko } };
}

function ruleDescription(meta: Pick<RuleMeta, "id" | "title" | "defaultSeverity">, setting: boolean): string {
  const project = setting
    ? ` Also settable per project in \`.mlops-compose.yaml\` (\`rules: {${meta.id}: off}\`); this setting wins.`
    : "";
  return `**${meta.title}.** Default: \`${meta.defaultSeverity}\`.${project} [Rule documentation](${docsUrl(meta.id)})`;
}

export function ruleSettings(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  RULES.forEach((r, i) => {
    props[`${RULES_CATEGORY}.${r.meta.id}`] = {
      type: "string",
      enum: [...LEVELS],
      markdownEnumDescriptions: LEVELS.map((l) => `%${levelKey(l)}%`),
      default: r.meta.defaultSeverity,
      markdownDescription: `%${ruleKey(r.meta.id)}%`,
      scope: "resource",
      order: i,
    };
  });
  return props;
}

/** The JSON schema of the project config file, for completion and validation in editors. */
export function configSchema(): object {
  const metas = [SYNTAX_META, ...RULES.map((r) => r.meta)];
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/mlops-compose-doctor/mlops-compose-doctor/blob/main/schemas/mlops-compose.schema.json",
    title: "MLOps Compose Doctor project config (.mlops-compose.yaml)",
    description:
      "Read by the `mlops-compose` CLI and the language server from the linted file's folder upwards (the nearest file wins). Editor settings override it.",
    type: "object",
    additionalProperties: false,
    properties: {
      rules: {
        description: "Rule severities: off, hint, info, warning or error.",
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          metas.map((m) => [
            m.id,
            {
              description: `${m.title}. Default: ${m.defaultSeverity}. ${docsUrl(m.id)}`,
              markdownDescription: ruleDescription(m, false),
              enum: [...LEVELS],
              markdownEnumDescriptions: LEVELS.map((l) => LEVEL_DESCRIPTIONS[l]),
            },
          ]),
        ),
      },
      ignore: {
        description:
          "Paths not to lint: globs relative to this file's folder (`legacy/**`, `vendor/`, `**/*.generated.yml`); a folder's glob covers what is inside it.",
        type: "array",
        items: { type: "string", minLength: 1 },
      },
      composeCommand: {
        description:
          "The Docker Compose command of the staged start, reset and connection-check scripts, e.g. `docker compose` or `docker-compose`. The editor's `mlopsCompose.composeCommand` and `--compose-command` win over it.",
        type: "string",
        pattern: "\\S",
        examples: ["docker compose", "docker-compose", "podman compose"],
      },
      schema: {
        description: "Validation of the compose file against the Compose specification's JSON schema.",
        type: "object",
        additionalProperties: false,
        required: ["enable"],
        properties: { enable: { type: "boolean", description: "false: no schema findings." } },
      },
    },
  };
}

type Pkg = {
  activationEvents: string[];
  contributes: Record<string, unknown> & {
    configuration: unknown;
  };
};

/** package.json as sync-manifest writes it (the rest of the file is left as it is). */
export function syncedManifest(pkg: Pkg): Pkg {
  const out = structuredClone(pkg);
  const categories = (
    Array.isArray(out.contributes.configuration)
      ? out.contributes.configuration
      : [out.contributes.configuration]
  ) as { id?: string; title?: string; properties: Record<string, unknown> }[];
  const general: Record<string, unknown> = {};
  for (const c of categories)
    for (const [k, v] of Object.entries(c.properties ?? {}))
      if (!k.startsWith(`${RULES_CATEGORY}.`)) general[k] = v;
  out.contributes.configuration = [
    { id: GENERAL_CATEGORY, title: "MLOps Compose Doctor", order: 0, properties: general },
    { id: RULES_CATEGORY, title: `%${RULES_TITLE_KEY}%`, order: 1, properties: ruleSettings() },
  ];
  out.activationEvents = ["onLanguage:dockercompose", `workspaceContains:${COMPOSE_GLOB}`];
  // VS Code names some compose files `dockercompose` itself; these add the rest (mlflow.compose.yml...).
  out.contributes.languages = [{ id: "dockercompose", filenamePatterns: [...COMPOSE_FILE_GLOBS] }];
  out.contributes.yamlValidation = [{ fileMatch: [...CONFIG_FILE_NAMES], url: `./${CONFIG_SCHEMA_PATH}` }];
  return out;
}

if (process.argv[1]?.endsWith("sync-manifest.js")) {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  writeFileSync("package.json", `${JSON.stringify(syncedManifest(pkg), null, 2)}\n`);
  writeFileSync(CONFIG_SCHEMA_PATH, `${JSON.stringify(configSchema(), null, 2)}\n`);
  const read = (path: string): Nls => {
    try {
      return JSON.parse(readFileSync(path, "utf8"));
    } catch {
      return {};
    }
  };
  const nls = syncedNls(read(NLS_PATH), read(NLS_KO_PATH));
  writeFileSync(NLS_PATH, `${JSON.stringify(nls.en, null, 2)}\n`);
  writeFileSync(NLS_KO_PATH, `${JSON.stringify(nls.ko, null, 2)}\n`);
}
