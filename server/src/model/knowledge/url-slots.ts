/**
 * Where a connection URL goes and which URL the reader expects there: the scheme (with the
 * SQLAlchemy driver the app uses), per kind of server it may reach. Completion builds whole
 * URLs from the project's databases with it. A slot is an environment variable or a
 * command-line flag.
 */
import type { Database } from "../types";

/** What a URL can point at: a database family, or an HTTP service of a kind. */
export type UrlTarget = Database["family"] | "mlflow-server";

export interface UrlForm {
  target: UrlTarget;
  /** The scheme as the reader wants it: `postgresql+psycopg2`, `db+postgresql`, `redis`, `http`. */
  scheme: string;
  /** Path after the host: `/<database>` for SQL, `/0` for a Redis database number, `` for HTTP. */
  path: "database" | "redis-db" | "vhost" | "none";
}

export interface UrlSlot {
  /** Env var names (exact) or a pattern. */
  env?: readonly string[];
  envPattern?: RegExp;
  /** Command-line flags whose value is this URL. */
  flags?: readonly string[];
  /** Who reads it, for the completion's detail. */
  reader: string;
  forms: readonly UrlForm[];
  source: string;
}

const SQLALCHEMY_AIRFLOW: UrlForm[] = [
  { target: "postgres", scheme: "postgresql+psycopg2", path: "database" },
  { target: "mysql", scheme: "mysql+mysqldb", path: "database" },
];
const SQLALCHEMY_MLFLOW: UrlForm[] = [
  { target: "postgres", scheme: "postgresql+psycopg2", path: "database" },
  { target: "mysql", scheme: "mysql+pymysql", path: "database" },
];

export const URL_SLOTS: readonly UrlSlot[] = [
  {
    env: ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__SQL_ALCHEMY_CONN"],
    reader: "Airflow metadata database",
    forms: SQLALCHEMY_AIRFLOW,
    source:
      "apache/airflow docs howto/set-up-database.rst (Database URI: postgresql+psycopg2://, mysql+mysqldb://)",
  },
  {
    env: ["AIRFLOW__CELERY__RESULT_BACKEND"],
    reader: "Airflow Celery result backend",
    forms: [
      { target: "postgres", scheme: "db+postgresql", path: "database" },
      { target: "mysql", scheme: "db+mysql", path: "database" },
      { target: "redis", scheme: "redis", path: "redis-db" },
    ],
    source: "apache/airflow providers/celery/provider.yaml (result_backend example db+postgresql://)",
  },
  {
    env: ["AIRFLOW__CELERY__BROKER_URL", "CELERY_BROKER_URL"],
    reader: "Celery broker",
    forms: [
      { target: "redis", scheme: "redis", path: "redis-db" },
      { target: "amqp", scheme: "amqp", path: "vhost" },
    ],
    source: "apache/airflow providers/celery/provider.yaml (broker_url default redis://redis:6379/0)",
  },
  {
    env: ["MLFLOW_BACKEND_STORE_URI", "MLFLOW_REGISTRY_STORE_URI"],
    flags: ["--backend-store-uri", "--registry-store-uri"],
    reader: "MLflow backend store",
    forms: SQLALCHEMY_MLFLOW,
    source: "mlflow/mlflow mlflow/cli.py (--backend-store-uri: SQLAlchemy-compatible database URL)",
  },
  {
    env: ["MLFLOW_TRACKING_URI"],
    reader: "MLflow client",
    forms: [{ target: "mlflow-server", scheme: "http", path: "none" }],
    source: "mlflow/mlflow mlflow/environment_variables.py (MLFLOW_TRACKING_URI)",
  },
  {
    env: ["MLFLOW_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "S3_ENDPOINT_URL"],
    reader: "S3 client (boto3)",
    forms: [{ target: "s3", scheme: "http", path: "none" }],
    source: "mlflow/mlflow mlflow/environment_variables.py (MLFLOW_S3_ENDPOINT_URL); boto3 AWS_ENDPOINT_URL",
  },
  {
    env: ["SUPERSET_DATABASE_URI", "SQLALCHEMY_DATABASE_URI"],
    reader: "SQLAlchemy",
    forms: [
      { target: "postgres", scheme: "postgresql+psycopg2", path: "database" },
      { target: "mysql", scheme: "mysql+pymysql", path: "database" },
    ],
    source: "SQLAlchemy docs core/engines.html (Database URLs)",
  },
  {
    flags: ["--storage"],
    reader: "Optuna storage",
    forms: [
      { target: "postgres", scheme: "postgresql+psycopg2", path: "database" },
      { target: "mysql", scheme: "mysql+pymysql", path: "database" },
    ],
    source: "optuna docs reference/storages (RDB storage: SQLAlchemy URL)",
  },
  {
    envPattern: /(^|_)(DATABASE|DB)_(URL|URI)$|^DATABASE_URL$/,
    reader: "database URL",
    forms: [
      { target: "postgres", scheme: "postgresql", path: "database" },
      { target: "mysql", scheme: "mysql", path: "database" },
      { target: "mongodb", scheme: "mongodb", path: "database" },
    ],
    source: "libpq docs (connection URIs postgresql://); MySQL and MongoDB connection URI docs",
  },
  {
    envPattern: /(^|_)REDIS_(URL|URI)$|^CACHE_URL$/,
    reader: "Redis client",
    forms: [{ target: "redis", scheme: "redis", path: "redis-db" }],
    source: "redis-py docs (from_url: redis://[[user]:password@]host:port/db)",
  },
  {
    envPattern: /(^|_)(AMQP|RABBITMQ)_(URL|URI)$/,
    reader: "AMQP client",
    forms: [{ target: "amqp", scheme: "amqp", path: "vhost" }],
    source: "RabbitMQ docs uri-spec.html",
  },
];

export function slotForEnv(name: string): UrlSlot | undefined {
  return URL_SLOTS.find((s) => s.env?.includes(name)) ?? URL_SLOTS.find((s) => s.envPattern?.test(name));
}

export function slotForFlag(flag: string): UrlSlot | undefined {
  return URL_SLOTS.find((s) => s.flags?.includes(flag));
}

/** Schemes of each target, for completing the host part of a URL already begun. */
export function targetOfScheme(scheme: string): UrlTarget | undefined {
  const s = scheme.toLowerCase();
  const base = s.replace(/^db\+/, "").split("+")[0];
  if (["postgres", "postgresql", "pgsql"].includes(base)) return "postgres";
  if (["mysql", "mariadb"].includes(base)) return "mysql";
  if (["redis", "rediss"].includes(base)) return "redis";
  if (["amqp", "amqps", "pyamqp"].includes(base)) return "amqp";
  if (["mongodb", "mongodb+srv"].includes(s) || base === "mongodb") return "mongodb";
  if (base === "mssql") return "mssql";
  return undefined; // http(s) URLs reach MLflow or S3 servers: the caller decides by slot
}
