/**
 * What a compose file means, as plain data with source locations. Built once per text
 * version (server/src/model/build.ts) and shared by every rule; rules never re-read YAML.
 */
import type { RMap, RNode, RPair, RScalar } from "../parse/resolve";
import type { SourceString } from "../parse/source-string";
import type { ParsedUrl, Span } from "../parse/url";
import type { ParseProblem, YamlText } from "../parse/yaml";

export interface ComposeModel {
  text: string;
  /** The file's path on disk when known (for .env lookup and messages). */
  path?: string;
  yaml: YamlText;
  /** The first YAML document's resolved root mapping (Compose reads one document). */
  root?: RMap;
  problems: ParseProblem[];
  topLevel: {
    version?: RPair;
    name?: RPair;
    services?: RPair;
    networks?: RPair;
    volumes?: RPair;
    secrets?: RPair;
    configs?: RPair;
  };
  services: Service[];
  serviceByName: Map<string, Service>;
  /** Declared top-level networks, volumes, secrets, configs by name. */
  declared: {
    networks: Map<string, RPair>;
    volumes: Map<string, RPair>;
    secrets: Map<string, RPair>;
    configs: Map<string, RPair>;
  };
  databases: Database[];
  databaseByService: Map<string, Database>;
  apps: App[];
  connections: Connection[];
  /** Looks up a variable as Compose would for interpolation (.env next to the file). */
  variables: ReadonlyMap<string, string>;
  /** The Compose project this file is one file of, when it has others (override, include, extends, env_file). */
  project?: ProjectContext;
  /**
   * The env files whose variables are in services' environments (model/env-files.ts): each
   * text placed at `base`, after the compose text, so that their spans are model offsets too.
   */
  external?: ExternalText[];
}

export interface ExternalText {
  file: string;
  text: string;
  base: number;
}

/** What the rest of the project (server/src/project) tells the analysis of one of its files. */
export interface ProjectContext {
  /** The top-level files, in merge order (absolute paths). */
  files: readonly string[];
  /** Every file read: compose files, included and extended ones, env files. */
  sources: ReadonlySet<string>;
  /** True when every file the project names was read (no missing include, extends or env file). */
  complete: boolean;
  /** The names the merged project defines, by top-level section (`services`, `networks`...). */
  names: Readonly<Record<"services" | "networks" | "volumes" | "secrets" | "configs", ReadonlySet<string>>>;
  /** Host names the merged project's services answer to (names, container_name, hostname, aliases). */
  hosts: ReadonlySet<string>;
  /** What loading found wrong, in this file (reported by the compose-project rule). */
  problems: readonly ProjectProblemInFile[];
  /**
   * The host ports the merged project publishes from its other compose files (an override, an
   * included file), each with the merged service it belongs to and the place in merge order of
   * its file relative to this one (negative: merged before it). Read by duplicate-host-port.
   */
  otherPorts: readonly OtherFilePort[];
}

export interface OtherFilePort {
  /** The merged service (after extends) the mapping belongs to. */
  service: string;
  file: string;
  /** This file's mapping (its model built alone) and the service of that model. */
  port: PortMapping;
  owner: Service;
  /** Before (-1) or after (1) this file in merge order. */
  order: -1 | 1;
}

export interface ProjectProblemInFile {
  span: Span;
  message: string;
  detail?: string;
  severity: "error" | "warning" | "info" | "hint";
}

export interface Service {
  name: string;
  key: RScalar;
  pair: RPair;
  /** The service's mapping; undefined for `name:` with no body (or a non-mapping value). */
  node?: RMap;
  image?: ImageRef;
  build: boolean;
  environment: EnvVar[];
  envFiles: { path: string; node: RNode }[];
  /** Every env file of the service was read into `environment` (model/env-files.ts): none of its variables is unknown. */
  envFilesRead?: boolean;
  command?: CommandLine;
  entrypoint?: CommandLine;
  ports: PortMapping[];
  expose: { port: number | undefined; node: RNode }[];
  dependsOn: Dependency[];
  /** The depends_on pair itself, for rewriting its form. */
  dependsOnPair?: RPair;
  healthcheck?: Healthcheck;
  /** undefined when `networks:` is absent: the service is on the project's default network. */
  networks?: ServiceNetwork[];
  networksPair?: RPair;
  networkMode?: { value: string; node: RScalar };
  volumes: VolumeMount[];
  volumesPair?: RPair;
  containerName?: { value: string; node: RScalar };
  hostname?: { value: string; node: RScalar };
  links: { service: string; alias: string; node: RNode }[];
  profiles: string[];
  restart?: string;
  user?: string;
  extensions: RPair[];
}

export interface ImageRef {
  str: SourceString;
  /** Repository path without registry host and tag, lower-case: "postgres", "apache/airflow", "bitnami/postgresql". */
  repository: string;
  /** The last path component: "postgres", "airflow", "mlflow". */
  baseName: string;
  registry?: string;
  tag?: string;
  digest?: string;
}

