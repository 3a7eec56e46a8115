/**
 * depends-on-not-healthy: a service depends on a database in the short (list) form or with
 * `condition: service_started`. Compose then starts it as soon as the database's container
 * is running, before the server accepts connections: its first attempts fail with
 * "Connection refused" / "FATAL: the database system is starting up" (Airflow retries, then
 * gives up with "Maximum number of retries (20) reached"; MLflow exits with "Error
 * initializing backend store"). One finding per dependency entry, on the entry's name; an
 * entry written in an anchor (`x-airflow-common`) is one finding naming every service that
 * uses it. Dependencies on services that are not databases are left alone, and so are the
 * services that wait for the database by themselves or connect to it only later
 * (`facts.readiness.startBehaviour`). Severity (CONTRIBUTING.md, "Severity policy"): warning
 * when one of them is known to fail hard on a refused first connection (a one-shot `mc` or
 * migration job, Keycloak, Dagster, MLflow < 1.13), info when whether it breaks depends on
 * the client's code (a `build:` app, an image we do not know).
 *
 * Fix "Wait for `postgres` to be healthy" (preferred): `condition: service_healthy` for that
 * entry (a list becomes a map; the other entries keep `service_started`, comments stay), and
 * in the same fix a healthcheck for the database when it has none. An entry in an anchor is
 * edited in the anchor: every service using it has that same entry, so all of them wait.
 * No fix when the database has no healthcheck and we know none for its image (or it is
 * disabled): `service_healthy` would then make Compose refuse to start. The fix is only
 * offered for review (not preferred) when the database's image is a guess (a `build:`, an
 * unknown image configured like postgres) or its healthcheck may come from `extends`.
 */
import { setDependencyConditions } from "../edits/depends-on";
import type { TextEdit } from "../edits/types";
import type { DependencyUse } from "../model/facts";
import type { StartRisk } from "../model/facts/readiness";
import { engineLabel } from "../model/labels";
import type { Database, Dependency, Service } from "../model/types";
import type { RNode } from "../parse/resolve";
import { healthcheckFix } from "./fixes";
import { EARLY_ERRORS, fitting, nameList, namesShort } from "./phrases";
import { defineRule, type RuleContext } from "./types";

interface EarlyStart {
  use: DependencyUse;
  db: Database;
  /** The services using the entry that may break when the database is not ready (they neither wait nor connect later). */
  services: Service[];
  /** The first of them known to fail hard on a refused first connection, with why; else whether it breaks depends on them. */
  failsHard?: StartRisk["failsHard"];
  /** Why the first of the others may or may not break (the fact that decided it). */
  why: string;
}

/** What making the entry wait for a healthy database takes. */
interface Plan {
  /** A healthcheck the database needs first, when it has none. */
  health?: { edit: TextEdit; preferred: boolean };
  /** False when no fix can be offered (the healthcheck is disabled, or none is known for the image). */
  possible: boolean;
  preferred: boolean;
  /** What the message adds about the healthcheck. */
  note: string;
}

function plan(ctx: RuleContext, db: Database, plural: boolean): Plan {
  const target = db.service;
  const state = ctx.facts.readiness.health(target);
  const them = plural ? "them" : "it";
  // `extends` may or may not bring a healthcheck: the change is right only if it does.
  if (state === "unknown") return { possible: true, preferred: false, note: "" };
  if (state === "disabled")
    return {
      possible: false,
      preferred: false,
      note: ` \`${target.name}\` has its healthcheck disabled: enable one first, or Compose will refuse to start ${them}.`,
    };
  if (state === "absent" && ctx.facts.readiness.imageHealthcheck(target) !== "built-in") {
    const health = healthcheckFix(ctx, db);
    if (health)
      return {
        health,
        possible: true,
        preferred: health.preferred,
        note: ` \`${target.name}\` has no healthcheck yet: the fix adds one.`,
      };
    return {
      possible: false,
      preferred: false,
      note: ` \`${target.name}\` has no healthcheck and none is known for its image: add one first, or Compose will refuse to start ${them} ("has no healthcheck configured").`,
    };
  }
  // A healthcheck that can never pass: `service_healthy` would keep the dependants from ever
  // starting. The finding that matters is the healthcheck; the fix is offered for review only.
  const never = state === "present" ? ctx.facts.readiness.healthcheckNeverPasses(target) : undefined;
  if (never)
    return {
      possible: true,
      preferred: false,
      note: ` \`${target.name}\`'s healthcheck can never pass (${never}): fix it first, or Compose will never start ${them}.`,
    };
  return { possible: true, preferred: true, note: "" };
}

