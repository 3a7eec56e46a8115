/**
 * multiple-documents: the file holds several YAML documents (`---`). Compose v2 merges them in
 * order, as if each were another `-f` file; Compose v1 refuses the file ("expected a single
 * document in the stream"); this analysis reads the first document only. Said once, at line 1.
 */
import { documentCount, firstLine } from "../model/whole-file";
import type { FindingRule } from "./types";

const RULE = "multiple-documents";

export const multipleDocuments: FindingRule = {
  meta: {
    id: RULE,
    title: "The file has several YAML documents",
    defaultSeverity: "warning",
    fixable: false,
  },
  check(model) {
    const n = documentCount(model);
    if (n < 2) return [];
    return [
      {
        rule: RULE,
        message:
          `This file has ${n} YAML documents (separated by \`---\`). Compose v2 merges them in order; Compose v1 refuses ` +
          'the file ("expected a single document in the stream"); only the first is analysed here. ' +
          "Put each in its own file and pass them with `-f`, or merge them into one.",
        span: firstLine(model.text),
      },
    ];
  },
};
