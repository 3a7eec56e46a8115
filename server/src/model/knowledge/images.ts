/**
 * What the database, cache, broker and S3-store images a compose file runs read and do:
 * how to recognise each, the environment variables its entrypoint (or server) reads, its
 * data directory by version, ports, users, what it does with its variables on an existing
 * data directory, whether it ships curl/wget, and a healthcheck that fails when the server
 * is unusable. Data only, no rule logic.
 *
 * Sources (each entry names its own): the image's Dockerfile and entrypoint in
 * docker-library/postgres, docker-library/mysql, MariaDB/mariadb-docker, docker-library/redis,
 * redis/docker-library-redis, valkey-io/valkey-container, docker-library/mongo,
 * docker-library/rabbitmq, minio/minio, deuxfleurs-org/garage, seaweedfs/seaweedfs,
 * rustfs/rustfs, localstack/localstack, bitnami/containers, the docker-library/docs pages,
 * and the vendors' manuals, at the commits below.
 */

import { splitImageReference } from "../image-reference";
import type { ImageRef } from "../types";

/** Where a fact comes from: a file of a repository at a commit, or a documentation page. */
export interface ImageSource {
  repository?: string;
  path?: string;
  commit?: string;
  url?: string;
  /** An issue or pull request, as `owner/repo#N`. */
  issue?: string;
}

export type ImageKind =
  | "postgres"
  | "mysql"
  | "mariadb"
  | "redis"
  | "valkey"
  | "mongodb"
  | "rabbitmq"
  | "minio"
  | "garage"
  | "seaweedfs"
  | "rustfs"
  | "localstack";

/** What the variable means to someone comparing it with a client's settings. */
export type VariableRole =
  | "user"
  | "password"
  | "database"
  | "root-password"
  | "access-key"
  | "secret-key"
  | "port"
  | "data-dir"
  | "vhost"
  | "flags"
  | "other";

export interface ImageVariable {
  name: string;
  role: VariableRole;
  /** What the image does with it. */
  effect: string;
  /** The value the image uses when it is unset (another variable's name in `${…}`). */
  default?: string;
  /** `NAME_FILE` works too (a path whose content is the value); `error`: setting it stops the container. */
  fileVariant?: true | "error";
  /** Applied only when the data directory is empty (first start). */
  initOnly?: boolean;
  /** Still read, but replaced by `use`. */
  deprecated?: { use: string };
  /** The same setting under another name the image also reads (Bitnami's POSTGRES_* aliases). */
  aliasOf?: string;
}

export interface DataDirectory {
  path: string;
  /** The image's VOLUME, when it differs from the data directory. */
  volume?: string;
  /** Major versions this holds for (inclusive); open ends are unbounded. */
  fromMajor?: number;
  toMajor?: number;
  /** The variable that moves it. */
  movedBy?: string;
  note?: string;
}

export interface ToolAvailability {
  tool: "curl" | "wget" | "shell";
  present: boolean;
  /** For a range of image versions only (MinIO release dates, `RELEASE.2023-11-01T01-57-10Z`). */
  fromRelease?: string;
  untilRelease?: string;
  note?: string;
}

export interface HealthcheckRecipe {
  /** The compose `healthcheck.test`, exactly. `$$` keeps `$` for the container's shell. */
  test: string[];
  /**
   * What a pass proves: `tcp` (the server accepts TCP connections, so not the init server),
   * `credentials` (the given user and password are accepted), `database` (it exists).
   */
  proves: Array<"tcp" | "credentials" | "database" | "process">;
  /** The service environment it needs (the container's own variables it reads). */
  needsEnv?: string[];
  note?: string;
}

/** A check that looks right and is not: the command, when it lies, and what a right one adds. */
export interface HealthcheckPitfall {
  /** The program and the words that identify the check (`redis-cli ping`). */
  command: string;
  /** When it passes although the server is unusable, or never passes. */
  problem: string;
  /** What makes it trustworthy. */
  remedy: string;
  sources: ImageSource[];
}

/** Where an S3 store's API or console address is set: a flag of its server command, or a variable. */
export interface S3AddressSetting {
  /** `--address`, `--console-address` (the value is the next word, or after `=`). */
  flag?: string;
  env?: string;
  /** `address`: `:9000`, `0.0.0.0:9000`, `host:port`; `port`: a bare number (Bitnami's *_PORT_NUMBER). */
  form: "address" | "port";
}

/** How an S3-compatible store listens and whose keys its API accepts (entries of role `s3`). */
export interface S3Api {
  /** The S3 API's port when nothing moves it. */
  apiPort: number;
  /** The web console's port when nothing moves it; undefined: no console, or a random port (MinIO without --console-address). */
  consolePort?: number;
  /** What moves them, the first that is set winning (a flag before its variable). */
  apiAddress: S3AddressSetting[];
  consoleAddress: S3AddressSetting[];
  /**
   * Whose keys the API accepts: `root`, one root access key and secret from the variables
   * below (the first set wins; unset: defaultLogin); `any`, every key (LocalStack); `configured`,
   * keys made outside the environment (`garage key create`, SeaweedFS identities).
   */
  credentials: "root" | "any" | "configured";
  accessKeyVariables: string[];
  secretKeyVariables: string[];
  /** Variables that, when set, may replace the root credentials with values the file does not show. */
  credentialsOverriddenBy?: string[];
  sources: ImageSource[];
}

export interface ImageFacts {
  /** Unique key: the canonical repository ("postgres", "bitnami/postgresql"). */
  id: string;
  kind: ImageKind;
  role: "database" | "cache" | "broker" | "s3";
  flavour: "official" | "vendor" | "bitnami" | "derived";
  /**
   * Repository names (no registry, no tag) that run this image. `derived` images are built
   * FROM the official one and keep its entrypoint.
   */
  repositories: string[];
  ports: Array<{ port: number; purpose: string; setBy?: string }>;
  /** The login the image creates, when it creates one. */
  defaultLogin?: { user?: string; password?: string; database?: string };
  /** The uid the server runs as. */
  uid?: number;
  variables: ImageVariable[];
  /**
   * Name prefixes that belong to this image alone: another name with one of these prefixes
   * is not read by the image (or its tools). Empty: no such claim (MinIO reads hundreds of
   * MINIO_* settings, Bitnami images many aliases).
   */
  closedPrefixes: string[];
  /** Further names in those prefixes that the image's programs read (the mysql client's MYSQL_PWD). */
  alsoRead?: string[];
  dataDirectories: DataDirectory[];
  /** What the entrypoint does with its variables when the data directory already holds data. */
  existingData: string;
  tools: ToolAvailability[];
  /** The image declares its own HEALTHCHECK. */
  imageHealthcheck: boolean;
  healthchecks: HealthcheckRecipe[];
  pitfalls: HealthcheckPitfall[];
  /** The major version `latest` (and an untagged reference) meant at the cited commit. */
  latestMajor?: number;
  /**
   * How a tag names the version: `version` (`16.4-alpine`, `v3.5.0`), `pg-suffix` (the PostgreSQL
   * major after `pg`: `pg16`, `2.17.0-pg17`), `none` (dates, or the image's own numbering).
   */
  tagScheme?: "version" | "pg-suffix" | "none";
  /** For an S3 store: its API and console ports and root credentials. */
  s3?: S3Api;
  notes: string[];
  sources: ImageSource[];
}

// ---------------------------------------------------------------------------------------------
// Commits the entries below were read at

const PG = "6edb0a8c4def40c371514b34aef9037ec82d9110"; // docker-library/postgres, 2026-02-26
const MYSQL = "7f30fdb0738041fc5125e8218e393e0a891243e9"; // docker-library/mysql, 2026-06-16
const MARIADB = "1b6429ba3544e134715c15f8c56cc6f665f827c9"; // MariaDB/mariadb-docker, 2026-05-29
const REDIS = "e92049967d6baa9b4b3d6fd950553e6458e61f13"; // docker-library/redis (7.x), 2024-06-28
const REDIS8 = "0d55be9aa67b917c2a45cadabf07518f356443b0"; // redis/docker-library-redis debian/docker-entrypoint.sh
const VALKEY = "ae6141ea5d62c775b8bdb9be7396b951da435673"; // valkey-io/valkey-container, 2025-01-08
const MONGO = "2c69a57b939afb99266e8f97258adb178e9559e0"; // docker-library/mongo, 2026-06-11
const RABBIT = "9193c1de6d32046e0c1132841a7a4995b0dc32e0"; // docker-library/rabbitmq, 2026-06-15
const DOCS = "c4a9ba41443427b2ec1d5c4cc01879076aa4a1eb"; // docker-library/docs, 2026-08-21
const MINIO = "7aac2a2c5b7c882e68c1ce017d8256be2feea27f"; // minio/minio, 2026-02-12
const GARAGE = "3f4ab3a4a38e382fc54c15580862af55b0257848"; // deuxfleurs-org/garage, 2025-06-13
const SEAWEED = "cc8364a03ebf5cf9f8eab3315ded2000cd07fff6"; // seaweedfs/seaweedfs, 2026-08-22
const RUSTFS = "20d1266496ba50dbec09b2263c504416840c61f7"; // rustfs/rustfs, 2026-08-23
const LOCALSTACK = "8b9a79f05846835cf4dff63ab7eefdde9df83783"; // localstack/localstack, 2026-03-23

