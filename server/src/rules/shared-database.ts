/**
 * shared-database: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const sharedDatabase: Rule = {
  meta: {
    id: "shared-database",
    title: "Two applications share one database (Alembic migrations collide)",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
