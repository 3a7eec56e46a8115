/**
 * undefined-reference: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const undefinedReference: Rule = {
  meta: {
    id: "undefined-reference",
    title: "depends_on, networks or volumes name something that is not defined",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
