/**
 * The environment variables known images read, as data: completion offers them in a
 * service's `environment:`, hover explains them. One table per image family, every entry
 * with where it comes from, so that a later issue can add images or check an entry against
 * its source. Descriptions are short restatements of the source, not copies.
 */
import { appKindOf } from "../apps";
import { engineOf } from "../databases";
import type { Service } from "../types";

export interface EnvVarDoc {
  name: string;
  description: string;
  /** Where the entry comes from (repository + path, or a docs page). */
  source: string;
  /** Airflow: the configuration section and key an AIRFLOW__SECTION__KEY variable sets. */
  section?: string;
  key?: string;
  default?: string;
  /** A `<NAME>_FILE` variant reads the value from a file (Docker secrets). */
  fileVariant?: boolean;
}

export interface ImageEnvFamily {
  id: "postgres" | "minio" | "mlflow" | "airflow";
  label: string;
  variables: EnvVarDoc[];
  /** Docs page listing the family's variables (shown under a hover). */
  docs: string;
}

const PG_SOURCE =
  "docker-library/docs postgres/content.md (Environment Variables) and docker-library/postgres docker-entrypoint.sh";

export const POSTGRES_ENV: ImageEnvFamily = {
  id: "postgres",
  label: "PostgreSQL (official image)",
  docs: "https://hub.docker.com/_/postgres",
  variables: [
    {
      name: "POSTGRES_PASSWORD",
      description:
        "Password of the superuser (`POSTGRES_USER`). Required unless `POSTGRES_HOST_AUTH_METHOD=trust`: without it the first start refuses to initialise. Read only when the data directory is empty.",
      source: PG_SOURCE,
      fileVariant: true,
    },
    {
      name: "POSTGRES_USER",
      description:
        "Name of the superuser created at the first start, with a database of the same name unless `POSTGRES_DB` says otherwise.",
      default: "postgres",
      source: PG_SOURCE,
      fileVariant: true,
    },
    {
      name: "POSTGRES_DB",
      description: "Name of the database created at the first start.",
      default: "the value of POSTGRES_USER",
      source: PG_SOURCE,
      fileVariant: true,
    },
    {
      name: "POSTGRES_INITDB_ARGS",
      description:
        "Extra arguments for `initdb` at the first start, space-separated (e.g. `--data-checksums`).",
      source: PG_SOURCE,
      fileVariant: true,
    },
    {
      name: "POSTGRES_INITDB_WALDIR",
      description: "Another directory for the write-ahead log (default: inside `PGDATA`).",
      source: PG_SOURCE,
    },
    {
      name: "POSTGRES_HOST_AUTH_METHOD",
      description:
        "The `pg_hba.conf` auth method for connections from other hosts (other containers). `trust` lets anyone in without a password; the image's default is `scram-sha-256` (md5 before PostgreSQL 14).",
      source: PG_SOURCE,
    },
    {
      name: "PGDATA",
      description:
        "Where the database files live. Up to PostgreSQL 17 `/var/lib/postgresql/data`; from 18 `/var/lib/postgresql/18/docker`, with the volume at `/var/lib/postgresql`.",
      source: `${PG_SOURCE}; docker-library/postgres 18/trixie/Dockerfile`,
    },
  ],
};

const MINIO_SOURCE = "min.io/docs/minio/linux/reference/minio-server/settings (root-credentials, core)";

export const MINIO_ENV: ImageEnvFamily = {
  id: "minio",
  label: "MinIO",
  docs: "https://min.io/docs/minio/linux/reference/minio-server/settings.html",
  variables: [
    {
      name: "MINIO_ROOT_USER",
      description: "Access key of the root user. Unset: `minioadmin`.",
      default: "minioadmin",
      source: MINIO_SOURCE,
      fileVariant: true,
    },
    {
      name: "MINIO_ROOT_PASSWORD",
      description: "Secret key of the root user (at least 8 characters). Unset: `minioadmin`.",
      default: "minioadmin",
      source: MINIO_SOURCE,
      fileVariant: true,
    },
    {
      name: "MINIO_VOLUMES",
      description: "The storage paths the server uses when `minio server` is given none.",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_OPTS",
      description: "Extra options for `minio server` (e.g. `--console-address :9001`).",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_BROWSER",
      description: "`off` disables the web console.",
      default: "on",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_SERVER_URL",
      description: "The URL clients use to reach the S3 API (used for presigned URLs and the console).",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_BROWSER_REDIRECT_URL",
      description: "The URL the console is reached at from outside (behind a proxy).",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_DOMAIN",
      description: "Enables virtual-host-style requests (`bucket.domain`) for this domain.",
      source: MINIO_SOURCE,
    },
    {
      name: "MINIO_PROMETHEUS_AUTH_TYPE",
      description: "`public` lets Prometheus scrape metrics without a token.",
      default: "jwt",
      source: MINIO_SOURCE,
    },
  ],
};

