/**
 * The one list of compose file names, shared by the CLI's directory search, the language
 * server, the VS Code client (document selector, file pickers, CodeLens) and package.json
 * (activation, language association: written by `npm run sync-manifest`).
 * No imports: the client bundles this file without the rule registry.
 */

/** Base names without the extension; `*` is any run of characters except `/`. */
export const COMPOSE_NAME_STEMS = [
  "compose",
  "docker-compose",
  "compose.*",
  "compose-*",
  "docker-compose.*",
  "docker-compose-*",
  "*.compose",
  "*-compose",
] as const;

export const COMPOSE_EXTENSIONS = ["yml", "yaml"] as const;

/** Every name as a glob of a base name: `compose.yml`, `compose.*.yaml`, `*.compose.yml`... */
export const COMPOSE_FILE_GLOBS: readonly string[] = COMPOSE_NAME_STEMS.flatMap((s) =>
  COMPOSE_EXTENSIONS.map((e) => `${s}.${e}`),
);

/** One glob for any folder, in the brace syntax VS Code and ripgrep share. */
export const COMPOSE_GLOB = `**/{${COMPOSE_NAME_STEMS.join(",")}}.{${COMPOSE_EXTENSIONS.join(",")}}`;

/** For messages: what a directory search looked for. */
export const COMPOSE_NAMES_DESCRIPTION = COMPOSE_NAME_STEMS.map((s) => `${s}.yml`).join(", ");

const COMPOSE_NAME = new RegExp(
  `^(?:${COMPOSE_NAME_STEMS.map((s) => s.replace(/[.+?^${}()|[\]\\-]/g, "\\$&").replace(/\*/g, "[^/]*")).join("|")})\\.(?:${COMPOSE_EXTENSIONS.join("|")})$`,
  "i",
);

/**
 * Our own config file (`CONFIG_FILE_NAMES` in project-config.ts) is named like `*-compose.yaml`
 * but is no compose file: never searched, linted or treated as one, whatever the editor calls it.
 */
const CONFIG_FILE_NAME = /^\.mlops-compose\.ya?ml$/i;

function baseName(pathOrUri: string): string {
  const last = pathOrUri.split(/[\\/]/).pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // A lone % in a plain path is not an escape.
  }
}

/** Whether a path's (or file URI's) last segment is a compose file name. */
export function isComposeFileName(pathOrUri: string): boolean {
  const base = baseName(pathOrUri);
  return COMPOSE_NAME.test(base) && !CONFIG_FILE_NAME.test(base);
}

/** Compose language ids across editors: VS Code, Neovim's filetype, Emacs' docker-compose-mode, Helix. */
export const COMPOSE_LANGUAGE_IDS: readonly string[] = [
  "dockercompose",
  "docker-compose",
  "yaml.docker-compose",
  "compose",
];

/** Which documents are ours: a compose language id, or any YAML flavour named like a compose file. */
export function isComposeDocument(uri: string, languageId: string): boolean {
  if (CONFIG_FILE_NAME.test(baseName(uri))) return false;
  if (COMPOSE_LANGUAGE_IDS.includes(languageId)) return true;
  if (!/ya?ml/i.test(languageId)) return false;
  return isComposeFileName(uri);
}
