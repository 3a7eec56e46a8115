/** The `mlopsCompose.*` settings as the server uses them, read from any LSP client. */
import type { LintConfig } from "../engine";
import { RULES } from "../rules";
import type { SeveritySetting } from "../rules/types";
import { type EditorSettings, parseEditorSettings } from "./editor-settings";

export interface ServerSettings {
  lint: LintConfig;
  editor: EditorSettings;
}

const LEVELS = new Set(["off", "hint", "info", "warning", "error"]);

/** Accepts `{rules: {"obsolete-version": "off"}}` as well as flat `"rules.obsolete-version"` keys. */
export function parseSettings(raw: unknown): ServerSettings {
  const rules: Record<string, SeveritySetting> = {};
  const obj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const nested = obj.rules && typeof obj.rules === "object" ? (obj.rules as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(nested))
    if (typeof v === "string" && LEVELS.has(v)) rules[k] = v as SeveritySetting;
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("rules.") && typeof v === "string" && LEVELS.has(v))
      rules[k.slice(6)] = v as SeveritySetting;
  }
  return { lint: { rules }, editor: parseEditorSettings(raw) };
}

export const KNOWN_RULE_IDS = RULES.map((r) => r.meta.id);

/** Which documents are ours: VS Code's `dockercompose`, or YAML files named like compose files. */
/** Compose language ids across editors: VS Code, Neovim's filetype, Emacs' docker-compose-mode, Helix. */
const COMPOSE_LANGUAGE_IDS = new Set(["dockercompose", "docker-compose", "yaml.docker-compose", "compose"]);

export function isComposeDocument(uri: string, languageId: string): boolean {
  if (COMPOSE_LANGUAGE_IDS.has(languageId)) return true;
  // Any YAML flavour ("yaml", "yml", "yaml.ansible" ...) counts when the file is named like a compose file.
  if (!/ya?ml/i.test(languageId)) return false;
  return isComposeFileName(uri);
}

const COMPOSE_NAME = /^(?:(?:docker-)?compose(?:[.-][^/]*)?|[^/]*[.-]compose)\.ya?ml$/i;

export function isComposeFileName(pathOrUri: string): boolean {
  const base = decodeURIComponent(pathOrUri.split(/[\\/]/).pop() ?? "");
  return COMPOSE_NAME.test(base);
}
