/**
 * compose-project: what Compose finds wrong while it loads the project, before any service
 * is looked at (server/src/project/load.ts): an `include:` or `extends:` cycle, a service
 * defined both here and in an included file, an `extends` of a service that is not there
 * (errors: Compose refuses the project every time); an included, extended or env file that
 * is not there (a hint: it may be created by a script or kept out of git, so it is unknown,
 * not wrong); a file too large or a project of too many files to analyse (a warning). The
 * finding is on the reference, in the file that holds it.
 */
import type { ProjectProblemInFile } from "../model/types";
import { defineRule } from "./types";

export const composeProject = defineRule<ProjectProblemInFile>({
  meta: {
    id: "compose-project",
    title: "Compose cannot load the project: an include or extends cycle, a conflict, a missing file",
    defaultSeverity: "error",
    fixable: false,
  },
  run: ({ facts }) => facts.project.problems(),
  diagnostic: (_ctx, p) => ({
    span: p.span,
    message: p.message,
    detail: p.detail,
    severity: p.severity === "error" ? undefined : p.severity,
  }),
});
