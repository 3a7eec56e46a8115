/**
 * What has no Korean yet, said out loud so that a branch adding a rule can merge before its
 * Korean exists: `server/src/l10n/l10n.test.ts` fails when a rule lacks Korean and is not
 * listed here (and when one listed here has Korean after all). Add a new rule's id here,
 * or better, its entry in `ko/rules.ts` and its page in `docs/rules/ko/`.
 */

/** Rules with no Korean entry at all (title, messages, docs page): their output stays English. */
export const NOT_YET_TRANSLATED: readonly string[] = [
  // Issues 14-17, merged after the Korean catalogue: English until translated.
  "airflow-deprecated-config",
  "airflow-execution-api-url",
  "airflow-missing-component",
  "airflow-missing-migration",
  "airflow-secrets-disagree",
  "airflow3-removed-command",
  "confinement-disabled",
  "database-published-on-all-interfaces",
  "docker-socket-mounted",
  "healthcheck-cmd-array",
  "healthcheck-passes-unauthenticated",
  "healthcheck-variable-at-compose-time",
  "healthcheck-wrong-port",
  "host-namespace",
  "mlflow-allowed-hosts",
  "mlflow-artifact-root-local",
  "mlflow-artifacts-not-persisted",
  "mlflow-host-binding",
  "mlflow-missing-driver",
  "pg-healthcheck-wrong-user",
  "plaintext-secret",
  "postgres-env-ignored-on-existing-volume",
  "postgres18-data-mount",
  "privileged",
  "service-url-host",
  "unknown-image-variable",
  // Issue 13, merged after the Korean catalogue.
  "compose-project",
];

/**
 * Rules with a Korean title but English messages: compose-schema and deprecated-key report
 * what the Compose JSON schema validator says about each key (hundreds of variants).
 */
export const MESSAGES_NOT_YET_TRANSLATED: readonly string[] = ["compose-schema", "deprecated-key"];
