/**
 * depends-on-not-healthy: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dependsOnNotHealthy: Rule = {
  meta: {
    id: "depends-on-not-healthy",
    title: "depends_on a database without waiting for it to be healthy",
    defaultSeverity: "warning",
    fixable: true,
  },
  check() {
    return [];
  },
};