const MLFLOW_CLI = "mlflow/mlflow mlflow/cli.py (`mlflow server` click options and their envvar=)";
const MLFLOW_ENV_SOURCE = "mlflow/mlflow mlflow/environment_variables.py";

export const MLFLOW_ENV: ImageEnvFamily = {
  id: "mlflow",
  label: "MLflow",
  docs: "https://mlflow.org/docs/latest/self-hosting/",
  variables: [
    {
      name: "MLFLOW_BACKEND_STORE_URI",
      description:
        "`mlflow server --backend-store-uri`: where runs and experiments are kept, a SQLAlchemy URL (`postgresql+psycopg2://user:pass@host:5432/db`) or a local path.",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_REGISTRY_STORE_URI",
      description: "`--registry-store-uri`: the model registry's database (default: the backend store).",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_DEFAULT_ARTIFACT_ROOT",
      description:
        "`--default-artifact-root`: where new experiments put artifacts. A local path here is written by each client to its own disk.",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_ARTIFACTS_DESTINATION",
      description:
        "`--artifacts-destination`: where the server stores proxied artifacts (e.g. `s3://bucket`), default `./mlartifacts`.",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_SERVE_ARTIFACTS",
      description: "`--serve-artifacts`: the server proxies artifact uploads and downloads (default on).",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_HOST",
      description:
        "`--host`: the interface the server listens on. The default 127.0.0.1 is unreachable from other containers: use 0.0.0.0.",
      default: "127.0.0.1",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_PORT",
      description: "`--port`: the port the server listens on.",
      default: "5000",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_WORKERS",
      description: "`--workers`: worker processes serving requests.",
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_SERVER_ALLOWED_HOSTS",
      description:
        '`--allowed-hosts` (MLflow 3.5+): Host headers the server accepts; others get 403 "Invalid Host header". Default: localhost and private IPs.',
      source: MLFLOW_CLI,
    },
    {
      name: "MLFLOW_TRACKING_URI",
      description: "Where clients send runs: the tracking server's URL (`http://mlflow:5000`).",
      source: MLFLOW_ENV_SOURCE,
    },
    {
      name: "MLFLOW_S3_ENDPOINT_URL",
      description:
        "The S3 API endpoint for artifacts in S3-compatible storage such as MinIO (`http://minio:9000`).",
      source: MLFLOW_ENV_SOURCE,
    },
    {
      name: "MLFLOW_S3_IGNORE_TLS",
      description: "`true` skips TLS certificate checks against the S3 endpoint.",
      source: MLFLOW_ENV_SOURCE,
    },
    {
      name: "MLFLOW_TRACKING_USERNAME",
      description: "User name for HTTP basic authentication against the tracking server.",
      source: MLFLOW_ENV_SOURCE,
    },
    {
      name: "MLFLOW_TRACKING_PASSWORD",
      description: "Password for HTTP basic authentication against the tracking server.",
      source: MLFLOW_ENV_SOURCE,
    },
    {
      name: "AWS_ACCESS_KEY_ID",
      description: "Access key boto3 uses for S3 artifacts (MinIO: `MINIO_ROOT_USER` or an access key).",
      source: "boto3 credentials documentation (environment variables)",
    },
    {
      name: "AWS_SECRET_ACCESS_KEY",
      description: "Secret key boto3 uses for S3 artifacts.",
      source: "boto3 credentials documentation (environment variables)",
    },
  ],
};

const AIRFLOW_CONFIG = "apache/airflow airflow-core/src/airflow/config_templates/config.yml @001fc75";
const AIRFLOW_CELERY = "apache/airflow providers/celery/provider.yaml (config: celery)";
const AIRFLOW_2_CONFIG = "apache/airflow airflow/config_templates/config.yml (v2-10-stable)";

function airflow(
  section: string,
  key: string,
  description: string,
  source: string,
  extra: Partial<EnvVarDoc> = {},
): EnvVarDoc {
  return {
    name: `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`,
    section,
    key,
    description,
    source,
    ...extra,
  };
}

