/**
 * What a client does when its database is not accepting connections yet as it starts: it
 * waits (its image's entrypoint or its program retries), it does not connect at start (an
 * admin UI, an idle container, a lazy client), or it fails hard (a one-shot job, a server
 * that migrates at start and exits on the first refusal). Data only, no rule logic: the
 * readiness facts (`model/facts/readiness.ts`) match a service against these tables.
 *
 * Every entry names where it was read: a file of a repository at a commit, a documentation
 * page, or an issue/pull request. Gathered for issue 12; the longer notes, with the corpus
 * findings each one settles, are in docs/research/precision/waiting-images.md.
 */
import type { Database } from "../types";

export interface StartSource {
  repository?: string;
  path?: string;
  commit?: string;
  url?: string;
  /** An issue or pull request, as `owner/repo#N`. */
  issue?: string;
}

/** waits: retries until the server answers; not-at-start: connects on use; fails-hard: exits on the first refusal. */
export type StartKind = "waits" | "not-at-start" | "fails-hard";

type Family = Database["family"];

const SQL: readonly Family[] = ["postgres", "mysql", "mssql"];

/** An image whose own entrypoint (or server) decides what happens before the database is up. */
export interface ImageStart {
  /** The image's repository path, lower-case, without registry and tag (`apache/airflow`). */
  repository: RegExp;
  kind: StartKind;
  /** What it does, for messages: "its entrypoint retries `airflow db check` (20 × 3 s)". */
  how: string;
  /** Only the image's own entrypoint does it: an `entrypoint:` in the compose file turns it off. */
  entrypoint: boolean;
  /** Only for these commands (the first word of `command:`); any command when absent. */
  commands?: RegExp;
  /** A variable and the values that turn the wait off (`CONNECTION_CHECK_MAX_COUNT=0`). */
  offWhen?: { name: string; value: RegExp };
  /** The database kinds it is about; any when absent. */
  families?: readonly Family[];
  source: StartSource[];
}

