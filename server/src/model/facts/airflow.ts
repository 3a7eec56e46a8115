/**
 * Airflow facts: for each Airflow service, the component it runs (from its command and
 * entrypoint, with the official image's conventions), the Airflow version of its image
 * tag, and its `AIRFLOW__SECTION__KEY` configuration (anchors and merge keys already
 * resolved by the model); for the stack, which components exist and its executor.
 *
 * The official image (apache/airflow) runs `/entrypoint` with the compose `command` as its
 * arguments: `bash …`/`python …` are exec'd, a leading `airflow` is dropped and anything
 * else runs as `airflow <args>` (knowledge/airflow.ts, AIRFLOW_IMAGE). Other images
 * (puckel/docker-airflow, a custom build) have entrypoints of their own: there only an
 * explicit `airflow <command>` counts, and a service running anything else is
 * `unclassified`, which keeps the stack-wide rules silent.
 */
import type { SourceString } from "../../parse/source-string";
import { appKindOf } from "../apps";
import { splitImageReference } from "../image-reference";
import {
  type AirflowCommand,
  type AirflowComponent,
  airflowCommand,
  airflowConfigChange,
  parseAirflowEnvName,
} from "../knowledge/airflow";
import { perObject } from "../memo";
import { commandsOfList } from "../strings";
import type { ComposeModel, EnvVar, Service } from "../types";
import { once } from "./once";

/** The components that keep running (a server, a worker): what the migration job must finish before. */
export const AIRFLOW_LONG_RUNNING: ReadonlySet<AirflowComponent> = new Set([
  "webserver",
  "api-server",
  "scheduler",
  "dag-processor",
  "triggerer",
  "celery-worker",
  "celery-flower",
  "standalone",
]);

/** A component the stack needs and no service runs (airflow-missing-component, Staged Up's note). */
export interface MissingAirflowComponent {
  component: "scheduler" | "dag-processor" | "celery-worker";
  /** The service that needs it (the first in the file that does). */
  needer: AirflowService;
  /** False when it rests on a component assumed from another image's bare command or on a tag from a variable. */
  certain: boolean;
  /** The executor variable, for the celery worker. */
  executor?: EnvVar;
}

export interface AirflowVersion {
  text: string;
  major: number;
  minor: number;
  patch: number;
  /**
   * False when the tag comes from a variable (`${AIRFLOW_IMAGE_NAME:-apache/airflow:2.6.3}`):
   * the default runs only while the variable is unset, so findings built on it are `info`.
   */
  sure: boolean;
}

/** One `airflow …` invocation a service runs. */
export interface AirflowCall {
  /** The words after `airflow` (for `command: webserver` on the official image, the command itself). */
  args: SourceString[];
  /** The known command it is, if any (`db init`, `celery worker`). */
  command?: AirflowCommand;
}

export interface AirflowService {
  service: Service;
  /** Runs the official image (apache/airflow), so its entrypoint conventions apply. */
  official: boolean;
  /**
   * Another image whose bare command (`command: scheduler`) is read with the official
   * entrypoint's conventions, as most such images are built FROM apache/airflow; findings
   * that rest on it are `info`.
   */
  assumed: boolean;
  version?: AirflowVersion;
  calls: AirflowCall[];
  /** The components it runs (`migration` for a `db migrate` or the entrypoint's `_AIRFLOW_DB_MIGRATE`). */
  components: Set<AirflowComponent>;
  /** True when what it runs could not be read (a start script, another image's entrypoint). */
  unclassified: boolean;
  /** Its Airflow configuration variables by name (`AIRFLOW__CORE__EXECUTOR`). */
  config: Map<string, EnvVar>;
}

const WRAPPERS = new Set(["exec", "nohup", "env", "dumb-init", "/usr/bin/dumb-init", "--", "time"]);
const USER_SWITCH = new Set(["gosu", "su-exec"]);
const SHELLS = /^(?:\/usr)?(?:\/bin\/)?(?:ba|da|z)?sh$|^(?:\/usr\/(?:local\/)?bin\/)?python[\d.]*$/;

/** The first words of Airflow commands, as a bare `command:` of an image built FROM apache/airflow gives them. */
const BARE_COMMANDS = new Set([
  "webserver",
  "api-server",
  "scheduler",
  "dag-processor",
  "triggerer",
  "celery",
  "standalone",
  "db",
]);
/** puckel/docker-airflow's entrypoint starts a scheduler inside `webserver` (Local/Sequential executor) and migrates. */
const PUCKEL = /^puckel\/docker-airflow$/;

