/**
 * no-shared-network: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const noSharedNetwork: Rule = {
  meta: {
    id: "no-shared-network",
    title: "A service connects to a database on a network it is not on",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
