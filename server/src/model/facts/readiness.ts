/**
 * Readiness: whether a service has a healthcheck, what its image is known to do, which
 * services wait for a database on their own, every written depends_on entry with the services
 * that use it, and who needs a database ready when they start (indexed: who depends on it,
 * who connects to it), so that no rule scans every service per database.
 *
 * Dependencies reached through a YAML anchor (`x-airflow-common`) are one piece of text
 * shared by every service that uses it: they are grouped by their node so that one entry
 * gives one finding naming all of those services, and its fix edits the anchor once.
 */
import { getPair, type RNode, type RPair, type RScalar } from "../../parse/resolve";
import { perObject } from "../memo";
import type { ComposeModel, Database, Dependency, Service } from "../types";
import type { ConnectionFacts } from "./connections";
import { once } from "./once";

export type HealthState = "present" | "absent" | "disabled" | "unknown";
export type ImageHealthcheck = "none" | "built-in" | "unknown";

/** One written dependency entry and every service that has it (several when it sits in an anchor). */
export interface DependencyUse {
  dependency: Dependency;
  services: Service[];
}

/**
 * The healthcheck Compose gives the service. `unknown` when another file may supply it
 * (`extends`). A `healthcheck:` without `test:` keeps the image's own test: counted as present.
 */
const healthState = perObject((service: Service): HealthState => {
  if (getPair(service.node, "extends")) return "unknown";
  const hc = service.healthcheck;
  if (!hc) return "absent";
  return hc.disabled ? "disabled" : "present";
});

/** Images whose Dockerfile declares a HEALTHCHECK (Oracle's MySQL images). */
const BUILT_IN_HEALTHCHECK =
  /^(mysql\/mysql-server|mysql\/mysql-cluster|mysql\/community-server|mysql\/enterprise-server)$/;

/** Images known to declare no HEALTHCHECK: the official database images, Bitnami's, Airflow's and MLflow's. */
const NO_BUILT_IN_HEALTHCHECK =
  /^(postgres|mysql|mariadb|redis|valkey\/valkey|mongo|rabbitmq|memcached|minio\/minio|bitnami\/[a-z0-9-]+|postgis\/postgis|pgvector\/pgvector|timescale\/timescaledb|apache\/airflow|mlflow\/mlflow|[a-z0-9-]+\/mlflow|alpine|busybox|ubuntu|debian|python|node|nginx|httpd|bash)$/;

