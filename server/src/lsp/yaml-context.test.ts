import { describe, expect, it } from "vitest";
import { siblingKeys, yamlContext } from "./yaml-context";

/** `|` marks the cursor; returns the context there. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf("|");
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return { ctx: yamlContext(text, offset), text };
}

const svc = (body: string) => `services:\n  web:\n    image: nginx\n${body}`;

describe("yamlContext", () => {
  it("a key being typed on its own line, under a service", () => {
    const { ctx } = at(svc("    dep|\n"));
    expect(ctx).toMatchObject({ kind: "key", path: ["services", "web"], prefix: "dep" });
  });

  it("an empty line at a service's indentation", () => {
    const { ctx } = at(svc("    |\n"));
    expect(ctx).toMatchObject({ kind: "key", path: ["services", "web"], prefix: "" });
  });

  it("a top-level key", () => {
    expect(at("servi|").ctx).toMatchObject({ kind: "key", path: [], prefix: "servi" });
  });

  it("a list item of depends_on (dash indented, and at the key's own column)", () => {
    expect(at(svc("    depends_on:\n      - po|\n")).ctx).toMatchObject({
      kind: "item",
      path: ["services", "web", "depends_on"],
      prefix: "po",
    });
    expect(at(svc("    depends_on:\n    - a\n    - |\n")).ctx).toMatchObject({
      kind: "item",
      path: ["services", "web", "depends_on"],
      prefix: "",
    });
  });

  it("a key of the long depends_on form and the condition value", () => {
    expect(at(svc("    depends_on:\n      db:\n        cond|\n")).ctx).toMatchObject({
      kind: "key",
      path: ["services", "web", "depends_on", "db"],
    });
    expect(at(svc("    depends_on:\n      db:\n        condition: service_h|\n")).ctx).toMatchObject({
      kind: "value",
      path: ["services", "web", "depends_on", "db"],
      key: "condition",
      prefix: "service_h",
    });
    expect(at(svc("    depends_on:\n      |\n")).ctx).toMatchObject({
      kind: "key",
      path: ["services", "web", "depends_on"],
    });
  });

  it("a flow sequence item", () => {
    expect(at(svc("    depends_on: [db, re|]\n")).ctx).toMatchObject({
      kind: "item",
      path: ["services", "web", "depends_on"],
      prefix: "re",
      flow: true,
    });
  });

  it("keys inside list items of maps", () => {
    expect(at(svc("    ports:\n      - target: 80\n        pub|\n")).ctx).toMatchObject({
      kind: "key",
      path: ["services", "web", "ports", "[]"],
    });
  });

  it("environment entries in both forms", () => {
    expect(at(svc("    environment:\n      - POSTGRES_|\n")).ctx).toMatchObject({
      kind: "item",
      path: ["services", "web", "environment"],
      prefix: "POSTGRES_",
    });
    expect(at(svc("    environment:\n      DATABASE_URL: postgresql://|\n")).ctx).toMatchObject({
      kind: "value",
      path: ["services", "web", "environment"],
      key: "DATABASE_URL",
      prefix: "postgresql://",
    });
  });

  it("inside a block scalar", () => {
    const { ctx } = at(
      svc(
        '    command: >\n      bash -c "pip install x &&\n      mlflow server\n      --backend-store-uri |\n',
      ),
    );
    expect(ctx).toMatchObject({ kind: "block", path: ["services", "web"], key: "command" });
  });

  it("under an anchored mapping", () => {
    const { ctx } = at("x-env: &env\n  AIRFLOW__CORE__EXECUTOR: Local\n  AIRFLOW__|\n");
    expect(ctx).toMatchObject({ kind: "key", path: ["x-env"], prefix: "AIRFLOW__" });
  });

  it("on an existing key: the whole key is the token", () => {
    const { ctx, text } = at(svc("    health|check:\n      test: x\n"));
    expect(ctx?.kind).toBe("key");
    expect(ctx?.token.text).toBe("healthcheck");
    expect(ctx?.path).toEqual(["services", "web"]);
    // The key under the cursor is the one being written: not a sibling.
    expect(siblingKeys(text, ctx!)).toEqual(new Set(["image"]));
  });

  it("nothing in comments, nothing under a scalar value", () => {
    expect(at(svc("    # dep|\n")).ctx).toBeUndefined();
    expect(at("services:\n  web: nginx\n    |\n").ctx).toBeUndefined();
  });

  it("sibling keys of a list item's map stop at the item", () => {
    const { ctx, text } = at(
      svc("    ports:\n      - target: 80\n        published: 8080\n      - target: 81\n        |\n"),
    );
    expect(ctx?.path).toEqual(["services", "web", "ports", "[]"]);
    expect(siblingKeys(text, ctx!)).toEqual(new Set(["target"]));
  });
});

describe("yamlContext at the edges of the text", () => {
  it("a text that starts with a line break, a cursor at 0, at the very end, an empty text", () => {
    expect(at("\n|services:\n").ctx).toMatchObject({ kind: "key", path: [] });
    expect(at("\n\nservices:\n  web:\n    |").ctx).toMatchObject({ kind: "key", path: ["services", "web"] });
    expect(at("|\nservices:\n").ctx).toMatchObject({ kind: "key", path: [] });
    expect(at("|").ctx).toMatchObject({ kind: "key", path: [] });
    expect(at("services:\n  web:\n    image: x|").ctx).toMatchObject({ kind: "value", key: "image" });
  });
});
