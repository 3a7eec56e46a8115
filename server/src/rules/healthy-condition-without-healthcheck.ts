/**
 * healthy-condition-without-healthcheck: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const healthyConditionWithoutHealthcheck: Rule = {
  meta: {
    id: "healthy-condition-without-healthcheck",
    title: "condition: service_healthy on a service with no healthcheck",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
