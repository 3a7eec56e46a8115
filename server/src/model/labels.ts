/**
 * The names messages give engines, URL kinds and applications ("PostgreSQL", "MLflow"), and
 * the host names that mean "this container itself": one table each.
 */
import type { UrlFamily } from "../parse/url";
import { appLabel } from "./apps";
import type { ImageKind } from "./knowledge/images";
import type { Database, DatabaseEngine } from "./types";

export const ENGINE_LABEL: Record<DatabaseEngine, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  redis: "Redis",
  mongodb: "MongoDB",
  mssql: "SQL Server",
  rabbitmq: "RabbitMQ",
  minio: "MinIO",
};

const FAMILY_LABEL: Partial<Record<UrlFamily, string>> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  redis: "Redis",
  mongodb: "MongoDB",
  mssql: "SQL Server",
  amqp: "RabbitMQ",
  http: "HTTP",
};

const S3_STORE_LABEL: Partial<Record<ImageKind, string>> = {
  minio: "MinIO",
  garage: "Garage",
  seaweedfs: "SeaweedFS",
  rustfs: "RustFS",
  localstack: "LocalStack",
};

/** The S3 store an image kind runs: "MinIO", "RustFS". */
export function s3StoreLabel(kind: ImageKind): string {
  return S3_STORE_LABEL[kind] ?? "S3 store";
}

/** "PostgreSQL", "MariaDB", "MinIO". */
export function engineLabel(db: Pick<Database, "engine">): string {
  return ENGINE_LABEL[db.engine];
}

/** The kind of server a URL of this family talks to: "PostgreSQL", "HTTP". */
export function familyLabel(family: UrlFamily): string {
  return FAMILY_LABEL[family] ?? family;
}

export { appLabel };
