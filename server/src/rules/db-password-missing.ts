/**
 * db-password-missing: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dbPasswordMissing: Rule = {
  meta: {
    id: "db-password-missing",
    title: "The connection URL has no password but the database requires one",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
