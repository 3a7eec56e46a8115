/**
 * Lint settings from every source, in one shape: the `mlopsCompose.*` settings an LSP client
 * sends, the project config file, and the CLI's `--rule` options. Later layers win.
 */
import { type LintConfig, SYNTAX_RULE } from "../engine";
import { RULES } from "../rules";
import type { SeveritySetting } from "../rules/types";

export const LEVELS = ["off", "hint", "info", "warning", "error"] as const;

/** Every id a severity can be set for: the rules, and `yaml-syntax`. */
export const KNOWN_RULE_IDS: readonly string[] = [SYNTAX_RULE, ...RULES.map((r) => r.meta.id)];

/** What one source sets; absent keys leave the layer below alone. */
export interface LintConfigLayer {
  rules: Record<string, SeveritySetting>;
  schema?: { enable?: boolean };
}

export interface ServerSettings {
  /** Only what the user set: project config files fill in the rest. */
  lint: LintConfigLayer;
}

const isLevel = (v: unknown): v is SeveritySetting =>
  typeof v === "string" && (LEVELS as readonly string[]).includes(v);

/**
 * Accepts `{rules: {"obsolete-version": "off"}, schema: {enable: false}}` as well as flat
 * `"rules.obsolete-version"` / `"schema.enable"` keys (how some clients send settings).
 */
export function parseSettings(raw: unknown): ServerSettings {
  const rules: Record<string, SeveritySetting> = {};
  const obj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const nested = obj.rules && typeof obj.rules === "object" ? (obj.rules as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(nested)) if (isLevel(v)) rules[k] = v;
  for (const [k, v] of Object.entries(obj)) if (k.startsWith("rules.") && isLevel(v)) rules[k.slice(6)] = v;
  const lint: LintConfigLayer = { rules };
  const schema = obj.schema && typeof obj.schema === "object" ? (obj.schema as Record<string, unknown>) : {};
  const enable = typeof schema.enable === "boolean" ? schema.enable : obj["schema.enable"];
  if (typeof enable === "boolean") lint.schema = { enable };
  return { lint };
}

/** The layers merged, lowest first: rule by rule, and the schema switch when a layer sets it. */
export function mergeLintConfig(...layers: (LintConfigLayer | undefined)[]): LintConfig {
  const out: LintConfig = { rules: {} };
  for (const layer of layers) {
    if (!layer) continue;
    Object.assign(out.rules!, layer.rules);
    if (layer.schema?.enable !== undefined) out.schema = { enable: layer.schema.enable };
  }
  return out;
}
