/**
 * obsolete-version: the top-level `version:` key is ignored by Compose v2+, which warns
 * "the attribute `version` is obsolete, it will be ignored". Fix: delete the line.
 */
import { removePair } from "../edits/remove";
import type { RPair } from "../parse/resolve";
import { defineRule } from "./types";

export const obsoleteVersion = defineRule<RPair>({
  meta: {
    id: "obsolete-version",
    title: "The top-level `version` is obsolete",
    defaultSeverity: "warning",
    fixable: true,
    tags: ["unnecessary"],
  },
  run: ({ model }) => (model.topLevel.version ? [model.topLevel.version] : []),
  diagnostic: (_ctx, pair) => {
    const version = pair.value?.kind === "scalar" ? pair.value.text : undefined;
    return {
      span: { start: pair.key.span.start, end: pair.value?.span.end ?? pair.key.span.end },
      message: `The attribute \`version\`${version ? ` (${JSON.stringify(version)})` : ""} is obsolete: Docker Compose ignores it.`,
      detail: "It warns about it on every run. Remove it.",
    };
  },
  fixes: ({ model }, pair) => {
    const edit = removePair(model.text, pair);
    return edit ? [{ title: "Remove obsolete `version`", edits: [edit], preferred: true }] : [];
  },
});
