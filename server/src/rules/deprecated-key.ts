/**
 * deprecated-key: a key the compose-spec schema marks `deprecated` (such as `external: {name: x}`
 * on a network, volume or config, replaced by `name: x` with `external: true`). Compose still
 * reads it; it warns. The top-level `version` has its own rule (obsolete-version).
 * Off with the other schema diagnostics (`mlopsCompose.schema.enable: false`).
 */
import { type SchemaIssue, schemaIssues } from "../model/schema";
import { schemaApplies } from "./compose-schema";
import { splitMessage } from "./phrases";
import { defineRule } from "./types";

const RULE = "deprecated-key";

export const deprecatedKey = defineRule<SchemaIssue>({
  meta: {
    id: RULE,
    title: "The Compose specification deprecates this key",
    defaultSeverity: "warning",
    fixable: false,
    tags: ["deprecated"],
  },
  run: ({ model }) =>
    schemaApplies(model)
      ? schemaIssues(model).filter((issue) => issue.kind === "deprecated" && issue.path !== "version")
      : [],
  diagnostic: (_ctx, issue) => ({ span: issue.node.span, ...splitMessage(issue.message) }),
});