export const AIRFLOW_ENV: ImageEnvFamily = {
  id: "airflow",
  label: "Airflow",
  docs: "https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html",
  variables: [
    airflow(
      "database",
      "sql_alchemy_conn",
      "The SQLAlchemy URL of the metadata database (`postgresql+psycopg2://user:pass@host:5432/db`). Every component must use the same one.",
      AIRFLOW_CONFIG,
      { default: "sqlite:///{AIRFLOW_HOME}/airflow.db" },
    ),
    airflow(
      "database",
      "sql_alchemy_pool_size",
      "Connections kept in SQLAlchemy's pool (0: no limit).",
      AIRFLOW_CONFIG,
      { default: "5" },
    ),
    airflow(
      "database",
      "check_migrations",
      "Whether components wait for the database migrations at start-up.",
      AIRFLOW_CONFIG,
      { default: "True" },
    ),
    airflow(
      "core",
      "sql_alchemy_conn",
      "Airflow before 2.3 only: the metadata database URL. Since 2.3 it is `[database] sql_alchemy_conn` (`AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`).",
      AIRFLOW_2_CONFIG,
    ),
    airflow(
      "core",
      "executor",
      "The executor: `LocalExecutor`, `CeleryExecutor`, `KubernetesExecutor` or a class path.",
      AIRFLOW_CONFIG,
      { default: "LocalExecutor" },
    ),
    airflow(
      "core",
      "fernet_key",
      "Key that encrypts connection passwords in the database; components that read them must share it.",
      AIRFLOW_CONFIG,
    ),
    airflow("core", "dags_folder", "Absolute path of the folder with the DAG files.", AIRFLOW_CONFIG, {
      default: "{AIRFLOW_HOME}/dags",
    }),
    airflow("core", "load_examples", "Whether the example DAGs are loaded.", AIRFLOW_CONFIG, {
      default: "True",
    }),
    airflow("core", "dags_are_paused_at_creation", "Whether new DAGs start paused.", AIRFLOW_CONFIG, {
      default: "True",
    }),
    airflow(
      "core",
      "parallelism",
      "The most task instances that may run at once per scheduler.",
      AIRFLOW_CONFIG,
      { default: "32" },
    ),
    airflow(
      "core",
      "execution_api_server_url",
      "Airflow 3: where workers reach the API server's execution API (`http://airflow-apiserver:8080/execution/`).",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "core",
      "auth_manager",
      "Class path of the auth manager (Airflow 3's default: the simple auth manager).",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "api",
      "base_url",
      "The URL the API server is reached at (Airflow 3; was `[webserver] base_url`).",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "api",
      "port",
      "Port of the API server (Airflow 3; was `[webserver] web_server_port`).",
      AIRFLOW_CONFIG,
      {
        default: "8080",
      },
    ),
    airflow("api", "host", "Interface the API server listens on.", AIRFLOW_CONFIG, { default: "0.0.0.0" }),
    airflow("api", "workers", "Worker processes of the API server.", AIRFLOW_CONFIG, { default: "4" }),
    airflow(
      "api",
      "expose_config",
      "Whether the UI shows the configuration (`non-sensitive-only` hides secrets).",
      AIRFLOW_CONFIG,
      { default: "False" },
    ),
    airflow(
      "api_auth",
      "jwt_secret",
      "Airflow 3: secret that signs the API's JWTs. Every API server and worker must use the same one, or calls fail authentication.",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "webserver",
      "secret_key",
      "Airflow 2: secret of the web server's sessions; the same in every component (in Airflow 3: `[api] secret_key`).",
      AIRFLOW_2_CONFIG,
    ),
    airflow("webserver", "web_server_port", "Airflow 2: port of the web server.", AIRFLOW_2_CONFIG, {
      default: "8080",
    }),
    airflow("webserver", "base_url", "Airflow 2: the URL the web server is reached at.", AIRFLOW_2_CONFIG),
    airflow(
      "scheduler",
      "enable_health_check",
      "Whether the scheduler serves `/health` (port `[scheduler] scheduler_health_check_server_port`, 8974), for a healthcheck.",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "logging",
      "logging_level",
      "Log level: CRITICAL, ERROR, WARNING, INFO or DEBUG.",
      AIRFLOW_CONFIG,
      { default: "INFO" },
    ),
    airflow(
      "logging",
      "remote_logging",
      "Whether task logs are stored remotely (S3, GCS, ...).",
      AIRFLOW_CONFIG,
      { default: "False" },
    ),
    airflow(
      "logging",
      "remote_base_log_folder",
      "Where remote logs go (`s3://bucket/logs`).",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "logging",
      "remote_log_conn_id",
      "The Airflow connection id used to reach remote log storage.",
      AIRFLOW_CONFIG,
    ),
    airflow(
      "celery",
      "broker_url",
      "The Celery broker (CeleryExecutor): `redis://redis:6379/0` or an AMQP URL.",
      AIRFLOW_CELERY,
      { default: "redis://redis:6379/0" },
    ),
    airflow(
      "celery",
      "result_backend",
      "Where Celery records task results: a database with the `db+` prefix (`db+postgresql://user:pass@postgres/airflow`). Unset: `sql_alchemy_conn` with `db+`.",
      AIRFLOW_CELERY,
    ),
    airflow(
      "celery",
      "worker_concurrency",
      "Task instances one `airflow celery worker` runs at once.",
      AIRFLOW_CELERY,
      { default: "16" },
    ),
    airflow("celery", "flower_port", "Port of Celery Flower.", AIRFLOW_CELERY, { default: "5555" }),
    {
      name: "_AIRFLOW_WWW_USER_CREATE",
      description:
        "The official image's entrypoint: a non-empty value creates an admin user before the command (quick tests, not production).",
      source: "apache/airflow docs/docker-stack/entrypoint.rst (Creating admin user)",
    },
    {
      name: "_AIRFLOW_WWW_USER_USERNAME",
      description:
        "The official image's entrypoint: the name of the admin user `_AIRFLOW_WWW_USER_CREATE` creates.",
      default: "admin",
      source: "apache/airflow docs/docker-stack/entrypoint.rst (Creating admin user)",
    },
    {
      name: "_AIRFLOW_WWW_USER_PASSWORD",
      description: "The official image's entrypoint: that admin user's password (required to create it).",
      source: "apache/airflow docs/docker-stack/entrypoint.rst (Creating admin user)",
    },
    {
      name: "_AIRFLOW_DB_MIGRATE",
      description:
        "The official image's entrypoint: a non-empty value runs the database migration before the command (`_AIRFLOW_DB_UPGRADE` before Airflow 2.7).",
      source: "apache/airflow docs/docker-stack/entrypoint.rst",
    },
    {
      name: "_PIP_ADDITIONAL_REQUIREMENTS",
      description:
        "The official image's entrypoint: pip packages installed at every start (for quick tests only).",
      source: "apache/airflow docs/docker-stack/entrypoint.rst",
    },
  ],
};

