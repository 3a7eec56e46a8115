/**
 * The `mlflow server` command by version, its environment variables, what the official
 * ghcr.io/mlflow/mlflow images ship, and the Python packages each backend-store and artifact
 * scheme needs. Data only, no rule logic.
 *
 * Sources (each entry names its own): mlflow/mlflow `mlflow/cli/__init__.py` (3.x, with the
 * security middleware) and `mlflow/cli.py` (2.x), `mlflow/utils/cli_args.py`,
 * `mlflow/utils/server_cli_utils.py`, `mlflow/server/__init__.py`, `docker/Dockerfile`,
 * `docker/Dockerfile.full`, `docker/README.md`, `CHANGELOG.md`, at the commits below; and the
 * mlflow.org self-hosting pages for the version a change shipped in.
 */

export interface MlflowSource {
  repository?: "mlflow/mlflow";
  path?: string;
  commit?: string;
  url?: string;
  issue?: string;
}

const repo = (path: string, commit: string): MlflowSource => ({ repository: "mlflow/mlflow", path, commit });

// Stored versions of mlflow/mlflow files read for this table.
const CLI_3 = repo("mlflow/cli/__init__.py", "7404978ff1afcd7db11f9feeaa0684027e3b5522"); // 3.x, security middleware
const CLI_2 = repo("mlflow/cli.py", "001cc178a1442b488da41853c497adc5285a284d"); // 2.14.3
const CLI_ARGS_2 = repo("mlflow/utils/cli_args.py", "9a1883e5ddd7d257b0273ead4ea6255c81612222");
const SERVER_CLI_UTILS = repo("mlflow/utils/server_cli_utils.py", "03d8ae461c45d542c7e60419fbba4bee137b6d30");
const SERVER_INIT = repo("mlflow/server/__init__.py", "014f37308dae6c17fb58e8a9965d9d6fca308335");
const STORE_CONSTANTS = repo("mlflow/store/tracking/__init__.py", "0247a7d9ea40adc1fd7b36c22878f1b92662b01b");
const CHANGELOG_2_0 = repo("CHANGELOG.md", "3f45ac8bca98a44125acb33245b5de938922b5f6");
const DOCKERFILE = repo("docker/Dockerfile", "e52d70d6f210fdd94d05904d352c80c2cbee77fc");
const DOCKERFILE_FULL = repo("docker/Dockerfile.full", "6f9f6878cf748a502ac48e7c05356faa3e289d08");
const DOCKER_README = repo("docker/README.md", "6f9de4a9c4835deafa0832c481369b3d63ce0dce");
const SECURITY_DOCS: MlflowSource = { url: "https://mlflow.org/docs/latest/self-hosting/security/network" };
const SECURITY_CONFIG_DOCS: MlflowSource = {
  url: "https://mlflow.org/docs/latest/ml/tracking/server/security/configuration",
};
const SELF_HOSTING_DOCS: MlflowSource = {
  url: "https://mlflow.org/docs/latest/self-hosting",
  issue: "mlflow/mlflow#18534",
};
const BACKEND_STORE_DOCS: MlflowSource = {
  url: "https://mlflow.org/docs/latest/self-hosting/architecture/backend-store",
};

/** A value that holds from version `since` on (and before the next entry's). */
export interface MlflowVersioned<T> {
  since?: string;
  value: T;
  note?: string;
}

export interface MlflowServerOption {
  /** The long flag, e.g. `--backend-store-uri`. */
  flag: string;
  /** Short forms and the negative form of a boolean flag. */
  aliases: string[];
  /** The environment variable click reads when the flag is not given (the flag wins). */
  envVar?: string;
  /** Takes a value, or is a switch. */
  kind: "value" | "switch";
  /** The first version that has it, where that is known; absent: in every 2.x and 3.x release read here. */
  since?: string;
  /** The default by version, in order; null: none. */
  defaults: MlflowVersioned<string | boolean | number | null>[];
  note?: string;
  sources: MlflowSource[];
}

