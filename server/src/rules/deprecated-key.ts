/**
 * deprecated-key: a key the compose-spec schema marks `deprecated` (such as `external: {name: x}`
 * on a network, volume or config, replaced by `name: x` with `external: true`). Compose still
 * reads it; it warns. The top-level `version` has its own rule (obsolete-version).
 * Off with the other schema diagnostics (`mlopsCompose.schema.enable: false`).
 */
import { schemaIssues } from "../model/schema";
import { schemaApplies } from "./compose-schema";
import type { Finding, FindingRule } from "./types";

const RULE = "deprecated-key";

export const deprecatedKey: FindingRule = {
  meta: {
    id: RULE,
    title: "The Compose specification deprecates this key",
    defaultSeverity: "warning",
    fixable: false,
    tags: ["deprecated"],
  },
  check(model) {
    if (!schemaApplies(model)) return [];
    const out: Finding[] = [];
    for (const issue of schemaIssues(model)) {
      if (issue.kind !== "deprecated" || issue.path === "version") continue;
      out.push({ rule: RULE, message: issue.message, span: issue.node.span });
    }
    return out;
  },
};
