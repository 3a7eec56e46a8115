/**
 * What a hover on an `AIRFLOW__SECTION__KEY` variable adds from Airflow's own tables: the
 * option's description and default (the configuration reference), and when the name moved
 * or was removed, what Airflow 2 and Airflow 3 do with it and its replacement, for the
 * version the service's image runs when that is known.
 *
 * The sentences of this module follow the locale. What Airflow itself wrote stays English as
 * Airflow wrote it, in every locale: an option's description and default (its configuration
 * reference) and the suggestion Airflow gives for a removed option (its CONFIGS_CHANGES).
 */
import { defineMessages } from "../l10n/catalogue";
import { josa } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";
import { airflowServiceOf } from "../model/facts/airflow";
import { type AirflowNameStatus, airflowConfigChange, airflowConfigOption } from "../model/knowledge/airflow";
import type { Service } from "../model/types";

type Major = 2 | 3;

/** `[section] key` of a `section.key` name. */
const optionName = (readAs: string) => `\`[${readAs.replace(".", "] ")}\``;

const m = defineMessages("airflow-hover", {
  defaultValue: {
    en: (a: { value: string }) => `Default: \`${a.value}\``,
    ko: (a: { value: string }) => `기본값: \`${a.value}\``,
  },
  current: {
    en: (a: { major: Major }) => `Airflow ${a.major} reads it`,
    ko: (a: { major: Major }) => `${josa(`Airflow ${a.major}`, "은/는")} 이 변수를 읽습니다.`,
  },
  deprecated: {
    en: (a: { major: Major; readAs: string; since: string }) =>
      `Airflow ${a.major} reads it as a deprecated alias of ${optionName(a.readAs)} from ${a.since} on`,
    ko: (a: { major: Major; readAs: string; since: string }) =>
      `${josa(`Airflow ${a.major}`, "은/는")} ${a.since}부터 이 변수를 ${optionName(a.readAs)}의 폐기 예정 별칭으로 읽습니다.`,
  },
  notRead: {
    en: (a: { major: Major }) => `Airflow ${a.major} does not read it`,
    ko: (a: { major: Major }) => `${josa(`Airflow ${a.major}`, "은/는")} 이 변수를 읽지 않습니다.`,
  },
  /** `states`: the sentences above, in the same locale. */
  change: {
    en: (a: { kind: "moved" | "removed"; states: string[]; replacement?: string }) =>
      `${a.kind === "moved" ? "Moved" : "Removed in Airflow 3"}: ${a.states.join("; ")}.${a.replacement ? ` Its replacement is \`${a.replacement}\`.` : ""}`,
    // Korean does not join clauses with a semicolon: one sentence per version.
    ko: (a: { kind: "moved" | "removed"; states: string[]; replacement?: string }) =>
      [
        a.kind === "moved" ? "옮겨진 옵션입니다." : "Airflow 3에서 없어진 옵션입니다.",
        ...a.states,
        a.replacement ? `대체 변수는 \`${a.replacement}\`입니다.` : "",
      ]
        .filter(Boolean)
        .join(" "),
  },
  version: {
    en: (a: { version: string }) => `This service runs Airflow ${a.version} (its image tag).`,
    ko: (a: { version: string }) =>
      `이 서비스는 ${josa(`Airflow ${a.version}`, "을/를")} 실행합니다(이미지 태그 기준).`,
  },
});

function statusText(l: Locale, major: Major, s: AirflowNameStatus): string | undefined {
  switch (s.status) {
    case "current":
      return m.current(l, { major });
    case "deprecated":
      return m.deprecated(l, { major, readAs: s.readAs, since: s.since });
    case "not-read":
      return m.notRead(l, { major });
    default:
      return undefined;
  }
}

/**
 * Markdown lines (possibly none) about `name` as `service` reads it; `reference: false` leaves
 * out the description and default (when the image's own table already gave them).
 */
export function airflowConfigHoverLines(
  service: Service,
  name: string,
  reference = true,
  l: Locale = "en",
): string[] {
  const lines: string[] = [];
  const option = reference ? airflowConfigOption(name) : undefined;
  if (option) {
    // Airflow's own description and default, as its configuration reference words them.
    if (option.description) lines.push("", option.description);
    if (option.default !== null && option.default !== "")
      lines.push("", m.defaultValue(l, { value: option.default }));
  }
  const change = airflowConfigChange(name);
  if (change && (change.kind === "moved" || change.kind === "removed")) {
    const states = [statusText(l, 2, change.airflow2), statusText(l, 3, change.airflow3)].filter(
      (x): x is string => x !== undefined,
    );
    lines.push("", m.change(l, { kind: change.kind, states, replacement: change.replacement?.env }));
    // Airflow's own suggestion (CONFIGS_CHANGES), quoted as Airflow prints it.
    if (change.suggestion) lines.push("", change.suggestion);
  }
  const version = airflowServiceOf(service)?.version;
  if (lines.length && version) lines.push("", m.version(l, { version: version.text }));
  return lines;
}