export const IMAGE_START: readonly ImageStart[] = [
  {
    repository: /^apache\/airflow$/,
    kind: "waits",
    how: "the apache/airflow entrypoint retries `airflow db check` (20 × 3 s) before running any command",
    entrypoint: true,
    offWhen: { name: "CONNECTION_CHECK_MAX_COUNT", value: /^0+$/ },
    source: [
      {
        repository: "apache/airflow",
        path: "scripts/docker/entrypoint_prod.sh",
        commit: "424b6e9c055ef26ac7d6210e62f6f8507e2a72e5",
      },
      { url: "https://airflow.apache.org/docs/docker-stack/entrypoint.html" },
    ],
  },
  {
    repository: /^puckel\/docker-airflow$/,
    kind: "waits",
    how: "the puckel/docker-airflow entrypoint loops on `nc -z` for PostgreSQL and Redis (20 × 5 s) first",
    entrypoint: true,
    source: [
      {
        repository: "puckel/docker-airflow",
        path: "script/entrypoint.sh",
        commit: "bed777970caa3e555ef618d84be07404438c27e3",
      },
    ],
  },
  {
    repository: /^mongo-express$/,
    kind: "waits",
    how: "the mongo-express entrypoint waits for the MongoDB port (`wait-port`, 20 s) before starting",
    entrypoint: true,
    families: ["mongodb"],
    source: [
      {
        repository: "mongo-express/mongo-express-docker",
        path: "docker-entrypoint.sh",
        commit: "10d235bfbc21f8859f185f4b9e63745425241b73",
      },
    ],
  },
  {
    repository: /^(gitea\/gitea|gitea)$/,
    kind: "waits",
    how: "Gitea retries its database connection (`DB_RETRIES` × `DB_RETRY_BACKOFF`, 10 × 3 s)",
    entrypoint: false,
    families: SQL,
    source: [{ url: "https://github.com/go-gitea/gitea/blob/v1.16.9/routers/common/db.go" }],
  },
  {
    repository: /^(heartexlabs|humansignal)\/label-studio$/,
    kind: "waits",
    how: "the Label Studio entrypoint loops until PostgreSQL or MySQL answers for `label-studio-uwsgi`",
    entrypoint: true,
    commands: /^label-studio-uwsgi$/,
    families: SQL,
    source: [
      {
        repository: "HumanSignal/label-studio",
        path: "deploy/docker-entrypoint.d/common/20-wait-for-db.sh",
        commit: "3f8b5dc2556d580e8b07883796dbb7844d729158",
      },
      {
        repository: "HumanSignal/label-studio",
        path: "deploy/docker-entrypoint.sh",
        commit: "0031a1c4e5aefdb785c47bc82c576a1f39459892",
      },
    ],
  },
  {
    repository: /^dpage\/pgadmin4$/,
    kind: "not-at-start",
    how: "pgAdmin connects to a server only when someone opens it in the UI",
    entrypoint: false,
    source: [
      {
        repository: "pgadmin-org/pgadmin4",
        path: "pkg/docker/entrypoint.sh",
        commit: "05e2e3cb397b21a669129feb067ac44d2fc916dd",
      },
      { url: "https://www.pgadmin.org/docs/pgadmin4/latest/container_deployment.html" },
    ],
  },
  {
    repository: /^adminer$/,
    kind: "not-at-start",
    how: "Adminer connects only when the login form is submitted",
    entrypoint: false,
    source: [
      {
        repository: "docker-library/docs",
        path: "adminer/README.md",
        commit: "2b0561345d6301d47a14a2ac31af97d63b01907f",
      },
    ],
  },
  {
    repository: /^(phpmyadmin|phpmyadmin\/phpmyadmin)$/,
    kind: "not-at-start",
    how: "phpMyAdmin connects only when someone logs in",
    entrypoint: false,
    families: ["mysql"],
    source: [{ url: "https://hub.docker.com/_/phpmyadmin" }],
  },
  {
    repository: /^(grafana\/grafana(-oss|-enterprise)?)$/,
    kind: "not-at-start",
    how: "Grafana queries a data source only when a dashboard or alert runs",
    entrypoint: false,
    // Its own database (GF_DATABASE_*) is another matter: see PROGRAM_START's grafana entry.
    families: ["redis", "mongodb", "amqp", "s3"],
    source: [{ issue: "grafana/grafana#7359" }],
  },
  {
    repository: /^(prom\/prometheus|prometheus\/prometheus)$/,
    kind: "not-at-start",
    how: "Prometheus scrapes its targets asynchronously: a target that is down is only marked down",
    entrypoint: false,
    source: [
      {
        repository: "prometheus/prometheus",
        path: "Dockerfile",
        commit: "0180c950db494b081f90d79b68883308da6e7029",
      },
    ],
  },
  {
    repository: /^(quay\.io\/)?keycloak\/keycloak$/,
    kind: "fails-hard",
    how: "Keycloak exits with `Failed to obtain JDBC connection` when its database refuses at start",
    entrypoint: false,
    families: SQL,
    source: [{ issue: "keycloak/keycloak#29306" }, { issue: "keycloak/keycloak#26042" }],
  },
];

/**
 * A program in the service's command (or entrypoint), whatever the image: matched against
 * each simple command (`bash -c` scripts unwrapped) as its words joined by spaces.
 */
export interface ProgramStart {
  /** The words of one simple command, joined by single spaces. */
  command: RegExp;
  kind: StartKind;
  how: string;
  /** The database kinds it is about; any when absent. */
  families?: readonly Family[];
  /** Only when this variable is set to a matching value (Grafana's own database). */
  when?: { name: string; value: RegExp };
  source: StartSource[];
}

/** `mlflow`, `python -m mlflow`, `/usr/local/bin/mlflow`. */
const MLFLOW = String.raw`^(\S*/)?(python[\d.]*\s+-m\s+)?(\S*/)?mlflow`;