/** True when `node` is written after `after` (not reached through an alias to earlier text). */
const writtenAfter = (node: RNode | null | undefined, after: number) => !node || node.span.start >= after;

/** Edits giving this one dependency `condition: service_healthy`, or undefined when not safe. */
function conditionEdits(
  { model, facts }: RuleContext,
  service: Service,
  dependency: Dependency,
): TextEdit[] | undefined {
  const written = facts.readiness.writtenDependsOn(service);
  if (!written) return undefined;
  const entry = dependency.entry;
  if (dependency.form === "map" && entry) {
    // A body reached through an alias (`postgres: *wait`) is shared with other entries.
    const body = entry.value;
    if (!writtenAfter(body, entry.key.span.start)) return undefined;
    const cond = body?.kind === "map" ? body.pairs.find((p) => p.key.text === "condition") : undefined;
    if (cond && (cond.merged || !writtenAfter(cond.value, entry.key.span.start))) return undefined;
  }
  const edits = setDependencyConditions(
    model.text,
    written,
    new Map([[dependency.service, "service_healthy"]]),
  );
  return edits && edits.length > 0 ? edits : undefined;
}

export const dependsOnNotHealthy = defineRule<EarlyStart>({
  meta: {
    id: "depends-on-not-healthy",
    title: "depends_on a database without waiting for it to be healthy",
    defaultSeverity: "warning",
    fixable: true,
  },
  run({ model, facts }) {
    const out: EarlyStart[] = [];
    for (const use of facts.readiness.dependencyUses()) {
      if (use.dependency.condition !== "service_started") continue;
      const db = model.databaseByService.get(use.dependency.service);
      if (!db) continue;
      // A service that waits for the database itself (wait-for-it, a retry loop, a wait4x job,
      // an image whose entrypoint waits, a program that retries) or connects only later is fine.
      const { atRisk: services, failsHard, why } = facts.readiness.startRisk(use.services, db);
      if (services.length > 0) out.push({ use, db, services, failsHard, why });
    }
    return out;
  },
  diagnostic(ctx, { use: { dependency }, db, services, failsHard, why }) {
    const target = db.service;
    const label = engineLabel(db);
    const names = services.map((s) => s.name);
    const plural = services.length > 1;
    const how = (who: string) =>
      dependency.form === "list"
        ? `${who} ${plural ? "start" : "starts"} as soon as \`${target.name}\` is running`
        : `${who} ${plural ? "wait" : "waits"} only until \`${target.name}\` has started`;
    const message = fitting(
      `${how(nameList(names))}, before ${label} accepts connections.`,
      `${how(namesShort(names))}, before ${label} accepts connections.`,
      `${how(namesShort(names))}, before it accepts connections.`,
    );
    const condition =
      dependency.form === "list"
        ? ""
        : dependency.conditionNode
          ? "`condition: service_started` does not wait for it to be ready. "
          : "No `condition:` means `service_started`, which does not wait for it to be ready. ";
    // Severity policy: a warning when a client is known to fail hard, info when it depends on the client.
    const severityWhy = failsHard
      ? `This breaks \`${failsHard.service.name}\`: ${failsHard.why}.`
      : `Whether this breaks ${plural ? "them" : "it"} depends on ${plural ? "their" : "its"} code${why ? ` (${why})` : ""}: no wait or retry is known for ${plural ? "them" : "it"}.`;
    const detail =
      `${condition}${plural ? "Their" : "Its"} first connections fail with ${EARLY_ERRORS[db.engine]}. ` +
      `Use \`condition: service_healthy\` so that Compose waits until \`${target.name}\`'s healthcheck passes.` +
      `${plan(ctx, db, plural).note} ${severityWhy}`;
    return {
      span: dependency.nameNode.span,
      message,
      detail,
      severity: failsHard ? undefined : "info",
      related: [{ span: target.key.span, message: `\`${target.name}\` (${label}) is defined here.` }],
    };
  },
  fixes(ctx, { use: { dependency }, db, services }) {
    const p = plan(ctx, db, services.length > 1);
    if (!p.possible) return [];
    const edits = conditionEdits(ctx, services[0], dependency);
    if (!edits) return [];
    return [
      {
        title: `Wait for \`${db.service.name}\` to be healthy`,
        edits: p.health ? [...edits, p.health.edit] : edits,
        preferred: p.preferred,
      },
    ];
  },
});
