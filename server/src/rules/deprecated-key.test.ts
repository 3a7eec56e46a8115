import { describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import { RULE_BY_ID } from ".";
import { fullMessage } from "./types";

describe("deprecated-key", () => {
  it("warns on external.name (network, volume, config) with the struck-through tag, not on version", () => {
    const text =
      "version: '3.8'\nservices:\n  a:\n    image: x\nvolumes:\n  v:\n    external:\n      name: data\nconfigs:\n  c:\n    external:\n      name: cfg\n";
    const found = lintText(text).filter((f) => f.rule === "deprecated-key");
    expect(found.map((f) => [f.start.line + 1, f.text, f.severity])).toEqual([
      [8, "name", "warning"],
      [12, "name", "warning"],
    ]);
    expect(fullMessage(found[0])).toMatch(/^`name` is deprecated: .*use the 'name' property instead/);
    expect(RULE_BY_ID.get("deprecated-key")?.meta.tags).toEqual(["deprecated"]);
  });
});