export const IMAGE_ENV_FAMILIES: readonly ImageEnvFamily[] = [
  POSTGRES_ENV,
  MINIO_ENV,
  MLFLOW_ENV,
  AIRFLOW_ENV,
];

/** The families of variables a service's image (or the app it runs) reads. */
export function envFamiliesOf(service: Service): ImageEnvFamily[] {
  const out: ImageEnvFamily[] = [];
  const engine = engineOf(service)?.engine;
  const bitnami = service.image?.repository.startsWith("bitnami/") ?? false;
  if (engine === "postgres" && !bitnami) out.push(POSTGRES_ENV);
  if (engine === "minio") out.push(MINIO_ENV);
  const app = appKindOf(service);
  if (app === "mlflow") out.push(MLFLOW_ENV);
  if (app === "airflow") out.push(AIRFLOW_ENV);
  return out;
}

/** `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN` -> section and key, for any Airflow variable, known or not. */
export function airflowConfigKey(
  name: string,
): { section: string; key: string; secret?: "cmd" | "secret" } | undefined {
  const m = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+?)(_CMD|_SECRET)?$/.exec(name);
  if (!m) return undefined;
  return {
    section: m[1].toLowerCase(),
    key: m[2].toLowerCase(),
    secret: m[3] === "_CMD" ? "cmd" : m[3] === "_SECRET" ? "secret" : undefined,
  };
}

/** What is known about `name` in `service` (its image's table, then any Airflow-shaped name). */
export function envVarDoc(
  service: Service | undefined,
  name: string,
): { doc: EnvVarDoc; family: ImageEnvFamily } | undefined {
  const families = service ? envFamiliesOf(service) : [];
  for (const family of families) {
    const doc = family.variables.find((v) => v.name === name || (v.fileVariant && `${v.name}_FILE` === name));
    if (doc) return { doc, family };
  }
  return undefined;
}