export const MLFLOW_SERVER_OPTIONS: readonly MlflowServerOption[] = [
  {
    flag: "--backend-store-uri",
    aliases: [],
    envVar: "MLFLOW_BACKEND_STORE_URI",
    kind: "value",
    defaults: [
      { value: "./mlruns" },
      {
        since: "3.7.0",
        value: "sqlite:///mlflow.db",
        note: "A server that finds an existing ./mlruns keeps using it.",
      },
    ],
    note: "Relative paths are relative to the working directory: / in the official image (its Dockerfile sets no WORKDIR).",
    sources: [CLI_3, CLI_2, STORE_CONSTANTS, SELF_HOSTING_DOCS, BACKEND_STORE_DOCS, DOCKERFILE],
  },
  {
    flag: "--registry-store-uri",
    aliases: [],
    envVar: "MLFLOW_REGISTRY_STORE_URI",
    kind: "value",
    defaults: [{ value: null, note: "The backend store URI." }],
    sources: [CLI_3, CLI_2],
  },
  {
    flag: "--default-artifact-root",
    aliases: [],
    envVar: "MLFLOW_DEFAULT_ARTIFACT_ROOT",
    kind: "value",
    defaults: [
      {
        value: null,
        note:
          "With artifact serving: mlflow-artifacts:/ (clients upload through the server). Without: the backend " +
          "store's path when it is local, else ./mlruns. Stored per experiment when the experiment is created, so a " +
          "change does not move existing experiments.",
      },
    ],
    note: "A local path here is where clients write artifacts themselves, on their own filesystem.",
    sources: [CLI_3, SERVER_CLI_UTILS, STORE_CONSTANTS],
  },
  {
    flag: "--serve-artifacts",
    aliases: ["--no-serve-artifacts"],
    envVar: "MLFLOW_SERVE_ARTIFACTS",
    kind: "switch",
    defaults: [
      { value: false, note: "1.x" },
      { since: "2.0.0", value: true },
    ],
    sources: [CLI_ARGS_2, CHANGELOG_2_0],
  },
  {
    flag: "--artifacts-destination",
    aliases: [],
    envVar: "MLFLOW_ARTIFACTS_DESTINATION",
    kind: "value",
    defaults: [{ value: "./mlartifacts" }],
    note: "Where a serving server stores the artifacts it proxies (mlflow-artifacts:/ resolves here); s3://… needs boto3 on the server.",
    sources: [CLI_ARGS_2],
  },
  {
    flag: "--artifacts-only",
    aliases: [],
    envVar: "MLFLOW_ARTIFACTS_ONLY",
    kind: "switch",
    defaults: [{ value: false }],
    note: "Serves artifacts only; refuses a non-default --backend-store-uri.",
    sources: [CLI_3, SERVER_CLI_UTILS],
  },
  {
    flag: "--host",
    aliases: ["-h"],
    envVar: "MLFLOW_HOST",
    kind: "value",
    defaults: [{ value: "127.0.0.1" }],
    note: "127.0.0.1 inside a container: nothing outside it (other services, the host through a published port) reaches the server. Use 0.0.0.0.",
    sources: [CLI_ARGS_2, CLI_3],
  },
  {
    flag: "--port",
    aliases: ["-p"],
    envVar: "MLFLOW_PORT",
    kind: "value",
    defaults: [{ value: 5000 }],
    sources: [CLI_ARGS_2],
  },
  {
    flag: "--workers",
    aliases: ["-w"],
    envVar: "MLFLOW_WORKERS",
    kind: "value",
    defaults: [
      { value: null, note: "4 worker processes (uvicorn or gunicorn) in the 3.x server code read here." },
    ],
    sources: [CLI_ARGS_2, SERVER_INIT],
  },
  {
    flag: "--allowed-hosts",
    aliases: [],
    envVar: "MLFLOW_SERVER_ALLOWED_HOSTS",
    kind: "value",
    since: "3.5.0",
    defaults: [
      {
        since: "3.5.0",
        value: null,
        note: "localhost and private IP addresses. A request whose Host header is not allowed gets 403 (DNS-rebinding protection); a given list replaces the default.",
      },
    ],
    note: "Only with the default uvicorn server: on the command line it cannot be combined with --gunicorn-opts or --waitress-opts (the environment variable can).",
    sources: [CLI_3, SECURITY_DOCS, SECURITY_CONFIG_DOCS],
  },
  {
    flag: "--cors-allowed-origins",
    aliases: [],
    envVar: "MLFLOW_SERVER_CORS_ALLOWED_ORIGINS",
    kind: "value",
    since: "3.5.0",
    defaults: [{ since: "3.5.0", value: null, note: "Any localhost origin." }],
    sources: [CLI_3, SECURITY_CONFIG_DOCS],
  },
  {
    flag: "--x-frame-options",
    aliases: [],
    envVar: "MLFLOW_SERVER_X_FRAME_OPTIONS",
    kind: "value",
    since: "3.5.0",
    defaults: [{ since: "3.5.0", value: "SAMEORIGIN" }],
    sources: [CLI_3, SECURITY_CONFIG_DOCS],
  },
  {
    flag: "--disable-security-middleware",
    aliases: [],
    envVar: "MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE",
    kind: "switch",
    since: "3.5.0",
    defaults: [{ since: "3.5.0", value: false }],
    sources: [CLI_3, SECURITY_CONFIG_DOCS],
  },
  {
    flag: "--static-prefix",
    aliases: [],
    envVar: "MLFLOW_STATIC_PREFIX",
    kind: "value",
    defaults: [{ value: null }],
    note: "Prefixes every route, /health included.",
    sources: [CLI_3, SERVER_INIT],
  },
  {
    flag: "--gunicorn-opts",
    aliases: [],
    envVar: "MLFLOW_GUNICORN_OPTS",
    kind: "value",
    defaults: [{ value: null }],
    note: "Selects gunicorn (the Flask app) instead of the default uvicorn in 3.x: no security middleware.",
    sources: [CLI_3, SERVER_INIT],
  },
  {
    flag: "--waitress-opts",
    aliases: [],
    kind: "value",
    defaults: [{ value: null }],
    sources: [CLI_3],
  },
  {
    flag: "--uvicorn-opts",
    aliases: [],
    envVar: "MLFLOW_UVICORN_OPTS",
    kind: "value",
    defaults: [{ value: null }],
    note: "In the 3.x CLI read here; uvicorn is the default server from 3.5.0.",
    sources: [CLI_3, SECURITY_DOCS],
  },
  {
    flag: "--expose-prometheus",
    aliases: [],
    envVar: "MLFLOW_EXPOSE_PROMETHEUS",
    kind: "value",
    defaults: [{ value: null }],
    sources: [CLI_3],
  },
  {
    flag: "--app-name",
    aliases: [],
    kind: "value",
    defaults: [{ value: null }],
    note: "e.g. basic-auth",
    sources: [CLI_3],
  },
  { flag: "--dev", aliases: [], kind: "switch", defaults: [{ value: false }], sources: [CLI_3] },
];

