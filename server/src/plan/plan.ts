/**
 * The staged start ("Staged Up") as data: which services start in which stage and what each
 * stage waits for. Built from the compose model; shared by the shell scripts (script.ts,
 * reset.ts, checks.ts), the CLI and the language server.
 *
 * Stages: the data services (databases, caches, brokers, S3 stores, and whatever they depend
 * on) first, then one-shot jobs (migrations, init containers), then everything else in
 * depends_on order, each stage holding every service whose dependencies are already up, so
 * there are as few stages as possible.
 *
 * Airflow: the migration job (facts.airflow.migrationJobs) runs to completion before the
 * components start, even where their depends_on does not say so; a component the stack lacks
 * (facts.airflow.missingAmong the active services) is named in a note. MLflow: a server that
 * others depend on is also probed at its `/health` from inside its container before they start.
 */
import { dirname, resolve } from "node:path";
import type { Locale } from "../l10n/locale";
import { factsOf, type MissingAirflowComponent } from "../model/facts";
import type { ComposeModel, Service } from "../model/types";
import { planMessages as m } from "./messages";

/** What a stage waits for before the next one starts. */
export type WaitKind = "healthy" | "completed" | "started";

export type ServiceRole = "data" | "one-shot" | "app";

export interface PlannedService {
  name: string;
  role: ServiceRole;
  /** `run`: running (and healthy when the container has a healthcheck); `done`: exited with code 0. */
  mode: "run" | "done";
  hasHealthcheck: boolean;
  /** A PostgreSQL server: checked with `pg_isready` inside its container once it runs. */
  pgReady?: { port: number; user?: string; database?: string };
  /** Why this service was classed as a one-shot job (for the text output). */
  oneShotReason?: string;
  /** An S3 object store (its image's kind: minio, garage, seaweedfs, rustfs, localstack): a data service. */
  s3Store?: string;
  /**
   * An HTTP endpoint asked from inside its container once it runs (MLflow's `/health`, when
   * other services depend on the server): `label` names it in messages.
   */
  httpReady?: { url: string; label: string };
}

/** Something the plan wants the user to know: what it added, or what the stack lacks. */
export interface PlanNote {
  /**
   * `missing-component`: the Airflow stack lacks a component (nothing starts it);
   * `migration-order`: Airflow components wait for the migration job their depends_on omits;
   * `no-probe`: a readiness probe the plan would run cannot be built.
   */
  kind: "missing-component" | "migration-order" | "no-probe";
  message: string;
  services: string[];
}

export interface Stage {
  name: string;
  kind: "databases" | "one-shot jobs" | "applications";
  services: PlannedService[];
  wait: WaitKind;
  /**
   * `up --wait` is safe here: no one-shot container is among the stage's services (compose
   * treats an exited one-shot as a failure of `--wait`, docker/compose#10596).
   */
  nativeWait: boolean;
}

export interface SkippedService {
  service: string;
  reason: string;
}

export interface Plan {
  /** Absolute path of the compose file. */
  file: string;
  /** The project's other files, merged after `file` (an override file, COMPOSE_FILE's others): `-f` each. */
  overrides?: string[];
  /** `--env-file`s every compose call passes (instead of the project folder's `.env`). */
  envFiles?: string[];
  projectDirectory: string;
  projectName?: string;
  /** The active profiles the plan was made for (empty: only services without profiles). */
  profiles: string[];
  stages: Stage[];
  skipped: SkippedService[];
  notes: PlanNote[];
}

