/** The registry of rules, in the order their findings are listed. Add a new rule with one line here. */
import { commandLineBreak } from "./command-line-break";
import { composeProject } from "./compose-project";
import { composeSchema } from "./compose-schema";
import { dbCredentialsMismatch } from "./db-credentials-mismatch";
import { dbHealthcheckMissing } from "./db-healthcheck-missing";
import { dbHostLocalhost } from "./db-host-localhost";
import { dbPasswordMissing } from "./db-password-missing";
import { dbPortIsHostPort } from "./db-port-is-host-port";
import { dependsOnCycle } from "./depends-on-cycle";
import { dependsOnNotHealthy } from "./depends-on-not-healthy";
import { deprecatedKey } from "./deprecated-key";
import { duplicateHostPort } from "./duplicate-host-port";
import { healthyConditionWithoutHealthcheck } from "./healthy-condition-without-healthcheck";
import { multipleDocuments } from "./multiple-documents";
import { noImageOrBuild } from "./no-image-or-build";
import { noSharedNetwork } from "./no-shared-network";
import { notComposeFile } from "./not-compose-file";
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
  notComposeFile,
  multipleDocuments,
  composeSchema,
  composeProject,
  deprecatedKey,
  noImageOrBuild,
  dependsOnCycle,
];

export const RULE_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.meta.id, r]));