/** The option a command-line word names (`--host`, `-h`, `--no-serve-artifacts`, `--port=5000`). */
export function mlflowServerOption(word: string): MlflowServerOption | undefined {
  const flag = word.includes("=") ? word.slice(0, word.indexOf("=")) : word;
  return MLFLOW_SERVER_OPTIONS.find((o) => o.flag === flag || o.aliases.includes(flag));
}

/** The option an environment variable sets (`MLFLOW_BACKEND_STORE_URI` → `--backend-store-uri`). */
export function mlflowServerOptionByEnv(envName: string): MlflowServerOption | undefined {
  return MLFLOW_SERVER_OPTIONS.find((o) => o.envVar === envName);
}

/** Compares dotted versions numerically ("3.10.0" > "3.9.1"). */
export function compareMlflowVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * An option's default in a version (`"3.7.1"`), or in the newest one when the version is
 * unknown (`undefined`); undefined when the option does not exist in that version.
 */
export function mlflowOptionDefault(
  option: MlflowServerOption,
  version: string | undefined,
): MlflowVersioned<string | boolean | number | null> | undefined {
  if (version && option.since && compareMlflowVersions(version, option.since) < 0) return undefined;
  let found: MlflowVersioned<string | boolean | number | null> | undefined;
  for (const d of option.defaults)
    if (!version || !d.since || compareMlflowVersions(version, d.since) >= 0) found = d;
  return found;
}