export interface PlanError {
  kind: "invalid-name" | "missing-service" | "inactive-dependency" | "cycle" | "syntax" | "no-services";
  message: string;
  /** The services involved, for messages and diagnostics. */
  services: string[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; error: PlanError };

export interface PlanOptions {
  /** Path of the compose file; defaults to the model's path. Made absolute. */
  file?: string;
  /** The project's other files, merged after it (absolute). */
  overrides?: readonly string[];
  /** `--env-file`s (absolute), passed to every compose call. */
  envFiles?: readonly string[];
  /** Defaults to the compose file's directory, like compose. */
  projectDirectory?: string;
  projectName?: string;
  /** Active profiles; `*` activates all. Default: none (only services without profiles). */
  profiles?: readonly string[];
  /** The language of the notes, the one-shot reasons and the skip reasons (default English). */
  locale?: Locale;
}

/** What compose accepts as a service name; anything else never reaches a shell. */
export const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;

export function buildPlan(model: ComposeModel, options: PlanOptions = {}): PlanResult {
  const file = resolve(options.file ?? model.path ?? "docker-compose.yml");
  const projectDirectory = resolve(options.projectDirectory ?? dirname(file));
  const profiles = [...new Set(options.profiles ?? [])];
  const l = options.locale ?? "en";
  const fail = (kind: PlanError["kind"], message: string, services: string[]): PlanResult => ({
    ok: false,
    error: { kind, message, services },
  });

  const syntax = model.problems.filter((p) => p.severity === "error");
  if (syntax.length > 0) return fail("syntax", m.errSyntax(l, { first: syntax[0].message }), []);

  const invalid = model.services.filter((s) => !SERVICE_NAME.test(s.name) || s.name.startsWith("-"));
  if (invalid.length > 0) {
    const names = invalid.map((s) => JSON.stringify(s.name));
    return fail(
      "invalid-name",
      m.errInvalidName(l, { names }),
      invalid.map((s) => s.name),
    );
  }

  const all = profiles.includes("*");
  const isActive = (s: Service) =>
    s.profiles.length === 0 || all || s.profiles.some((p) => profiles.includes(p));
  const active = model.services.filter(isActive);
  const activeNames = new Set(active.map((s) => s.name));
  const skipped: SkippedService[] = model.services
    .filter((s) => !isActive(s))
    .map((s) => ({
      service: s.name,
      reason:
        s.profiles.length === 1
          ? m.profileInactive(l, { profile: s.profiles[0] })
          : m.profilesInactive(l, { list: s.profiles.map((p) => `"${p}"`).join(", ") }),
    }));

  // Dependencies: depends_on, links and `network_mode: service:X` all make compose start X first.
  const deps = new Map<string, string[]>();
  const missing: string[] = [];
  const inactive: string[] = [];
  const involved = new Set<string>();
  for (const s of active) {
    const out: string[] = [];
    const add = (name: string, required: boolean, via: string) => {
      if (!model.serviceByName.has(name)) {
        // compose ignores a missing dependency marked `required: false`.
        if (!required) return;
        missing.push(`${s.name} → ${name} (${via})`);
        involved.add(s.name).add(name);
        return;
      }
      if (!activeNames.has(name)) {
        if (!required) return;
        const p = model.serviceByName.get(name)!.profiles;
        inactive.push(`${s.name} → ${name} (${m.onlyInProfiles(l, { profiles: p })})`);
        involved.add(s.name).add(name);
        return;
      }
      if (!out.includes(name)) out.push(name);
    };
    for (const d of s.dependsOn) add(d.service, d.required, "depends_on");
    for (const l of s.links) add(l.service, true, "links");
    const nm = /^service:(.+)$/.exec(s.networkMode?.value ?? "");
    if (nm) add(nm[1], true, "network_mode");
    deps.set(s.name, out);
  }
  if (missing.length > 0) return fail("missing-service", m.errMissing(l, { list: missing }), [...involved]);
  if (inactive.length > 0)
    return fail("inactive-dependency", m.errInactive(l, { list: inactive }), [...involved]);

  const cycle = findCycle(
    active.map((s) => s.name),
    deps,
  );
  if (cycle) return fail("cycle", m.errCycle(l, { cycle: cycle.join(" → ") }), [...new Set(cycle)]);

  const adopted = new Map<string, string>();
  for (const s of active)
    for (const d of s.dependsOn)
      if (d.condition === "service_completed_successfully" && !adopted.has(d.service))
        adopted.set(d.service, s.name);

  const planned = new Map<string, PlannedService>();
  for (const s of active) planned.set(s.name, planService(model, s, adopted, l));

  const notes: PlanNote[] = [];
  airflowOrder(model, active, deps, planned, notes, l);
  mlflowHealth(model, active, deps, planned, notes, l);

  // Stage 1: the data services and everything they need.
  const data = new Set<string>();
  const pull = (name: string) => {
    if (data.has(name)) return;
    data.add(name);
    for (const d of deps.get(name) ?? []) pull(d);
  };
  for (const s of active) if (planned.get(s.name)!.role === "data") pull(s.name);

  const stages: Stage[] = [];
  const order = (names: Iterable<string>) =>
    active.filter((s) => new Set(names).has(s.name)).map((s) => s.name);
  const counts = { "one-shot jobs": 0, applications: 0, databases: 0 };
  const addStage = (kind: Stage["kind"], names: string[]) => {
    counts[kind]++;
    const services = names.map((n) => planned.get(n)!);
    stages.push({
      name: counts[kind] > 1 ? `${kind} (${counts[kind]})` : kind,
      kind,
      services,
      wait: waitKind(services),
      nativeWait: services.every((s) => s.mode === "run"),
    });
  };
  if (data.size > 0) addStage("databases", order(data));

  // Then waves: everything whose dependencies are up; one-shot jobs go before the rest.
  const placed = new Set(data);
  let remaining = active.map((s) => s.name).filter((n) => !placed.has(n));
  while (remaining.length > 0) {
    const ready = remaining.filter((n) => deps.get(n)!.every((d) => placed.has(d)));
    // findCycle ran above, so something is always ready; this guards against a logic error.
    if (ready.length === 0)
      return fail("cycle", m.errCycleAmong(l, { names: remaining.join(", ") }), remaining);
    const oneShots = ready.filter((n) => planned.get(n)!.mode === "done");
    const wave = oneShots.length > 0 ? oneShots : ready;
    addStage(oneShots.length > 0 ? "one-shot jobs" : "applications", wave);
    for (const n of wave) placed.add(n);
    remaining = remaining.filter((n) => !placed.has(n));
  }

  if (stages.length === 0)
    return fail("no-services", model.services.length === 0 ? m.errNoServices(l) : m.errNoActive(l), []);

  return {
    ok: true,
    plan: {
      file,
      ...(options.overrides?.length ? { overrides: [...options.overrides] } : {}),
      ...(options.envFiles?.length ? { envFiles: [...options.envFiles] } : {}),
      projectDirectory,
      projectName: options.projectName,
      profiles,
      stages,
      skipped,
      notes,
    },
  };
}

/** True when `from` reaches `to` through `deps`. */
function reaches(deps: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(deps.get(n) ?? []));
  }
  return false;
}

