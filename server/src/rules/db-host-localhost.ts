/**
 * db-host-localhost: PLACEHOLDER being implemented (issue #3). Replace this header with: what it catches,
 * the error users see, and what its fix does.
 */
import type { Rule } from "./types";

export const dbHostLocalhost: Rule = {
  meta: {
    id: "db-host-localhost",
    title: "localhost in a connection URL inside a container",
    defaultSeverity: "error",
    fixable: true,
  },
  check() {
    return [];
  },
};
