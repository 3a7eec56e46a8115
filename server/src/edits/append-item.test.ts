import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build";
import { asSeq } from "../parse/resolve";
import { appendToSeq } from "./append-item";
import { applyEdits } from "./text";

/** Appends `item` to service `app`'s networks and returns the text (or undefined when refused). */
function append(text: string, item: string): string | undefined {
  const model = buildModel(text);
  const seq = asSeq(model.serviceByName.get("app")?.networksPair?.value);
  if (!seq) throw new Error("no sequence");
  const edit = appendToSeq(text, seq, item);
  return edit ? applyEdits(text, [edit]) : undefined;
}

describe("appendToSeq", () => {
  it("adds a block item after the last one, at the dashes' column and gap, keeping comments", () => {
    expect(
      append(
        `services:
  app:
    networks:
      -   front # public
      -   back
    image: x
`,
        "mlops",
      ),
    ).toBe(`services:
  app:
    networks:
      -   front # public
      -   back
      -   mlops
    image: x
`);
  });

  it("handles an indentless list, CRLF and a file without a final newline", () => {
    expect(append("services:\r\n  app:\r\n    networks:\r\n    - front", "back")).toBe(
      "services:\r\n  app:\r\n    networks:\r\n    - front\r\n    - back\r\n",
    );
  });

  it("adds to a flow list, empty or not", () => {
    expect(append("services:\n  app:\n    networks: [front]\n", "back")).toBe(
      "services:\n  app:\n    networks: [front, back]\n",
    );
    expect(append("services:\n  app:\n    networks: []\n", "back")).toBe(
      "services:\n  app:\n    networks: [back]\n",
    );
  });

  it("refuses layouts it cannot edit safely", () => {
    expect(append("services:\n  app:\n    networks: [front, # c\n      x]\n", "back")).toBeUndefined();
    expect(append("services:\n  app:\n    networks: [front]\n", "a\nb")).toBeUndefined();
  });
});