function basename(word: string): string {
  return word.split("/").pop() ?? word;
}

/** The arguments of `airflow` (or of the official `/entrypoint`) in one simple command, if it runs one. */
function airflowArgs(words: SourceString[], entrypoint: boolean): SourceString[] | undefined {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!.value;
    if (WRAPPERS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (USER_SWITCH.has(basename(w))) i += 2;
    else break;
  }
  const first = words[i]?.value;
  if (first === undefined) return undefined;
  if (basename(first) === "airflow") return words.slice(i + 1);
  if (entrypoint && first === "/entrypoint") {
    const rest = words.slice(i + 1);
    if (rest[0] && SHELLS.test(rest[0].value)) return undefined;
    return rest[0]?.value === "airflow" ? rest.slice(1) : rest;
  }
  return undefined;
}

/** `2.7.0-python3.9`, `slim-2.10.4`, `3.0.2` → the version; `latest`, `|version|`, `2` → undefined. */
export function airflowVersionOfTag(tag: string): Omit<AirflowVersion, "sure"> | undefined {
  const m = /^(?:slim-)?(\d+)\.(\d+)\.(\d+)(?:$|[-.])/.exec(tag);
  if (!m) return undefined;
  return { text: `${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Compares `a` with a version `x.y.z`: negative when a is older. */
export function compareAirflowVersion(a: AirflowVersion, b: string): number {
  const [x = 0, y = 0, z = 0] = b.split(".").map(Number);
  return a.major - x || a.minor - y || a.patch - z;
}

/** True for an entrypoint variable that is set to something: the entrypoint tests `-n`, so even `false` counts. */
function isSet(env: EnvVar | undefined): boolean {
  if (!env?.value) return false;
  if (env.value.hasUnresolved()) return false;
  return env.value.value !== "";
}

export const airflowServiceOf = perObject((service: Service) => readAirflowService(service, undefined));

/**
 * The base image of a `build:` service as its Dockerfile on disk says (`FROM apache/airflow:3.0.2`):
 * its entrypoint and version are the service's, unless the Dockerfile sets its own ENTRYPOINT.
 * A `FROM` with a build argument (`apache/airflow:${AIRFLOW_VERSION}`) says nothing.
 */
export interface BuiltFrom {
  from?: string;
  entrypoint?: string;
}

function readAirflowService(service: Service, built: BuiltFrom | undefined): AirflowService | undefined {
  const image = service.image;
  const base =
    service.build && built?.from && !built.from.includes("$") && !built.entrypoint
      ? splitImageReference(built.from)
      : undefined;
  const official = image?.repository === "apache/airflow" || base?.repository === "apache/airflow";
  // By image, command or AIRFLOW__ variables (apps.ts), or an image named for Airflow that
  // apps.ts files under another app (`…-mlflow-fastapi-airflow-init`).
  const named = /airflow/.test(image?.repository ?? "");
  if (appKindOf(service) !== "airflow" && !official && !named) return undefined;
  let version: AirflowVersion | undefined;
  if (image?.repository === "apache/airflow" && image.tag && !image.str.hasUnresolved()) {
    const v = airflowVersionOfTag(image.tag);
    // A variable's default (`${AIRFLOW_IMAGE_NAME:-apache/airflow:2.6.3}`) runs only while it is unset.
    if (v) version = { ...v, sure: !image.str.hasVariable() && !(image.str.scalar.text ?? "").includes("$") };
  } else if (base?.repository === "apache/airflow" && base.tag) {
    const v = airflowVersionOfTag(base.tag);
    if (v) version = { ...v, sure: true };
  }
  const calls: AirflowCall[] = [];
  const add = (args: SourceString[]) =>
    calls.push({ args, command: airflowCommand(args.map((a) => a.value)) });
  const ep = service.entrypoint;
  const cmd = service.command;
  // Is the image's /entrypoint run with the command as its arguments?
  const imageEntrypoint = official && !ep;
  // Another image given a bare Airflow command (`command: scheduler`): most likely built FROM
  // apache/airflow, whose entrypoint runs `airflow scheduler`; assumed, not known.
  const first0 = cmd?.argv[0]?.value;
  let assumed =
    !official &&
    !ep &&
    !PUCKEL.test(image?.repository ?? "") &&
    first0 !== undefined &&
    BARE_COMMANDS.has(first0);
  let unknownRun = false;
  // A script of the compose file's own that calls the image's /entrypoint.
  let callsEntrypoint = false;
  if (ep) {
    // The entrypoint's words and then the command's are one argv (`/bin/bash` + `-c script`).
    const all = commandsOfList([...ep.argv, ...(cmd?.argv ?? [])]).commands;
    callsEntrypoint = all.some((c) => c.some((w) => w.value === "/entrypoint"));
    // `/entrypoint` is the official image's; another image calling it is assumed built FROM it.
    if (callsEntrypoint && !official) assumed = true;
    for (const c of all) {
      const args = airflowArgs(c, callsEntrypoint);
      if (args) add(args);
    }
    if (calls.length === 0) unknownRun = true;
  } else if (cmd) {
    const first = cmd.argv[0]?.value;
    if ((imageEntrypoint || assumed) && first !== undefined && !SHELLS.test(first)) {
      add(first === "airflow" ? cmd.argv.slice(1) : cmd.argv);
    } else {
      for (const c of cmd.commands) {
        const args = airflowArgs(c, official);
        if (args) add(args);
      }
      if (calls.length === 0) unknownRun = true;
    }
  } else if (!official) unknownRun = true;
  const components = new Set<AirflowComponent>();
  for (const c of calls) if (c.command?.component) components.add(c.command.component);
  const config = new Map<string, EnvVar>();
  const envByName = new Map<string, EnvVar>();
  for (const e of service.environment) {
    envByName.set(e.name, e);
    if (e.name.startsWith("AIRFLOW__")) config.set(e.name, e);
  }
  // The official entrypoint migrates when asked, wherever /entrypoint runs.
  const entrypointRuns = (official && imageEntrypoint) || callsEntrypoint || assumed;
  if (
    entrypointRuns &&
    (isSet(envByName.get("_AIRFLOW_DB_MIGRATE")) || isSet(envByName.get("_AIRFLOW_DB_UPGRADE")))
  )
    components.add("migration");
  if (components.has("standalone")) components.add("migration");
  // A script of our own or another image's entrypoint: what it runs is unknown, unless it
  // runs known components anyway.
  const unclassified = unknownRun && components.size === 0;
  return { service, official, assumed, version, calls, components, unclassified, config };
}

/** The settings that every component must share (or that must agree where given), by option. */
export const SHARED_SECRETS: ReadonlyArray<{ option: string; label: string; names: string[] }> = [
  { option: "core.fernet_key", label: "Fernet key", names: ["AIRFLOW__CORE__FERNET_KEY"] },
  {
    option: "api.secret_key",
    label: "secret key",
    names: ["AIRFLOW__API__SECRET_KEY", "AIRFLOW__WEBSERVER__SECRET_KEY"],
  },
  { option: "api_auth.jwt_secret", label: "JWT secret", names: ["AIRFLOW__API_AUTH__JWT_SECRET"] },
];

export class AirflowFacts {
  constructor(
    private readonly model: ComposeModel,
    /** The Dockerfile of a `build:` service, when it is on disk (facts.readiness). */
    private readonly dockerfile: (service: Service) => BuiltFrom | undefined = () => undefined,
  ) {}

  /** The Airflow services, in file order. */
  readonly services = once((): AirflowService[] =>
    this.model.services.map((s) => this.of(s)).filter((a): a is AirflowService => a !== undefined),
  );

  private readonly built = new Map<Service, AirflowService | undefined>();

  /** The Airflow facts of one service, if it runs Airflow (a `build:` read with its Dockerfile's FROM). */
  of(service: Service): AirflowService | undefined {
    if (!service.build) return airflowServiceOf(service);
    if (!this.built.has(service))
      this.built.set(service, readAirflowService(service, this.dockerfile(service)));
    return this.built.get(service);
  }

  /** The services running each component. */
  readonly byComponent = once(() => {
    const map = new Map<AirflowComponent, AirflowService[]>();
    for (const a of this.services())
      for (const c of a.components) {
        const list = map.get(c) ?? [];
        list.push(a);
        map.set(c, list);
      }
    return map;
  });

  /** True when some Airflow service runs something this layer cannot read. */
  readonly anyUnclassified = once(() => this.services().some((a) => a.unclassified));

  /** True when some Airflow service's component is assumed from a bare command of another image. */
  readonly anyAssumed = once(() => this.services().some((a) => a.assumed));

  /**
   * The version every versioned Airflow service agrees on (the official image's tag), or
   * undefined when none says or they differ.
   */
  readonly stackVersion = once((): AirflowVersion | undefined => {
    let found: AirflowVersion | undefined;
    for (const a of this.services()) {
      if (!a.official) continue;
      if (!a.version) return undefined;
      if (found && found.text !== a.version.text) return undefined;
      if (!found || !a.version.sure) found = a.version;
    }
    return found;
  });

  /** The executor the stack's services set (`AIRFLOW__CORE__EXECUTOR`), when all that set it agree. */
  readonly executor = once((): string | undefined => {
    let found: string | undefined;
    for (const a of this.services()) {
      const v = a.config.get("AIRFLOW__CORE__EXECUTOR")?.value;
      if (!v || v.hasUnresolved()) continue;
      if (found !== undefined && found !== v.value) return undefined;
      found = v.value;
    }
    return found;
  });

  /**
   * The migration jobs: services that run `airflow db migrate` (`db upgrade`/`db init`, or the
   * official entrypoint's `_AIRFLOW_DB_MIGRATE` before `airflow version`) and no long-running
   * component, so they exit when done (the official files' `airflow-init`).
   */
  readonly migrationJobs = once((): AirflowService[] =>
    this.services().filter(
      (a) => a.components.has("migration") && ![...a.components].some((c) => AIRFLOW_LONG_RUNNING.has(c)),
    ),
  );

  /** The services that run a long-running component (they need the migrated database). */
  readonly componentServices = once((): AirflowService[] =>
    this.services().filter((a) => [...a.components].some((c) => AIRFLOW_LONG_RUNNING.has(c))),
  );

  /** The components the stack lacks, among all its services (see missingAmong). */
  readonly missingComponents = once((): MissingAirflowComponent[] => this.missingAmong(() => true));

  /**
   * The components a stack made of the services `include` accepts lacks: no scheduler (nor
   * `standalone`) beside a webserver/api-server, triggerer, worker or dag-processor; Airflow 3
   * with no dag-processor; CeleryExecutor with no celery worker. Nothing when some Airflow
   * service runs what cannot be read (a start script, another image's entrypoint). Whether the
   * file is the whole project is the caller's question (facts.project).
   */
  missingAmong(include: (service: Service) => boolean): MissingAirflowComponent[] {
    const services = this.services().filter((a) => include(a.service));
    if (services.length === 0 || services.some((a) => a.unclassified)) return [];
    const by = new Map<AirflowComponent, AirflowService[]>();
    for (const a of services) for (const c of a.components) by.set(c, [...(by.get(c) ?? []), a]);
    if (by.has("standalone")) return [];
    const first = (...components: AirflowComponent[]) =>
      components
        .flatMap((c) => by.get(c) ?? [])
        .sort((a, b) => a.service.key.span.start - b.service.key.span.start)[0];
    const sure = !services.some((a) => a.assumed);
    const out: MissingAirflowComponent[] = [];
    const scheduler = first("scheduler");
    const front = first("api-server", "webserver", "triggerer", "celery-worker", "dag-processor");
    if (!scheduler && front) out.push({ component: "scheduler", needer: front, certain: sure });
    const v = this.stackVersion();
    if (v?.major === 3 && !by.has("dag-processor")) {
      const needer = scheduler ?? first("api-server");
      if (needer) out.push({ component: "dag-processor", needer, certain: sure && v.sure });
    }
    const executor = this.executor();
    if (scheduler && executor && /CeleryExecutor/.test(executor) && !by.has("celery-worker"))
      out.push({
        component: "celery-worker",
        needer: scheduler,
        certain: sure,
        executor: scheduler.config.get("AIRFLOW__CORE__EXECUTOR"),
      });
    return out;
  }

  /** The option a config variable sets in a service's version (an alias read as its new name). */
  optionOf(envName: string): string | undefined {
    const change = airflowConfigChange(envName);
    const parsed = parseAirflowEnvName(envName);
    if (!parsed) return undefined;
    if (
      change?.replacement &&
      (change.airflow3.status === "deprecated" || change.airflow2.status === "deprecated")
    )
      return `${change.replacement.section}.${change.replacement.key}`;
    return `${parsed.section}.${parsed.key}`;
  }
}
