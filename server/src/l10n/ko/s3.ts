/**
 * 한국어 for the S3 rules (issue 14): s3-credentials-mismatch, s3-endpoint-console-port.
 * Built from the same state as the English (see ko/rules.ts); what S3 and MinIO answer is
 * quoted as they print it.
 */
import type { S3Store } from "../../model/facts";
import { s3StoreLabel } from "../../model/labels";
import { s3CredentialsMismatch } from "../../rules/s3-credentials-mismatch";
import { s3EndpointConsolePort } from "../../rules/s3-endpoint-console-port";
import { translateRule } from "../rules";
import { josa, servicesKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

/** The first candidate that fits the Problems panel (120 characters), else the last. */
function fitKo(...candidates: string[]): string {
  return candidates.find((c) => c.length <= 120) ?? candidates[candidates.length - 1];
}

type Part = "access-key" | "secret-key";

const CLIENT_VARIABLE: Record<Part, string> = {
  "access-key": "AWS_ACCESS_KEY_ID",
  "secret-key": "AWS_SECRET_ACCESS_KEY",
};

/** What S3 answers for a request signed with another key or another secret (as S3 prints it). */
const S3_ERROR: Record<Part, string> = {
  "access-key": "InvalidAccessKeyId: The Access Key Id you provided does not exist in our records.",
  "secret-key":
    "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.",
};

/** MinIO's root user and password; RustFS calls them access key and secret key. */
function whatKo(store: S3Store, part: Part): string {
  if (store.image.kind === "minio") return part === "access-key" ? "루트 사용자" : "루트 비밀번호";
  return part === "access-key" ? "액세스 키" : "시크릿 키";
}

const storeKo = (name: string) => `S3 저장소 ${code(name)}`;

translateRule(s3CredentialsMismatch, {
  title: "S3 클라이언트의 키가 사용하는 S3 저장소의 키와 다릅니다",
  diagnostic: (_ctx, { part, store, expected, services, placeholder }) => {
    const name = code(store.service.name);
    const what = whatKo(store, part);
    const variable = CLIENT_VARIABLE[part];
    const whose = `${servicesKo(services)}의 ${variable}`;
    const set = expected.isDefault
      ? `${josa(expected.variable, "이/가")} 설정되지 않아 이미지의 기본값 ${code(expected.setting.value)}`
      : `${josa(expected.variable, "으로/로")} 설정`;
    const is = part === "secret-key" ? "클라이언트의 값과 다릅니다" : `${code(expected.setting.value)}입니다`;
    const related = expected.setting.env?.value
      ? expected.setting.env.form === "env_file"
        ? `${josa(name, "은/는")} env_file에서 ${josa(what, "을/를")} 가져옵니다`
        : `${name}의 ${what}`
      : `${josa(name, "은/는")} 이미지의 기본 ${josa(what, "을/를")} 씁니다`;
    return {
      message: fitKo(
        `${josa(whose, "이/가")} ${storeKo(store.service.name)}의 ${josa(what, "과/와")} 달라 모든 S3 요청이 실패합니다.`,
        `${josa(whose, "이/가")} ${storeKo(store.service.name)}의 ${josa(what, "과/와")} 다릅니다.`,
        `${josa(variable, "이/가")} ${storeKo(store.service.name)}의 ${josa(what, "과/와")} 다릅니다.`,
      ),
      detail:
        `${josa(name, "은/는")} ${josa(s3StoreLabel(store.image.kind), "을/를")} 실행하며, 그 ${josa(what, "은/는")} ` +
        `${is}(${set}). 이 프로젝트에서 다른 키를 만들지 않으므로 ${josa(servicesKo(services), "은/는")} ` +
        `모든 업로드와 다운로드에서 \`${S3_ERROR[part]}\` 오류로 실패합니다` +
        (placeholder ? "(변수가 기본값 그대로일 때)." : "."),
      related: [related],
    };
  },
  fix: (_ctx, { part, store }) => `${code(store.service.name)}의 ${whatKo(store, part)} 사용`,
});

translateRule(s3EndpointConsolePort, {
  title: "S3 엔드포인트 URL이 저장소의 S3 API가 아니라 웹 콘솔을 가리킵니다",
  diagnostic: (_ctx, { group, store, console, api, published }) => {
    const { conn, services } = group;
    const name = code(store.service.name);
    const label = s3StoreLabel(store.image.kind);
    const setBy = store.consolePort?.setBy ? `(${code(store.consolePort.setBy)})` : "(이미지 기본값)";
    const who = servicesKo(services);
    const port = conn.url.port!.number!;
    if (published) {
      const mapText = published.str?.value.trim() ?? `${port}:${console}`;
      return {
        message: fitKo(
          `${josa(`포트 ${port}`, "은/는")} ${storeKo(store.service.name)}의 S3 API(${api})가 아니라 호스트에 게시된 웹 콘솔이라 ${josa(who, "이/가")} 쓸 수 없습니다.`,
          `${josa(`포트 ${port}`, "은/는")} ${storeKo(store.service.name)}의 S3 API(${api})가 아니라 호스트에 게시된 웹 콘솔입니다.`,
          `${josa(`포트 ${port}`, "은/는")} 저장소의 S3 API(${api})가 아니라 호스트에 게시된 웹 콘솔입니다.`,
        ),
        detail:
          `${josa(name, "은/는")} 웹 콘솔(포트 ${console}, ${store.consolePort?.setBy ? code(store.consolePort.setBy) : "이미지 기본값"})을 호스트 포트 ${port}(${code(mapText)})에 게시합니다. ` +
          "컨테이너는 이 포트로 어느 쪽에도 닿지 못합니다: 호스트 포트는 Docker 호스트에만 있고, 콘솔은 S3 API가 아닙니다" +
          `(${josa(label, "은/는")} S3 API를 포트 ${api}에서 제공합니다). ${josa(who, "은/는")} 연결할 수 없습니다.`,
      };
    }
    const answer =
      store.image.kind === "minio"
        ? "`AccessDenied: S3 API Request made to Console port. S3 Requests should be sent to API port.` 응답을 받습니다"
        : "오류를 받습니다: 콘솔은 S3 API가 아니라 웹 페이지를 제공합니다";
    return {
      message: fitKo(
        `${josa(`포트 ${console}`, "은/는")} ${storeKo(store.service.name)}의 S3 API(${api})가 아니라 웹 콘솔이라 ${josa(who, "이/가")} 쓸 수 없습니다.`,
        `${josa(`포트 ${console}`, "은/는")} ${storeKo(store.service.name)}의 S3 API(${api})가 아니라 웹 콘솔입니다.`,
        `${josa(`포트 ${console}`, "은/는")} 저장소의 S3 API(${api})가 아니라 웹 콘솔입니다.`,
      ),
      detail:
        `${josa(name, "은/는")} ${josa(label, "을/를")} 실행하며, 웹 콘솔은 포트 ${console}${setBy}, S3 API는 포트 ${api}입니다. ` +
        `${who}의 모든 S3 요청(MLflow의 아티팩트 업로드와 다운로드)은 ${answer}.`,
    };
  },
  fix: (_ctx, { api }) => `S3 API 포트 ${api} 사용`,
});
