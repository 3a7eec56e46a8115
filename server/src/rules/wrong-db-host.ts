/**
 * wrong-db-host: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const wrongDbHost: Rule = {
  meta: {
    id: "wrong-db-host",
    title: "The connection URL's host is not a database service",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
