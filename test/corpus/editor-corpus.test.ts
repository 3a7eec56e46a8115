/**
 * The editor features on the 244 real compose files: completion at every line end, the
 * outline, links, definitions and references never throw; renaming every service keeps
 * every reference (the new name has exactly the old one's references afterwards, and the old
 * name none); and on the files both Compose CLIs accept, a rename of the most referenced
 * service is accepted by both too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../server/src/edits/text";
import { completionsAt } from "../../server/src/lsp/completion";
import { definitionAt } from "../../server/src/lsp/definition";
import { linksOf } from "../../server/src/lsp/links";
import { nameIndex } from "../../server/src/lsp/names";
import { renameAt } from "../../server/src/lsp/rename";
import { symbolsOf } from "../../server/src/lsp/symbols";
import { buildModel } from "../../server/src/model/build";
import { composeConfigBoth } from "../helpers/compose-clis";
import { CORPUS, corpusAvailable, corpusFiles } from "./corpus-lib";

const files = corpusAvailable() ? corpusFiles() : [];

describe("editor features on the corpus", () => {
  it("the corpus is there", () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it("completion at every line end, outline, links, definitions: no file makes them throw", () => {
    for (const file of files) {
      const path = join(CORPUS, file);
      const text = readFileSync(path, "utf8");
      const model = buildModel(text, { path });
      try {
        symbolsOf(model);
        linksOf(model);
        for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
          completionsAt(model, i, { keys: true, connections: true, snippets: true });
          definitionAt(model, Math.max(0, i - 2));
        }
      } catch (e) {
        throw new Error(`${file}: ${(e as Error).stack}`);
      }
    }
  }, 300_000);

  const renamedNames: { file: string; text: string; service: string }[] = [];

  it("renaming any service moves all of its references to the new name", () => {
    let renamed = 0;
    for (const file of files) {
      const text = readFileSync(join(CORPUS, file), "utf8");
      const model = buildModel(text);
      const index = nameIndex(model);
      for (const service of model.services) {
        const refs = index.of("service", service.name).filter((r) => !r.via);
        const decl = refs.find((r) => r.role === "declaration");
        if (!decl || service.pair.merged) continue;
        const newName = `${service.name}-renamed`;
        const r = renameAt(model, decl.span.start, newName);
        if (!r || "error" in r) {
          // Refused: only for a host from a variable or an escape, and said so.
          expect(r && "error" in r ? r.error : "no result", `${file} ${service.name}`).toMatch(
            /cannot be replaced in place|not written here literally/,
          );
          continue;
        }
        const after = buildModel(applyEdits(text, r.edits));
        const moved = nameIndex(after)
          .of("service", newName)
          .filter((x) => !x.via);
        expect(
          moved.map((x) => x.role),
          `${file}: ${service.name}`,
        ).toEqual(refs.map((x) => x.role));
        expect(
          nameIndex(after)
            .of("service", service.name)
            .filter((x) => !x.via),
        ).toEqual([]);
        renamed++;
        if (refs.length >= 3) renamedNames.push({ file, text, service: service.name });
      }
    }
    expect(renamed).toBeGreaterThan(400); // 512 services in the corpus when written
  }, 300_000);

  it("on files both Compose CLIs accept, a well-referenced service's rename is accepted by both", () => {
    // A deterministic sample: every fifth service named three times or more.
    const sample = renamedNames.filter((_, i) => i % 5 === 0).slice(0, 12);
    expect(sample.length).toBeGreaterThan(5);
    let checked = 0;
    for (const { file, text, service } of sample) {
      const before = composeConfigBoth(text);
      if (!before.every((v) => v.ok)) continue; // needs an .env, a build context, ...: says nothing
      const model = buildModel(text);
      const decl = nameIndex(model)
        .of("service", service)
        .find((r) => r.role === "declaration")!;
      const r = renameAt(model, decl.span.start, `${service}-renamed`);
      if (!r || "error" in r) throw new Error(`${file}: ${r ? r.error : "no rename"}`);
      const after = applyEdits(text, r.edits);
      for (const v of composeConfigBoth(after))
        expect(v.ok, `${file} ${service}: ${v.cli}: ${v.output}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  }, 300_000);
});
