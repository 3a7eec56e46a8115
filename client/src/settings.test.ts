import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { declaredKeys, explicitSettings } from "./settings";

describe("settings sent to the server", () => {
  it("carry only what the user set, the folder's value over the workspace's over the user's", () => {
    const inspected: Record<string, object> = {
      "rules.obsolete-version": { globalValue: "error", workspaceValue: "off" },
      "rules.wrong-db-host": {},
      "schema.enable": { globalValue: false },
      "rules.db-host-localhost": { globalValue: "hint", workspaceValue: "info", workspaceFolderValue: "off" },
    };
    expect(explicitSettings(Object.keys(inspected), (k) => inspected[k])).toEqual({
      "rules.obsolete-version": "off",
      "schema.enable": false,
      "rules.db-host-localhost": "off",
    });
  });

  it("cover every setting package.json declares (one or several categories)", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const keys = declaredKeys(pkg, "mlopsCompose");
    expect(keys).toContain("rules.obsolete-version");
    expect(keys).toContain("composeCommand");
    expect(
      declaredKeys(
        {
          contributes: {
            configuration: [{ properties: { "a.b": {} } }, { properties: { "a.c": {}, "x.y": {} } }],
          },
        },
        "a",
      ),
    ).toEqual(["b", "c"]);
  });
});
