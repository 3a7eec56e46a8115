/**
 * airflow3-removed-command: an Airflow command that Airflow 3 removed (`webserver`, `db init`,
 * `db upgrade`) run by a service whose image is Airflow 3 (error: the command exits with
 * "Command `webserver` has been removed"). On Airflow 2.7+ `db init`/`db upgrade` are only
 * deprecated (info). An unknown version gives nothing. Fix: `api-server`, `db migrate`.
 */
import { replaceSpan } from "../edits/text";
import type { AirflowCall, AirflowService } from "../model/facts";
import { compareAirflowVersion } from "../model/facts/airflow";
import type { Span } from "../parse/url";
import { defineRule, type Fix, type Severity } from "./types";

interface State {
  airflow: AirflowService;
  call: AirflowCall;
  /** How many words of `call.args` the command is (`db init`: 2). */
  words: number;
  use: string;
  severity: Severity;
  removed: boolean;
}

function callSpan(call: AirflowCall, words: number): Span {
  const first = call.args[0]!.span();
  const last = call.args[words - 1]!.span();
  return { start: first.start, end: last.end };
}

export const airflow3RemovedCommand = defineRule<State>({
  meta: {
    id: "airflow3-removed-command",
    title: "An Airflow command that Airflow 3 removed",
    defaultSeverity: "error",
    fixable: true,
  },
  run: ({ facts }) => {
    const out: State[] = [];
    const seen = new Set<number>();
    for (const a of facts.airflow.services()) {
      const v = a.version;
      if (!v) continue;
      for (const call of a.calls) {
        const c = call.command;
        if (!c) continue;
        const words = c.command.split(" ").length;
        const at = call.args[0]!.span().start;
        if (seen.has(at)) continue;
        const cap = (s: Severity): Severity => (v.sure ? s : "info");
        if (v.major === 3 && c.airflow3.status === "removed") {
          seen.add(at);
          out.push({ airflow: a, call, words, use: c.airflow3.use, severity: cap("error"), removed: true });
        } else if (
          v.major === 2 &&
          c.airflow2.status === "deprecated" &&
          compareAirflowVersion(v, c.airflow2.since) >= 0
        ) {
          seen.add(at);
          out.push({ airflow: a, call, words, use: c.airflow2.use, severity: "info", removed: false });
        }
      }
    }
    return out;
  },
  diagnostic: (_ctx, { airflow, call, words, use, severity, removed }) => {
    const v = airflow.version!;
    const name = call.command!.command;
    const message = removed
      ? `Airflow ${v.text} has no \`airflow ${name}\`: use \`airflow ${use}\`.`
      : `\`airflow ${name}\` is deprecated since Airflow 2.7 and gone in Airflow 3: use \`airflow ${use}\`.`;
    const said = call.command!.airflow3.status === "removed" ? call.command!.airflow3.message : undefined;
    let detail = removed
      ? `The container exits at once${said ? ` ("${said}")` : ""}.`
      : "Airflow 2.7+ runs it with a deprecation warning.";
    if (name === "webserver")
      detail +=
        " The api-server serves the UI and the REST API on port 8080 too; its health endpoint is `/api/v2/version` (the webserver's was `/health`).";
    if (name === "db init")
      detail +=
        " `db init` also created the default connections: `airflow connections create-default-connections` does that now.";
    if (!v.sure) detail += " The version comes from a variable's default, so the image may differ.";
    return { span: callSpan(call, words), message, detail, severity };
  },
  fixes: (_ctx, { call, words, use, airflow }) => {
    const old = call.command!.command.split(" ");
    const next = use.split(" ");
    const edits = [];
    // Replace the words that differ (`init` → `migrate`; `webserver` → `api-server`).
    for (let i = 0; i < words; i++) {
      if (old[i] === next[i]) continue;
      const w = call.args[i]!;
      const span = w.editableSpan(0, w.value.length);
      if (!span || !w.canHold(next[i]!)) return [];
      edits.push(replaceSpan(span, next[i]!));
    }
    if (edits.length === 0 || next.length !== words) return [];
    // `webserver` → `api-server` also changes health endpoints and auth settings: review it.
    const fix: Fix = {
      title: `Run \`airflow ${use}\``,
      edits,
      preferred: use === "db migrate" && !!airflow.version?.sure,
    };
    return [fix];
  },
});