const MISSING_TEXT: Record<
  MissingAirflowComponent["component"],
  (l: Locale, needer: string, version?: string) => string
> = {
  scheduler: (l, needer) => m.missingScheduler(l, { needer }),
  "dag-processor": (l, needer, version) => m.missingDagProcessor(l, { needer, version: version ?? "3" }),
  "celery-worker": (l, needer) => m.missingCeleryWorker(l, { needer }),
};

/**
 * Airflow's order: databases and broker (stage one), the migration job to completion, then the
 * components. A component whose depends_on does not wait for the migration job is made to (the
 * job is a one-shot, so it then runs in a stage of its own before it); a component the active
 * services lack is named in a note, so that the plan does not silently start a stack that
 * cannot work.
 */
function airflowOrder(
  model: ComposeModel,
  active: Service[],
  deps: Map<string, string[]>,
  planned: Map<string, PlannedService>,
  notes: PlanNote[],
  l: Locale,
): void {
  const facts = factsOf(model);
  const af = facts.airflow;
  if (af.services().length === 0) return;
  const isActive = new Set(active);
  const jobs = af
    .migrationJobs()
    .filter((a) => isActive.has(a.service) && planned.get(a.service.name)?.mode === "done");
  for (const job of jobs) {
    const name = job.service.name;
    const added: string[] = [];
    for (const c of af.componentServices()) {
      const cn = c.service.name;
      if (!isActive.has(c.service) || reaches(deps, cn, name) || reaches(deps, name, cn)) continue;
      deps.get(cn)!.push(name);
      added.push(cn);
    }
    if (added.length > 0)
      notes.push({
        kind: "migration-order",
        message: m.migrationOrder(l, { added, job: name }),
        services: [name, ...added],
      });
  }
  // Only where the file is the whole project (another file may define the component).
  if (facts.project.isPartial()) return;
  const all = new Set(af.missingComponents().map((m) => m.component));
  for (const miss of af.missingAmong((s) => isActive.has(s))) {
    const inactive = !all.has(miss.component)
      ? af
          .services()
          .filter((a) => !isActive.has(a.service) && a.components.has(miss.component))
          .map((a) => a.service.name)
      : [];
    notes.push({
      kind: "missing-component",
      message:
        MISSING_TEXT[miss.component](l, miss.needer.service.name, miss.needer.version?.text) +
        (inactive.length > 0 ? m.missingButInactive(l, { services: inactive }) : ""),
      services: [miss.needer.service.name, ...inactive],
    });
  }
}