export interface EnvVar {
  name: string;
  /** null for `- KEY` / `KEY:` with no value (passed through from the shell at run time). */
  value: SourceString | null;
  keySpan: Span;
  /** The whole entry: the list item `- K=V`, or the `K: V` pair. */
  entrySpan: Span;
  form: "list" | "map" | "env_file";
  node: RNode;
}

export interface CommandLine {
  form: "string" | "list";
  node: RNode;
  /** A string command's value after interpolation (model/compose-reading.ts reads it per CLI). */
  str?: SourceString;
  /** The argv words as Compose v2 passes them (a string is split by compose-go, not by a shell). */
  argv: SourceString[];
  /** The simple commands that will run, with `bash -c "..."` scripts unwrapped. */
  commands: SourceString[][];
}

export interface PortMapping {
  node: RNode;
  str?: SourceString;
  hostIp?: string;
  /** Published host port range; undefined when only a container port is given (random host port). */
  published?: { start: number; end: number; span: Span };
  target: { start: number; end: number; span: Span };
  protocol: string;
  /** True when a part could not be read (unresolved variable, odd syntax). */
  unknown: boolean;
}

export type DependencyCondition = "service_started" | "service_healthy" | "service_completed_successfully";

export interface Dependency {
  service: string;
  condition: DependencyCondition;
  form: "list" | "map";
  /** The list item or the key naming the service. */
  nameNode: RScalar;
  /** The `condition:` value when written. */
  conditionNode?: RScalar;
  /** The map entry (form "map") with its body. */
  entry?: RPair;
  required: boolean;
  restart: boolean;
}

export interface Healthcheck {
  pair: RPair;
  node?: RMap;
  disabled: boolean;
  /** "CMD" | "CMD-SHELL" | "NONE" | "string" (a plain string is run by the shell). */
  testKind?: "CMD" | "CMD-SHELL" | "NONE" | "string";
  test?: RNode;
  /** The test's words (CMD) or the shell command's words (CMD-SHELL, string). */
  commands: SourceString[][];
}

export interface ServiceNetwork {
  name: string;
  node: RScalar;
  aliases: string[];
}

export interface VolumeMount {
  node: RNode;
  form: "short" | "long";
  type: "volume" | "bind" | "tmpfs" | "npipe" | "cluster" | "image";
  source?: string;
  target?: string;
  sourceSpan?: Span;
  /** Where the container path is written. */
  targetSpan?: Span;
  /** The container path as a string of the file, for editing it (`editableSpan`). */
  targetText?: SourceString;
}

export type DatabaseEngine =
  | "postgres"
  | "mysql"
  | "mariadb"
  | "redis"
  | "mongodb"
  | "mssql"
  | "rabbitmq"
  | "minio";

/** A value a database service takes, with where it comes from. */
export interface EffectiveSetting {
  /** undefined when it cannot be known statically (a *_FILE secret, an unresolved variable). */
  value?: string;
  known: boolean;
  /** The env var that sets it, if any; undefined means the image's default. */
  env?: EnvVar;
  /** When the env value is exactly one variable reference (`${PG_USER}`, `${PG_USER:-x}`), its name. */
  variable?: string;
}

export interface Database {
  service: Service;
  engine: DatabaseEngine;
  family: "postgres" | "mysql" | "redis" | "mongodb" | "mssql" | "amqp" | "s3";
  user: EffectiveSetting;
  password: EffectiveSetting;
  database: EffectiveSetting;
  /** No password needed (POSTGRES_HOST_AUTH_METHOD=trust, MYSQL_ALLOW_EMPTY_PASSWORD, redis without requirepass). */
  passwordOptional: boolean;
  /** The port the server listens on inside the container. */
  port: number;
  /** Every name this service answers to on its networks. */
  names: Set<string>;
}

export type AppKind = "mlflow" | "airflow" | "optuna" | "superset";

export interface App {
  kind: AppKind;
  /** Human name for messages: "MLflow", "Airflow". */
  label: string;
  services: Service[];
}

export type ConnectionRole =
  | "mlflow-backend-store"
  | "mlflow-registry-store"
  | "mlflow-tracking"
  | "airflow-metadata"
  | "airflow-celery-result"
  | "airflow-celery-broker"
  /** An S3 API endpoint (MLFLOW_S3_ENDPOINT_URL, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3, S3_ENDPOINT*). */
  | "s3-endpoint"
  | "database-url";

export interface Connection {
  service: Service;
  role: ConnectionRole;
  /** The app whose schema lives behind this URL (Alembic owners), if any. */
  owner?: AppKind;
  where: { kind: "env"; env: EnvVar } | { kind: "command"; field: "command" | "entrypoint"; flag?: string };
  /** The URL text as Compose would pass it, with source locations. */
  str: SourceString;
  /** Offsets in `url` are offsets into `str.value`. */
  url: ParsedUrl;
  /** The service the host resolves to, if any. */
  target?: Service;
  /** True when the URL's host refers to the container itself / the host machine (localhost etc.). */
  hostIsLoopback: boolean;
}
