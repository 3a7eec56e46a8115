/** The registry of rules, in the order their findings are listed. Add a new rule with one line here. */
import { airflowDeprecatedConfig } from "./airflow-deprecated-config";
import { airflowExecutionApiUrl } from "./airflow-execution-api-url";
import { airflowMissingComponent } from "./airflow-missing-component";
import { airflowMissingMigration } from "./airflow-missing-migration";
import { airflowSecretsDisagree } from "./airflow-secrets-disagree";
import { airflow3RemovedCommand } from "./airflow3-removed-command";
import { commandLineBreak } from "./command-line-break";
import { composeProject } from "./compose-project";
import { composeSchema } from "./compose-schema";
import { confinementDisabled } from "./confinement-disabled";
import { databasePublishedOnAllInterfaces } from "./database-published-on-all-interfaces";
import { dbCredentialsMismatch } from "./db-credentials-mismatch";
import { dbHealthcheckMissing } from "./db-healthcheck-missing";
import { dbHostLocalhost } from "./db-host-localhost";
import { dbPasswordMissing } from "./db-password-missing";
import { dbPortIsHostPort } from "./db-port-is-host-port";
import { dependsOnCycle } from "./depends-on-cycle";
import { dependsOnNotHealthy } from "./depends-on-not-healthy";
import { deprecatedKey } from "./deprecated-key";
import { dockerSocketMounted } from "./docker-socket-mounted";
import { duplicateHostPort } from "./duplicate-host-port";
import { healthcheckCmdArray } from "./healthcheck-cmd-array";
import { healthcheckPassesUnauthenticated } from "./healthcheck-passes-unauthenticated";
import { healthcheckVariableAtComposeTime } from "./healthcheck-variable-at-compose-time";
import { healthcheckWrongPort } from "./healthcheck-wrong-port";
import { healthyConditionWithoutHealthcheck } from "./healthy-condition-without-healthcheck";
import { hostNamespace } from "./host-namespace";
import { mlflowAllowedHosts } from "./mlflow-allowed-hosts";
import { mlflowArtifactRootLocal } from "./mlflow-artifact-root-local";
import { mlflowArtifactsNotPersisted } from "./mlflow-artifacts-not-persisted";
import { mlflowHostBinding } from "./mlflow-host-binding";
import { mlflowMissingDriver } from "./mlflow-missing-driver";
import { multipleDocuments } from "./multiple-documents";
import { noImageOrBuild } from "./no-image-or-build";
import { noSharedNetwork } from "./no-shared-network";
import { notComposeFile } from "./not-compose-file";
import { obsoleteVersion } from "./obsolete-version";
import { pgHealthcheckWrongUser } from "./pg-healthcheck-wrong-user";
import { plaintextSecret } from "./plaintext-secret";
import { postgresEnvIgnoredOnExistingVolume } from "./postgres-env-ignored-on-existing-volume";
import { postgres18DataMount } from "./postgres18-data-mount";
import { privileged } from "./privileged";
import { s3CredentialsMismatch } from "./s3-credentials-mismatch";
import { s3EndpointConsolePort } from "./s3-endpoint-console-port";
import { serviceUrlHost } from "./service-url-host";
import { sharedDatabase } from "./shared-database";
import type { AnyRule } from "./types";
import { undefinedReference } from "./undefined-reference";
import { unknownImageVariable } from "./unknown-image-variable";
import { wrongDbHost } from "./wrong-db-host";

export const RULES: readonly AnyRule[] = [
  sharedDatabase,
  obsoleteVersion,
  wrongDbHost,
  dbHostLocalhost,
  serviceUrlHost,
  dbPortIsHostPort,
  dbCredentialsMismatch,
  dbPasswordMissing,
  dbHealthcheckMissing,
  dependsOnNotHealthy,
  healthyConditionWithoutHealthcheck,
  duplicateHostPort,
  noSharedNetwork,
  mlflowHostBinding,
  mlflowMissingDriver,
  mlflowArtifactRootLocal,
  mlflowArtifactsNotPersisted,
  mlflowAllowedHosts,
  s3CredentialsMismatch,
  s3EndpointConsolePort,
  undefinedReference,
  commandLineBreak,
  notComposeFile,
  multipleDocuments,
  composeSchema,
  composeProject,
  deprecatedKey,
  noImageOrBuild,
  dependsOnCycle,
  airflowDeprecatedConfig,
  airflow3RemovedCommand,
  airflowMissingComponent,
  airflowMissingMigration,
  airflowSecretsDisagree,
  airflowExecutionApiUrl,
  dockerSocketMounted,
  privileged,
  hostNamespace,
  confinementDisabled,
  databasePublishedOnAllInterfaces,
  plaintextSecret,
  postgres18DataMount,
  unknownImageVariable,
  healthcheckCmdArray,
  healthcheckPassesUnauthenticated,
  healthcheckWrongPort,
  pgHealthcheckWrongUser,
  healthcheckVariableAtComposeTime,
  postgresEnvIgnoredOnExistingVolume,
];

export const RULE_BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.meta.id, r]));