const src = (repository: string, path: string, commit: string): ImageSource => ({ repository, path, commit });
const BITNAMI_CATALOG: ImageSource = {
  issue: "bitnami/containers#83267",
  url: "https://github.com/bitnami/containers/issues/83267",
};
const REDIS_NOAUTH: ImageSource = { issue: "langgenius/dify#10898" };
const MYSQLADMIN_DOCS: ImageSource = { url: "https://dev.mysql.com/doc/refman/8.4/en/mysqladmin.html" };

/** Bitnami's images, now also published as bitnamilegacy/* and bitnamisecure/* (bitnami/containers#83267). */
const bitnami = (name: string) => [`bitnami/${name}`, `bitnamilegacy/${name}`, `bitnamisecure/${name}`];

const pgEntrypoint = src("docker-library/postgres", "docker-entrypoint.sh", PG);

const OFFICIAL: readonly ImageFacts[] = [
  {
    id: "postgres",
    kind: "postgres",
    role: "database",
    flavour: "official",
    repositories: ["postgres"],
    ports: [{ port: 5432, purpose: "PostgreSQL", setBy: "PGPORT or -p/-c port= in the command" }],
    defaultLogin: { user: "postgres", database: "${POSTGRES_USER}" },
    uid: 999,
    variables: [
      {
        name: "POSTGRES_PASSWORD",
        role: "password",
        effect:
          "The superuser's password; required unless POSTGRES_HOST_AUTH_METHOD=trust (the container exits).",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "POSTGRES_USER",
        role: "user",
        effect: "The superuser created by initdb.",
        default: "postgres",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "POSTGRES_DB",
        role: "database",
        effect: "The database created at init.",
        default: "${POSTGRES_USER}",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "POSTGRES_INITDB_ARGS",
        role: "flags",
        effect: "Extra initdb arguments.",
        fileVariant: true,
        initOnly: true,
      },
      { name: "POSTGRES_INITDB_WALDIR", role: "other", effect: "initdb --waldir.", initOnly: true },
      {
        name: "POSTGRES_HOST_AUTH_METHOD",
        role: "other",
        effect: "The pg_hba.conf method for host connections (default: password_encryption, scram-sha-256).",
        initOnly: true,
      },
      { name: "PGDATA", role: "data-dir", effect: "The data directory (see dataDirectories)." },
      { name: "PGPORT", role: "port", effect: "The port the server (and the init server) listens on." },
    ],
    closedPrefixes: ["POSTGRES_"],
    dataDirectories: [
      { path: "/var/lib/postgresql/data", toMajor: 17, movedBy: "PGDATA" },
      {
        path: "/var/lib/postgresql/{major}/docker",
        volume: "/var/lib/postgresql",
        fromMajor: 18,
        movedBy: "PGDATA",
        note:
          "From 18 PGDATA is major-specific and the VOLUME is /var/lib/postgresql. With the default PGDATA and no " +
          "database there, a mount at /var/lib/postgresql/data (even an empty one) makes the entrypoint exit 1: " +
          '"Error: in 18+, these Docker images are configured to store database data in a format …" ' +
          "(/var/lib/postgresql/data (unused mount/volume)). Mount /var/lib/postgresql instead.",
      },
    ],
    existingData:
      "When PGDATA/PG_VERSION exists the entrypoint skips initialization: POSTGRES_USER, POSTGRES_PASSWORD, " +
      "POSTGRES_DB and POSTGRES_INITDB_ARGS are ignored and the old roles and databases stay " +
      '("PostgreSQL Database directory appears to contain a database; Skipping initialization").',
    tools: [
      {
        tool: "curl",
        present: false,
        note: "Debian variants; wget is installed for gosu and purged (Dockerfile).",
      },
      { tool: "wget", present: false, note: "Debian variants." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: [
          "CMD-SHELL",
          'pg_isready -h 127.0.0.1 -p "$${PGPORT:-5432}" -U "$${POSTGRES_USER:-postgres}" -d "$${POSTGRES_DB:-$${POSTGRES_USER:-postgres}}"',
        ],
        proves: ["tcp"],
        note:
          "Over TCP it fails while the init server runs (listen_addresses=''). pg_isready does not check the role, " +
          "password or database: a wrong -U/-d still passes and logs FATAL every interval, so give the effective ones.",
      },
    ],
    pitfalls: [
      {
        command: "pg_isready",
        problem:
          "Without -h it uses the Unix socket and passes against the socket-only init server, before the real server listens on TCP.",
        remedy: "-h 127.0.0.1 (and -p when PGPORT is set).",
        sources: [pgEntrypoint, { issue: "docker-library/postgres#880" }],
      },
      {
        command: "pg_isready",
        problem:
          "It does not check the role, password or database: with a -U or -d that does not exist it still passes, and the server logs FATAL every interval.",
        remedy:
          "-U and -d of the effective POSTGRES_USER and POSTGRES_DB (or PGUSER/PGDATABASE in the service).",
        sources: [{ url: "https://www.postgresql.org/docs/current/app-pg-isready.html" }],
      },
    ],
    latestMajor: 18,
    notes: [
      "docker_setup_env: POSTGRES_USER defaults to postgres, POSTGRES_DB to POSTGRES_USER; file_env fails when both NAME and NAME_FILE are set.",
      "postgres:latest and untagged postgres are the newest major (18 at the cited commit: generate-stackbrew-library.sh).",
    ],
    sources: [
      pgEntrypoint,
      src("docker-library/postgres", "18/trixie/Dockerfile", PG),
      src("docker-library/postgres", "17/trixie/Dockerfile", PG),
      src("docker-library/postgres", "generate-stackbrew-library.sh", PG),
      { url: "https://www.postgresql.org/docs/current/app-postgres.html" },
      { url: "https://www.postgresql.org/docs/current/app-pg-isready.html" },
    ],
  },
  {
    id: "bitnami/postgresql",
    kind: "postgres",
    role: "database",
    flavour: "bitnami",
    repositories: bitnami("postgresql"),
    ports: [{ port: 5432, purpose: "PostgreSQL", setBy: "POSTGRESQL_PORT_NUMBER" }],
    defaultLogin: { user: "postgres", database: "postgres" },
    uid: 1001,
    variables: [
      {
        name: "POSTGRESQL_USERNAME",
        role: "user",
        effect: "The user created at init.",
        default: "postgres",
        fileVariant: true,
      },
      { name: "POSTGRESQL_PASSWORD", role: "password", effect: "Its password.", fileVariant: true },
      {
        name: "POSTGRESQL_DATABASE",
        role: "database",
        effect: "The database created at init.",
        default: "postgres",
        fileVariant: true,
      },
      {
        name: "POSTGRESQL_POSTGRES_PASSWORD",
        role: "root-password",
        effect: "The postgres superuser's password when POSTGRESQL_USERNAME is another user.",
        fileVariant: true,
      },
      {
        name: "POSTGRESQL_PORT_NUMBER",
        role: "port",
        effect: "The port.",
        default: "5432",
        fileVariant: true,
      },
      { name: "POSTGRESQL_DATA_DIR", role: "data-dir", effect: "The data directory.", fileVariant: true },
      {
        name: "ALLOW_EMPTY_PASSWORD",
        role: "other",
        effect: "yes: start without a password.",
        fileVariant: true,
      },
      // Aliases the env script maps onto the POSTGRESQL_* names (postgresql-env.sh).
      {
        name: "POSTGRES_USER",
        role: "user",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_USERNAME",
        fileVariant: true,
      },
      {
        name: "POSTGRES_USERNAME",
        role: "user",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_USERNAME",
        fileVariant: true,
      },
      {
        name: "POSTGRESQL_USER",
        role: "user",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_USERNAME",
        fileVariant: true,
      },
      {
        name: "POSTGRES_PASSWORD",
        role: "password",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_PASSWORD",
        fileVariant: true,
      },
      {
        name: "POSTGRES_DB",
        role: "database",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_DATABASE",
        fileVariant: true,
      },
      {
        name: "POSTGRES_DATABASE",
        role: "database",
        effect: "Alias (read before POSTGRES_DB).",
        aliasOf: "POSTGRESQL_DATABASE",
        fileVariant: true,
      },
      {
        name: "POSTGRES_POSTGRES_PASSWORD",
        role: "root-password",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_POSTGRES_PASSWORD",
        fileVariant: true,
      },
      {
        name: "PGDATA",
        role: "data-dir",
        effect: "Alias.",
        aliasOf: "POSTGRESQL_DATA_DIR",
        fileVariant: true,
      },
    ],
    // About 160 names, POSTGRES_* aliases among them: no claim about names not listed here.
    closedPrefixes: [],
    dataDirectories: [
      { path: "/bitnami/postgresql/data", volume: "/bitnami/postgresql", movedBy: "POSTGRESQL_DATA_DIR" },
    ],
    existingData: "Initialization (user, password, database) runs only on an empty data directory.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: [
      "Unlike the official image, POSTGRES_DATABASE is read here (an alias of POSTGRESQL_DATABASE), and the default database is postgres, not the user's name.",
      "Since 2025-08-28 Bitnami publishes versioned tags only under bitnamilegacy/ (no updates) and a few latest tags under bitnamisecure/.",
    ],
    sources: [
      {
        repository: "bitnami/containers",
        path: "bitnami/postgresql/18/debian-12/rootfs/opt/bitnami/scripts/postgresql-env.sh",
        commit: "c33cfb71fde4346559c92bad6a1a2101c84e16b6",
      },
      BITNAMI_CATALOG,
    ],
  },
  {
    id: "mysql",
    kind: "mysql",
    role: "database",
    flavour: "official",
    repositories: ["mysql"],
    ports: [
      { port: 3306, purpose: "MySQL protocol" },
      { port: 33060, purpose: "X Protocol" },
    ],
    defaultLogin: { user: "root" },
    uid: 999,
    variables: [
      {
        name: "MYSQL_ROOT_PASSWORD",
        role: "root-password",
        effect:
          "root's password; one of it, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD is required on first start.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MYSQL_ALLOW_EMPTY_PASSWORD",
        role: "other",
        effect: "Any non-empty value: root has no password.",
        initOnly: true,
      },
      {
        name: "MYSQL_RANDOM_ROOT_PASSWORD",
        role: "other",
        effect: "Generates root's password and prints it.",
        initOnly: true,
      },
      {
        name: "MYSQL_ROOT_HOST",
        role: "other",
        effect: "The host part of root's remote account.",
        default: "%",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MYSQL_DATABASE",
        role: "database",
        effect: "Created at init.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MYSQL_USER",
        role: "user",
        effect:
          "A regular user created at init (not root: the entrypoint refuses MYSQL_USER=root), with all rights on MYSQL_DATABASE.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MYSQL_PASSWORD",
        role: "password",
        effect: "MYSQL_USER's password; without it the user is not created.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MYSQL_ONETIME_PASSWORD",
        role: "other",
        effect: "Expires root's password after init.",
        initOnly: true,
      },
      {
        name: "MYSQL_INITDB_SKIP_TZINFO",
        role: "other",
        effect: "Skips loading time zones.",
        initOnly: true,
      },
    ],
    closedPrefixes: ["MYSQL_"],
    // Read by the MySQL programs in the image (MySQL 8.4 manual, 6.9 Environment Variables) or set by its Dockerfile.
    alsoRead: [
      "MYSQL_PWD",
      "MYSQL_HOST",
      "MYSQL_TCP_PORT",
      "MYSQL_UNIX_PORT",
      "MYSQL_HISTFILE",
      "MYSQL_HISTIGNORE",
      "MYSQL_HOME",
      "MYSQL_PS1",
      "MYSQL_DEBUG",
      "MYSQL_GROUP_SUFFIX",
      "MYSQL_TEST_LOGIN_FILE",
      "MYSQL_MAJOR",
      "MYSQL_VERSION",
      "MYSQL_SHELL_VERSION",
    ],
    dataDirectories: [{ path: "/var/lib/mysql" }],
    existingData:
      "When DATADIR/mysql exists the entrypoint skips initialization: root's password, MYSQL_DATABASE, MYSQL_USER and MYSQL_PASSWORD are ignored.",
    tools: [
      {
        tool: "curl",
        present: true,
        note: "The Oracle Linux base has curl: the Dockerfile uses it for gosu without installing it.",
      },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: [
          "CMD-SHELL",
          'mysqladmin ping -h 127.0.0.1 -u root --password="$$MYSQL_ROOT_PASSWORD" --silent',
        ],
        proves: ["tcp"],
        needsEnv: ["MYSQL_ROOT_PASSWORD"],
        note:
          "Over TCP (-h 127.0.0.1) it fails while the init server runs with --skip-networking. mysqladmin ping exits 0 " +
          "even on Access denied, so it does not prove the password.",
      },
      {
        test: [
          "CMD-SHELL",
          'mysql -h 127.0.0.1 -u "$$MYSQL_USER" --password="$$MYSQL_PASSWORD" -e "SELECT 1" "$$MYSQL_DATABASE"',
        ],
        proves: ["tcp", "credentials", "database"],
        needsEnv: ["MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE"],
      },
    ],
    pitfalls: [
      {
        command: "mysqladmin ping",
        problem:
          "Without -h, or with -h localhost (which means the socket), it passes against the temporary init server, which runs with --skip-networking.",
        remedy: "-h 127.0.0.1 (or --protocol=tcp).",
        sources: [src("docker-library/mysql", "docker-entrypoint.sh", MYSQL)],
      },
      {
        command: "mysqladmin ping",
        problem:
          "Exits 0 when the server answers Access denied: it proves the server runs, not the credentials.",
        remedy:
          "A query with the client's credentials (`mysql -h 127.0.0.1 -u … -e 'SELECT 1'`) when they matter.",
        sources: [MYSQLADMIN_DOCS],
      },
    ],
    latestMajor: 9,
    notes: [],
    sources: [
      src("docker-library/mysql", "docker-entrypoint.sh", MYSQL),
      src("docker-library/mysql", "8.4/Dockerfile.oracle", MYSQL),
      { url: "https://dev.mysql.com/doc/refman/8.4/en/environment-variables.html" },
      MYSQLADMIN_DOCS,
    ],
  },
  {
    id: "bitnami/mysql",
    kind: "mysql",
    role: "database",
    flavour: "bitnami",
    repositories: bitnami("mysql"),
    ports: [{ port: 3306, purpose: "MySQL protocol", setBy: "MYSQL_PORT_NUMBER" }],
    defaultLogin: { user: "root" },
    uid: 1001,
    variables: [
      { name: "MYSQL_ROOT_PASSWORD", role: "root-password", effect: "root's password.", fileVariant: true },
      { name: "MYSQL_USER", role: "user", effect: "A user created at init.", fileVariant: true },
      { name: "MYSQL_PASSWORD", role: "password", effect: "Its password.", fileVariant: true },
      { name: "MYSQL_DATABASE", role: "database", effect: "Created at init.", fileVariant: true },
      { name: "ALLOW_EMPTY_PASSWORD", role: "other", effect: "yes: start without a root password." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/mysql/data", volume: "/bitnami/mysql" }],
    existingData: "Initialization runs only on an empty data directory.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: [
      "Bitnami image: its own scripts, data under /bitnami, runs as uid 1001 (see bitnami/containers#83267 for where it is published now).",
    ],
    sources: [{ url: "https://github.com/bitnami/containers/tree/main/bitnami/mysql" }, BITNAMI_CATALOG],
  },
  {
    id: "mariadb",
    kind: "mariadb",
    role: "database",
    flavour: "official",
    repositories: ["mariadb"],
    ports: [{ port: 3306, purpose: "MySQL protocol" }],
    defaultLogin: { user: "root" },
    uid: 999,
    variables: [
      {
        name: "MARIADB_ROOT_PASSWORD",
        role: "root-password",
        effect:
          "root's password (or MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD).",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_ROOT_PASSWORD_HASH",
        role: "root-password",
        effect: "root's password hash.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
        role: "other",
        effect: "root without password.",
        initOnly: true,
      },
      {
        name: "MARIADB_RANDOM_ROOT_PASSWORD",
        role: "other",
        effect: "Generated root password.",
        initOnly: true,
      },
      {
        name: "MARIADB_ROOT_HOST",
        role: "other",
        effect: "root's remote host.",
        default: "%",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_DATABASE",
        role: "database",
        effect: "Created at init.",
        fileVariant: true,
        initOnly: true,
      },
      { name: "MARIADB_USER", role: "user", effect: "Created at init.", fileVariant: true, initOnly: true },
      {
        name: "MARIADB_PASSWORD",
        role: "password",
        effect: "MARIADB_USER's password.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_PASSWORD_HASH",
        role: "password",
        effect: "Its hash.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_USER_HOST",
        role: "other",
        effect: "The user's host.",
        default: "%",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_AUTO_UPGRADE",
        role: "other",
        effect: "Runs mariadb-upgrade on an existing data directory when needed.",
      },
      {
        name: "MARIADB_DISABLE_UPGRADE_BACKUP",
        role: "other",
        effect: "Skips the backup before that upgrade.",
      },
      { name: "MARIADB_INITDB_SKIP_TZINFO", role: "other", effect: "Skips time zones.", initOnly: true },
      {
        name: "MARIADB_MYSQL_LOCALHOST_USER",
        role: "other",
        effect: "Creates mysql@localhost.",
        initOnly: true,
      },
      { name: "MARIADB_MYSQL_LOCALHOST_GRANTS", role: "other", effect: "Its grants.", initOnly: true },
      {
        name: "MARIADB_HEALTHCHECK_GRANTS",
        role: "other",
        effect: "Grants of the healthcheck user.",
        initOnly: true,
      },
      {
        name: "MARIADB_REPLICATION_USER",
        role: "other",
        effect: "Replication user.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_REPLICATION_PASSWORD",
        role: "other",
        effect: "Its password.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_REPLICATION_PASSWORD_HASH",
        role: "other",
        effect: "Its hash.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_MASTER_HOST",
        role: "other",
        effect: "Primary to replicate from.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MARIADB_MASTER_PORT",
        role: "other",
        effect: "Its port.",
        default: "3306",
        fileVariant: true,
        initOnly: true,
      },
      // The MYSQL_* names are read as fallbacks of the MARIADB_* ones (_mariadb_file_env).
      {
        name: "MYSQL_ROOT_PASSWORD",
        role: "root-password",
        effect: "Fallback.",
        aliasOf: "MARIADB_ROOT_PASSWORD",
        fileVariant: true,
      },
      {
        name: "MYSQL_DATABASE",
        role: "database",
        effect: "Fallback.",
        aliasOf: "MARIADB_DATABASE",
        fileVariant: true,
      },
      { name: "MYSQL_USER", role: "user", effect: "Fallback.", aliasOf: "MARIADB_USER", fileVariant: true },
      {
        name: "MYSQL_PASSWORD",
        role: "password",
        effect: "Fallback.",
        aliasOf: "MARIADB_PASSWORD",
        fileVariant: true,
      },
      {
        name: "MYSQL_ROOT_HOST",
        role: "other",
        effect: "Fallback.",
        aliasOf: "MARIADB_ROOT_HOST",
        fileVariant: true,
      },
      {
        name: "MYSQL_ALLOW_EMPTY_PASSWORD",
        role: "other",
        effect: "Fallback.",
        aliasOf: "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
      },
      {
        name: "MYSQL_RANDOM_ROOT_PASSWORD",
        role: "other",
        effect: "Fallback.",
        aliasOf: "MARIADB_RANDOM_ROOT_PASSWORD",
      },
      {
        name: "MYSQL_INITDB_SKIP_TZINFO",
        role: "other",
        effect: "Fallback.",
        aliasOf: "MARIADB_INITDB_SKIP_TZINFO",
      },
    ],
    closedPrefixes: ["MARIADB_"],
    alsoRead: ["MARIADB_VERSION", "MARIADB_PID"],
    dataDirectories: [{ path: "/var/lib/mysql" }],
    existingData:
      "When DATADIR/mysql exists initialization is skipped: passwords, users and databases from the environment are ignored (MARIADB_AUTO_UPGRADE may still upgrade the system tables).",
    tools: [
      { tool: "curl", present: false },
      { tool: "wget", present: false, note: "Installed for gosu and purged." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"],
        proves: ["tcp"],
        note: "The image's /usr/local/bin/healthcheck.sh: --connect fails while networking is skipped (the init server).",
      },
    ],
    pitfalls: [],
    notes: [],
    sources: [
      src("MariaDB/mariadb-docker", "docker-entrypoint.sh", MARIADB),
      src("MariaDB/mariadb-docker", "11.8/Dockerfile", MARIADB),
      src("MariaDB/mariadb-docker", "11.8/healthcheck.sh", MARIADB),
      src("docker-library/docs", "mariadb/content.md", DOCS),
      { url: "https://mariadb.com/kb/en/using-healthcheck-sh-script/" },
    ],
  },
  {
    id: "bitnami/mariadb",
    kind: "mariadb",
    role: "database",
    flavour: "bitnami",
    repositories: bitnami("mariadb"),
    ports: [{ port: 3306, purpose: "MySQL protocol", setBy: "MARIADB_PORT_NUMBER" }],
    defaultLogin: { user: "root" },
    uid: 1001,
    variables: [
      { name: "MARIADB_ROOT_PASSWORD", role: "root-password", effect: "root's password.", fileVariant: true },
      { name: "MARIADB_USER", role: "user", effect: "Created at init.", fileVariant: true },
      { name: "MARIADB_PASSWORD", role: "password", effect: "Its password.", fileVariant: true },
      { name: "MARIADB_DATABASE", role: "database", effect: "Created at init.", fileVariant: true },
      { name: "ALLOW_EMPTY_PASSWORD", role: "other", effect: "yes: no root password." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/mariadb/data", volume: "/bitnami/mariadb" }],
    existingData: "Initialization runs only on an empty data directory.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: [],
    sources: [{ url: "https://github.com/bitnami/containers/tree/main/bitnami/mariadb" }, BITNAMI_CATALOG],
  },
  {
    id: "redis",
    kind: "redis",
    role: "cache",
    flavour: "official",
    repositories: ["redis"],
    ports: [{ port: 6379, purpose: "RESP", setBy: "--port in the command or a redis.conf" }],
    uid: 999,
    // The entrypoint reads no password or database setting: a password is `--requirepass` in the command
    // (or a mounted redis.conf). REDIS_PASSWORD in the environment is only what a command makes of it.
    variables: [
      {
        name: "SKIP_FIX_PERMS",
        role: "other",
        effect: "Redis 8 images: leave the data directory's ownership alone.",
      },
      { name: "SKIP_DROP_PRIVS", role: "other", effect: "Redis 8 images: keep running as root." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/data" }],
    existingData: "No initialization step: the server loads what /data holds (dump.rdb, appendonlydir).",
    tools: [
      { tool: "curl", present: false },
      { tool: "wget", present: false, note: "Installed for the build and purged (Debian variants)." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD-SHELL", 'redis-cli -a "$$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'],
        proves: ["tcp", "credentials"],
        needsEnv: ["REDIS_PASSWORD"],
        note: "With requirepass. The password must be in the container's environment (here REDIS_PASSWORD), not only on the command line.",
      },
      {
        test: ["CMD-SHELL", "redis-cli ping | grep -q PONG"],
        proves: ["tcp", "credentials"],
        needsEnv: ["REDISCLI_AUTH"],
        note: "redis-cli reads the password from REDISCLI_AUTH (set it in the service's environment); without requirepass no variable is needed.",
      },
    ],
    pitfalls: [
      {
        command: "redis-cli ping",
        problem:
          "Against a server with requirepass it prints NOAUTH and exits 0: the check passes on a server that refuses every client.",
        remedy:
          "Authenticate (-a with --no-auth-warning, or REDISCLI_AUTH in the service) and require PONG (`| grep -q PONG`).",
        sources: [REDIS_NOAUTH],
      },
    ],
    notes: [
      "redis-cli's REDISCLI_AUTH: redis/redis src/redis-cli.c (REDIS_CLI_AUTH_ENV).",
      "Airflow's official compose pins redis:7.2-bookworm (the last BSD-licensed line).",
    ],
    sources: [
      src("docker-library/redis", "docker-entrypoint.sh", REDIS),
      src("docker-library/redis", "7.2/debian/Dockerfile", REDIS),
      src("redis/docker-library-redis", "debian/docker-entrypoint.sh", REDIS8),
      src("redis/redis", "src/redis-cli.c", "0006c989d2cde8475c7daa56a6e11d7ba72dbd91"),
      REDIS_NOAUTH,
    ],
  },
  {
    id: "bitnami/redis",
    kind: "redis",
    role: "cache",
    flavour: "bitnami",
    repositories: bitnami("redis"),
    ports: [{ port: 6379, purpose: "RESP", setBy: "REDIS_PORT_NUMBER" }],
    uid: 1001,
    variables: [
      {
        name: "REDIS_PASSWORD",
        role: "password",
        effect: "The server's requirepass (set by the image's scripts).",
        fileVariant: true,
      },
      {
        name: "ALLOW_EMPTY_PASSWORD",
        role: "other",
        effect: "yes: start without a password (without it and without REDIS_PASSWORD the container exits).",
      },
      { name: "REDIS_DISABLE_COMMANDS", role: "other", effect: "Commands to disable." },
      { name: "REDIS_PORT_NUMBER", role: "port", effect: "The port.", default: "6379" },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/redis/data", volume: "/bitnami" }],
    existingData: "The server loads what the data directory holds.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD-SHELL", 'redis-cli -a "$$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'],
        proves: ["tcp", "credentials"],
        needsEnv: ["REDIS_PASSWORD"],
      },
    ],
    pitfalls: [
      {
        command: "redis-cli ping",
        problem:
          "With REDIS_PASSWORD set the server requires it: an unauthenticated ping prints NOAUTH and exits 0.",
        remedy: 'redis-cli -a "$$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG',
        sources: [REDIS_NOAUTH],
      },
    ],
    notes: [],
    sources: [
      {
        repository: "bitnami/containers",
        path: "bitnami/redis/README.md",
        commit: "000cfd00488a68cc511f4ffdc95571091020af15",
      },
      BITNAMI_CATALOG,
    ],
  },
  {
    id: "valkey",
    kind: "valkey",
    role: "cache",
    flavour: "official",
    repositories: ["valkey/valkey"],
    ports: [{ port: 6379, purpose: "RESP" }],
    uid: 999,
    variables: [
      {
        name: "VALKEY_EXTRA_FLAGS",
        role: "flags",
        effect: 'Appended to the command line (`exec "$@" $VALKEY_EXTRA_FLAGS`).',
      },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/data" }],
    existingData: "No initialization step: the server loads what /data holds.",
    tools: [
      { tool: "curl", present: false },
      { tool: "wget", present: false, note: "Installed for the build and purged." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD-SHELL", 'valkey-cli -a "$$VALKEY_PASSWORD" --no-auth-warning ping | grep -q PONG'],
        proves: ["tcp", "credentials"],
        needsEnv: ["VALKEY_PASSWORD"],
        note: "valkey-cli also reads VALKEYCLI_AUTH, and REDISCLI_AUTH as its old name (valkey-cli.c).",
      },
    ],
    pitfalls: [
      {
        command: "valkey-cli ping",
        problem:
          "Against a server with requirepass the ping prints an auth error and exits 0, like redis-cli it was forked from.",
        remedy: "Authenticate and require PONG.",
        sources: [REDIS_NOAUTH],
      },
    ],
    notes: [],
    sources: [
      src("valkey-io/valkey-container", "docker-entrypoint.sh", VALKEY),
      src("valkey-io/valkey-container", "8.0/debian/Dockerfile", VALKEY),
      src("valkey-io/valkey", "src/valkey-cli.c", "006f11deb0ade147f3957f409b35ee87e8c98a41"),
    ],
  },
  {
    id: "bitnami/valkey",
    kind: "valkey",
    role: "cache",
    flavour: "bitnami",
    repositories: bitnami("valkey"),
    ports: [{ port: 6379, purpose: "RESP", setBy: "VALKEY_PORT_NUMBER" }],
    uid: 1001,
    variables: [
      { name: "VALKEY_PASSWORD", role: "password", effect: "The server's requirepass.", fileVariant: true },
      { name: "ALLOW_EMPTY_PASSWORD", role: "other", effect: "yes: start without a password." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/valkey/data" }],
    existingData: "The server loads what the data directory holds.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: [],
    sources: [{ url: "https://github.com/bitnami/containers/tree/main/bitnami/valkey" }, BITNAMI_CATALOG],
  },
  {
    id: "mongo",
    kind: "mongodb",
    role: "database",
    flavour: "official",
    repositories: ["mongo"],
    ports: [{ port: 27017, purpose: "MongoDB wire protocol" }],
    uid: 999,
    variables: [
      {
        name: "MONGO_INITDB_ROOT_USERNAME",
        role: "user",
        effect:
          "With the password: creates this root user in admin and starts mongod with --auth (both or neither, else exit 1).",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MONGO_INITDB_ROOT_PASSWORD",
        role: "password",
        effect: "Its password.",
        fileVariant: true,
        initOnly: true,
      },
      {
        name: "MONGO_INITDB_DATABASE",
        role: "database",
        effect: "The database /docker-entrypoint-initdb.d scripts run against (not created otherwise).",
        default: "test",
        initOnly: true,
      },
    ],
    closedPrefixes: ["MONGO_INITDB_"],
    dataDirectories: [{ path: "/data/db", volume: "/data/db /data/configdb" }],
    existingData:
      "When the data directory holds WiredTiger, journal, local.0 or storage.bson the init step is skipped: the root user variables are ignored (--auth is still added when both are set).",
    tools: [
      { tool: "curl", present: false },
      { tool: "wget", present: false, note: "Installed for the build and purged." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD-SHELL", "mongosh --quiet --eval \"db.adminCommand('ping').ok\" | grep -q 1"],
        proves: ["process"],
        note:
          "ping needs no authentication, and the init server listens on 127.0.0.1 too: this passes during init. " +
          "Images before 6.0 ship `mongo` instead of `mongosh`.",
      },
    ],
    pitfalls: [],
    latestMajor: 8,
    notes: [],
    sources: [
      src("docker-library/mongo", "docker-entrypoint.sh", MONGO),
      src("docker-library/mongo", "8.0/Dockerfile", MONGO),
      src("docker-library/mongo", "generate-stackbrew-library.sh", MONGO),
    ],
  },
  {
    id: "bitnami/mongodb",
    kind: "mongodb",
    role: "database",
    flavour: "bitnami",
    repositories: bitnami("mongodb"),
    ports: [{ port: 27017, purpose: "MongoDB wire protocol", setBy: "MONGODB_PORT_NUMBER" }],
    uid: 1001,
    variables: [
      {
        name: "MONGODB_ROOT_USER",
        role: "user",
        effect: "The root user.",
        default: "root",
        fileVariant: true,
      },
      { name: "MONGODB_ROOT_PASSWORD", role: "root-password", effect: "Its password.", fileVariant: true },
      { name: "MONGODB_USERNAME", role: "user", effect: "A user created at init.", fileVariant: true },
      { name: "MONGODB_PASSWORD", role: "password", effect: "Its password.", fileVariant: true },
      { name: "MONGODB_DATABASE", role: "database", effect: "Its database.", fileVariant: true },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/mongodb" }],
    existingData: "Initialization runs only on an empty data directory.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: [],
    sources: [{ url: "https://github.com/bitnami/containers/tree/main/bitnami/mongodb" }, BITNAMI_CATALOG],
  },
  {
    id: "rabbitmq",
    kind: "rabbitmq",
    role: "broker",
    flavour: "official",
    repositories: ["rabbitmq"],
    ports: [
      { port: 5672, purpose: "AMQP" },
      { port: 5671, purpose: "AMQPS" },
      { port: 15672, purpose: "management UI and API (-management tags)" },
      { port: 15692, purpose: "Prometheus metrics" },
      { port: 25672, purpose: "inter-node and CLI tools" },
      { port: 4369, purpose: "epmd" },
    ],
    defaultLogin: { user: "guest", password: "guest" },
    uid: 999,
    variables: [
      {
        name: "RABBITMQ_DEFAULT_USER",
        role: "user",
        effect: "The user RabbitMQ creates on a fresh node (read by RabbitMQ itself).",
        default: "guest",
        fileVariant: "error",
        initOnly: true,
      },
      {
        name: "RABBITMQ_DEFAULT_PASS",
        role: "password",
        effect: "Its password.",
        default: "guest",
        fileVariant: "error",
        initOnly: true,
      },
      {
        name: "RABBITMQ_DEFAULT_VHOST",
        role: "vhost",
        effect: "The default virtual host.",
        default: "/",
        initOnly: true,
      },
      {
        name: "RABBITMQ_ERLANG_COOKIE",
        role: "other",
        effect: "Read by RabbitMQ's scripts (deprecated there in favour of the cookie file).",
      },
      {
        name: "RABBITMQ_USE_LONGNAME",
        role: "other",
        effect: "Set by the entrypoint when the long and short host names differ.",
      },
    ],
    // RabbitMQ itself reads many RABBITMQ_* settings (rabbitmq-env): no claim about other names.
    closedPrefixes: [],
    dataDirectories: [
      {
        path: "/var/lib/rabbitmq",
        note: "Data lives under mnesia/rabbit@<hostname>: without a fixed `hostname:` a re-created container starts an empty node.",
      },
    ],
    existingData:
      "RABBITMQ_DEFAULT_USER/PASS/VHOST apply only when the node's database is created; an existing node keeps its users.",
    tools: [
      { tool: "curl", present: false },
      { tool: "wget", present: false, note: "Installed for the build and purged." },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"],
        proves: ["process"],
        note: "Checks the node runs; it does not use the AMQP credentials.",
      },
    ],
    pitfalls: [],
    latestMajor: 4,
    notes: [
      'In 4.x images, RABBITMQ_DEFAULT_USER_FILE, RABBITMQ_DEFAULT_PASS_FILE, the RABBITMQ_SSL_* and RABBITMQ_VM_MEMORY_HIGH_WATERMARK variables make the entrypoint exit 1 ("deprecated environment variables detected"): use a configuration file.',
    ],
    sources: [
      src("docker-library/rabbitmq", "docker-entrypoint.sh", RABBIT),
      src("docker-library/rabbitmq", "4.2/ubuntu/Dockerfile", RABBIT),
      src("docker-library/docs", "rabbitmq/content.md", DOCS),
    ],
  },
  {
    id: "bitnami/rabbitmq",
    kind: "rabbitmq",
    role: "broker",
    flavour: "bitnami",
    repositories: bitnami("rabbitmq"),
    ports: [
      { port: 5672, purpose: "AMQP", setBy: "RABBITMQ_NODE_PORT_NUMBER" },
      { port: 15672, purpose: "management", setBy: "RABBITMQ_MANAGEMENT_PORT_NUMBER" },
    ],
    uid: 1001,
    variables: [
      { name: "RABBITMQ_USERNAME", role: "user", effect: "The user created at init.", default: "user" },
      { name: "RABBITMQ_PASSWORD", role: "password", effect: "Its password.", default: "bitnami" },
      { name: "RABBITMQ_VHOST", role: "vhost", effect: "The virtual host.", default: "/" },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/rabbitmq/mnesia", volume: "/bitnami/rabbitmq" }],
    existingData: "Users are created on a fresh node only.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    notes: ["Bitnami names the user RABBITMQ_USERNAME/RABBITMQ_PASSWORD, not RABBITMQ_DEFAULT_USER/PASS."],
    sources: [{ url: "https://github.com/bitnami/containers/tree/main/bitnami/rabbitmq" }, BITNAMI_CATALOG],
  },
  {
    id: "minio/minio",
    kind: "minio",
    role: "s3",
    flavour: "vendor",
    repositories: ["minio/minio"],
    tagScheme: "none",
    ports: [
      { port: 9000, purpose: "S3 API", setBy: "--address / MINIO_ADDRESS" },
      {
        port: 9001,
        purpose: "web console, only with --console-address :9001 (otherwise a random free port)",
        setBy: "--console-address / MINIO_CONSOLE_ADDRESS",
      },
    ],
    defaultLogin: { user: "minioadmin", password: "minioadmin" },
    variables: [
      {
        name: "MINIO_ROOT_USER",
        role: "access-key",
        effect: "The root user (its access key).",
        default: "minioadmin",
        fileVariant: true,
      },
      {
        name: "MINIO_ROOT_PASSWORD",
        role: "secret-key",
        effect: "Its password (secret key).",
        default: "minioadmin",
        fileVariant: true,
      },
      {
        name: "MINIO_ACCESS_KEY",
        role: "access-key",
        effect: "Legacy name of the root user.",
        deprecated: { use: "MINIO_ROOT_USER" },
        fileVariant: true,
      },
      {
        name: "MINIO_SECRET_KEY",
        role: "secret-key",
        effect: "Legacy name of the root password.",
        deprecated: { use: "MINIO_ROOT_PASSWORD" },
        fileVariant: true,
      },
      { name: "MINIO_VOLUMES", role: "data-dir", effect: "The drives when the command names none." },
      { name: "MINIO_ADDRESS", role: "port", effect: "The S3 API address.", default: ":9000" },
      { name: "MINIO_CONSOLE_ADDRESS", role: "port", effect: "The console's address (random when unset)." },
      {
        name: "MINIO_CONFIG_ENV_FILE",
        role: "other",
        effect: "A file of MINIO_* settings that override the environment.",
      },
    ],
    // The server reads hundreds of MINIO_* settings (every config subsystem): no claim about other names.
    closedPrefixes: [],
    dataDirectories: [
      { path: "/data", note: "Whatever the command names (`server /data`); /data is the image's VOLUME." },
    ],
    existingData:
      "The root credentials are taken from the environment at every start; buckets and data stay in the drives.",
    tools: [
      { tool: "curl", present: true, untilRelease: "RELEASE.2023-10-25T06-33-25Z" },
      {
        tool: "curl",
        present: false,
        fromRelease: "RELEASE.2023-11-01T01-57-10Z",
        untilRelease: "RELEASE.2024-03-26T22-10-45Z",
        note: "ubi-micro base (minio/minio#18329); answered in minio/minio#18373 with `mc ready local`.",
      },
      {
        tool: "curl",
        present: true,
        fromRelease: "RELEASE.2024-03-30T09-41-56Z",
        note: "A static curl is copied into the image again (minio/minio#19383).",
      },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [
      {
        test: ["CMD", "mc", "ready", "local"],
        proves: ["tcp"],
        note: "mc is in the image from RELEASE.2022-12-02T19-19-22Z; its `local` alias is http://localhost:9000, so a server on another --address needs its own alias.",
      },
      {
        test: ["CMD", "curl", "-f", "http://localhost:9000/minio/health/live"],
        proves: ["tcp"],
        note: "Images without curl (2023-11-01 … 2024-03-26 releases) cannot run it: the check never passes.",
      },
    ],
    pitfalls: [],
    s3: {
      apiPort: 9000,
      consolePort: undefined,
      apiAddress: [
        { flag: "--address", form: "address" },
        { env: "MINIO_ADDRESS", form: "address" },
      ],
      consoleAddress: [
        { flag: "--console-address", form: "address" },
        { env: "MINIO_CONSOLE_ADDRESS", form: "address" },
      ],
      credentials: "root",
      // MINIO_ROOT_USER/PASSWORD are read after the legacy MINIO_ACCESS_KEY/SECRET_KEY and replace them.
      accessKeyVariables: ["MINIO_ROOT_USER", "MINIO_ACCESS_KEY"],
      secretKeyVariables: ["MINIO_ROOT_PASSWORD", "MINIO_SECRET_KEY"],
      credentialsOverriddenBy: ["MINIO_CONFIG_ENV_FILE"],
      sources: [
        src("minio/minio", "cmd/server-main.go", MINIO),
        src("minio/minio", "cmd/common-main.go", "00293d8ab703206cbea715aa30983cc3a55b87f7"),
        { issue: "minio/mc#4523" },
      ],
    },
    notes: [
      "The community edition is source-only: minio/minio is no longer maintained and publishes no new images (README at the cited commit; minio/minio#21647). Community rebuilds such as pgsty/minio are other images (pgsty/minio#9: no mc, curl or wget).",
    ],
    sources: [
      src("minio/minio", "Dockerfile.release", MINIO),
      src("minio/minio", "dockerscripts/docker-entrypoint.sh", MINIO),
      src("minio/minio", "internal/config/constants.go", MINIO),
      src("minio/minio", "cmd/common-main.go", MINIO),
      src("minio/minio", "cmd/server-main.go", MINIO),
      src("minio/minio", "README.md", MINIO),
      { issue: "minio/minio#18373" },
    ],
  },
  {
    id: "bitnami/minio",
    kind: "minio",
    role: "s3",
    flavour: "bitnami",
    repositories: bitnami("minio"),
    ports: [
      { port: 9000, purpose: "S3 API", setBy: "MINIO_API_PORT_NUMBER" },
      { port: 9001, purpose: "console", setBy: "MINIO_CONSOLE_PORT_NUMBER" },
    ],
    uid: 1001,
    variables: [
      {
        name: "MINIO_ROOT_USER",
        role: "access-key",
        effect: "The root user.",
        default: "minio",
        fileVariant: true,
      },
      {
        name: "MINIO_ROOT_PASSWORD",
        role: "secret-key",
        effect: "Its password.",
        default: "miniosecret",
        fileVariant: true,
      },
      {
        name: "MINIO_DEFAULT_BUCKETS",
        role: "other",
        effect: "Buckets created at start (`name[:policy],…`): Bitnami only.",
      },
      {
        name: "MINIO_FORCE_NEW_KEYS",
        role: "other",
        effect: "yes: apply changed root credentials to existing data.",
      },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/bitnami/minio/data" }],
    existingData: "Keeps the credentials of the first start unless MINIO_FORCE_NEW_KEYS=yes.",
    tools: [],
    imageHealthcheck: false,
    healthchecks: [],
    pitfalls: [],
    s3: {
      apiPort: 9000,
      consolePort: 9001,
      apiAddress: [{ env: "MINIO_API_PORT_NUMBER", form: "port" }],
      consoleAddress: [{ env: "MINIO_CONSOLE_PORT_NUMBER", form: "port" }],
      credentials: "root",
      accessKeyVariables: ["MINIO_ROOT_USER"],
      secretKeyVariables: ["MINIO_ROOT_PASSWORD"],
      // The server itself still reads the legacy names; which wins beside Bitnami's own is not recorded.
      credentialsOverriddenBy: ["MINIO_ACCESS_KEY", "MINIO_SECRET_KEY", "MINIO_CONFIG_ENV_FILE"],
      sources: [
        {
          repository: "bitnami/containers",
          path: "bitnami/minio/README.md",
          commit: "00537b50fa7f71449f41117f6f6cfb9f2abdb2d6",
        },
      ],
    },
    notes: ["MINIO_DEFAULT_BUCKETS exists only in Bitnami's image; minio/minio ignores it."],
    sources: [
      {
        repository: "bitnami/containers",
        path: "bitnami/minio/README.md",
        commit: "00537b50fa7f71449f41117f6f6cfb9f2abdb2d6",
      },
      BITNAMI_CATALOG,
    ],
  },
  {
    id: "dxflrs/garage",
    kind: "garage",
    role: "s3",
    flavour: "vendor",
    repositories: ["dxflrs/garage"],
    ports: [
      { port: 3900, purpose: "S3 API (api_bind_addr in garage.toml)" },
      { port: 3901, purpose: "RPC" },
      { port: 3902, purpose: "S3 web" },
      { port: 3903, purpose: "admin API" },
    ],
    variables: [
      {
        name: "GARAGE_CONFIG_FILE",
        role: "other",
        effect: "The configuration file.",
        default: "/etc/garage.toml",
      },
      { name: "GARAGE_RPC_SECRET", role: "other", effect: "The RPC secret (overrides rpc_secret)." },
      { name: "GARAGE_RPC_SECRET_FILE", role: "other", effect: "A file holding it." },
      { name: "GARAGE_ADMIN_TOKEN", role: "other", effect: "The admin API token." },
      { name: "GARAGE_ADMIN_TOKEN_FILE", role: "other", effect: "A file holding it." },
      { name: "GARAGE_METRICS_TOKEN", role: "other", effect: "The metrics token." },
      { name: "GARAGE_METRICS_TOKEN_FILE", role: "other", effect: "A file holding it." },
      { name: "GARAGE_RPC_HOST", role: "other", effect: "The node the CLI talks to." },
    ],
    closedPrefixes: [],
    dataDirectories: [
      { path: "/var/lib/garage/meta", note: "metadata_dir in garage.toml" },
      { path: "/var/lib/garage/data", note: "data_dir in garage.toml" },
    ],
    existingData:
      "No credentials from the environment: S3 keys are created with `garage key create` and live in the metadata.",
    tools: [
      {
        tool: "shell",
        present: false,
        note: "FROM scratch with only /garage: CMD-SHELL healthchecks cannot run.",
      },
      { tool: "curl", present: false },
      { tool: "wget", present: false },
    ],
    imageHealthcheck: false,
    healthchecks: [{ test: ["CMD", "/garage", "status"], proves: ["process"] }],
    pitfalls: [],
    s3: {
      apiPort: 3900,
      apiAddress: [],
      consoleAddress: [],
      credentials: "configured",
      accessKeyVariables: [],
      secretKeyVariables: [],
      sources: [src("deuxfleurs-org/garage", "doc/book/quick-start/_index.md", GARAGE)],
    },
    notes: [
      "S3 clients use access keys created by `garage key create`; there is no root user to compare them with.",
    ],
    sources: [
      src("deuxfleurs-org/garage", "Dockerfile", GARAGE),
      src("deuxfleurs-org/garage", "src/garage/main.rs", GARAGE),
      src("deuxfleurs-org/garage", "src/garage/secrets.rs", GARAGE),
      src("deuxfleurs-org/garage", "doc/book/quick-start/_index.md", GARAGE),
      src(
        "mlflow/mlflow",
        "docker-compose/garage/docker-compose.yml",
        "e796c485260143dad12d9b0b52f016347c02409a",
      ),
    ],
  },
  {
    id: "chrislusf/seaweedfs",
    kind: "seaweedfs",
    role: "s3",
    flavour: "vendor",
    repositories: ["chrislusf/seaweedfs"],
    ports: [
      { port: 8333, purpose: "S3 API (`weed s3`, or `weed server -s3`)", setBy: "-s3.port / -port" },
      { port: 9333, purpose: "master" },
      { port: 8080, purpose: "volume server" },
      { port: 8888, purpose: "filer" },
    ],
    uid: 1000,
    variables: [
      {
        name: "AWS_ACCESS_KEY_ID",
        role: "access-key",
        effect: "With AWS_SECRET_ACCESS_KEY: an admin S3 identity (releases from 3.96, 2025-07).",
      },
      { name: "AWS_SECRET_ACCESS_KEY", role: "secret-key", effect: "Its secret." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/data", note: "-dir in the command" }],
    existingData: "Identities from the environment are added at every start.",
    tools: [
      { tool: "curl", present: true },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [{ test: ["CMD", "curl", "-f", "http://localhost:8333/healthz"], proves: ["tcp"] }],
    pitfalls: [],
    s3: {
      apiPort: 8333,
      // `weed server -s3 -s3.port=9000`; `weed s3 -port=9000` (mlflow/mlflow docker-compose/seaweedfs).
      apiAddress: [
        { flag: "-s3.port", form: "port" },
        { flag: "-port", form: "port" },
      ],
      consoleAddress: [],
      // AWS_ACCESS_KEY_ID adds one identity; -s3.config and the filer may hold others, and none means anonymous.
      credentials: "configured",
      accessKeyVariables: [],
      secretKeyVariables: [],
      sources: [
        src("seaweedfs/seaweedfs", "weed/s3api/auth_credentials.go", SEAWEED),
        src("seaweedfs/seaweedfs", "weed/command/s3.go", SEAWEED),
        src(
          "mlflow/mlflow",
          "docker-compose/seaweedfs/docker-compose.simple.yml",
          "2be1563d18115f995e5d92ac2f4566f29673c6a3",
        ),
      ],
    },
    notes: ["Without any identity configured the S3 API accepts anonymous requests."],
    sources: [
      src("seaweedfs/seaweedfs", "docker/Dockerfile.go_build", SEAWEED),
      src("seaweedfs/seaweedfs", "weed/s3api/auth_credentials.go", SEAWEED),
      src("seaweedfs/seaweedfs", "weed/s3api/s3api_server.go", SEAWEED),
      src("seaweedfs/seaweedfs", "weed/command/s3.go", SEAWEED),
    ],
  },
  {
    id: "rustfs/rustfs",
    kind: "rustfs",
    role: "s3",
    flavour: "vendor",
    repositories: ["rustfs/rustfs"],
    ports: [
      { port: 9000, purpose: "S3 API", setBy: "RUSTFS_ADDRESS" },
      { port: 9001, purpose: "console", setBy: "RUSTFS_CONSOLE_ADDRESS" },
    ],
    defaultLogin: { user: "rustfsadmin", password: "rustfsadmin" },
    uid: 10001,
    variables: [
      {
        name: "RUSTFS_ACCESS_KEY",
        role: "access-key",
        effect: "The root access key.",
        default: "rustfsadmin",
        fileVariant: true,
      },
      {
        name: "RUSTFS_SECRET_KEY",
        role: "secret-key",
        effect: "Its secret.",
        default: "rustfsadmin",
        fileVariant: true,
      },
      { name: "RUSTFS_VOLUMES", role: "data-dir", effect: "The drives.", default: "/data" },
      { name: "RUSTFS_ADDRESS", role: "port", effect: "The S3 address.", default: ":9000" },
      { name: "RUSTFS_CONSOLE_ADDRESS", role: "port", effect: "The console address.", default: ":9001" },
      { name: "RUSTFS_CONSOLE_ENABLE", role: "other", effect: "Serve the console." },
      {
        name: "RUSTFS_SERVER_DOMAINS",
        role: "other",
        effect: "Host names for virtual-hosted-style requests.",
      },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/data", movedBy: "RUSTFS_VOLUMES" }],
    existingData: "The root credentials are taken from the environment at every start.",
    tools: [
      { tool: "curl", present: true },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: false,
    healthchecks: [{ test: ["CMD", "curl", "-fsS", "http://127.0.0.1:9000/health"], proves: ["tcp"] }],
    pitfalls: [],
    s3: {
      apiPort: 9000,
      consolePort: 9001,
      apiAddress: [{ env: "RUSTFS_ADDRESS", form: "address" }],
      consoleAddress: [{ env: "RUSTFS_CONSOLE_ADDRESS", form: "address" }],
      credentials: "root",
      accessKeyVariables: ["RUSTFS_ACCESS_KEY"],
      secretKeyVariables: ["RUSTFS_SECRET_KEY"],
      sources: [
        src("rustfs/rustfs", "crates/config/src/constants/app.rs", RUSTFS),
        src("rustfs/rustfs", "crates/credentials/src/constants.rs", RUSTFS),
      ],
    },
    notes: [],
    sources: [
      src("rustfs/rustfs", "Dockerfile", RUSTFS),
      src("rustfs/rustfs", "crates/config/src/constants/app.rs", RUSTFS),
      src("rustfs/rustfs", "crates/credentials/src/constants.rs", RUSTFS),
      src("rustfs/rustfs", "docker-compose-simple.yml", RUSTFS),
    ],
  },
  {
    id: "localstack/localstack",
    kind: "localstack",
    role: "s3",
    flavour: "vendor",
    repositories: ["localstack/localstack"],
    ports: [
      { port: 4566, purpose: "every AWS service (S3 included)" },
      { port: 4510, purpose: "external service port range 4510-4559" },
    ],
    variables: [
      { name: "SERVICES", role: "other", effect: "The services to start (all when unset)." },
      { name: "PERSISTENCE", role: "other", effect: "1: keep state in /var/lib/localstack across restarts." },
      { name: "DEBUG", role: "other", effect: "Verbose logs." },
      { name: "LOCALSTACK_HOST", role: "other", effect: "The host name in returned URLs." },
    ],
    closedPrefixes: [],
    dataDirectories: [{ path: "/var/lib/localstack" }],
    existingData: "State is kept only with PERSISTENCE=1.",
    tools: [
      { tool: "curl", present: true },
      { tool: "shell", present: true },
    ],
    imageHealthcheck: true,
    healthchecks: [
      { test: ["CMD", "curl", "-f", "http://localhost:4566/_localstack/health"], proves: ["tcp"] },
    ],
    pitfalls: [],
    s3: {
      apiPort: 4566,
      apiAddress: [],
      consoleAddress: [],
      credentials: "any",
      accessKeyVariables: [],
      secretKeyVariables: [],
      sources: [src("localstack/localstack", "docker-compose.yml", LOCALSTACK)],
    },
    notes: [
      "Any access key is accepted (the AWS account follows from it): there are no store credentials to compare a client's with.",
      "The image declares `HEALTHCHECK … localstack status services`, so `service_healthy` works without a compose healthcheck.",
    ],
    sources: [
      src("localstack/localstack", "Dockerfile", LOCALSTACK),
      src("localstack/localstack", "docker-compose.yml", LOCALSTACK),
    ],
  },
];

/**
 * Images built FROM the official postgres image: its entrypoint, variables, data directory and
 * healthcheck, with tags of their own.
 */
function derivedFromPostgres(
  repository: string,
  tagScheme: "version" | "pg-suffix",
  source: ImageSource,
): ImageFacts {
  const postgres = OFFICIAL.find((f) => f.id === "postgres")!;
  return {
    ...postgres,
    id: repository,
    flavour: "derived",
    repositories: [repository],
    tagScheme,
    // What their `latest` tag carries is not recorded here.
    latestMajor: undefined,
    notes: [`Built FROM the official postgres image; its tags name the PostgreSQL major as tagScheme says.`],
    sources: [source, ...postgres.sources],
  };
}

export const IMAGE_FACTS: readonly ImageFacts[] = [
  ...OFFICIAL,
  // postgis/postgis:16-3.4 (PostgreSQL 16, PostGIS 3.4); pgvector/pgvector:pg16; timescale/timescaledb:2.17.2-pg17.
  derivedFromPostgres(
    "postgis/postgis",
    "version",
    src("postgis/docker-postgis", "16-3.5/Dockerfile", "107b96fcd65fb39fc9cb2205570e3f7becda0015"),
  ),
  derivedFromPostgres("pgvector/pgvector", "pg-suffix", {
    url: "https://github.com/pgvector/pgvector#docker",
  }),
  derivedFromPostgres(
    "timescale/timescaledb",
    "pg-suffix",
    src("timescale/timescaledb-docker", "Dockerfile", "00548e8ed4aaad2256ae1efc328c5c762fd55c6e"),
  ),
];

// ---------------------------------------------------------------------------------------------
// Accessors

/** The parts of a reference the table is looked up by. */
export type ImageReference = Pick<ImageRef, "repository" | "tag">;

export { splitImageReference };

const byRepository = new Map<string, ImageFacts>();
for (const facts of IMAGE_FACTS) for (const r of facts.repositories) byRepository.set(r, facts);

/**
 * The facts for an image reference (`postgres:16`, `bitnami/redis`, or the model's parsed
 * image), or undefined for an image not in the table. Matching is by exact repository:
 * `myorg/postgres` is not the official image.
 */
export function imageFacts(ref: string | ImageReference): ImageFacts | undefined {
  const { repository } = typeof ref === "string" ? splitImageReference(ref) : ref;
  return byRepository.get(repository);
}

export interface ImageVersion {
  /** `latest`: no tag, `latest`, or a tag naming only a variant (`alpine`, `bookworm`). */
  kind: "version" | "latest" | "unknown";
  major?: number;
  minor?: number;
}

/**
 * The version a tag names (`16`, `16.4-alpine`, `8.0.39-bookworm`, `v3.5.0`; `pg16` for pgvector),
 * by the image's tagScheme. MinIO's dated releases are `unknown`; so is anything unrecognised.
 */
export function imageVersion(facts: ImageFacts, tag: string | undefined): ImageVersion {
  if (tag === undefined || tag === "latest") return { kind: "latest" };
  const scheme = facts.tagScheme ?? "version";
  if (scheme === "none") return { kind: "unknown" };
  const m =
    scheme === "pg-suffix" ? /(?:^|-)pg(\d+)(?:\.(\d+))?/.exec(tag) : /^v?(\d+)(?:\.(\d+))?/.exec(tag);
  if (m)
    return { kind: "version", major: Number(m[1]), ...(m[2] !== undefined ? { minor: Number(m[2]) } : {}) };
  // A variant alone (postgres:alpine, redis:bookworm) follows latest.
  if (
    scheme === "version" &&
    /^[a-z]+[0-9.]*$/.test(tag) &&
    !/^(rc|beta|alpha|edge|nightly|unstable|dev)/.test(tag)
  ) {
    return { kind: "latest" };
  }
  return { kind: "unknown" };
}

/** The variable entry for a name, including its `_FILE` form (returned with `viaFile`). */
export function imageVariable(
  facts: ImageFacts,
  name: string,
): { variable: ImageVariable; viaFile: boolean } | undefined {
  const direct = facts.variables.find((v) => v.name === name);
  if (direct) return { variable: direct, viaFile: false };
  if (name.endsWith("_FILE")) {
    const base = facts.variables.find((v) => v.name === name.slice(0, -"_FILE".length));
    if (base?.fileVariant) return { variable: base, viaFile: true };
  }
  return undefined;
}

/**
 * Whether the image is known to ignore this variable: the name is in one of the image's own
 * prefixes and neither the image nor its tools read it. False when nothing can be said.
 */
export function imageIgnoresVariable(facts: ImageFacts, name: string): boolean {
  if (!facts.closedPrefixes.some((p) => name.startsWith(p))) return false;
  return !imageVariable(facts, name) && !facts.alsoRead?.includes(name);
}

/** The data directory an image version uses by default (postgres 18+: /var/lib/postgresql/18/docker). */
export function imageDataDirectory(facts: ImageFacts, version: ImageVersion): DataDirectory | undefined {
  const major = version.kind === "latest" ? facts.latestMajor : version.major;
  const dirs = facts.dataDirectories;
  if (dirs.length <= 1 || major === undefined) return dirs.length === 1 ? dirs[0] : undefined;
  const dir = dirs.find((d) => (d.fromMajor ?? -Infinity) <= major && major <= (d.toMajor ?? Infinity));
  return dir && { ...dir, path: dir.path.replace("{major}", String(major)) };
}

/** Words people write for a setting after the image's prefix (`POSTGRES_PASS`, `MYSQL_DATABASE_NAME`). */
const ROLE_WORDS: ReadonlyArray<{ roles: VariableRole[]; words: RegExp }> = [
  { roles: ["password", "root-password"], words: /^(PASS|PASSWD|PWD|PW|PASSWORD|USER_PASSWORD|USER_PASS)$/ },
  { roles: ["user"], words: /^(USR|USERNAME|USER_NAME|LOGIN|USERS)$/ },
  { roles: ["database"], words: /^(DB|DATABASE|DBNAME|DB_NAME|DATABASE_NAME|DATABASES|NAME)$/ },
];

/**
 * The image's variable a name it does not read most likely means, by what the words after
 * the image's prefix say (`POSTGRES_DATABASE` -> `POSTGRES_DB`, `POSTGRES_PASS` ->
 * `POSTGRES_PASSWORD`, `MYSQL_ROOT_PASS` -> `MYSQL_ROOT_PASSWORD`), else undefined. A
 * `ROOT_` after the prefix prefers the root variable. `_FILE` is kept
 * (`POSTGRES_PASS_FILE` -> `POSTGRES_PASSWORD_FILE`) when the meant variable has that variant.
 */
export function meantImageVariable(facts: ImageFacts, name: string): string | undefined {
  const file = name.endsWith("_FILE");
  const base = file ? name.slice(0, -"_FILE".length) : name;
  const prefix = facts.closedPrefixes.find((p) => base.startsWith(p));
  if (!prefix) return undefined;
  let rest = base.slice(prefix.length);
  const root = rest.startsWith("ROOT_");
  if (root) rest = rest.slice("ROOT_".length);
  const roles = ROLE_WORDS.find((r) => r.words.test(rest))?.roles;
  if (!roles) return undefined;
  const candidates = facts.variables.filter(
    (v) => roles.includes(v.role) && v.name.startsWith(prefix) && !v.aliasOf && !v.deprecated,
  );
  const preferred = candidates.filter((v) => v.name.includes("ROOT") === root);
  const meant = preferred.length === 1 ? preferred[0] : candidates.length === 1 ? candidates[0] : undefined;
  if (!meant || (file && !meant.fileVariant)) return undefined;
  return `${meant.name}${file ? "_FILE" : ""}`;
}
