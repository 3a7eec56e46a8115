/**
 * Shared by db-healthcheck-missing, depends-on-not-healthy and
 * healthy-condition-without-healthcheck: whether a service has a healthcheck, what its image
 * is known to do, who depends on a database, and the fix that gives a database its healthcheck.
 *
 * Dependencies reached through a YAML anchor (`x-airflow-common`) are one piece of text
 * shared by every service that uses it: they are grouped by their node so that one entry
 * gives one finding naming all of those services, and its fix edits the anchor once.
 */
import { addHealthcheck, healthcheckTest } from "../../edits/healthcheck";
import { perObject } from "../../model/memo";
import type { ComposeModel, Database, DatabaseEngine, Dependency, Service } from "../../model/types";
import { getPair, type RNode, type RPair, type RScalar } from "../../parse/resolve";
import type { TextEdit } from "../types";

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

/** What a client sees when it connects before the server is ready. */
export const EARLY_ERRORS: Record<DatabaseEngine, string> = {
  postgres: '"Connection refused" or "FATAL: the database system is starting up"',
  mysql: `"Can't connect to MySQL server" (Connection refused)`,
  mariadb: `"Can't connect to MySQL server" (Connection refused)`,
  redis: '"Error 111 connecting to redis:6379. Connection refused"',
  mongodb: '"connection refused" (ServerSelectionTimeoutError)',
  mssql: '"Login timeout expired" or "Connection refused"',
  rabbitmq: '"Connection refused" (AMQPConnectionError)',
  minio: '"Connection refused" or "Could not connect to the endpoint URL"',
};

export type HealthState = "present" | "absent" | "disabled" | "unknown";

/**
 * The healthcheck Compose gives the service. `unknown` when another file may supply it
 * (`extends`). A `healthcheck:` without `test:` keeps the image's own test: counted as present.
 */
export function healthState(service: Service): HealthState {
  if (getPair(service.node, "extends")) return "unknown";
  const hc = service.healthcheck;
  if (!hc) return "absent";
  return hc.disabled ? "disabled" : "present";
}

/** Images whose Dockerfile declares a HEALTHCHECK (Oracle's MySQL images). */
const BUILT_IN_HEALTHCHECK =
  /^(mysql\/mysql-server|mysql\/mysql-cluster|mysql\/community-server|mysql\/enterprise-server)$/;

/** Images known to declare no HEALTHCHECK: the official database images, Bitnami's, Airflow's and MLflow's. */
const NO_BUILT_IN_HEALTHCHECK =
  /^(postgres|mysql|mariadb|redis|valkey\/valkey|mongo|rabbitmq|memcached|minio\/minio|bitnami\/[a-z0-9-]+|postgis\/postgis|pgvector\/pgvector|timescale\/timescaledb|apache\/airflow|mlflow\/mlflow|[a-z0-9-]+\/mlflow|alpine|busybox|ubuntu|debian|python|node|nginx|httpd|bash)$/;

export type ImageHealthcheck = "none" | "built-in" | "unknown";

/** What the service's image does about health on its own. A `build:` may add a HEALTHCHECK. */
export function imageHealthcheck(service: Service): ImageHealthcheck {
  const repo = service.image?.repository;
  if (!repo || service.build) return "unknown";
  if (service.image?.str.hasUnresolved()) return "unknown";
  if (BUILT_IN_HEALTHCHECK.test(repo)) return "built-in";
  return NO_BUILT_IN_HEALTHCHECK.test(repo) ? "none" : "unknown";
}

/** Images whose only job is to wait for other services (wait4x, wait-for-it, dockerize, ...). */
const WAITER_IMAGE = /(^|\/)(wait[a-z0-9-]*|[a-z0-9-]*-wait|dockerize)$/;
/** Commands that wait for a server themselves: wait-for-it, a retry loop, pg_isready, ... */
const WAIT_COMMAND =
  /wait-for-it|wait-for\b|wait4x|dockerize|wait_for|waitfor|\buntil\b|\bwhile\b|pg_isready|mysqladmin\s+ping|nc\s+-z/;

function rawText(node: RNode | undefined | null): string {
  if (!node) return "";
  if (node.kind === "scalar") return node.text ?? "";
  if (node.kind === "seq") return node.items.map(rawText).join(" ");
  return node.pairs.map((p) => `${p.key.text ?? ""}=${rawText(p.value)}`).join(" ");
}

/**
 * True when the service waits for `db` on its own: it is a waiter image, or its command
 * loops / calls a wait tool naming one of the database's names. Then starting it early is
 * harmless, and it is not what needs the database's healthcheck.
 */
