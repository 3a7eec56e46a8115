/** The registry of rules, in the order their findings are listed. Add a new rule with one line here. */
import { commandLineBreak } from "./command-line-break";
import { dbCredentialsMismatch } from "./db-credentials-mismatch";
import { dbHealthcheckMissing } from "./db-healthcheck-missing";
import { dbHostLocalhost } from "./db-host-localhost";
import { dbPasswordMissing } from "./db-password-missing";
import { dbPortIsHostPort } from "./db-port-is-host-port";
import { dependsOnNotHealthy } from "./depends-on-not-healthy";
import { duplicateHostPort } from "./duplicate-host-port";
import { healthyConditionWithoutHealthcheck } from "./healthy-condition-without-healthcheck";
import { noSharedNetwork } from "./no-shared-network";
import { obsoleteVersion } from "./obsolete-version";
import { sharedDatabase } from "./shared-database";
import type { AnyRule } from "./types";
import { undefinedReference } from "./undefined-reference";
import { wrongDbHost } from "./wrong-db-host";

export const RULES: readonly AnyRule[] = [
  sharedDatabase,
  obsoleteVersion,
  wrongDbHost,
  dbHostLocalhost,
  dbPortIsHostPort,
  dbCredentialsMismatch,
  dbPasswordMissing,
  dbHealthcheckMissing,
  dependsOnNotHealthy,
  healthyConditionWithoutHealthcheck,
  duplicateHostPort,
  noSharedNetwork,
  undefinedReference,
  commandLineBreak,
];

export const RULE_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.meta.id, r]));
