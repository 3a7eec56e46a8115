/**
 * What a hover on an `AIRFLOW__SECTION__KEY` variable adds from Airflow's own tables: the
 * option's description and default (the configuration reference), and when the name moved
 * or was removed, what Airflow 2 and Airflow 3 do with it and its replacement, for the
 * version the service's image runs when that is known.
 */
import { airflowServiceOf } from "../model/facts/airflow";
import { type AirflowNameStatus, airflowConfigChange, airflowConfigOption } from "../model/knowledge/airflow";
import type { Service } from "../model/types";

function statusText(major: 2 | 3, s: AirflowNameStatus): string | undefined {
  switch (s.status) {
    case "current":
      return `Airflow ${major} reads it`;
    case "deprecated":
      return `Airflow ${major} reads it as a deprecated alias of \`[${s.readAs.replace(".", "] ")}\` from ${s.since} on`;
    case "not-read":
      return `Airflow ${major} does not read it`;
    default:
      return undefined;
  }
}

/**
 * Markdown lines (possibly none) about `name` as `service` reads it; `reference: false` leaves
 * out the description and default (when the image's own table already gave them).
 */
export function airflowConfigHoverLines(service: Service, name: string, reference = true): string[] {
  const lines: string[] = [];
  const option = reference ? airflowConfigOption(name) : undefined;
  if (option) {
    if (option.description) lines.push("", option.description);
    if (option.default !== null && option.default !== "") lines.push("", `Default: \`${option.default}\``);
  }
  const change = airflowConfigChange(name);
  if (change && (change.kind === "moved" || change.kind === "removed")) {
    const states = [statusText(2, change.airflow2), statusText(3, change.airflow3)].filter(Boolean);
    const to = change.replacement ? ` Its replacement is \`${change.replacement.env}\`.` : "";
    lines.push(
      "",
      `${change.kind === "moved" ? "Moved" : "Removed in Airflow 3"}: ${states.join("; ")}.${to}`,
    );
    if (change.suggestion) lines.push("", change.suggestion);
  }
  const version = airflowServiceOf(service)?.version;
  if (lines.length && version) lines.push("", `This service runs Airflow ${version.text} (its image tag).`);
  return lines;
}
