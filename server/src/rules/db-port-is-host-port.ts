/**
 * db-port-is-host-port: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dbPortIsHostPort: Rule = {
  meta: {
    id: "db-port-is-host-port",
    title: "The connection URL uses the published host port",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