export const PROGRAM_START: readonly ProgramStart[] = [
  {
    command: new RegExp(`${MLFLOW}\\s+(server|ui|db\\s+upgrade)\\b`),
    kind: "waits",
    how: "MLflow retries its backend store connection with backoff (about 100 s) since version 1.13",
    families: SQL,
    source: [
      {
        repository: "mlflow/mlflow",
        path: "mlflow/store/db/utils.py",
        commit: "008412495a072a1cce2d6aace1297cc40c7d0b59",
      },
      { issue: "mlflow/mlflow#3784" },
    ],
  },
  {
    command: new RegExp(`${MLFLOW}\\s+(server|ui)\\b`),
    kind: "not-at-start",
    how: "the MLflow server talks to its artifact store only when artifacts are logged or served",
    families: ["s3"],
    source: [
      {
        repository: "mlflow/mlflow",
        path: "mlflow/store/db/utils.py",
        commit: "008412495a072a1cce2d6aace1297cc40c7d0b59",
      },
    ],
  },
  {
    command: /^(\S*\/)?(celery\s.*\bworker\b|celery\s+worker\b)/,
    kind: "waits",
    how: "a Celery worker retries its broker connection at start (`broker_connection_retry_on_startup`, 100 tries)",
    families: ["redis", "amqp"],
    source: [{ url: "https://docs.celeryq.dev/en/stable/userguide/configuration.html" }],
  },
  {
    command: /^(sleep\s+infinity|tail\s+-f\s+\/dev\/null|sleep\s+\d{5,})\s*$/,
    kind: "not-at-start",
    how: "it only idles (`sleep infinity`, `tail -f /dev/null`) until someone runs something in it",
    source: [{ url: "https://github.com/docker/compose/tree/main/pkg/e2e/fixtures" }],
  },
  {
    command: /^(\S*\/)?(crond?|busybox\s+crond|supercronic|go-crond)(\s|$)/,
    kind: "not-at-start",
    how: "a cron container connects only when a job runs, later",
    source: [{ url: "https://github.com/aptible/supercronic#readme" }],
  },
  {
    command: /^(\S*\/)?mc\s+(alias\s+set|config\s+host\s+add|mb|admin)\b/,
    kind: "fails-hard",
    how: "`mc` gives up at once when MinIO is not listening yet (no retry)",
    families: ["s3"],
    source: [{ url: "https://min.io/docs/minio/linux/reference/minio-mc/mc-alias-set.html" }],
  },
  {
    command: /^(\S*\/)?(superset\s+db\s+upgrade|alembic\s+upgrade|flask\s+db\s+upgrade)\b/,
    kind: "fails-hard",
    how: "a schema migration (`db upgrade`) exits on the first refused connection",
    families: SQL,
    source: [
      {
        repository: "apache/superset",
        path: "docker/docker-init.sh",
        commit: "009df4be714ce56f223608913e03c43c233d0e4e",
      },
    ],
  },
  {
    command: /^(\S*\/)?python[\d.]*\s+(\S*\/)?manage\.py\s+migrate\b/,
    kind: "fails-hard",
    how: "Django's `manage.py migrate` exits on the first refused connection",
    families: SQL,
    source: [{ url: "https://docs.djangoproject.com/en/5.1/ref/django-admin/#migrate" }],
  },
  {
    command: /^(\S*\/)?(dagster-webserver|dagster-daemon|dagit)\b/,
    kind: "fails-hard",
    how: "Dagster retries its PostgreSQL storage only ~6 s (5 tries), less than a first PostgreSQL boot",
    families: ["postgres"],
    source: [
      {
        repository: "dagster-io/dagster",
        path: "python_modules/libraries/dagster-postgres/dagster_postgres/utils.py",
        commit: "0918d9e5a83d92c0c0e8f411fd60c52362ce9dbb",
      },
    ],
  },
];

/** MLflow before 1.13 did not retry its first backend store connection. */
export const MLFLOW_RETRY_SINCE = "1.13";

/** The restart policies under which a client that crashes at start is started again. */
export const RESTARTING = /^(always|unless-stopped|on-failure(:\d+)?)$/;
