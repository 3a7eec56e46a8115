/**
 * db-healthcheck-missing: a database service (PostgreSQL, MySQL/MariaDB, Redis, ...) that
 * other services depend on (`depends_on`) or connect to (a URL whose host is it) has no
 * healthcheck, or has it disabled. Compose only waits until a container is "running", not
 * until the server accepts connections: without a healthcheck nothing can wait for it
 * (`condition: service_healthy`, `docker compose up --wait`). The finding sits on the
 * service's name.
 *
 * Fix "Add healthcheck" (preferred for known images): an image-aware healthcheck
 * (`pg_isready -h 127.0.0.1 -U <user> -d <db>`, `mysqladmin ping`, `redis-cli ping`) at the
 * end of the service. No fix for images we know no test for, nor for an explicitly disabled
 * healthcheck (that looks deliberate). A database targeted by `condition: service_healthy`
 * is left to healthy-condition-without-healthcheck, which reports it as an error.
 *
 * The dependants are those that need it ready as they start (`facts.readiness.dependants`:
 * not the ones that wait by themselves or connect later). Severity (CONTRIBUTING.md,
 * "Severity policy"): warning when one of them is known to fail hard on a refused first
 * connection, info when whether they break depends on their code.
 */

import type { StartRisk } from "../model/facts/readiness";
import { engineLabel } from "../model/labels";
import type { Database, Service } from "../model/types";
import { healthcheckFix } from "./fixes";
import { capitalised, fitting, nameList, namesShort, plural } from "./phrases";
import { defineRule } from "./types";

interface Unwatched {
  db: Database;
  /** Disabled on purpose (else absent). */
  disabled: boolean;
  /** Those that need it ready when they start, in file order. */
  dependants: Service[];
  /** The first of them known to fail hard on a refused first connection, with why; else it depends on them. */
  failsHard?: StartRisk["failsHard"];
  why: string;
}

export const dbHealthcheckMissing = defineRule<Unwatched>({
  meta: {
    id: "db-healthcheck-missing",
    title: "A database that others depend on has no healthcheck",
    defaultSeverity: "warning",
    fixable: true,
  },
  run({ model, facts }) {
    const { readiness } = facts;
    const out: Unwatched[] = [];
    let waitedForHealthy: Set<string> | undefined;
    for (const db of model.databases) {
      const state = readiness.health(db.service);
      if (state === "present" || state === "unknown") continue;
      if (state === "absent" && readiness.imageHealthcheck(db.service) === "built-in") continue;
      waitedForHealthy ??= new Set(
        readiness
          .dependencyUses()
          .filter((u) => u.dependency.condition === "service_healthy" && u.dependency.required)
          .map((u) => u.dependency.service),
      );
      if (waitedForHealthy.has(db.service.name)) continue;
      const dependants = readiness.dependants(db);
      if (dependants.length === 0) continue;
      // The dependants all need it at start already; the risk says how surely they break.
      const { failsHard, why } = readiness.startRisk(dependants, db);
      out.push({ db, disabled: state === "disabled", dependants, failsHard, why });
    }
    return out;
  },
  diagnostic(ctx, { db, disabled, dependants, failsHard, why: unsure }) {
    const { readiness } = ctx.facts;
    const service = db.service;
    const label = engineLabel(db);
    const viaDependsOn = (s: Service) => readiness.dependsOn(s, service.name);
    const depending = dependants.filter(viaDependsOn).map((s) => s.name);
    const connecting = dependants.filter((s) => !viaDependsOn(s)).map((s) => s.name);
    const whoOf = (list: (names: string[]) => string) =>
      [
        depending.length ? `${list(depending)} ${plural(depending.length, "depends", "depend")} on it` : "",
        connecting.length
          ? `${list(connecting)} ${plural(connecting.length, "connects", "connect")} to it`
          : "",
      ]
        .filter(Boolean)
        .join(" and ");
    const who = whoOf((names) => nameList(names));
    const whoShort = whoOf((names) => namesShort(names));
    const why =
      `Compose only waits until its container is running, not until ${label} accepts connections; ` +
      "`condition: service_healthy` and `docker compose up --wait` need a healthcheck to wait for.";
    // Who waits for it, in the detail when the message had to name fewer.
    const whoInFull = (message: string) => (message.includes(who) ? "" : `${capitalised(who)}. `);
    let message: string;
    let more: string;
    if (disabled) {
      message = fitting(
        `\`${service.name}\` (${label}) has its healthcheck disabled, yet ${whoShort}.`,
        `\`${service.name}\` (${label}) has its healthcheck disabled, yet others wait for it.`,
        `\`${service.name}\` has its healthcheck disabled, yet others wait for it.`,
      );
      more =
        `${whoInFull(message)}${why} ` +
        "No fix is offered because disabling it looks deliberate: remove the `disable: true` / `NONE` test to let others wait for it.";
    } else {
      const unless =
        readiness.imageHealthcheck(service) === "none" ? "" : " (unless its image defines a HEALTHCHECK)";
      message = fitting(
        `\`${service.name}\` (${label}) has no healthcheck${unless}, yet ${whoShort}.`,
        `\`${service.name}\` (${label}) has no healthcheck, yet ${whoShort}.`,
        `\`${service.name}\` (${label}) has no healthcheck, yet others wait for it.`,
        `\`${service.name}\` has no healthcheck, yet others wait for it.`,
      );
      more = `${whoInFull(message)}${why}`;
      if (unless && !message.includes(unless)) more += " Its image may define a HEALTHCHECK.";
      if (!healthcheckFix(ctx, db))
        more += ` Add a \`healthcheck:\` whose \`test:\` succeeds once ${label} accepts connections.`;
    }
    // Severity policy: a warning when a dependant is known to fail hard, info when it depends on the clients.
    const many = dependants.length > 1;
    const severityWhy = failsHard
      ? `Without it, \`${failsHard.service.name}\` breaks: ${failsHard.why}.`
      : `Whether starting early breaks ${many ? "them" : "it"} depends on ${many ? "their" : "its"} code${unsure ? ` (${unsure})` : ""}: no wait or retry is known for ${many ? "them" : "it"}.`;
    return {
      span: service.key.span,
      message,
      detail: `${more} ${severityWhy}`,
      severity: failsHard ? undefined : "info",
      related: dependants.map((s) => ({
        span: s.key.span,
        message: `\`${s.name}\` ${viaDependsOn(s) ? "depends on" : "connects to"} \`${service.name}\`.`,
      })),
    };
  },
  fixes(ctx, { db, disabled }) {
    const fix = disabled ? undefined : healthcheckFix(ctx, db);
    return fix ? [{ title: "Add healthcheck", edits: [fix.edit], preferred: fix.preferred }] : [];
  },
});
