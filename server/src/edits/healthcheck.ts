/**
 * Image-aware healthchecks. PostgreSQL: `pg_isready` over TCP (`-h 127.0.0.1`, so a server
 * still running its first-start init scripts on the Unix socket is not "healthy" yet) with
 * the right user and database, as `$${VAR}` when the service takes them from a variable so
 * the container's shell reads its own environment. Redis with a password (`--requirepass`,
 * Bitnami's REDIS_PASSWORD): `redis-cli -a … --no-auth-warning ping | grep -q PONG`, since an
 * unauthenticated ping prints NOAUTH and exits 0 (facts/probes.ts); none when the password
 * cannot be repeated safely. MinIO (minio/minio): `mc ready local`.
 */

import { mayHaveUnreadEnv } from "../model/env-complete";
import { redisPasswordOf, redisPingTest } from "../model/facts/probes";
import type { Database, EffectiveSetting, Service } from "../model/types";
import { addToPairValue, appendToMap } from "./insert";
import type { TextEdit } from "./types";
import { flowStrings, type LineTree } from "./yaml-text";

/**
 * One `pg_isready` argument: a literal written in the file is used as is; a value the
 * service sets through its environment is read by the container's shell (`$${NAME}`, the
 * variable the service actually sets); a value that may come from an env_file or a secret
 * is read from the environment with the image's default (`$${NAME:-default}`).
 */
function pgValue(service: Service, setting: EffectiveSetting, envName: string, fallback: string): string {
  if (
    setting.known &&
    setting.value !== undefined &&
    !setting.variable &&
    /^[A-Za-z0-9_.-]+$/.test(setting.value)
  ) {
    return setting.value;
  }
  if (setting.env) return `$\${${setting.env.name}}`;
  const elsewhere =
    mayHaveUnreadEnv(service) || service.environment.some((e) => e.name === `${envName}_FILE`);
  if (!setting.known && elsewhere) return `$\${${envName}:-${fallback}}`;
  return fallback;
}

/** The `test:` command for a database, or undefined for images we do not know how to probe. */
export function healthcheckTest(
  db: Pick<Database, "engine" | "user" | "database" | "port" | "service">,
): string[] | undefined {
  switch (db.engine) {
    case "postgres": {
      const bitnami = db.service.image?.repository.startsWith("bitnami/") ?? false;
      const user = pgValue(
        db.service,
        db.user,
        bitnami ? "POSTGRESQL_USERNAME" : "POSTGRES_USER",
        "postgres",
      );
      // The official image names the default database after the user; Bitnami's is `postgres`.
      const database = pgValue(
        db.service,
        db.database,
        bitnami ? "POSTGRESQL_DATABASE" : "POSTGRES_DB",
        bitnami ? "postgres" : user,
      );
      const port = db.port !== 5432 ? ` -p ${db.port}` : "";
      return ["CMD-SHELL", `pg_isready -h 127.0.0.1${port} -U ${user} -d ${database}`];
    }
    case "mysql":
      return ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"];
    case "mariadb":
      // MariaDB 11 images dropped the `mysql*` names; images before 10.4 have no `mariadb-admin`.
      return ["CMD-SHELL", "mariadb-admin ping -h 127.0.0.1 || mysqladmin ping -h 127.0.0.1"];
    case "redis": {
      // With a password, `redis-cli ping` prints NOAUTH and exits 0: authenticate and require PONG.
      const password = redisPasswordOf(db.service);
      return password ? redisPingTest(password) : ["CMD", "redis-cli", "ping"];
    }
    case "minio":
      // MinIO's own images ship `mc` with the `local` alias and, from RELEASE.2023-11-01, no
      // curl (../shared/research/wave2-anchors.md §5): `mc ready local` waits for the server.
      // Other images named minio (bitnami/minio) have their own layout: no healthcheck offered.
      return db.service.image?.repository === "minio/minio" ? ["CMD", "mc", "ready", "local"] : undefined;
    default:
      return undefined;
  }
}

export function healthcheckLines(test: string[]): LineTree {
  return [
    "healthcheck:",
    [`test: ${flowStrings(test)}`, "interval: 10s", "timeout: 5s", "retries: 5", "start_period: 10s"],
  ];
}

/** Adds a healthcheck to a database service's mapping; undefined when not possible. */
export function addHealthcheck(text: string, db: Database): TextEdit | undefined {
  const test = healthcheckTest(db);
  const service: Service = db.service;
  if (!test || !service.node || service.healthcheck) return undefined;
  // A service written as `name:` with no body has no mapping to add to.
  return service.node.pairs.length > 0
    ? appendToMap(text, service.node, healthcheckLines(test))
    : addToPairValue(text, service.pair, healthcheckLines(test));
}