export function waitsFor(service: Service, db: Database): boolean {
  if (service.image && WAITER_IMAGE.test(service.image.repository)) return true;
  const names = [...db.names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // Loose word boundaries: `wait-for-pgdb-and-minio.sh` names `pgdb`.
  const named = new RegExp(`(^|[^A-Za-z0-9])(${names.join("|")})([^A-Za-z0-9]|$)`);
  const command = [service.command?.node, service.entrypoint?.node].map(rawText).join(" ");
  if (WAIT_COMMAND.test(command) && named.test(command)) return true;
  // ufoscout/docker-compose-wait and similar tools read the hosts from the environment.
  return service.environment.some(
    (e) => /^WAIT_(HOSTS|FOR)/.test(e.name) && named.test(e.value?.value ?? ""),
  );
}

/** `a`, `a` and `b`, `a`, `b` and `c`, `a`, `b`, `c` and 2 more. */
export function nameList(names: string[]): string {
  const q = names.map((n) => `\`${n}\``);
  if (q.length <= 1) return q.join("");
  if (q.length <= 4) return `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
  return `${q.slice(0, 3).join(", ")} and ${q.length - 3} more`;
}

/** One written dependency entry and every service that has it (several when it sits in an anchor). */
export interface DependencyUse {
  dependency: Dependency;
  services: Service[];
}

/** Every written dependency entry, once, in file order, with the services that use it; once per model (three rules ask). */
export const dependencyUses = perObject((model: ComposeModel): readonly DependencyUse[] => {
  const byNode = new Map<RScalar, DependencyUse>();
  for (const service of model.services) {
    for (const dependency of service.dependsOn) {
      const use = byNode.get(dependency.nameNode);
      if (use) {
        if (!use.services.includes(service)) use.services.push(service);
      } else byNode.set(dependency.nameNode, { dependency, services: [service] });
    }
  }
  return [...byNode.values()].sort(
    (a, b) => a.dependency.nameNode.span.start - b.dependency.nameNode.span.start,
  );
});

/**
 * Services that need `db` to be ready when they start: those that depend on it
 * (depends_on) or connect to it (a URL whose host is it), except those that wait for it on
 * their own, and those that connect only after a one-shot job that needed it has completed
 * (`condition: service_completed_successfully` on a wait-for-db or an init job).
 */
export function dependantsOf(model: ComposeModel, db: Database): Service[] {
  const target = db.service;
  const dependsOn = (s: Service) => s.dependsOn.some((d) => d.service === target.name);
  const out: Service[] = [];
  for (const s of model.services) {
    if (s === target || waitsFor(s, db)) continue;
    if (dependsOn(s)) {
      out.push(s);
      continue;
    }
    const connects = model.connections.some((c) => c.service === s && c.target === target);
    if (!connects) continue;
    const gated = s.dependsOn.some((d) => {
      if (d.condition !== "service_completed_successfully") return false;
      const job = model.serviceByName.get(d.service);
      return !!job && (dependsOn(job) || waitsFor(job, db));
    });
    if (!gated) out.push(s);
  }
  return out;
}

/**
 * The healthcheck that Compose would need, as an edit adding it to the database service, when
 * we know a test for its image. `preferred` only for images we know (not a guess from the
 * environment of a custom image, nor a `build:` whose Dockerfile we do not read).
 */
export function healthcheckFix(
  model: ComposeModel,
  db: Database,
): { edit: TextEdit; preferred: boolean } | undefined {
  if (healthState(db.service) !== "absent") return undefined;
  if (!healthcheckTest(db)) return undefined;
  const edit = addHealthcheck(model.text, db);
  if (!edit) return undefined;
  return { edit, preferred: imageHealthcheck(db.service) === "none" };
}

/**
 * The mapping entry where `node` is written (its key directly before it), found by walking
 * the document. A value reached through an alias (`depends_on: *deps`) is written elsewhere:
 * edits that depend on the indentation of its key must use that entry.
 */
export function writtenPair(model: ComposeModel, node: RNode): RPair | undefined {
  const seen = new Set<RNode>();
  const visit = (n: RNode | null | undefined): RPair | undefined => {
    if (!n || seen.has(n)) return undefined;
    seen.add(n);
    if (n.kind === "map") {
      for (const p of n.pairs) {
        if (p.value === node && !p.merged && p.key.span.end <= node.span.start) {
          const between = model.text.slice(p.key.span.end, node.span.start);
          if (/^\s*:[^*]*$/.test(between)) return p;
        }
        const found = visit(p.value);
        if (found) return found;
      }
    } else if (n.kind === "seq") {
      for (const i of n.items) {
        const found = visit(i);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(model.root);
}

/** The service's `depends_on` entry as written (the anchor's when it comes through an alias). */
export function writtenDependsOn(model: ComposeModel, service: Service): Service | undefined {
  const pair = service.dependsOnPair;
  if (!pair?.value) return undefined;
  if (
    pair.value.span.start >= pair.key.span.end &&
    !model.text.slice(pair.key.span.end, pair.value.span.start).includes("*")
  ) {
    return service;
  }
  const written = writtenPair(model, pair.value);
  return written ? { ...service, dependsOnPair: written } : undefined;
}

/** The compose v2 container name for messages: `container_name`, else `<project>-<service>-1`. */
export function containerName(service: Service): string {
  return service.containerName?.value ?? `<project>-${service.name}-1`;
}
