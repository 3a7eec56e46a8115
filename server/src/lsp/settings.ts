/** The LSP side of settings: everything lives in config/, shared with the CLI. */

export { isComposeDocument, isComposeFileName } from "../config/compose-files";
export { KNOWN_RULE_IDS, parseSettings, type ServerSettings } from "../config/settings";
