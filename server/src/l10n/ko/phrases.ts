/**
 * How Korean messages say things: lists of names ("`a`, `b` 외 3개"), services ("`a` 서비스"),
 * and the particle after a name, which depends on how the name ends when read aloud.
 */
import { appKindOf } from "../../model/apps";
import { appLabel, engineLabel } from "../../model/labels";
import type { ComposeModel, Service } from "../../model/types";

export interface KoListOptions {
  quote?: "`" | '"' | "";
  /** "또는" between the names instead of a comma list. */
  or?: boolean;
  max?: number;
  total?: number;
}

/** "`a`", "`a`와 `b`", "`a`, `b`, `c`", "`a` 또는 `b`", "`a`, `b`, `c` 외 3개". */
export function listKo(names: readonly string[], options: KoListOptions = {}): string {
  const { quote = "`", or = false, max = 4, total = names.length } = options;
  const q = names.map((n) => `${quote}${n}${quote}`);
  if (total > max) return `${q.slice(0, 3).join(", ")} 외 ${total - 3}개`;
  if (q.length <= 1) return q.join("");
  if (q.length === 2 && !or) return `${josa(q[0], "과/와")} ${q[1]}`;
  return or ? `${q.slice(0, -1).join(", ")} 또는 ${q[q.length - 1]}` : q.join(", ");
}

/** "`a` 서비스", "`a`, `b` 서비스": the particle then follows 서비스. */
export function servicesKo(services: readonly Service[] | readonly string[]): string {
  const names = services.map((s) => (typeof s === "string" ? s : s.name));
  return `${listKo(names)} 서비스`;
}

/** "Airflow 서비스 `airflow`", "PostgreSQL 서비스 `db`", "서비스 `x`". */
export function describeServiceKo(model: ComposeModel, service: Service): string {
  const db = model.databaseByService.get(service.name);
  if (db) return `${engineLabel(db)} 서비스 \`${service.name}\``;
  const kind = appKindOf(service);
  return kind ? `${appLabel(kind)} 서비스 \`${service.name}\`` : `서비스 \`${service.name}\``;
}

// Digits as read in Korean: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a final consonant.
const DIGIT_FINAL = new Set(["0", "1", "3", "6", "7", "8"]);

/**
 * Whether `word` ends in a final consonant (받침) when read: Hangul by its last syllable,
 * digits as read in Korean, Latin names by their last letter as usually pronounced
 * ("postgresql" 큐엘, "mysql", "redis" 레디스, "airflow" 플로).
 */
export function hasFinal(word: string): { final: boolean; rieul: boolean } {
  const w = word.replace(/[`"'()\s.,:;!?*]+$/g, "");
  const c = w.at(-1) ?? "";
  const code = c.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const f = (code - 0xac00) % 28;
    return { final: f !== 0, rieul: f === 8 };
  }
  if (/\d/.test(c)) return { final: DIGIT_FINAL.has(c), rieul: c === "1" || c === "7" || c === "8" };
  const lower = w.toLowerCase();
  if (/ng$/.test(lower)) return { final: true, rieul: false };
  if (/[lmn]$/.test(lower)) return { final: true, rieul: lower.endsWith("l") };
  return { final: false, rieul: false };
}

type Pair = "이/가" | "은/는" | "을/를" | "과/와" | "으로/로";

/** The word with its particle: josa("`db`", "이/가") → "`db`가", josa("5433", "은/는") → "5433은". */
export function josa(word: string, pair: Pair): string {
  const { final, rieul } = hasFinal(word);
  switch (pair) {
    case "이/가":
      return word + (final ? "이" : "가");
    case "은/는":
      return word + (final ? "은" : "는");
    case "을/를":
      return word + (final ? "을" : "를");
    case "과/와":
      return word + (final ? "과" : "와");
    case "으로/로":
      return word + (final && !rieul ? "으로" : "로");
  }
}

/** A severity in Korean, as VS Code's Korean UI names them. */
export const SEVERITY_KO = { error: "오류", warning: "경고", info: "정보", hint: "힌트" } as const;
