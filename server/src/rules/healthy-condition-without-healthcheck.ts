/**
 * healthy-condition-without-healthcheck: `condition: service_healthy` on a dependency that
 * has no healthcheck (none written, `disable: true`, or `test: ["NONE"]`). Compose refuses to
 * start the dependant: "dependency failed to start: container X has no healthcheck configured"
 * (docker-compose 1.x: `Service "x" is missing a healthcheck configuration`). The finding
 * sits on the `service_healthy` value. An image may declare its own HEALTHCHECK: for images
 * known to have none (postgres, mysql, redis, Airflow, MLflow, ...) this is certain; for
 * others (an image we do not know, a `build:` whose Dockerfile is not on disk) the message
 * says "unless the image defines a HEALTHCHECK" and the finding is info: it breaks only if the
 * image has none. A `build:` whose Dockerfile is on disk is read: its HEALTHCHECK counts.
 *
 * Fix (preferred, known database images only): add an image-aware healthcheck to the
 * dependency (server/src/edits/healthcheck.ts). No fix when the healthcheck is disabled on
 * purpose, or when we know no test for the image: the message says what to add.
 */
import type { DependencyUse } from "../model/facts";
import { engineLabel } from "../model/labels";
import type { Database, Service } from "../model/types";
import { healthcheckFix } from "./fixes";
import { containerName, fitting, nameList, namesShort } from "./phrases";
import { defineRule, type RuleContext } from "./types";

interface Unhealthy {
  use: DependencyUse;
  target: Service;
  /** Its healthcheck is disabled (else there is none). */
  disabled: boolean;
}

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

/** The database's healthcheck fix, when the target is a database we know a test for. */
function fixFor(ctx: RuleContext, target: Service) {
  const db: Database | undefined = ctx.model.databaseByService.get(target.name);
  return db ? healthcheckFix(ctx, db) : undefined;
}

export const healthyConditionWithoutHealthcheck = defineRule<Unhealthy>({
  meta: {
    id: "healthy-condition-without-healthcheck",
    title: "condition: service_healthy on a service with no healthcheck",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model, facts }) {
    const out: Unhealthy[] = [];
    for (const use of facts.readiness.dependencyUses()) {
      const { dependency } = use;
      if (dependency.condition !== "service_healthy" || !dependency.conditionNode) continue;
      // An optional dependency that is not healthy only gives a warning.
      if (!dependency.required) continue;
      const target = model.serviceByName.get(dependency.service);
      if (!target) continue;
      const state = facts.readiness.health(target);
      if (state === "present" || state === "unknown") continue;
      if (state === "absent" && facts.readiness.imageHealthcheck(target) === "built-in") continue;
      out.push({ use, target, disabled: state === "disabled" });
    }
    return out;
  },
  diagnostic(ctx, { use: { dependency, services }, target, disabled }) {
    const names = services.map((s) => s.name);
    const waitOf = (who: string) =>
      `${who} ${services.length > 1 ? "wait" : "waits"} for \`${target.name}\` to be healthy`;
    const wait = waitOf(nameList(names));
    const waitShort = waitOf(namesShort(names));
    const it = services.length > 1 ? "them" : "it";
    const refuses =
      `refuses to start ${services.length > 1 ? "them" : "it"}: "dependency failed to start: container ${containerName(target)} has no healthcheck configured" ` +
      `(docker-compose 1.x: 'Service "${target.name}" is missing a healthcheck configuration').`;
    // After a message that says Compose refuses: its words.
    const refusal =
      `Compose: "dependency failed to start: container ${containerName(target)} has no healthcheck configured" ` +
      `(docker-compose 1.x: 'Service "${target.name}" is missing a healthcheck configuration').`;
    let message: string;
    let detail: string;
    if (disabled) {
      message = fitting(
        `${wait}, but its healthcheck is disabled, so Compose refuses to start ${it}.`,
        `${waitShort}, but its healthcheck is disabled, so Compose refuses to start ${it}.`,
        `${waitShort}, but its healthcheck is disabled.`,
      );
      detail =
        `It is disabled (${target.healthcheck?.testKind === "NONE" ? '`test: ["NONE"]`' : "`disable: true`"}). ${refusal} ` +
        `Give \`${target.name}\` a working healthcheck, or wait with \`condition: service_started\` instead.`;
    } else {
      const db = ctx.model.databaseByService.get(target.name);
      const imageName = target.image ? `the image \`${target.image.str.value}\`` : "the image built for it";
      const what = db ? ` ${engineLabel(db)}` : "";
      const none = ctx.facts.readiness.imageHealthcheck(target) === "none";
      const so = none ? `, so Compose refuses to start ${it}` : "";
      message = fitting(
        `${wait}, but \`${target.name}\` has no healthcheck${so}.`,
        `${waitShort}, but \`${target.name}\` has no healthcheck${so}.`,
        `${waitShort}, but it has no healthcheck${so}.`,
        `${waitShort}, but it has no healthcheck.`,
      );
      detail = none ? refusal : `Unless ${imageName} defines a HEALTHCHECK, Compose ${refuses}`;
      if (fixFor(ctx, target)) detail += ` Add a${what} healthcheck to \`${target.name}\`.`;
      else
        detail += ` Give \`${target.name}\` a \`healthcheck:\` whose \`test:\` succeeds once it is ready.${suggestion(target)}`;
    }
    // An image we do not know (or a build whose Dockerfile is not on disk) may define a HEALTHCHECK.
    const unsure = !disabled && ctx.facts.readiness.imageHealthcheck(target) === "unknown";
    return {
      span: dependency.conditionNode!.span,
      message,
      detail,
      severity: unsure ? "info" : undefined,
      related: [
        {
          span: target.key.span,
          message: `\`${target.name}\` is defined here, ${disabled ? "with its healthcheck disabled" : "without a healthcheck"}.`,
        },
      ],
    };
  },
  fixes(ctx, { target, disabled }) {
    const fix = disabled ? undefined : fixFor(ctx, target);
    return fix
      ? [{ title: `Add healthcheck to \`${target.name}\``, edits: [fix.edit], preferred: fix.preferred }]
      : [];
  },
});
