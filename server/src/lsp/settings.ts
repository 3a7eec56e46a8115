/**
 * The LSP side of settings: the lint settings live in config/ (shared with the CLI); the
 * editor features' settings (completion, hover, ... beside Docker DX) are the server's own.
 */
import { type ServerSettings as LintSettings, parseSettings as parseLintSettings } from "../config/settings";
import { type EditorSettings, parseEditorSettings } from "./editor-settings";

export { isComposeDocument, isComposeFileName } from "../config/compose-files";
export { KNOWN_RULE_IDS } from "../config/settings";

export interface ServerSettings extends LintSettings {
  editor: EditorSettings;
}

export function parseSettings(raw: unknown): ServerSettings {
  return { ...parseLintSettings(raw), editor: parseEditorSettings(raw) };
}
