/**
 * The schema walker against ajv (a full JSON-schema 2020-12 validator, used here as the oracle):
 * on every corpus file and one mutant of each, every service is valid for both or invalid for
 * both. Files with `${` are left out (ajv cannot know what Compose interpolates), and strings at
 * Compose's cast paths are cast first for ajv, as Compose casts them before it validates.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CORPUS, corpusAvailable, corpusFiles } from "../../../test/corpus/corpus-lib";
import { mutantsOf } from "../../../test/differential/mutants";
import { buildModel } from "../model/build";
import { serviceSchemaIssues } from "../model/schema";
import { composeSchema, keyDescription, knownKeys, schemaAtPath } from "./index";
import { SERVICE_TRIE } from "./validate";

type Trie = typeof SERVICE_TRIE;

/** Compose's casts on a plain JS value, as validate.ts applies them to nodes. */
function cast(value: unknown, trie: Trie | undefined): unknown {
  if (!trie) return value;
  if (typeof value === "string" && trie.cast) {
    if (trie.cast === "bool")
      return /^(true|y|yes|on)$/i.test(value) ? true : /^(false|n|no|off)$/i.test(value) ? false : value;
    const n = Number(value);
    return value.trim() !== "" && Number.isFinite(n) && (trie.cast === "float" || Number.isInteger(n))
      ? n
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => cast(v, trie.next?.["[]"]));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, cast(v, trie.next?.[k] ?? trie.next?.["*"])]),
    );
  return value;
}

/** Issues ajv cannot see: Compose's casts and durations. */
const BEYOND_SCHEMA = new Set(["cast", "format", "interpolation", "deprecated", "non-string-key"]);

describe.skipIf(!corpusAvailable())("schema walker agrees with ajv", () => {
  it("on every service of the corpus and its mutants", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    ajv.addSchema(composeSchema);
    const validService = ajv.getSchema("compose_spec.json#/$defs/service")!;
    const texts: { name: string; text: string }[] = [];
    for (const file of corpusFiles()) {
      const text = readFileSync(join(CORPUS, file), "utf8");
      texts.push({ name: file, text });
      for (const m of mutantsOf(file, text, 2)) texts.push({ name: `${file} (${m.label})`, text: m.text });
    }
    const disagree: string[] = [];
    let compared = 0;
    let invalid = 0;
    for (const { name, text } of texts) {
      if (text.includes("$") || /!reset|!override/.test(text)) continue;
      const model = buildModel(text);
      if (model.problems.some((p) => p.severity === "error")) continue;
      let js: { services?: Record<string, unknown> };
      try {
        js = parse(text, { version: "1.2", merge: true }) ?? {};
      } catch {
        continue;
      }
      if (!js || typeof js !== "object" || !js.services || typeof js.services !== "object") continue;
      for (const service of model.services) {
        const ours = serviceSchemaIssues(service, model.variables).filter(
          (i) => i.severity === "error" && !BEYOND_SCHEMA.has(i.kind),
        );
        const theirs = validService(cast(js.services[service.name], SERVICE_TRIE));
        compared++;
        if (!theirs) invalid++;
        if (theirs !== (ours.length === 0))
          disagree.push(
            `${name} services.${service.name}: ajv ${theirs ? "valid" : JSON.stringify(validService.errors?.slice(0, 2))}, ours ${JSON.stringify(ours.map((i) => i.message))}`,
          );
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(20);
    expect(disagree).toEqual([]);
  }, 120_000);
});

describe("schema lookups (completion and hover read these)", () => {
  it("finds the schema and description at a key path, through $ref, patternProperties and oneOf", () => {
    expect(keyDescription(["services", "web", "depends_on"])).toMatch(/depend/i);
    expect(keyDescription(["services", "web", "healthcheck", "interval"])).toMatch(/between/i);
    expect(schemaAtPath(["services", "web", "depends_on", "db", "condition"])?.enum).toContain(
      "service_healthy",
    );
    expect(knownKeys(schemaAtPath(["services", "web"])!)).toContain("depends_on");
    expect(knownKeys(schemaAtPath(["services", "web", "ports", 0])!)).toContain("published");
    expect(schemaAtPath(["services", "web", "x-custom"])).toEqual({});
    expect(schemaAtPath(["nonsense"])).toBeUndefined();
  });
});
