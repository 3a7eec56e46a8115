/**
 * healthy-condition-without-healthcheck: `condition: service_healthy` on a dependency that
 * has no healthcheck (none written, `disable: true`, or `test: ["NONE"]`). Compose refuses to
 * start the dependant: "dependency failed to start: container X has no healthcheck configured"
 * (docker-compose 1.x: `Service "x" is missing a healthcheck configuration`). The finding
 * sits on the `service_healthy` value. An image may declare its own HEALTHCHECK: for images
 * known to have none (postgres, mysql, redis, Airflow, MLflow, ...) this is certain; for
 * others the message says "unless the image defines a HEALTHCHECK".
 *
 * Fix (preferred, known database images only): add an image-aware healthcheck to the
 * dependency (server/src/edits/healthcheck.ts). No fix when the healthcheck is disabled on
 * purpose, or when we know no test for the image: the message says what to add.
 */
import type { Service } from "../model/types";
import {
  containerName,
  dependencyUses,
  ENGINE_LABEL,
  healthcheckFix,
  healthState,
  imageHealthcheck,
  nameList,
} from "./shared/readiness";
import type { Finding, Fix, Rule } from "./types";

const ID = "healthy-condition-without-healthcheck";

/** A readiness test to suggest in the message for images we cannot add one to automatically. */
function suggestion(target: Service): string {
  const repo = target.image?.repository ?? "";
  if (/mlflow/.test(repo)) {
    return ` For MLflow: \`test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/health')"]\`.`;
  }
  if (/airflow/.test(repo)) {
    return ' For the Airflow webserver: `test: ["CMD", "curl", "--fail", "http://localhost:8080/health"]`.';
  }
  if (/(^|\/)mongo$/.test(repo))
    return ` For MongoDB: \`test: ["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]\`.`;
  if (/(^|\/)rabbitmq$/.test(repo))
    return ' For RabbitMQ: `test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"]`.';
  return "";
}

export const healthyConditionWithoutHealthcheck: Rule = {
  meta: {
    id: ID,
    title: "condition: service_healthy on a service with no healthcheck",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const findings: Finding[] = [];
    for (const { dependency, services } of dependencyUses(model)) {
      if (dependency.condition !== "service_healthy" || !dependency.conditionNode) continue;
      // An optional dependency that is not healthy only gives a warning.
      if (!dependency.required) continue;
      const target = model.serviceByName.get(dependency.service);
      if (!target) continue;
      const state = healthState(target);
      if (state === "present" || state === "unknown") continue;
      const image = imageHealthcheck(target);
      if (state === "absent" && image === "built-in") continue;
      const db = model.databaseByService.get(target.name);
      const who = nameList(services.map((s) => s.name));
      const wait = `${who} ${services.length > 1 ? "wait" : "waits"} for \`${target.name}\` to be healthy`;
      const refuses =
        `refuses to start ${services.length > 1 ? "them" : "it"}: "dependency failed to start: container ${containerName(target)} has no healthcheck configured" ` +
        `(docker-compose 1.x: 'Service "${target.name}" is missing a healthcheck configuration').`;
      const refusal = `Compose ${refuses}`;
      let message: string;
      const fixes: Fix[] = [];
      if (state === "disabled") {
        message =
          `${wait}, but its healthcheck is disabled (${target.healthcheck?.testKind === "NONE" ? '`test: ["NONE"]`' : "`disable: true`"}): ${refusal} ` +
          `Give \`${target.name}\` a working healthcheck, or wait with \`condition: service_started\` instead.`;
      } else {
        const imageName = target.image ? `the image \`${target.image.str.value}\`` : "the image built for it";
        const what = db ? ` ${ENGINE_LABEL[db.engine]}` : "";
        message =
          `${wait}, but \`${target.name}\` has no healthcheck. ` +
          (image === "none" ? refusal : `Unless ${imageName} defines a HEALTHCHECK, Compose ${refuses}`);
        const fix = db ? healthcheckFix(model, db) : undefined;
        if (fix) {
          message += ` Add a${what} healthcheck to \`${target.name}\`.`;
          fixes.push({
            title: `Add healthcheck to \`${target.name}\``,
            edits: [fix.edit],
            preferred: fix.preferred,
          });
        } else {
          message += ` Give \`${target.name}\` a \`healthcheck:\` whose \`test:\` succeeds once it is ready.${suggestion(target)}`;
        }
      }
      findings.push({
        rule: ID,
        message,
        span: dependency.conditionNode.span,
        related: [
          {
            span: target.key.span,
            message: `\`${target.name}\` is defined here, ${state === "disabled" ? "with its healthcheck disabled" : "without a healthcheck"}.`,
          },
        ],
        fixes,
      });
    }
    return findings;
  },
};
