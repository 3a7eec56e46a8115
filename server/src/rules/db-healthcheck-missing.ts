/**
 * db-healthcheck-missing: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dbHealthcheckMissing: Rule = {
  meta: {
    id: "db-healthcheck-missing",
    title: "A database that others depend on has no healthcheck",
    defaultSeverity: "warning",
    fixable: true,
  },
  check() {
    return [];
  },
};
