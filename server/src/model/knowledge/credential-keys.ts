/**
 * Which environment variable names hold a credential, for `plaintext-secret`.
 *
 * Sources:
 * - compose-lint (tmatens/compose-lint 0.22.0) CL-0020 "literal values in credential-named
 *   keys" and CL-0021 "credentials inside connection strings" (its docs example is
 *   `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`); KICS Docker Compose query "Passwords And
 *   Secrets" (Checkmarx/kics `assets/queries/dockerCompose/`), as summarised in
 *   ../shared/research/wave2-anchors.md §2.
 * - The images' own credential variables: postgres `POSTGRES_PASSWORD`, mysql
 *   `MYSQL_ROOT_PASSWORD`/`MYSQL_PASSWORD`, minio `MINIO_ROOT_PASSWORD`, rabbitmq
 *   `RABBITMQ_DEFAULT_PASS`, Airflow `AIRFLOW__CORE__FERNET_KEY`,
 *   `AIRFLOW__WEBSERVER__SECRET_KEY`, `AIRFLOW__API_AUTH__JWT_SECRET`, boto3
 *   `AWS_SECRET_ACCESS_KEY` (model/knowledge/image-env.ts has the images' tables).
 *
 * Deliberately not credentials: the *name* half of a login (`*_USER`, `AWS_ACCESS_KEY_ID`,
 * `MINIO_ACCESS_KEY`: an access key id is a user name), and anything naming where a secret
 * is rather than the secret (`*_FILE`, `*_PATH`, `*_NAME`, `*_ID`, `*_ARN`, `*_URL`), or a
 * setting about one (`*_LENGTH`, `*_ENABLED`, `*_EXPIRY`…).
 */

/** The last word of a credential's name. */
const SECRET_LAST_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "SECRET",
  "TOKEN",
  "KEY",
  "APIKEY",
  "CREDENTIALS",
]);

/** A name ending in one of these is about a secret, not the secret. */
const NOT_SECRET_LAST_WORDS = new Set([
  "FILE",
  "PATH",
  "DIR",
  "NAME",
  "ID",
  "ARN",
  "URL",
  "URI",
  "HOST",
  "PORT",
  "LENGTH",
  "ENABLED",
  "ENABLE",
  "EXPIRY",
  "EXPIRE",
  "EXPIRES",
  "TTL",
  "TIMEOUT",
  "POLICY",
  "TYPE",
  "ALGORITHM",
  "HEADER",
  "METHOD",
  "MODE",
  "VERSION",
  "BACKEND",
  // Airflow `*_CMD`: a command that prints the value.
  "CMD",
  "COMMAND",
]);

/** `*_KEY` names that are not secret: key ids and public halves. */
const NOT_SECRET_KEYS = /(?:^|_)(?:ACCESS|PUBLIC|PRIMARY|SORT|PARTITION|CACHE|ROUTING|LICENSE_ID)_KEY$/;

/** The words of a variable name: `AIRFLOW__CORE__FERNET_KEY` → AIRFLOW, CORE, FERNET, KEY. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** True when the variable's value is a credential (a password, a secret key, a token). */
export function isCredentialKey(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  if (!last || NOT_SECRET_LAST_WORDS.has(last)) return false;
  const upper = w.join("_");
  if (last === "KEY" && !w.includes("SECRET") && (w.length === 1 || NOT_SECRET_KEYS.test(upper)))
    return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  // `SECRET_ACCESS_KEY`, `JWT_SECRET_KEY`, `SECRET_KEY_BASE`: a secret word before the end.
  return w.includes("SECRET") || w.includes("PASSWORD");
}

/**
 * Values that are not a secret even under a credential name: empty, YAML booleans and
 * numbers of one digit (`*_KEY: 1` style switches), a file path.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/^(?:true|false|yes|no|on|off|null|none)$/i.test(v)) return true;
  if (/^\d$/.test(v)) return true;
  // A path (`GOOGLE_APPLICATION_CREDENTIALS=/config`, `/run/secrets/pg`) names where a secret is.
  if (/^(?:\/|\.\.?\/|~\/)\S*$/.test(v)) return true;
  return false;
}
