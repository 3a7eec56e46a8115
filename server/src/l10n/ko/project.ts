/**
 * 한국어 for service-url-host (issue 16) and compose-project (issue 13). compose-project's
 * English is composed while the project loads (server/src/project/load.ts) and kept only as
 * text, so its Korean is read from that text; Compose's own errors stay as Compose prints them.
 */
import { composeProject } from "../../rules/compose-project";
import { serviceUrlHost } from "../../rules/service-url-host";
import { translateRule } from "../rules";
import { josa, listKo, servicesKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

/** " (포트 5500)" when a repointing fix also changes the port (`… on port 5500`). */
export function portSuffixKo(title: string): string {
  const port = / on port (\d+)$/.exec(title)?.[1];
  return port ? ` (포트 ${port})` : "";
}

translateRule(serviceUrlHost, {
  title: "tracking URI의 호스트가 어떤 서비스도 아닙니다",
  diagnostic: (_ctx, { group, ranking }) => {
    const host = group.conn.url.host!.value;
    const ranked = ranking.ranked.map((t) => t.service.name);
    return {
      message: `${servicesKo(group.services)}의 MLflow tracking 호스트 ${code(host)}에 응답하는 서비스가 없습니다.`,
      detail:
        `서비스 이름, container_name, hostname, 네트워크 별칭 중 어느 것도 ${josa(code(host), "이/가")} 아니므로 모든 호출이 ` +
        `\`Failed to resolve '${host}' ([Errno -2] Name or service not known)\`로 실패합니다. ` +
        `이 파일의 MLflow 서버: ${listKo(ranked, { total: ranking.count })}.`,
    };
  },
  fix: (_ctx, _s, en) => {
    const name = /`([^`]+)`/.exec(en.title)?.[1];
    if (!name) throw new Error(`no server in fix title ${en.title}`);
    return `MLflow 서버 ${code(name)} 사용${portSuffixKo(en.title)}`;
  },
});

/** Compose's words after "Compose says" or an error it prints, as a Korean detail. */
function composeSays(text: string): string {
  return `Compose 오류: ${text}`;
}

/** The Korean of one project problem, from the English load.ts wrote; undefined for one it does not know. */
export function projectProblemKo(
  message: string,
  detail: string | undefined,
): { message: string; detail?: string } | undefined {
  let m = /^`(.+)` has YAML errors: Compose refuses the project\.$/.exec(message);
  if (m)
    return {
      message: `${code(m[1])}에 YAML 오류가 있어 Compose가 프로젝트를 거부합니다.`,
      detail: detail && `YAML 오류: ${detail}`,
    };
  m = /^The project reads more than (\d+) files: the rest are not analysed\.$/.exec(message);
  if (m) return { message: `프로젝트가 읽는 파일이 ${m[1]}개를 넘어 나머지는 분석하지 않습니다.` };
  m = /^No (compose file|env file) `(.+)`: Compose refuses the project\.$/.exec(message);
  if (m) {
    const what = m[1] === "env file" ? "env 파일" : "Compose 파일";
    const looks = detail && /it looks for (.+)\.$/.exec(detail)?.[1];
    return {
      message: `${what} ${josa(code(m[2]), "이/가")} 없어 Compose가 프로젝트를 거부합니다.`,
      detail: looks ? `파일이 생길 때까지 Compose는 프로젝트를 거부합니다(찾는 경로: ${looks}).` : detail,
    };
  }
  m = /^`(.+)` is larger than (\d+) MB: it is not analysed\.$/.exec(message);
  if (m) return { message: `${josa(code(m[1]), "은/는")} ${m[2]} MB보다 커서 분석하지 않습니다.`, detail };
  if (message === "Include cycle: Compose refuses the project.")
    return {
      message: "include가 순환하므로 Compose가 프로젝트를 거부합니다.",
      detail: detail && composeSays(detail),
    };
  m = /^(\w+)\.(.+) is also defined by an included file: Compose refuses the project\.$/.exec(message);
  if (m)
    return {
      message: `${code(`${m[1]}.${m[2]}`)}가 include한 파일에도 정의되어 있어 Compose가 프로젝트를 거부합니다.`,
      detail: detail && composeSays(detail),
    };
  if (message === "Extends cycle: Compose refuses the project.") {
    const chain = detail && /^Compose says "Circular reference": (.+)\.$/.exec(detail)?.[1];
    return {
      message: "extends가 순환하므로 Compose가 프로젝트를 거부합니다.",
      detail: chain ? `Compose 오류 "Circular reference": ${chain}.` : detail,
    };
  }
  m = /^No service `(.+)` in `(.+)` to extend: Compose refuses the project\.$/.exec(message);
  if (m) {
    const reads = detail && /^Compose reads (.+)\.$/.exec(detail)?.[1];
    return {
      message: `${code(m[2])}에 extends할 서비스 ${josa(code(m[1]), "이/가")} 없어 Compose가 프로젝트를 거부합니다.`,
      detail: reads ? `Compose가 읽는 파일: ${reads}.` : detail,
    };
  }
  m = /^No compose file `(.+)`\.$/.exec(message);
  if (m) return { message: `Compose 파일 ${josa(code(m[1]), "이/가")} 없습니다.`, detail };
  return undefined;
}

translateRule(composeProject, {
  title: "Compose가 프로젝트를 불러오지 못합니다: include나 extends 순환, 충돌, 없는 파일",
  diagnostic: (_ctx, p) => {
    const ko = projectProblemKo(p.message, p.detail);
    if (!ko) throw new Error(`no Korean for ${p.message}`);
    return ko;
  },
});
