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
 */
import type { Service } from "../model/types";
import {
  dependantsOf,
  dependencyUses,
  ENGINE_LABEL,
  healthcheckFix,
  healthState,
  imageHealthcheck,
  nameList,
} from "./shared/readiness";
import type { Finding, Fix, Rule } from "./types";

const ID = "db-healthcheck-missing";

export const dbHealthcheckMissing: Rule = {
  meta: {
    id: ID,
    title: "A database that others depend on has no healthcheck",
    defaultSeverity: "warning",
    fixable: true,
  },
  check(model) {
    const findings: Finding[] = [];
    const waitedForHealthy = new Set(
      dependencyUses(model)
        .filter((u) => u.dependency.condition === "service_healthy" && u.dependency.required)
        .map((u) => u.dependency.service),
    );
    for (const db of model.databases) {
      const service = db.service;
      const state = healthState(service);
      if (state === "present" || state === "unknown") continue;
      const image = imageHealthcheck(service);
      if (state === "absent" && image === "built-in") continue;
      if (waitedForHealthy.has(service.name)) continue;
      const dependants = dependantsOf(model, db);
      if (dependants.length === 0) continue;
      const label = ENGINE_LABEL[db.engine];
      const viaDependsOn = (s: Service) => s.dependsOn.some((d) => d.service === service.name);
      const depending = dependants.filter(viaDependsOn);
      const connecting = dependants.filter((s) => !viaDependsOn(s));
      const who = [
        depending.length
          ? `${nameList(depending.map((s) => s.name))} ${depending.length > 1 ? "depend" : "depends"} on it`
          : "",
        connecting.length
          ? `${nameList(connecting.map((s) => s.name))} ${connecting.length > 1 ? "connect" : "connects"} to it`
          : "",
      ]
        .filter(Boolean)
        .join(" and ");
      const why =
        `Compose only waits until its container is running, not until ${label} accepts connections; ` +
        "`condition: service_healthy` and `docker compose up --wait` need a healthcheck to wait for.";
      const fixes: Fix[] = [];
      let message: string;
      if (state === "disabled") {
        message =
          `\`${service.name}\` (${label}) has its healthcheck disabled, yet ${who}. ${why} ` +
          "No fix is offered because disabling it looks deliberate: remove the `disable: true` / `NONE` test to let others wait for it.";
      } else {
        const unless = image === "none" ? "" : " (unless its image defines a HEALTHCHECK)";
        message = `\`${service.name}\` (${label}) has no healthcheck${unless}, yet ${who}. ${why}`;
        const fix = healthcheckFix(model, db);
        if (fix) fixes.push({ title: "Add healthcheck", edits: [fix.edit], preferred: fix.preferred });
        else message += ` Add a \`healthcheck:\` whose \`test:\` succeeds once ${label} accepts connections.`;
      }
      findings.push({
        rule: ID,
        message,
        span: service.key.span,
        related: dependants.map((s) => ({
          span: s.key.span,
          message: `\`${s.name}\` ${viaDependsOn(s) ? "depends on" : "connects to"} \`${service.name}\`.`,
        })),
        fixes,
      });
    }
    return findings;
  },
};