/**
 * An MLflow server that other services depend on: they start once its `/health` answers,
 * asked from inside its container (the host may not publish the port).
 */
function mlflowHealth(
  model: ComposeModel,
  active: Service[],
  deps: Map<string, string[]>,
  planned: Map<string, PlannedService>,
  notes: PlanNote[],
  l: Locale,
): void {
  const mlflow = factsOf(model).mlflow;
  for (const server of mlflow.servers()) {
    const name = server.service.name;
    const p = planned.get(name);
    if (p?.mode !== "run") continue;
    const dependants = active.filter((s) => deps.get(s.name)?.includes(name)).map((s) => s.name);
    if (dependants.length === 0) continue;
    const probe = mlflow.healthProbe(server);
    if ("url" in probe) p.httpReady = { url: probe.url, label: "MLflow /health" };
    else
      notes.push({
        kind: "no-probe",
        message: m.noProbe(l, { dependants, server: name, why: probe.unknown }),
        services: [name, ...dependants],
      });
  }
}

function waitKind(services: PlannedService[]): WaitKind {
  if (services.every((s) => s.mode === "done")) return "completed";
  if (services.every((s) => s.mode === "run" && s.hasHealthcheck)) return "healthy";
  return "started";
}

/** A cycle as `a → b → a`, or undefined. Depth-first search with colours. */
function findCycle(names: string[], deps: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const st = state.get(d);
      if (st === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (st === undefined) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of names) {
    if (state.has(n)) continue;
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}

function planService(
  model: ComposeModel,
  s: Service,
  adopted: Map<string, string>,
  l: Locale,
): PlannedService {
  const hc = s.healthcheck;
  const hasHealthcheck = !!hc && !hc.disabled;
  const db = model.databaseByService.get(s.name);
  const images = factsOf(model).images;
  // MinIO and friends by image (an `mc` job on the MinIO image stays a one-shot).
  const s3 = db ? db.family === "s3" : images.role(s) === "s3";
  const oneShotReason = db ? undefined : oneShot(model, s, adopted, l);
  const data = !!db || (s3 && !oneShotReason);
  const out: PlannedService = {
    name: s.name,
    role: data ? "data" : oneShotReason ? "one-shot" : "app",
    mode: data || !oneShotReason ? "run" : "done",
    hasHealthcheck,
  };
  if (s3 && data) out.s3Store = images.known(s)?.facts.kind ?? db?.engine ?? "s3";
  if (oneShotReason && !data) out.oneShotReason = oneShotReason;
  if (db?.engine === "postgres") {
    out.pgReady = {
      port: db.port,
      user: db.user.known ? db.user.value : undefined,
      database: db.database.known ? db.database.value : undefined,
    };
  }
  return out;
}

// Names of init containers: airflow-init, minio-init, db-migrate, mlflow-migrations, createbuckets...
const ONE_SHOT_NAME =
  /(^|[-_.])(init|migrate|migrations?|migrator|setup|bootstrap|seed|create[-_]?buckets?|init[-_]?db)$/i;

// Commands that end a script but say nothing about what it did.
const TRIVIAL = new Set(["exit", "echo", "printf", "true", ":", "set", "export", "cd"]);

/** Why `s` runs once and exits (a one-shot job), or undefined for a long-running service. */
function oneShot(
  model: ComposeModel,
  s: Service,
  adopted: Map<string, string>,
  l: Locale,
): string | undefined {
  const by = adopted.get(s.name);
  if (by) return m.adoptedOneShot(l, { by });
  // A restart policy that restarts a finished container means it is meant to keep running.
  if (s.restart === "always" || s.restart === "unless-stopped") return undefined;
  const last = lastCommand(s);
  if (last) {
    const [prog, ...args] = last;
    const a = args.join(" ");
    if (prog === "airflow" && /^(db (migrate|upgrade|init|reset|check)|version|users create)\b/.test(a))
      return m.commandEndsWith(l, { command: `airflow ${a.split(" ").slice(0, 2).join(" ")}` });
    if (prog === "mlflow" && /^db upgrade\b/.test(a))
      return m.commandEndsWith(l, { command: "mlflow db upgrade" });
    if (prog === "alembic" && /^upgrade\b/.test(a))
      return m.commandEndsWith(l, { command: "alembic upgrade" });
    if (prog === "mc" && args.length > 0) return m.commandEndsWithMc(l);
  }
  // The airflow image's entrypoint runs `airflow <command>`: `command: db migrate` / `version`.
  const argv = s.entrypoint ? undefined : s.command?.argv.map((w) => w.value);
  if (argv && model.apps.some((a) => a.kind === "airflow" && a.services.includes(s))) {
    const a = argv.join(" ");
    if (/^(db (migrate|upgrade|init|reset|check)|version|users create)\b/.test(a))
      return m.airflowImageRuns(l, { command: `airflow ${a}` });
  }
  const af = factsOf(model).airflow;
  if (af.migrationJobs().some((a) => a.service === s))
    return af.of(s)?.calls.some((c) => c.command?.component === "migration")
      ? m.airflowMigrationJob(l)
      : m.airflowImageMigrates(l);
  if (ONE_SHOT_NAME.test(s.name) && !s.healthcheck && !s.ports.some((p) => p.published))
    return m.initByName(l);
  return undefined;
}

/** The last meaningful simple command the container runs, program name without its directory. */
function lastCommand(s: Service): string[] | undefined {
  const commands = [...(s.entrypoint?.commands ?? []), ...(s.command?.commands ?? [])];
  for (let i = commands.length - 1; i >= 0; i--) {
    const words = commands[i].map((w) => w.value);
    // `exec /entrypoint airflow version`, `python -m mlflow db upgrade`
    while (words[0] === "exec" || words[0] === "/entrypoint" || words[0] === "/usr/bin/dumb-init")
      words.shift();
    if (/^python(\d(\.\d+)?)?$/.test(words[0]?.split("/").pop() ?? "") && words[1] === "-m")
      words.splice(0, 2);
    const prog = words[0]?.split("/").pop();
    // A word starting with "-" is an option cut off by a line break (command-line-break), not a program.
    if (!prog || TRIVIAL.has(prog) || prog.startsWith("-")) continue;
    return [prog, ...words.slice(1)];
  }
  return undefined;
}
