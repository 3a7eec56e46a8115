/**
 * db-credentials-mismatch: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dbCredentialsMismatch: Rule = {
  meta: {
    id: "db-credentials-mismatch",
    title: "The connection URL's user, password or database do not match the database service",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