/** How the server is started: `mlflow server`, its alias `mlflow ui`, or `python -m mlflow server`. */
export const MLFLOW_SERVER_COMMANDS = {
  /** Words that start the tracking server, after `mlflow` or `python -m mlflow`. */
  subcommands: ["server", "ui"],
  /** `mlflow ui` is an alias of `mlflow server` (AliasedGroup) in the 2.x and 3.x CLIs read here. */
  aliases: { ui: "server" },
  /** The schema migration a server needs after an upgrade: `mlflow db upgrade <backend-store-uri>`. */
  migrate: ["db", "upgrade"],
  sources: [CLI_3, CLI_2],
} as const;

/** The server's own health endpoint (200 "OK"), under --static-prefix when one is set. */
export const MLFLOW_HEALTH_PATH = "/health";

// ---------------------------------------------------------------------------------------------
// The official images

export interface MlflowImageVariant {
  /** Tag shape: `v{version}` (ghcr.io/mlflow/mlflow:v2.16.2), `v{version}-full`, `latest`, `latest-full`. */
  tagSuffix: "" | "-full";
  installs: string;
  /** Driver modules (as in MLFLOW_SCHEME_DRIVERS) the image has. */
  ships: string[];
  /** The first release with such tags, where known. */
  since?: string;
  note?: string;
  sources: MlflowSource[];
}

export const MLFLOW_IMAGE = {
  repositories: ["mlflow/mlflow"],
  registry: "ghcr.io",
  /** `python:3.10-slim-bullseye` + pip: no curl, no wget; a healthcheck uses python. */
  base: "python:3.10-slim-bullseye",
  workingDirectory: "/",
  tools: { curl: false, wget: false },
  healthcheck: [
    "CMD",
    "python",
    "-c",
    "import urllib.request; urllib.request.urlopen('http://localhost:5000/health')",
  ] as const,
  variants: [
    {
      tagSuffix: "",
      installs: "pip install mlflow==$VERSION",
      ships: [],
      note: "Core MLflow only: no database driver (psycopg2, pymysql, pyodbc) and no cloud SDK (boto3, google-cloud-storage, azure-storage-blob). A postgresql:// backend fails at start (ModuleNotFoundError: psycopg2, then Error initializing backend store).",
      sources: [DOCKERFILE, DOCKER_README, { issue: "mlflow/mlflow#9513" }, { issue: "mlflow/mlflow#20926" }],
    },
    {
      tagSuffix: "-full",
      installs: "pip install mlflow[extras,db,gateway,genai]==$VERSION",
      // psycopg2: the maintainers' answer in mlflow/mlflow#20926; pymysql: the README's mysql+pymysql example
      // on latest-full; boto3 and google-cloud-storage: the `extras` extra.
      ships: ["psycopg2", "pymysql", "boto3", "google.cloud.storage"],
      since: "3.9.0",
      note:
        "Database drivers (MySQL, PostgreSQL, SQL Server) and cloud storage integrations (S3, Azure Blob, GCS) per docker/README.md. " +
        "The first version with -full tags is taken from ../shared/research/pitfall-catalog.md and the README's 3.9.0 example; not checked against the registry.",
      sources: [DOCKERFILE_FULL, DOCKER_README, { issue: "mlflow/mlflow#20926" }],
    },
  ] satisfies MlflowImageVariant[],
  notes: [
    "Other images named mlflow (dhi.io/mlflow, Docker Hardened Images) have their own entrypoint and also lack psycopg2 (docker-hardened-images/catalog#298).",
  ],
  sources: [DOCKERFILE, DOCKERFILE_FULL, DOCKER_README],
} as const;

