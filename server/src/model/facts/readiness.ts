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
import { splitImageReference } from "../build";
import { compareMlflowVersions } from "../knowledge/mlflow";
import {
  IMAGE_START,
  MLFLOW_RETRY_SINCE,
  PROGRAM_START,
  RESTARTING,
  type StartKind,
} from "../knowledge/start-behaviour";
import { perObject } from "../memo";
import type { ComposeModel, Database, Dependency, Service } from "../types";
import type { ConnectionFacts } from "./connections";
import {
  boundFile,
  buildFiles,
  type Dockerfile,
  dockerWords,
  parseDockerfile,
  readProjectFile,
} from "./disk";
import { once } from "./once";
import { healthcheckShape, wrongPortsOf } from "./probes";

export type HealthState = "present" | "absent" | "disabled" | "unknown";
export type ImageHealthcheck = "none" | "built-in" | "unknown";

/**
 * What a client does if its database does not accept connections yet when it starts:
 * `waits` (its command, script, image or program waits or retries), `not-at-start` (it
 * connects on use: an admin UI, an idle container), `fails-hard` (known to exit on the first
 * refusal), `unknown` (depends on the client's code). `why` says which fact decided it, as a
 * phrase for messages ("the apache/airflow entrypoint retries ...").
 */
export interface StartBehaviour {
  kind: StartKind | "unknown";
  why: string;
}

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

/** The repository of an image reference as text (a Dockerfile's `FROM`, an `image:` value). */
function imageRepository(ref: string): string {
  return splitImageReference(ref).repository;
}

function repoHealthcheck(repo: string): ImageHealthcheck {
  if (BUILT_IN_HEALTHCHECK.test(repo)) return "built-in";
  return NO_BUILT_IN_HEALTHCHECK.test(repo) ? "none" : "unknown";
}

/**
 * What the service's image does about health on its own. A `build:` is read from its
 * Dockerfile when it is on disk (a HEALTHCHECK of the built stage, else its base image's);
 * unknown when it is not.
 */
