/**
 * depends-on-not-healthy: a service depends on a database in the short (list) form or with
 * `condition: service_started`. Compose then starts it as soon as the database's container
 * is running, before the server accepts connections: its first attempts fail with
 * "Connection refused" / "FATAL: the database system is starting up" (Airflow retries, then
 * gives up with "Maximum number of retries (20) reached"; MLflow exits with "Error
 * initializing backend store"). One finding per dependency entry, on the entry's name; an
 * entry written in an anchor (`x-airflow-common`) is one finding naming every service that
 * uses it. Dependencies on services that are not databases are left alone.
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
import type { ComposeModel, Dependency, Service } from "../model/types";
import type { RNode } from "../parse/resolve";
import {
  dependencyUses,
  EARLY_ERRORS,
  ENGINE_LABEL,
  healthcheckFix,
  healthState,
  imageHealthcheck,
  nameList,
  waitsFor,
  writtenDependsOn,
} from "./shared/readiness";
import type { Finding, Fix, Rule, TextEdit } from "./types";

const ID = "depends-on-not-healthy";

/** True when `node` is written after `after` (not reached through an alias to earlier text). */
const writtenAfter = (node: RNode | null | undefined, after: number) => !node || node.span.start >= after;

export const dependsOnNotHealthy: Rule = {
  meta: {
    id: ID,
    title: "depends_on a database without waiting for it to be healthy",
    defaultSeverity: "warning",
    fixable: true,
  },
  check(model) {
    const findings: Finding[] = [];
    for (const use of dependencyUses(model)) {
      const { dependency } = use;
      if (dependency.condition !== "service_started") continue;
      const db = model.databaseByService.get(dependency.service);
      if (!db) continue;
      // A service that waits for the database itself (wait-for-it, a retry loop, a wait4x job) is fine.
      const services = use.services.filter((s) => !waitsFor(s, db));
      if (services.length === 0) continue;
      const target = db.service;
      const label = ENGINE_LABEL[db.engine];
      const who = nameList(services.map((s) => s.name));
      const plural = services.length > 1;
      const how =
        dependency.form === "list"
          ? `${who} ${plural ? "start" : "starts"} as soon as \`${target.name}\` is running`
          : `${who} ${plural ? "wait" : "waits"} only until \`${target.name}\` has started (${dependency.conditionNode ? "`condition: service_started`" : "no `condition:` means `service_started`"})`;
      let message =
        `${how}, before ${label} accepts connections: ${plural ? "their" : "its"} first connections fail with ${EARLY_ERRORS[db.engine]}. ` +
        `Use \`condition: service_healthy\` so that Compose waits until \`${target.name}\`'s healthcheck passes.`;

      const state = healthState(target);
      const fixes: Fix[] = [];
      let healthEdit: TextEdit | undefined;
      let preferred = true;
      let possible = true;
      if (state === "unknown") {
        // `extends` may or may not bring a healthcheck: the change is right only if it does.
        preferred = false;
      } else if (state === "disabled") {
        possible = false;
        message += ` \`${target.name}\` has its healthcheck disabled: enable one first, or Compose will refuse to start ${plural ? "them" : "it"}.`;
      } else if (state === "absent" && imageHealthcheck(target) !== "built-in") {
        const fix = healthcheckFix(model, db);
        if (fix) {
          healthEdit = fix.edit;
          preferred = fix.preferred;
          message += ` \`${target.name}\` has no healthcheck yet: the fix adds one.`;
        } else {
          possible = false;
          message += ` \`${target.name}\` has no healthcheck and none is known for its image: add one first, or Compose will refuse to start ${plural ? "them" : "it"} ("has no healthcheck configured").`;
        }
      }
      if (possible) {
        const edits = conditionEdits(model, services[0], dependency);
        if (edits) {
          fixes.push({
            title: `Wait for \`${target.name}\` to be healthy`,
            edits: healthEdit ? [...edits, healthEdit] : edits,
            preferred,
          });
        }
      }
      findings.push({
        rule: ID,
        message,
        span: dependency.nameNode.span,
        related: [{ span: target.key.span, message: `\`${target.name}\` (${label}) is defined here.` }],
        fixes,
      });
    }
    return findings;
  },
};

/** Edits giving this one dependency `condition: service_healthy`, or undefined when not safe. */
function conditionEdits(
  model: ComposeModel,
  service: Service,
  dependency: Dependency,
): TextEdit[] | undefined {
  const written = writtenDependsOn(model, service);
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
