/**
 * not-compose-file: the file as a whole is no Compose file, said once at line 1: empty (Compose:
 * "empty compose file"), or YAML of another tool, such as a GitHub Actions workflow (Compose:
 * "(root) Additional property jobs is not allowed"). The schema rules stay silent then, so the
 * file gets one clear error instead of one per key. Facts: model/whole-file.ts.
 */
import { type WholeFileProblem, wholeFileProblem } from "../model/whole-file";
import { splitMessage } from "./phrases";
import { defineRule } from "./types";

const RULE = "not-compose-file";

export const notComposeFile = defineRule<WholeFileProblem>({
  meta: { id: RULE, title: "The file is not a Compose file", defaultSeverity: "error", fixable: false },
  run: ({ model }) => {
    const problem = wholeFileProblem(model);
    return problem ? [problem] : [];
  },
  diagnostic: (_ctx, problem) => ({ span: problem.span, ...splitMessage(problem.message) }),
});
