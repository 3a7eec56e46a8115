/**
 * `mlopsCompose.editor.*`: which editor features the server answers. Key completion and key
 * hovers duplicate Docker DX's (docker.docker), so "auto" turns them off when the client says
 * Docker DX serves compose files; the features that know how services connect (names, URLs,
 * hosts, image variables) have no equal there and stay on unless switched off.
 */

export type AutoSwitch = "auto" | "on" | "off";

export interface EditorSettings {
  keyCompletion: AutoSwitch;
  keyHover: AutoSwitch;
  completion: boolean;
  hover: boolean;
  definition: boolean;
  references: boolean;
  rename: boolean;
  documentSymbols: boolean;
  documentLinks: boolean;
}

export const EDITOR_DEFAULTS: EditorSettings = {
  keyCompletion: "auto",
  keyHover: "auto",
  completion: true,
  hover: true,
  definition: true,
  references: true,
  rename: true,
  documentSymbols: true,
  documentLinks: true,
};

/** Other extensions in the editor that serve compose files, as the client reports them. */
export interface Peers {
  /** Docker DX is installed with its compose language server enabled. */
  dockerDx: boolean;
}

export const NO_PEERS: Peers = { dockerDx: false };

/** Reads `{editor: {...}}` or flat `"editor.keyCompletion"` keys; anything else keeps the default. */
export function parseEditorSettings(raw: unknown): EditorSettings {
  const obj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const nested = (obj.editor && typeof obj.editor === "object" ? obj.editor : {}) as Record<string, unknown>;
  const value = (k: keyof EditorSettings) => nested[k] ?? obj[`editor.${k}`];
  const out: EditorSettings = { ...EDITOR_DEFAULTS };
  for (const k of ["keyCompletion", "keyHover"] as const) {
    const v = value(k);
    if (v === "auto" || v === "on" || v === "off") out[k] = v;
    else if (typeof v === "boolean") out[k] = v ? "on" : "off";
  }
  for (const k of [
    "completion",
    "hover",
    "definition",
    "references",
    "rename",
    "documentSymbols",
    "documentLinks",
  ] as const) {
    const v = value(k);
    if (typeof v === "boolean") out[k] = v;
  }
  return out;
}

export function parsePeers(raw: unknown): Peers {
  const obj = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return { dockerDx: obj.dockerDx === true };
}

/** What is on, given the settings and the peers. */
export interface EditorFeatures extends Omit<EditorSettings, "keyCompletion" | "keyHover"> {
  keyCompletion: boolean;
  keyHover: boolean;
}

export function editorFeatures(settings: EditorSettings, peers: Peers): EditorFeatures {
  const resolve = (s: AutoSwitch) => (s === "auto" ? !peers.dockerDx : s === "on");
  return {
    ...settings,
    keyCompletion: resolve(settings.keyCompletion),
    keyHover: resolve(settings.keyHover),
  };
}