function imageHealthcheck(service: Service, dockerfile: Dockerfile | undefined): ImageHealthcheck {
  if (service.build) {
    if (!dockerfile) return "unknown";
    if (dockerfile.healthcheck === "present") return "built-in";
    if (dockerfile.healthcheck === "none") return "none";
    return dockerfile.from && !dockerfile.from.includes("$")
      ? repoHealthcheck(imageRepository(dockerfile.from))
      : "unknown";
  }
  const repo = service.image?.repository;
  if (!repo || service.image?.str.hasUnresolved()) return "unknown";
  return repoHealthcheck(repo);
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

/**
 * The file of the build context that a Dockerfile COPY put where the command runs it: the
 * same path, or (a relative or bare name run from the working directory) the same file name.
 */
function copiedFile(dockerfile: Dockerfile, containerPath: string): string | undefined {
  const base = containerPath.split("/").pop();
  for (const c of dockerfile.copies) {
    for (const src of c.sources) {
      if (/[*?$]/.test(src)) continue;
      const srcBase = src.replace(/\/$/, "").split("/").pop();
      const landed =
        c.dest.endsWith("/") || c.dest === "." ? `${c.dest.replace(/\/$/, "")}/${srcBase}` : c.dest;
      const same = containerPath.startsWith("/")
        ? landed === containerPath
        : landed.split("/").pop() === base;
      if (same) return `${dockerfile.context}/${src.replace(/^\.\//, "")}`;
    }
  }
  return undefined;
}

/** Any of the database's names as a word of a command (loosely: `wait-for-pgdb-and-minio.sh` names `pgdb`). */
const namedIn = perObject((db: Database): RegExp => {
  const names = [...db.names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(^|[^A-Za-z0-9])(${names.join("|")})([^A-Za-z0-9]|$)`);
});

/** True when the client may break if the database is not ready as it starts (it fails hard, or may). */
export function needsAtStart(b: StartBehaviour): boolean {
  return b.kind === "fails-hard" || b.kind === "unknown";
}

/**
 * Of some clients of a database, those that may break if it is not ready as they start
 * (`needsAtStart`), the first known to fail hard (with why), and else why the first of the
 * others may or may not break: what a readiness rule says and how surely (warning or info).
 */
export interface StartRisk {
  atRisk: Service[];
  failsHard?: { service: Service; why: string };
  why: string;
}

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

  /**
   * Why the service's written healthcheck can never pass, when it is one of the known shapes
   * that cannot: a `CMD` whose program is one string with spaces (exec looks for a program
   * named `pg_isready -U x`), a string test that starts with `CMD-SHELL` (the shell looks for a
   * program of that name; facts/probes.ts), `pg_isready -q` piped to `grep` (quiet prints nothing to match),
   * a probe of a published host port that differs from the container port. Else undefined.
   */
  healthcheckNeverPasses(service: Service): string | undefined {
    const hc = service.healthcheck;
    if (!hc || hc.disabled || !hc.test) return undefined;
    const test = hc.test;
    const shape = healthcheckShape(service);
    if (shape?.kind === "cmd-one-string")
      return `its \`CMD\` test runs a program named \`${shape.text}\`, which does not exist (use \`CMD-SHELL\` or split the words)`;
    if (shape?.kind === "string-with-kind")
      return `its test is a string, which the shell runs: it looks for a program named \`${shape.written}\``;
    if (/\bpg_isready\b[^|;&]*\s-q\b[^|;&]*\|\s*grep\b/.test(rawText(test)))
      return "`pg_isready -q` prints nothing, so the `grep` after it never matches";
    const wrong = wrongPortsOf(service)[0];
    if (wrong?.kind === "host-port")
      return `it probes port ${wrong.probe.port}, the published host port; inside the container the server listens on ${wrong.right}`;
    if (wrong)
      return `it probes port ${wrong.probe.port}, where ${wrong.listen?.label ?? "the server"} does not listen (it listens on ${wrong.right})`;
    return undefined;
  }

  /** What the service's image does about health on its own (a `build:` read from its Dockerfile on disk). */
  imageHealthcheck(service: Service): ImageHealthcheck {
    return imageHealthcheck(service, this.dockerfile(service));
  }

  private readonly dockerfiles = new Map<Service, Dockerfile | undefined>();

  /** The Dockerfile a `build:` service is built from, when it is on disk next to the compose file. */
  dockerfile(service: Service): Dockerfile | undefined {
    if (!service.build || !this.model.path) return undefined;
    if (this.dockerfiles.has(service)) return this.dockerfiles.get(service);
    const files = buildFiles(this.model.path, service);
    const text = files && readProjectFile(files.dockerfile);
    const parsed =
      files && text !== undefined
        ? parseDockerfile(text, files.dockerfile, files.context, files.target)
        : undefined;
    this.dockerfiles.set(service, parsed);
    return parsed;
  }

  private readonly behaviours = new Map<Service, Map<Database, StartBehaviour>>();

  /**
   * What `service` does if `db` does not accept connections yet when it starts (see
   * StartBehaviour). Decided by, in order: its command waiting for `db`; a start script on
   * disk (bind-mounted or COPY'd) that waits; its image's entrypoint (IMAGE_START); the
   * programs of its command (PROGRAM_START); a fixed sleep or a restart policy softening a
   * hard failure. Anything else depends on the client's code: unknown.
   */
  startBehaviour(service: Service, db: Database): StartBehaviour {
    let byDb = this.behaviours.get(service);
    if (!byDb) this.behaviours.set(service, (byDb = new Map()));
    let b = byDb.get(db);
    if (!b) byDb.set(db, (b = this.decideStart(service, db)));
    return b;
  }

  /** The start risk of `clients` towards `db` (see StartRisk), in their order. */
  startRisk(clients: readonly Service[], db: Database): StartRisk {
    const risk: StartRisk = { atRisk: [], why: "" };
    for (const s of clients) {
      const b = this.startBehaviour(s, db);
      if (!needsAtStart(b)) continue;
      risk.atRisk.push(s);
      if (b.kind === "fails-hard") risk.failsHard ??= { service: s, why: b.why };
      else risk.why ||= b.why;
    }
    return risk;
  }

  private decideStart(service: Service, db: Database): StartBehaviour {
    if (this.waitsFor(service, db))
      return { kind: "waits", why: `its command waits for \`${db.service.name}\`` };
    const script = this.waitingScript(service, db);
    if (script) return { kind: "waits", why: `its start script \`${script}\` waits for the server` };
    const dockerfile = this.dockerfile(service);
    const image = service.build ? dockerfile?.from : service.image?.str.value;
    const commandWords =
      service.command?.argv.map((w) => w.value) ?? (dockerfile?.cmd ? dockerWords(dockerfile.cmd) : []);
    if (image && !image.includes("$")) {
      const repo = imageRepository(image);
      // The base image's entrypoint runs unless the compose file or the Dockerfile replaces it.
      const entrypointKept = !service.entrypoint && dockerfile?.entrypoint === undefined;
      for (const e of IMAGE_START) {
        if (!e.repository.test(repo)) continue;
        if (e.families && !e.families.includes(db.family)) continue;
        if (e.entrypoint && !entrypointKept) continue;
        if (e.commands && !e.commands.test(commandWords[0] ?? "")) continue;
        if (e.offWhen) {
          const v = service.environment.find((x) => x.name === e.offWhen!.name)?.value?.value;
          if (v !== undefined && e.offWhen.value.test(v)) continue;
        }
        return { kind: e.kind, why: e.how };
      }
    }
    const program = this.programStart(service, db, dockerfile);
    if (program) return program;
    const failing = this.failingScript(service, db);
    if (failing) {
      if (service.restart && RESTARTING.test(service.restart))
        return {
          kind: "unknown",
          why: `${failing.why}, and \`restart: ${service.restart}\` starts it again`,
        };
      return failing;
    }
    // Nothing known: `why` stays empty (the rules say "depends on its code").
    return { kind: "unknown", why: "" };
  }

  /** The simple commands the container runs: its entrypoint and command (the Dockerfile's when the compose file sets none). */
  private runs(service: Service, dockerfile: Dockerfile | undefined): string[][] {
    const out: string[][] = [];
    const add = (field: "entrypoint" | "command", fromFile: string | undefined) => {
      const cl = service[field];
      if (cl) for (const c of cl.commands) out.push(c.map((w) => w.value));
      else if (fromFile) {
        const words = dockerWords(fromFile);
        const shell = !fromFile.startsWith("[");
        // A shell-form instruction is one `sh -c` script: split it at the shell's separators.
        if (shell)
          for (const part of fromFile.split(/&&|\|\||;/)) out.push(part.trim().split(/\s+/).filter(Boolean));
        else out.push(words);
      }
    };
    add("entrypoint", dockerfile?.entrypoint);
    // An entrypoint set in the compose file drops the image's CMD as well.
    add("command", service.entrypoint ? undefined : dockerfile?.cmd);
    return out.filter((c) => c.length > 0);
  }

  private programStart(
    service: Service,
    db: Database,
    dockerfile: Dockerfile | undefined,
  ): StartBehaviour | undefined {
    let slept = 0;
    for (const words of this.runs(service, dockerfile)) {
      const line = words.join(" ");
      const sleep = /^sleep\s+(\d+(\.\d+)?)s?$/.exec(line);
      if (sleep) slept += Number(sleep[1]);
      const e = PROGRAM_START.find(
        (p) => p.command.test(line) && (!p.families || p.families.includes(db.family)),
      );
      if (!e) continue;
      if (e.kind === "waits" && /mlflow/.test(line)) {
        const version = this.mlflowVersion(service);
        if (version && compareMlflowVersions(version, MLFLOW_RETRY_SINCE) < 0)
          return {
            kind: "fails-hard",
            why: `MLflow ${version} does not retry its first connection (retries came in ${MLFLOW_RETRY_SINCE})`,
          };
      }
      if (e.kind !== "fails-hard") return { kind: e.kind, why: e.how };
      // It waits for something first (a wait tool or loop not naming this database: it may
      // wait for it through a variable): not known to fail hard.
      if (waitingOf(service).command !== undefined)
        return { kind: "unknown", why: `${e.how}, but its command waits for something first` };
      if (slept >= 5)
        return { kind: "unknown", why: `${e.how}, but it sleeps ${slept} s first, which is usually enough` };
      if (service.restart && RESTARTING.test(service.restart))
        return { kind: "unknown", why: `${e.how}, and \`restart: ${service.restart}\` starts it again` };
      return { kind: "fails-hard", why: e.how };
    }
    return undefined;
  }

  /** The MLflow version a service runs, when its image tag or a `pip install mlflow==x` says it. */
  private mlflowVersion(service: Service): string | undefined {
    const img = service.image;
    if (img && !service.build && /(^|\/)mlflow$/.test(img.repository)) {
      const v = /^v?(\d+\.\d+(\.\d+)?)/.exec(img.tag ?? "");
      if (v) return v[1];
    }
    const text = [
      service.entrypoint?.str?.value,
      service.command?.str?.value,
      ...(service.command?.argv ?? []).map((w) => w.value),
    ].join(" ");
    return /\bmlflow==(\d+\.\d+(\.\d+)?)/.exec(text)?.[1];
  }

  /**
   * The container path of a start script that waits for `db` (a wait tool or a retry loop
   * naming it, or a host variable): a file the command or entrypoint runs that is
   * bind-mounted from the project, or COPY'd into the image by the Dockerfile on disk.
   */
  private waitingScript(service: Service, db: Database): string | undefined {
    const named = namedIn(db);
    for (const { path, text } of this.startScripts(service)) {
      if (
        WAIT_COMMAND.test(text) &&
        (named.test(text) || /\$\{?[A-Z_]*(HOST|URL|URI|ADDR|SERVER|DSN)/.test(text))
      )
        return path;
    }
    return undefined;
  }

  /** A program of a start script on disk known to fail hard towards `db` (Superset's `superset db upgrade` in docker-init.sh). */
  private failingScript(service: Service, db: Database): StartBehaviour | undefined {
    for (const { path, text } of this.startScripts(service)) {
      // A script that loops or calls a wait tool may well wait before it migrates.
      if (WAIT_COMMAND.test(text)) continue;
      for (const raw of text.split(/\n|&&|;/)) {
        const line = raw.trim().replace(/^(exec|time|command)\s+/, "");
        if (!line || line.startsWith("#")) continue;
        const e = PROGRAM_START.find(
          (p) =>
            p.kind === "fails-hard" &&
            p.command.test(line) &&
            (!p.families || p.families.includes(db.family)),
        );
        if (e) return { kind: "fails-hard", why: `its start script \`${path}\` runs it: ${e.how}` };
      }
    }
    return undefined;
  }

  private readonly scripts = new Map<Service, { path: string; text: string }[]>();

  /**
   * The start scripts on disk the container runs: files its command or entrypoint names that
   * are bind-mounted from the project, or COPY'd into the image by the Dockerfile on disk.
   */
  private startScripts(service: Service): { path: string; text: string }[] {
    const path = this.model.path;
    if (!path) return [];
    let list = this.scripts.get(service);
    if (list) return list;
    list = [];
    const dockerfile = this.dockerfile(service);
    for (const words of this.runs(service, dockerfile)) {
      for (const w of words) {
        if (!/\.(sh|bash|py)$/.test(w) && !/(^|\/)(entrypoint|docker-entrypoint|start|run)[^/]*$/.test(w))
          continue;
        const file = boundFile(path, service, w) ?? (dockerfile && copiedFile(dockerfile, w));
        const text = file && readProjectFile(file);
        if (text) list.push({ path: w, text });
      }
    }
    this.scripts.set(service, list);
    return list;
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
   * their own or do not connect at start (`startBehaviour`), and those that connect only after a one-shot job that needed it has completed
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
      if (s === target || !needsAtStart(this.startBehaviour(s, db))) continue;
      if (this.dependsOn(s, target.name)) {
        out.push(s);
        continue;
      }
      const gated = s.dependsOn.some((d) => {
        if (d.condition !== "service_completed_successfully") return false;
        const job = this.model.serviceByName.get(d.service);
        return !!job && (this.dependsOn(job, target.name) || this.startBehaviour(job, db).kind === "waits");
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
