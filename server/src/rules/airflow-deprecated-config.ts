/**
 * airflow-deprecated-config: an `AIRFLOW__SECTION__KEY` variable whose option moved or was
 * removed in the Airflow version the service's image runs (Airflow's own CONFIGS_CHANGES and
 * deprecated_options, knowledge/airflow-config-changes.ts). Airflow 2 still reads a moved name
 * with a DeprecationWarning (warning); Airflow 3 does not read it at all, so the setting keeps
 * its default (error). An unknown version (`latest`, a placeholder, another image) gives
 * nothing; a version from a variable's default at most info. Fix: rename the key.
 */
import { replaceSpan } from "../edits/text";
import type { AirflowService, AirflowVersion } from "../model/facts";
import { compareAirflowVersion } from "../model/facts/airflow";
import { type AirflowConfigChange, airflowConfigChange } from "../model/knowledge/airflow";
import type { EnvVar } from "../model/types";
import { nameList } from "./phrases";
import { defineRule, SEVERITY_ORDER, type Severity } from "./types";

interface Verdict {
  severity: Severity;
  /** What the version does with the old name, for the message. */
  what: "not-read" | "removed" | "deprecated";
  /** The version it was judged for. */
  version?: AirflowVersion;
}

interface State {
  env: EnvVar;
  change: AirflowConfigChange;
  /** The replacement's name with the old name's `_CMD`/`_SECRET` suffix. */
  newName?: string;
  verdict: Verdict;
  services: string[];
}

function suffixOf(name: string, change: AirflowConfigChange): string {
  return name.slice(change.env.length);
}

function judge(change: AirflowConfigChange, a: AirflowService, replacementSet: boolean): Verdict | undefined {
  const v = a.version;
  const cap = (severity: Severity): Severity => (v && !v.sure && severity !== "hint" ? "info" : severity);
  // Unknown version (`latest`, a placeholder, another image): Airflow 2 and 3 disagree about
  // most moved names, so nothing is said (the official 2.x compose files keep both names).
  if (!v) return undefined;
  if (v.major === 2) {
    const s = change.airflow2;
    if (s.status !== "deprecated" || compareAirflowVersion(v, s.since) < 0) return undefined;
    // With the new name set too, Airflow reads that one and never warns.
    return { severity: cap(replacementSet ? "hint" : "warning"), what: "deprecated", version: v };
  }
  if (v.major === 3) {
    const s = change.airflow3;
    if (s.status === "not-read") {
      if (replacementSet) return { severity: "hint", what: "not-read", version: v };
      return {
        severity: cap(change.replacement ? "error" : "warning"),
        what: change.replacement ? "not-read" : "removed",
        version: v,
      };
    }
    if (s.status === "deprecated" && compareAirflowVersion(v, s.since) >= 0)
      return { severity: cap(replacementSet ? "hint" : "warning"), what: "deprecated", version: v };
  }
  return undefined;
}

export const airflowDeprecatedConfig = defineRule<State>({
  meta: {
    id: "airflow-deprecated-config",
    title: "An Airflow configuration variable moved or was removed in this Airflow version",
    defaultSeverity: "error",
    fixable: true,
    tags: ["deprecated"],
  },
  run: ({ facts }) => {
    const bySpan = new Map<number, State>();
    for (const a of facts.airflow.services()) {
      for (const env of a.config.values()) {
        if (env.form === "env_file") continue;
        const change = airflowConfigChange(env.name);
        if (!change || (change.kind !== "moved" && change.kind !== "removed")) continue;
        const suffix = suffixOf(env.name, change);
        const newName = change.replacement ? change.replacement.env + suffix : undefined;
        const replacementSet = !!newName && a.config.has(newName);
        const verdict = judge(change, a, replacementSet);
        if (!verdict) continue;
        const at = env.keySpan.start;
        const seen = bySpan.get(at);
        if (!seen) bySpan.set(at, { env, change, newName, verdict, services: [a.service.name] });
        else {
          seen.services.push(a.service.name);
          // A key shared through an anchor: the surest verdict of the services that read it.
          if (SEVERITY_ORDER.indexOf(verdict.severity) < SEVERITY_ORDER.indexOf(seen.verdict.severity))
            seen.verdict = verdict;
        }
      }
    }
    return [...bySpan.values()];
  },
  diagnostic: (_ctx, { env, change, newName, verdict, services }) => {
    const v = verdict.version ? `Airflow ${verdict.version.text}` : "Airflow 3";
    const instead = newName ? `: use \`${newName}\`` : "";
    let message: string;
    let detail: string;
    switch (verdict.what) {
      case "not-read":
        message = `${v} does not read \`${env.name}\`${instead}.`;
        detail = newName
          ? verdict.severity === "hint"
            ? `\`${newName}\` is set too, and that is what ${v} reads: this line does nothing there.`
            : `The setting keeps its default${change.replacement ? ` (Airflow 3 reads \`[${change.replacement.section}] ${change.replacement.key}\`)` : ""}.`
          : "";
        break;
      case "removed":
        message = `${v} has no option \`${env.name}\`: it is ignored.`;
        detail = change.suggestion ?? "The option was removed in Airflow 3 (its CONFIGS_CHANGES).";
        break;
      default: {
        const s = verdict.version?.major === 3 ? change.airflow3 : change.airflow2;
        const since = s.status === "deprecated" ? s.since : "";
        message = `\`${env.name}\` is deprecated since Airflow ${since}${instead}.`;
        detail =
          verdict.severity === "hint"
            ? `\`${newName}\` is set too and wins; this line only matters to older versions.`
            : `${v} still reads it with a DeprecationWarning${change.airflow3.status === "not-read" ? "; Airflow 3 ignores it" : ""}.`;
      }
    }
    if (services.length > 1) detail += ` Read by ${nameList(services)}.`;
    if (!verdict.version?.sure && verdict.version)
      detail += " The version comes from a variable's default, so the image may differ.";
    return { span: env.keySpan, message, detail: detail.trim() || undefined, severity: verdict.severity };
  },
  fixes: ({ model }, { env, newName, verdict }) => {
    if (!newName || verdict.severity === "hint") return [];
    const span = env.keySpan;
    const written = model.text.slice(span.start, span.end);
    const at = written.indexOf(env.name);
    if (at < 0) return [];
    const edit = replaceSpan({ start: span.start + at, end: span.start + at + env.name.length }, newName);
    return [{ title: `Rename to \`${newName}\``, edits: [edit], preferred: !!verdict.version?.sure }];
  },
});
