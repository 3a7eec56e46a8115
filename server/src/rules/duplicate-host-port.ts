/**
 * duplicate-host-port: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const duplicateHostPort: Rule = {
  meta: {
    id: "duplicate-host-port",
    title: "Two services publish the same host port",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
