/**
 * airflow-missing-component: an Airflow stack that lacks a component it needs:
 * - no scheduler (nor `airflow standalone`): the UI comes up, no task ever runs;
 * - Airflow 3 with no dag-processor: DAG files are parsed only there, so no DAG appears;
 * - CeleryExecutor with no celery worker: tasks are queued and never picked up.
 * Only where the file is the whole project and every Airflow service's command is read
 * (a start script or another image's entrypoint may run anything). The finding sits on the
 * service that needs the missing one; the fix adds it, copied from that service's definition
 * (its `<<: *anchor`, image, environment, volumes, networks, depends_on), applied by "fix all"
 * only when it comes from a shared anchor.
 */
import { copyServiceAfter, usesMergeKey } from "../edits/copy-service";
import type { AirflowService } from "../model/facts";
import type { AirflowComponent } from "../model/knowledge/airflow";
import type { EnvVar } from "../model/types";
import type { Span } from "../parse/url";
import { defineRule, type Severity } from "./types";

type Missing = "scheduler" | "dag-processor" | "celery-worker";

interface State {
  missing: Missing;
  /** The service that needs it. */
  needer: AirflowService;
  /** The executor variable (celery-worker). */
  executor?: EnvVar;
  severity: Severity;
}

const NEW_NAME: Record<Missing, string> = {
  scheduler: "airflow-scheduler",
  "dag-processor": "airflow-dag-processor",
  "celery-worker": "airflow-worker",
};
const COMMAND: Record<Missing, string> = {
  scheduler: "scheduler",
  "dag-processor": "dag-processor",
  "celery-worker": "celery worker",
};
/** The entries of the needer copied into the new service. */
const COPIED = new Set([
  "<<",
  "image",
  "build",
  "environment",
  "env_file",
  "volumes",
  "networks",
  "depends_on",
  "user",
  "restart",
  "extra_hosts",
]);

function callSpan(a: AirflowService, component: AirflowComponent): Span {
  const call = a.calls.find((c) => c.command?.component === component);
  return call?.args[0]?.span() ?? a.service.key.span;
}

export const airflowMissingComponent = defineRule<State>({
  meta: {
    id: "airflow-missing-component",
    title: "The Airflow stack lacks a component it needs (scheduler, dag-processor, celery worker)",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ facts }) => {
    const af = facts.airflow;
    if (af.services().length === 0 || facts.project.isPartial()) return [];
    if (af.services().some((a) => facts.project.extendsAnotherFile(a.service))) return [];
    // What is missing is a fact (facts.airflow), shared with Staged Up's plan notes.
    return af.missingComponents().map(
      (m): State => ({
        missing: m.component,
        needer: m.needer,
        ...(m.executor ? { executor: m.executor } : {}),
        severity: m.certain ? "warning" : "info",
      }),
    );
  },
  diagnostic: (_ctx, { missing, needer, executor, severity }) => {
    const name = needer.service.name;
    switch (missing) {
      case "scheduler":
        return {
          span: callSpan(needer, [...needer.components].find((c) => c !== "migration") ?? "webserver"),
          message: `No service runs the Airflow scheduler: \`${name}\` comes up, but no task will ever run.`,
          detail:
            "The webserver (api-server in Airflow 3) only shows DAGs; the scheduler creates DAG runs and queues tasks. " +
            "Add a service running `airflow scheduler` with the same image and configuration.",
          severity,
        };
      case "dag-processor":
        return {
          span: callSpan(needer, needer.components.has("scheduler") ? "scheduler" : "api-server"),
          message: `Airflow ${needer.version?.text ?? "3"} needs an \`airflow dag-processor\` service: no DAG will be parsed.`,
          detail:
            "Since Airflow 3 the scheduler no longer parses DAG files; the separate dag-processor does (upgrading_to_airflow3.rst).",
          severity,
        };
      default:
        return {
          span: executor?.value?.span() ?? callSpan(needer, "scheduler"),
          message: "CeleryExecutor, but no service runs `airflow celery worker`: tasks stay queued.",
          detail: `\`${name}\` sends tasks to the Celery broker; without a worker nobody picks them up.`,
          severity,
        };
    }
  },
  fixes: ({ model, facts }, { missing, needer }) => {
    const name = NEW_NAME[missing];
    if (model.serviceByName.has(name)) return [];
    const s = needer.service;
    const bare = needer.official && needer.calls.some((c) => c.args[0] && s.command?.argv[0] === c.args[0]);
    const command = bare ? COMMAND[missing] : `airflow ${COMMAND[missing]}`;
    const edit = copyServiceAfter(model, s, facts.project.serviceAfter(s), name, COPIED, [
      `command: ${command}`,
    ]);
    return edit
      ? [
          {
            title: `Add service \`${name}\` running \`airflow ${COMMAND[missing]}\``,
            edits: [edit],
            // From the shared anchor, as Airflow's own file does: safe. A literal copy of the
            // service's settings is offered for review (they would have to be kept in step).
            preferred: usesMergeKey(model, s),
          },
        ]
      : [];
  },
});
