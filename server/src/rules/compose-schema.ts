/**
 * compose-schema: what the compose-spec schema refuses, as `docker compose config` does
 * ("services.a Additional property depend_on is not allowed", "services.a.ports must be a
 * list"): an unknown key (on the key, with the nearest allowed one), a value of the wrong type,
 * an enum value that is not allowed, a duplicate in a unique list, a string Compose cannot cast
 * (`privileged: maybe`), a malformed duration or `${`. The facts come from the model
 * (model/schema.ts); values with unset variables are unknown, never wrong.
 *
 * Silent when the file is not YAML or not a Compose file at all (yaml-syntax and
 * not-compose-file say that once), and when schema diagnostics are turned off
 * (`mlopsCompose.schema.enable: false`, for users of Red Hat YAML with the compose schema).
 *
 * Fixes (preferred): rename a misspelt key to the one allowed key near it (`depend_on` ->
 * `depends_on`, unless the map already has it), or an enum value to the one allowed value near
 * it; make a lone value where only a list goes a list of it (`ports: "5432:5432"` ->
 * `ports: ["5432:5432"]`).
 */
import { replaceScalar } from "../edits/replace";
import { type SchemaIssue, schemaIssues } from "../model/schema";
import type { ComposeModel } from "../model/types";
import { wholeFileProblem } from "../model/whole-file";
import type { RMap, RNode } from "../parse/resolve";
import { splitMessage } from "./phrases";
import { defineRule, type Fix } from "./types";

const RULE = "compose-schema";

/** The rules the `mlopsCompose.schema.enable` setting turns off together. */
export const SCHEMA_RULE_IDS = [RULE, "deprecated-key"] as const;

export const composeSchema = defineRule<SchemaIssue>({
  meta: {
    id: RULE,
    title: "The Compose specification does not allow this key or value",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ model }) => {
    if (!schemaApplies(model)) return [];
    const out: SchemaIssue[] = [];
    const seen = new Set<string>();
    for (const issue of schemaIssues(model)) {
      if (issue.severity !== "error") continue;
      const span = issue.node.span;
      // A mistake inside an anchor merged into several services is one mistake.
      const key = `${span.start}:${span.end}:${issue.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(issue);
    }
    return out;
  },
  diagnostic: (_ctx, issue) => ({ span: issue.node.span, ...splitMessage(issue.message) }),
  fixes: ({ model }, issue) => {
    const fix = fixOf(model, issue);
    return fix ? [fix] : [];
  },
});

/** Schema findings only make sense on YAML that is meant as a Compose file. */
export function schemaApplies(model: ComposeModel): boolean {
  if (!model.root || wholeFileProblem(model)) return false;
  return !model.problems.some((p) => p.severity === "error");
}

function fixOf(model: ComposeModel, issue: SchemaIssue): Fix | undefined {
  if (issue.node.kind !== "scalar") return undefined;
  // `ports: "5432:5432"` where only a list goes: the one item it was meant to be.
  if (issue.kind === "type" && issue.expected?.every((t) => t === "array") && issue.node.text) {
    const node = issue.node;
    const source = model.text.slice(node.span.start, node.span.end);
    const item =
      node.style === "QUOTE_DOUBLE" || node.style === "QUOTE_SINGLE" ? source : JSON.stringify(node.text);
    if (source.includes("\n")) return undefined;
    return {
      title: "Make it a list",
      edits: [{ start: node.span.start, end: node.span.end, newText: `[${item}]` }],
      preferred: true,
    };
  }
  if (issue.suggestions?.length !== 1) return undefined;
  const to = issue.suggestions[0];
  if (issue.kind === "unknown-key") {
    const map = parentMap(model, issue);
    if (map?.pairs.some((p) => p.key.text === to)) return undefined;
    const edit = replaceScalar(model.text, issue.node, to);
    return edit && { title: `Rename to \`${to}\``, edits: [edit], preferred: true };
  }
  if (issue.kind === "enum" && typeof issue.node.value === "string" && !issue.node.value.includes("$")) {
    const edit = replaceScalar(model.text, issue.node, to);
    return edit && { title: `Change to \`${to}\``, edits: [edit], preferred: true };
  }
  return undefined;
}

/** The mapping holding an unknown key, found from the root by the issue's path. */
function parentMap(model: ComposeModel, issue: SchemaIssue): RMap | undefined {
  let node: RNode | null | undefined = model.root;
  const parts = issue.path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  for (const part of parts.slice(0, -1)) {
    if (!node) return undefined;
    if (part.startsWith("[")) node = node.kind === "seq" ? node.items[Number(part.slice(1, -1))] : undefined;
    else node = node.kind === "map" ? node.pairs.find((p) => p.key.text === part)?.value : undefined;
  }
  return node?.kind === "map" ? node : undefined;
}
