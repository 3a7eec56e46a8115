import { describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const all = (text: string) => lintText(text).map((f) => `${f.rule}@${f.start.line + 1}: ${fullMessage(f)}`);

describe("whole-file cases: one error at line 1", () => {
  it("an empty file and a file of comments", () => {
    expect(all("")).toEqual([
      expect.stringMatching(/^not-compose-file@1: This file is empty, so Compose refuses it/),
    ]);
    expect(all("\n# TODO: services\n\n")).toEqual([
      expect.stringMatching(/^not-compose-file@1: This file is empty/),
    ]);
    expect(all("{}\n")).toEqual([
      expect.stringMatching(/^not-compose-file@1: This file is an empty mapping/),
    ]);
  });

  it("a GitHub Actions workflow is one error, not one per key", () => {
    const text =
      "name: CI\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
    const found = all(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^not-compose-file@1: .*`on`, `jobs` are not Compose's\. It looks like a GitHub Actions workflow\./,
    );
  });

  it("a Kubernetes manifest", () => {
    expect(all("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n")[0]).toMatch(/Kubernetes manifest/);
  });

  it("a binary file is one yaml-syntax error at line 1 naming the control character", () => {
    const text = `\u007fELF\u0002\u0001\u0001\u0000${"\u0000\u0003\u0000>".repeat(500)}: [ {\n`.repeat(20);
    const found = all(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^yaml-syntax@1: This is not a text file: it has the control character U\+007F at line 1, column 1/,
    );
  });

  it("several YAML documents: one warning at line 1 (v2 merges them, v1 refuses)", () => {
    const found = all("services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n");
    expect(found).toEqual([expect.stringMatching(/^multiple-documents@1: This file has 2 YAML documents/)]);
  });

  it("is silent on Compose files, even without services, and on x- only files with services", () => {
    expectNoFindings("not-compose-file", "volumes:\n  data: {}\n");
    expectNoFindings("not-compose-file", "name: app\nx-common: {a: 1}\nservices:\n  a:\n    image: x\n");
    expectNoFindings("not-compose-file", "name: only-a-name\n");
  });

  it("a top level that is a list stays a yaml-syntax error", () => {
    expectFindings(
      "yaml-syntax",
      `
      - services
      #^^^^^^^^^ yaml-syntax
      `,
    );
  });
});
