/**
 * What is wrong with a file as a whole, said once at line 1 instead of as a list of every key:
 * an empty file, YAML that is no Compose file (a GitHub Actions workflow, a Kubernetes
 * manifest), a binary file, several YAML documents. Compose v2's own words for each
 * (`docker compose config`, 2.26.1): "empty compose file"; "(root) Additional property jobs is
 * not allowed"; "yaml: control characters are not allowed"; several documents are merged in
 * order (v1 1.29 refuses them: "expected a single document in the stream").
 */
import type { Span } from "../parse/url";
import { perObject } from "./memo";
import type { ComposeModel } from "./types";

export interface WholeFileProblem {
  kind: "empty" | "not-compose";
  message: string;
  span: Span;
}

/** Top-level keys that make a file a Compose file (`name`, `version` and `x-*` alone do not). */
const COMPOSE_KEYS = new Set(["services", "networks", "volumes", "secrets", "configs", "include", "models"]);
const NEUTRAL_KEY = /^(?:name|version|x-.*)$/;

/** Line 1: where a whole-file diagnostic goes. */
export function firstLine(text: string): Span {
  const nl = text.indexOf("\n");
  const end = nl < 0 ? text.length : nl > 0 && text[nl - 1] === "\r" ? nl - 1 : nl;
  return { start: 0, end: Math.min(end, 200) };
}

/** Guesses what a non-Compose YAML file is, from its top-level keys, for the message. */
function looksLike(keys: string[]): string {
  const has = (k: string) => keys.includes(k);
  if (has("jobs") && (has("on") || has("true"))) return " It looks like a GitHub Actions workflow.";
  if (has("apiVersion") && has("kind")) return " It looks like a Kubernetes manifest.";
  if (has("stages") || keys.some((k) => /^(image|before_script|script)$/.test(k)))
    return " It looks like a CI configuration.";
  return "";
}

export const wholeFileProblem = perObject((model: ComposeModel): WholeFileProblem | undefined => {
  const root = model.root;
  if (model.problems.some((p) => p.severity === "error")) return undefined;
  if (!root) {
    // Parsed without error and nothing in it: only blank lines and comments.
    if (model.yaml.documents.every((d) => d.contents === null || isNullScalar(d.contents)))
      return {
        kind: "empty",
        message:
          'This file is empty, so Compose refuses it ("empty compose file"). A Compose file needs at least `services:` with one service.',
        span: firstLine(model.text),
      };
    return undefined;
  }
  const keys = root.pairs.map((p) => p.key.text ?? "");
  if (keys.length === 0)
    return {
      kind: "empty",
      message: 'This file is an empty mapping: Compose refuses it ("empty compose file"). Add `services:`.',
      span: firstLine(model.text),
    };
  if (keys.some((k) => COMPOSE_KEYS.has(k))) return undefined;
  const foreign = keys.filter((k) => !NEUTRAL_KEY.test(k));
  if (foreign.length === 0) return undefined;
  const shown = foreign.slice(0, 4).map((k) => `\`${k}\``);
  return {
    kind: "not-compose",
    message:
      `This YAML file is not a Compose file: it has no \`services:\`. Its top-level key${foreign.length > 1 ? "s" : ""} ` +
      `${shown.join(", ")}${foreign.length > 4 ? ", ..." : ""} ${foreign.length > 1 ? "are" : "is"} not Compose's.` +
      `${looksLike(keys)} Compose refuses it ("Additional property ${foreign[0]} is not allowed").`,
    span: firstLine(model.text),
  };
});

function isNullScalar(node: unknown): boolean {
  return !!node && typeof node === "object" && "value" in node && (node as { value: unknown }).value === null;
}

/** How many YAML documents with content the file has (Compose v2 merges them, v1 refuses more than one). */
export const documentCount = perObject(
  (model: ComposeModel): number => model.yaml.documents.filter((d) => d.contents !== null).length,
);

/**
 * The first character YAML forbids (yaml.v3, which Compose uses, refuses C0/C1 control
 * characters other than tab and line breaks anywhere in the stream), or -1: a binary file.
 */
export function controlCharacterAt(text: string): number {
  const m = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/.exec(text);
  return m ? m.index : -1;
}