// ---------------------------------------------------------------------------------------------
// What each store URI needs installed

export interface MlflowSchemeDriver {
  /** The URI scheme, with the SQLAlchemy driver after `+` where one is named. */
  scheme: string;
  use: "backend-store" | "artifact-store";
  /** The import the server needs, and the pip packages that provide it (any one). */
  module: string | null;
  packages: string[];
  note?: string;
  sources: MlflowSource[];
}

const SQLALCHEMY_DIALECTS: MlflowSource = { url: "https://docs.sqlalchemy.org/en/20/dialects/" };
const ARTIFACT_STORES: MlflowSource = {
  url: "https://mlflow.org/docs/latest/self-hosting/architecture/artifact-store",
};

export const MLFLOW_SCHEME_DRIVERS: readonly MlflowSchemeDriver[] = [
  {
    scheme: "sqlite",
    use: "backend-store",
    module: null,
    packages: [],
    note: "Python's sqlite3.",
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "postgresql",
    use: "backend-store",
    module: "psycopg2",
    packages: ["psycopg2-binary", "psycopg2"],
    note: "SQLAlchemy's default PostgreSQL driver.",
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "postgresql+psycopg2",
    use: "backend-store",
    module: "psycopg2",
    packages: ["psycopg2-binary", "psycopg2"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "postgresql+psycopg",
    use: "backend-store",
    module: "psycopg",
    packages: ["psycopg[binary]", "psycopg"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "postgresql+pg8000",
    use: "backend-store",
    module: "pg8000",
    packages: ["pg8000"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "mysql",
    use: "backend-store",
    module: "MySQLdb",
    packages: ["mysqlclient"],
    note: "SQLAlchemy's default MySQL driver is mysqlclient (it needs the MySQL client libraries); mysql+pymysql:// is pure Python.",
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "mysql+pymysql",
    use: "backend-store",
    module: "pymysql",
    packages: ["pymysql"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "mysql+mysqldb",
    use: "backend-store",
    module: "MySQLdb",
    packages: ["mysqlclient"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "mssql",
    use: "backend-store",
    module: "pyodbc",
    packages: ["pyodbc"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "mssql+pyodbc",
    use: "backend-store",
    module: "pyodbc",
    packages: ["pyodbc"],
    sources: [SQLALCHEMY_DIALECTS],
  },
  {
    scheme: "file",
    use: "backend-store",
    module: null,
    packages: [],
    note: "The file store (also a plain path such as ./mlruns).",
    sources: [BACKEND_STORE_DOCS],
  },
  { scheme: "s3", use: "artifact-store", module: "boto3", packages: ["boto3"], sources: [ARTIFACT_STORES] },
  {
    scheme: "gs",
    use: "artifact-store",
    module: "google.cloud.storage",
    packages: ["google-cloud-storage"],
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "wasbs",
    use: "artifact-store",
    module: "azure.storage.blob",
    packages: ["azure-storage-blob", "azure-identity"],
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "abfss",
    use: "artifact-store",
    module: "azure.storage.filedatalake",
    packages: ["azure-storage-file-datalake"],
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "sftp",
    use: "artifact-store",
    module: "pysftp",
    packages: ["pysftp"],
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "ftp",
    use: "artifact-store",
    module: null,
    packages: [],
    note: "Python's ftplib.",
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "hdfs",
    use: "artifact-store",
    module: "pyarrow",
    packages: ["pyarrow"],
    sources: [ARTIFACT_STORES],
  },
  {
    scheme: "mlflow-artifacts",
    use: "artifact-store",
    module: null,
    packages: [],
    note: "Proxied through the tracking server: the client needs nothing, the server needs the driver of its --artifacts-destination.",
    sources: [CLI_ARGS_2, SERVER_CLI_UTILS],
  },
  { scheme: "file", use: "artifact-store", module: null, packages: [], sources: [ARTIFACT_STORES] },
];

/**
 * The driver a backend-store or artifact URI needs (`postgresql+psycopg2://…`, `s3://bucket`),
 * or undefined for a scheme not in the table. A plain path is the `file` scheme.
 */
export function mlflowSchemeDriver(
  uri: string,
  use: MlflowSchemeDriver["use"],
): MlflowSchemeDriver | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri.trim());
  const scheme = m ? m[1]!.toLowerCase() : "file";
  return MLFLOW_SCHEME_DRIVERS.find((d) => d.use === use && d.scheme === scheme);
}

/** The pip package names that provide a driver module (`psycopg2` ← `psycopg2-binary`), for reading `pip install` lines. */
export function mlflowPackagesProviding(module: string): string[] {
  const packages = new Set<string>();
  for (const d of MLFLOW_SCHEME_DRIVERS) if (d.module === module) for (const p of d.packages) packages.add(p);
  return [...packages];
}

// ---------------------------------------------------------------------------------------------
// The Host header check of the 3.5+ server (uvicorn/FastAPI, the default server)

const SECURITY_UTILS = repo("mlflow/server/security_utils.py", "0c38f324466ceebba81ea9bed2397d49f0d74876");
const FASTAPI_SECURITY = repo(
  "mlflow/server/fastapi_security.py",
  "015806dc16a62f72d6da06da1b124974859df96b",
);

/**
 * The server's Host header check: with no `--allowed-hosts`/`MLFLOW_SERVER_ALLOWED_HOSTS`,
 * `get_default_allowed_hosts()`: the loopback names with and without a port, and the private
 * IP ranges. A request whose Host header matches none (fnmatch patterns where they hold `*`,
 * else the exact text) gets 403 with this body; `/health` and `/version` are exempt; `*` in
 * the list, or `MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE=true`, turns the check off.
 */
export const MLFLOW_HOST_CHECK = {
  since: "3.5.0",
  defaultAllowed: [
    "localhost",
    "127.0.0.1",
    "[::1]",
    "0.0.0.0",
    "localhost:*",
    "127.0.0.1:*",
    "[[]::1]:*",
    "0.0.0.0:*",
    "192.168.*",
    "10.*",
    ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`),
    "fc00:*",
    "fd00:*",
  ],
  rejected: "Invalid Host header - possible DNS rebinding attack detected",
  exempt: ["/health", "/version"],
  sources: [SECURITY_UTILS, FASTAPI_SECURITY, SECURITY_DOCS],
} as const;

/** fnmatch as Python has it: `*`, `?`, `[seq]`, `[!seq]`; case-sensitive on POSIX. */
function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}

/**
 * The pattern's expression, built once per pattern: the default allowed list has 27 patterns
 * and every client of every server is tested against them (a third of a keystroke's rule time
 * on a file of 200 MLflow servers when each call compiled its own).
 */
const compiledPatterns = new Map<string, RegExp>();
function fnmatchRegExp(pattern: string): RegExp {
  const hit = compiledPatterns.get(pattern);
  if (hit) return hit;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  const compiled = new RegExp(`^${re}$`, "s");
  // Patterns come from compose files too (--allowed-hosts): bound what is kept.
  if (compiledPatterns.size < 1000) compiledPatterns.set(pattern, compiled);
  return compiled;
}

/** Whether the server lets a request with this Host header through (`is_allowed_host_header`). */
export function mlflowHostAllowed(allowed: readonly string[], hostHeader: string): boolean {
  if (!hostHeader) return false;
  if (allowed.includes("*")) return true;
  return allowed.some((a) => (a.includes("*") ? fnmatch(hostHeader, a) : hostHeader === a));
}
