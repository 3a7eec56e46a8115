/**
 * obsolete-version: the top-level `version:` key is ignored by Compose v2+, which warns
 * "the attribute `version` is obsolete, it will be ignored". Fix: delete the line.
 */
import { removePair } from "../edits/remove";
import type { Rule } from "./types";

export const obsoleteVersion: Rule = {
  meta: {
    id: "obsolete-version",
    title: "The top-level `version` is obsolete",
    defaultSeverity: "warning",
    fixable: true,
    tags: ["unnecessary"],
  },
  check(model) {
    const pair = model.topLevel.version;
    if (!pair) return [];
    const edit = removePair(model.text, pair);
    const version = pair.value?.kind === "scalar" ? pair.value.text : undefined;
    return [
      {
        rule: "obsolete-version",
        message:
          `The attribute \`version\`${version ? ` (${JSON.stringify(version)})` : ""} is obsolete: Docker Compose ignores it ` +
          "and warns on every run. Remove it.",
        span: { start: pair.key.span.start, end: pair.value?.span.end ?? pair.key.span.end },
        fixes: edit ? [{ title: "Remove obsolete `version`", edits: [edit], preferred: true }] : [],
      },
    ];
  },
};
