/**
 * airflow-missing-migration: Airflow components but nothing that creates or upgrades the
 * metadata database (`airflow db migrate`, `db init`/`db upgrade` before 3, `standalone`, or
 * the official entrypoint's `_AIRFLOW_DB_MIGRATE`). On a fresh database every component
 * waits `[database] migration_wait_timeout` for the schema and exits ("There are still
 * unapplied migrations after 60 seconds"). Only where the file is the whole project and
 * every Airflow service's command is read. Fix: an `airflow-init` service copied from the
 * first component, running `airflow db migrate`, that the components wait for (applied by
 * "fix all" only when that definition is a shared anchor).
 */
import { copyServiceAfter, copyServiceFromAfter, usesMergeKey } from "../edits/copy-service";
import { addDependency } from "../edits/depends-on";
import type { AirflowService } from "../model/facts";
import { defineRule, type Fix } from "./types";

interface State {
  first: AirflowService;
  components: AirflowService[];
  /** Components read from another image's bare command: its entrypoint may migrate. */
  assumed: boolean;
}

const LONG_RUNNING = new Set([
  "webserver",
  "api-server",
  "scheduler",
  "dag-processor",
  "triggerer",
  "celery-worker",
]);
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
]);
const NAME = "airflow-init";

export const airflowMissingMigration = defineRule<State>({
  meta: {
    id: "airflow-missing-migration",
    title: "No service creates or upgrades the Airflow metadata database",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ facts }) => {
    const af = facts.airflow;
    if (af.services().length === 0 || af.anyUnclassified() || facts.project.isPartial()) return [];
    if (af.services().some((a) => facts.project.extendsAnotherFile(a.service))) return [];
    if (af.byComponent().has("migration")) return [];
    const components = af.services().filter((a) => [...a.components].some((c) => LONG_RUNNING.has(c)));
    return components.length > 0 ? [{ first: components[0]!, components, assumed: af.anyAssumed() }] : [];
  },
  diagnostic: (_ctx, { first, components, assumed }) => {
    const call = first.calls.find((c) => c.command?.component && LONG_RUNNING.has(c.command.component));
    return {
      span: call?.args[0]?.span() ?? first.service.key.span,
      message: "No service runs `airflow db migrate`: on a new database the Airflow components cannot start.",
      detail:
        `${components.length > 1 ? "Each component" : `\`${first.service.name}\``} waits for the schema (60 s, ` +
        '`[database] migration_wait_timeout`), then exits: "There are still unapplied migrations". ' +
        "Run `airflow db migrate` once before them (Airflow 2.7+; `db upgrade` before), e.g. in an `airflow-init` job." +
        (assumed ? " (An image of the stack is not apache/airflow: its own entrypoint may migrate.)" : ""),
      ...(assumed ? { severity: "info" as const } : {}),
    };
  },
  fixes: ({ model, facts }, { first, components }) => {
    const s = first.service;
    const command = first.official ? "db migrate" : "airflow db migrate";
    // Placed after a service that is not a component, so that no dependency edit below lands at the same offset.
    const mine = new Set(components.map((c) => c.service));
    const before =
      model.services.filter((x) => x.key.span.start < s.key.span.start && !mine.has(x)).pop() ?? s;
    const extra = [`command: ${command}`];
    const add =
      before === s
        ? copyServiceAfter(model, s, facts.project.serviceAfter(s), NAME, COPIED, extra)
        : copyServiceFromAfter(model, s, before, facts.project.serviceAfter(before), NAME, COPIED, extra);
    if (!add) return [];
    const edits = [add];
    for (const c of components) {
      const pair = c.service.dependsOnPair;
      // A depends_on from an anchor would be replaced by a new one; a list has no conditions.
      if (pair && (pair.merged || pair.value?.kind !== "map")) return [];
      const dep = addDependency(model.text, c.service, NAME, "service_completed_successfully", pair);
      if (!dep || dep.start === add.start) return [];
      edits.push(dep);
    }
    const fix: Fix = {
      title: "Add an `airflow-init` service running `airflow db migrate`",
      edits,
      preferred: usesMergeKey(model, s),
    };
    return [fix];
  },
});
