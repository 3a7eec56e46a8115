/**
 * multiple-documents: the file holds several YAML documents (`---`). Compose v2 merges them in
 * order, as if each were another `-f` file; Compose v1 refuses the file ("expected a single
 * document in the stream"); this analysis reads the first document only. Said once, at line 1.
 */
import { documentCount, firstLine } from "../model/whole-file";
import { defineRule } from "./types";

const RULE = "multiple-documents";

export const multipleDocuments = defineRule<number>({
  meta: {
    id: RULE,
    title: "The file has several YAML documents",
    defaultSeverity: "warning",
    fixable: false,
  },
  // The state: how many documents there are.
  run: ({ model }) => {
    const n = documentCount(model);
    return n < 2 ? [] : [n];
  },
  diagnostic: ({ model }, n) => ({
    span: firstLine(model.text),
    message: `This file has ${n} YAML documents (separated by \`---\`): Compose v1 refuses it, v2 merges them.`,
    detail:
      "Compose v2 merges them in order, as if each were another `-f` file; Compose v1 refuses " +
      'the file ("expected a single document in the stream"); only the first is analysed here. ' +
      "Put each in its own file and pass them with `-f`, or merge them into one.",
  }),
});
