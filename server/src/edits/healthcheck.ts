/**
 * Image-aware healthchecks. PostgreSQL: `pg_isready` over TCP (`-h 127.0.0.1`, so a server
 * still running its first-start init scripts on the Unix socket is not "healthy" yet) with
 * the right user and database, as `$${VAR}` when the service takes them from a variable so
 * the container's shell reads its own environment.
 */
import type { Database, EffectiveSetting, Service } from "../model/types";
import type { TextEdit } from "../rules/types";
import { addToPairValue, appendToMap } from "./insert";
import { flowStrings, type LineTree } from "./yaml-text";

function pgValue(setting: EffectiveSetting, envName: string, fallback: string): string {
  // A literal written in the file is used as is; anything else is read by the container's shell.
  if (setting.known && setting.value !== undefined && !setting.variable && /^[A-Za-z0-9_.-]+$/.test(setting.value)) {
    return setting.value;
  }
  return setting.env ? `$\${${envName}}` : fallback;
}

/** The `test:` command for a database, or undefined for images we do not know how to probe. */
export function healthcheckTest(db: Pick<Database, "engine" | "user" | "database" | "port" | "service">): string[] | undefined {
  switch (db.engine) {
    case "postgres": {
      const user = pgValue(db.user, "POSTGRES_USER", "postgres");
      const database = pgValue(db.database, "POSTGRES_DB", user);
      const port = db.port !== 5432 ? ` -p ${db.port}` : "";
      return ["CMD-SHELL", `pg_isready -h 127.0.0.1${port} -U ${user} -d ${database}`];
    }
    case "mysql":
    case "mariadb":
      return ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"];
    case "redis":
      return ["CMD", "redis-cli", "ping"];
    default:
      return undefined;
  }
}

export function healthcheckLines(test: string[]): LineTree {
  return ["healthcheck:", [`test: ${flowStrings(test)}`, "interval: 10s", "timeout: 5s", "retries: 5", "start_period: 10s"]];
}

/** Adds a healthcheck to a database service's mapping; undefined when not possible. */
export function addHealthcheck(text: string, db: Database): TextEdit | undefined {
  const test = healthcheckTest(db);
  const service: Service = db.service;
  if (!test || !service.node || service.healthcheck) return undefined;
  // A service written as `name:` with no body has no mapping to add to.
  return service.node.pairs.length > 0 ? appendToMap(text, service.node, healthcheckLines(test)) : addToPairValue(text, service.pair, healthcheckLines(test));
}
