/** The `mlopsCompose.editor.*` settings the manifest contributes are the ones the server reads. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  EDITOR_DEFAULTS,
  editorFeatures,
  parseEditorSettings,
  parsePeers,
} from "../../server/src/lsp/editor-settings";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
// contributes.configuration is a list of categories (General, Rules): the settings of all of them.
const props = Object.assign(
  {},
  ...(pkg.contributes.configuration as { properties: object }[]).map((c) => c.properties),
) as Record<string, { default: unknown; enum?: string[] }>;

describe("editor settings", () => {
  it("package.json contributes exactly the server's settings, with the server's defaults", () => {
    const keys = Object.keys(props).filter((k) => k.startsWith("mlopsCompose.editor."));
    expect(keys.sort()).toEqual(
      Object.keys(EDITOR_DEFAULTS)
        .map((k) => `mlopsCompose.editor.${k}`)
        .sort(),
    );
    for (const [k, v] of Object.entries(EDITOR_DEFAULTS))
      expect(props[`mlopsCompose.editor.${k}`].default).toBe(v);
    expect(props["mlopsCompose.editor.keyCompletion"].enum).toEqual(["auto", "on", "off"]);
  });

  it("auto turns key completion and key hover off beside Docker DX only; explicit values win", () => {
    const auto = parseEditorSettings({});
    expect(editorFeatures(auto, parsePeers({ dockerDx: true }))).toMatchObject({
      keyCompletion: false,
      keyHover: false,
      completion: true,
      rename: true,
    });
    expect(editorFeatures(auto, parsePeers({}))).toMatchObject({ keyCompletion: true, keyHover: true });
    const on = parseEditorSettings({ editor: { keyCompletion: "on", keyHover: "off", rename: false } });
    expect(editorFeatures(on, parsePeers({ dockerDx: true }))).toMatchObject({
      keyCompletion: true,
      keyHover: false,
      rename: false,
    });
    // Flat keys (some clients send them so) and junk.
    expect(parseEditorSettings({ "editor.definition": false, editor: { hover: "yes" } })).toMatchObject({
      definition: false,
      hover: true,
    });
  });
});