/** What the service's image does about health on its own. A `build:` may add a HEALTHCHECK. */
function imageHealthcheck(service: Service): ImageHealthcheck {
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

/** How a service may wait for servers on its own: where to look for their names. */
interface Waiting {
  /** A waiter image: it waits for whatever it is given. */
  waiter: boolean;
  /** Its command and entrypoint as written, when they call a wait tool or loop. */
  command?: string;
  /** Values of its WAIT_HOSTS / WAIT_FOR* variables (docker-compose-wait and similar tools). */
  env: string[];
}

const waitingOf = perObject((service: Service): Waiting => {
  const waiter = !!service.image && WAITER_IMAGE.test(service.image.repository);
  const command = [service.command?.node, service.entrypoint?.node].map(rawText).join(" ");
  return {
    waiter,
    command: WAIT_COMMAND.test(command) ? command : undefined,
    env: service.environment.filter((e) => /^WAIT_(HOSTS|FOR)/.test(e.name)).map((e) => e.value?.value ?? ""),
  };
});

/** Any of the database's names as a word of a command (loosely: `wait-for-pgdb-and-minio.sh` names `pgdb`). */
const namedIn = perObject((db: Database): RegExp => {
  const names = [...db.names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(^|[^A-Za-z0-9])(${names.join("|")})([^A-Za-z0-9]|$)`);
});

export class ReadinessFacts {
  constructor(
    private readonly model: ComposeModel,
    private readonly connections: ConnectionFacts,
    private readonly order: (service: Service) => number,
  ) {}

  /** The healthcheck Compose gives the service: present, absent, disabled, or unknown (`extends`). */
  health(service: Service): HealthState {
    return healthState(service);
  }

  /** What the service's image does about health on its own. */
  imageHealthcheck(service: Service): ImageHealthcheck {
    return imageHealthcheck(service);
  }

  /**
   * True when the service waits for `db` on its own: it is a waiter image, or its command
   * loops / calls a wait tool naming one of the database's names. Then starting it early is
   * harmless, and it is not what needs the database's healthcheck.
   */
  waitsFor(service: Service, db: Database): boolean {
    const w = waitingOf(service);
    if (w.waiter) return true;
    if (w.command === undefined && w.env.length === 0) return false;
    const named = namedIn(db);
    if (w.command !== undefined && named.test(w.command)) return true;
    return w.env.some((v) => named.test(v));
  }

  /** Every written dependency entry, once, in file order, with the services that use it. */
  readonly dependencyUses = once((): readonly DependencyUse[] => {
    const byNode = new Map<RScalar, DependencyUse>();
    for (const service of this.model.services) {
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

  /** The services with a depends_on entry naming each service, in model order. */
  private readonly dependedOnBy = once(() => {
    const map = new Map<string, Service[]>();
    for (const s of this.model.services) {
      for (const d of s.dependsOn) {
        const list = map.get(d.service);
        if (!list) map.set(d.service, [s]);
        else if (list[list.length - 1] !== s) list.push(s);
      }
    }
    return map;
  });

  /** The services whose depends_on names `name`, in model order. */
  dependingOn(name: string): readonly Service[] {
    return this.dependedOnBy().get(name) ?? [];
  }

  /** True when `service` has a depends_on entry naming `name`. */
  dependsOn(service: Service, name: string): boolean {
    return service.dependsOn.some((d) => d.service === name);
  }

  /**
   * Services that need `db` to be ready when they start: those that depend on it
   * (depends_on) or connect to it (a URL whose host is it), except those that wait for it on
   * their own, and those that connect only after a one-shot job that needed it has completed
   * (`condition: service_completed_successfully` on a wait-for-db or an init job). In model order.
   */
  dependants(db: Database): Service[] {
    const target = db.service;
    const candidates = new Set<Service>(this.dependingOn(target.name));
    const depending = candidates.size;
    for (const c of this.connections.to(target)) candidates.add(c.service);
    const list = [...candidates];
    if (depending > 0 && list.length > depending) list.sort((a, b) => this.order(a) - this.order(b));
    const out: Service[] = [];
    for (const s of list) {
      if (s === target || this.waitsFor(s, db)) continue;
      if (this.dependsOn(s, target.name)) {
        out.push(s);
        continue;
      }
      const gated = s.dependsOn.some((d) => {
        if (d.condition !== "service_completed_successfully") return false;
        const job = this.model.serviceByName.get(d.service);
        return !!job && (this.dependsOn(job, target.name) || this.waitsFor(job, db));
      });
      if (!gated) out.push(s);
    }
    return out;
  }

  /** For each node written as the value of a mapping entry (its key directly before it), that entry. */
  private readonly writtenPairs = once(() => {
    const text = this.model.text;
    const byValue = new Map<RNode, RPair>();
    const seen = new Set<RNode>();
    const visit = (n: RNode | null | undefined): void => {
      if (!n || seen.has(n)) return;
      seen.add(n);
      if (n.kind === "map") {
        for (const p of n.pairs) {
          const v = p.value;
          if (v && !byValue.has(v) && !p.merged && p.key.span.end <= v.span.start) {
            if (/^\s*:[^*]*$/.test(text.slice(p.key.span.end, v.span.start))) byValue.set(v, p);
          }
          visit(v);
        }
      } else if (n.kind === "seq") {
        for (const i of n.items) visit(i);
      }
    };
    visit(this.model.root);
    return byValue;
  });

  /**
   * The mapping entry where `node` is written. A value reached through an alias
   * (`depends_on: *deps`) is written elsewhere: edits that depend on the indentation of its
   * key must use that entry.
   */
  writtenPair(node: RNode): RPair | undefined {
    return this.writtenPairs().get(node);
  }

  /** The service with its `depends_on` entry as written (the anchor's when it comes through an alias). */
  writtenDependsOn(service: Service): Service | undefined {
    const pair = service.dependsOnPair;
    if (!pair?.value) return undefined;
    if (
      pair.value.span.start >= pair.key.span.end &&
      !this.model.text.slice(pair.key.span.end, pair.value.span.start).includes("*")
    ) {
      return service;
    }
    const written = this.writtenPair(pair.value);
    return written ? { ...service, dependsOnPair: written } : undefined;
  }
}
