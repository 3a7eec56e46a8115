/** The server's and the CLI's own strings (not a rule's), English and Korean side by side. */
import { defineMessages } from "./catalogue";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const ui = defineMessages("ui", {
  internalError: {
    en: (a: { id: string; error: string }) => `Internal error in rule ${a.id}: ${a.error}. Please report it.`,
    ko: (a: { id: string; error: string }) =>
      `규칙 ${a.id}에서 내부 오류가 발생했습니다: ${a.error}. 버그로 제보해 주세요.`,
  },
  fixAllAction: {
    en: () => "Fix all auto-fixable MLOps Compose problems",
    ko: () => "자동으로 고칠 수 있는 MLOps Compose 문제 모두 수정",
  },
  fixable: { en: () => " (fixable)", ko: () => " (수정 가능)" },
  noProblems: {
    en: (a: { files: number; unreadable: number }) =>
      `No problems found in ${plural(a.files, "file")}${a.unreadable ? ` (${plural(a.unreadable, "file")} could not be read)` : ""}.`,
    ko: (a: { files: number; unreadable: number }) =>
      `파일 ${a.files}개에서 문제를 찾지 못했습니다${a.unreadable ? ` (파일 ${a.unreadable}개는 읽을 수 없었습니다)` : ""}.`,
  },
  summary: {
    en: (a: {
      total: number;
      errors: number;
      warnings: number;
      others: number;
      withFindings: number;
      files: number;
      unreadable: number;
    }) =>
      `${plural(a.total, "problem")} (${plural(a.errors, "error")}, ${plural(a.warnings, "warning")}${a.others ? `, ${a.others} other` : ""}) in ${a.withFindings} of ${plural(a.files, "file")}${a.unreadable ? ` (${plural(a.unreadable, "file")} could not be read)` : ""}.`,
    ko: (a: {
      total: number;
      errors: number;
      warnings: number;
      others: number;
      withFindings: number;
      files: number;
      unreadable: number;
    }) =>
      `파일 ${a.files}개 중 ${a.withFindings}개에서 문제 ${a.total}개를 찾았습니다 (오류 ${a.errors}개, 경고 ${a.warnings}개${a.others ? `, 기타 ${a.others}개` : ""})${a.unreadable ? `. 파일 ${a.unreadable}개는 읽을 수 없었습니다` : ""}.`,
  },
  fixableSummary: {
    en: (a: { count: number }) =>
      `${a.count} of them can be fixed with \`--fix\` (each finding marked "fixable").`,
    ko: (a: { count: number }) =>
      `그중 ${a.count}개는 \`--fix\`로 고칠 수 있습니다 ("수정 가능" 표시가 붙은 항목).`,
  },
  severity: {
    en: (a: { severity: string }) => a.severity,
    ko: (a: { severity: string }) =>
      ({ error: "오류", warning: "경고", info: "정보", hint: "힌트" })[a.severity] ?? a.severity,
  },
});

export const internalErrorMessage = ui.internalError;
