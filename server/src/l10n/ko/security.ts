/**
 * 한국어 for the security rules (issue 17): privileged, host-namespace, docker-socket-mounted,
 * confinement-disabled, database-published-on-all-interfaces, plaintext-secret. Built from
 * the same state as the English (see ko/rules.ts).
 */

import type { SecretPlace } from "../../model/facts";
import { DOCKER_API_IMAGES, isDockerInDocker } from "../../model/knowledge/host-access";
import { engineLabel } from "../../model/labels";
import type { PortMapping } from "../../model/types";
import { confinementDisabled } from "../../rules/confinement-disabled";
import { databasePublishedOnAllInterfaces } from "../../rules/database-published-on-all-interfaces";
import { dockerSocketMounted } from "../../rules/docker-socket-mounted";
import { hostNamespace } from "../../rules/host-namespace";
import { MOVE_SECRETS_TITLE, plaintextSecret } from "../../rules/plaintext-secret";
import { privileged } from "../../rules/privileged";
import { translateRule } from "../rules";
import { josa, servicesKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

translateRule(privileged, {
  title: "컨테이너가 privileged로 또는 모든 capability를 가진 채 실행됩니다",
  diagnostic: (_ctx, { service, setting }) => {
    const dind = !!service.image && isDockerInDocker(service.image.repository, service.image.tag);
    const what =
      setting.key === "privileged" ? "privileged로 실행되어" : "모든 capability를 추가해(`cap_add: ALL`)";
    return {
      message: `${josa(servicesKo([service]), "은/는")} ${what} 컨테이너의 root가 곧 호스트의 root입니다.`,
      detail:
        (dind
          ? "Docker-in-Docker에는 필요하지만, 이런 서비스는 공유 호스트나 운영 호스트에 두지 마세요. "
          : "") +
        "호스트의 모든 장치와 capability를 얻습니다. 필요한 capability(`cap_add: [NET_ADMIN]`)와 " +
        "필요한 장치(`devices:`)만 추가하세요.",
    };
  },
});

const NAMESPACE_KO: Record<string, string> = {
  network_mode: "컨테이너가 연결을 받는 모든 포트가 호스트의 네트워크에 열립니다",
  pid: "호스트의 모든 프로세스가 보이고, root라면 그 프로세스를 추적하거나 종료할 수 있습니다",
  ipc: "호스트의 공유 메모리를 함께 씁니다",
  userns_mode: "데몬의 사용자 네임스페이스 재매핑이 꺼져, 컨테이너의 root가 곧 호스트의 root입니다",
  uts: "호스트의 hostname을 바꿀 수 있습니다",
};

translateRule(hostNamespace, {
  title: "컨테이너가 호스트의 네임스페이스를 함께 씁니다",
  diagnostic: (_ctx, { service, setting }) => {
    const ns = setting.key === "network_mode" ? "네트워크" : setting.key.replace("_mode", "");
    return {
      message: `${josa(servicesKo([service]), "이/가")} 호스트의 ${ns} 네임스페이스를 함께 씁니다(\`${setting.key}: host\`).`,
      detail: `${NAMESPACE_KO[setting.key] ? `${NAMESPACE_KO[setting.key]}. ` : ""}서비스가 호스트에 직접 작용해야 하는 경우가 아니면 지우세요.`,
    };
  },
});

translateRule(dockerSocketMounted, {
  title: "Docker 소켓이 컨테이너에 마운트되어 있습니다",
  diagnostic: (_ctx, { service }) => {
    const byDesign = !!service.image && DOCKER_API_IMAGES.has(service.image.repository);
    return {
      message: `${josa(servicesKo([service]), "이/가")} Docker 소켓을 마운트해 Docker 데몬을, 곧 호스트를 root로 제어할 수 있습니다.`,
      detail:
        (byDesign
          ? `${code(service.image!.repository)} 이미지는 원래 Docker API를 쓰도록 만들어졌습니다. 네트워크에 노출하지 말고 이미지 버전을 고정하세요. `
          : "") +
        "읽기 전용 마운트(`:ro`)로는 API를 제한할 수 없습니다. 필요한 호출만 허용하는 소켓 프록시" +
        "(tecnativa/docker-socket-proxy)를 사이에 두거나 Docker를 rootless로 실행하세요.",
    };
  },
});

const CONFINEMENT_KO: Record<string, string> = {
  seccomp: "seccomp(시스템 호출 필터)",
  apparmor: "AppArmor",
  label: "SELinux 레이블링",
  systempaths: "/proc와 /sys의 마스킹된 경로",
};

translateRule(confinementDisabled, {
  title: "seccomp, AppArmor 또는 SELinux 격리가 꺼져 있습니다",
  diagnostic: (_ctx, { service, setting }) => ({
    message: `${josa(servicesKo([service]), "이/가")} ${josa(CONFINEMENT_KO[setting.key] ?? setting.key, "을/를")} 끕니다(\`${setting.value}\`).`,
    detail:
      "Docker의 기본 프로필은 프로세스가 컨테이너를 탈출할 때 쓰는 커널 호출을 막습니다. 꼭 필요한 호출이 있다면 " +
      "프로필을 아예 끄지 말고 사용자 정의 프로필(`seccomp:./profile.json`)에서 그 호출만 허용하세요.",
  }),
});

/** As the rule writes the mapping: `5432:5432`, `5432`, `8000-8001:8000-8001`. */
function portText(port: PortMapping): string {
  const range = (r: { start: number; end: number }) =>
    r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`;
  return port.published ? `${range(port.published)}:${range(port.target)}` : range(port.target);
}

translateRule(databasePublishedOnAllInterfaces, {
  title: "데이터베이스 포트가 호스트의 모든 인터페이스에 게시되어 있습니다",
  diagnostic: (_ctx, { db, port }) => {
    const label = engineLabel(db);
    const where = port.hostIp ? code(port.hostIp) : "모든 인터페이스";
    return {
      message: `${josa(servicesKo([db.service]), "이/가")} ${label} 포트 ${josa(portText(port), "을/를")} ${where}에 게시해 네트워크에서 접근할 수 있습니다.`,
      detail:
        (db.passwordOptional
          ? "비밀번호 없이 접속할 수 있으므로 이 호스트에 닿는 누구나 쓸 수 있습니다. "
          : "이 호스트에 닿는 어떤 머신이든 로그인을 시도할 수 있습니다. ") +
        "Docker의 포트 규칙은 ufw와 firewalld를 우회합니다. 이 머신에서만 쓴다면 " +
        `127.0.0.1에 바인딩하세요(\`127.0.0.1:${portText(port)}\`). 어느 쪽이든 컨테이너는 서비스 이름으로 접속합니다.`,
    };
  },
  fix: () => "127.0.0.1에만 게시",
});

function placeKo(p: SecretPlace): string {
  return p.kind === "env"
    ? `${code(p.service.name)} 서비스의 ${code(p.env.name)}`
    : `${code(p.service.name)} 서비스의 URL 비밀번호`;
}

export const MOVE_SECRETS_KO = "시크릿을 .env로 옮기기";

translateRule(plaintextSecret, {
  title: "비밀번호나 비밀 키가 평문으로 적혀 있습니다",
  diagnostic: (_ctx, secret) => {
    const [first, ...rest] = secret.places;
    const also =
      rest.length > 0
        ? ` 같은 값이 ${servicesKo([...new Set(rest.map((p) => p.service.name))])}에 ${rest.length}곳 더 적혀 있으니 함께 바꿔야 합니다.`
        : "";
    return {
      message:
        first.kind === "env"
          ? `${josa(placeKo(first), "은/는")} 평문으로 적힌 시크릿입니다.`
          : `${placeKo(first)}가 평문으로 적혀 있습니다.`,
      detail:
        `이 파일이나 git 이력을 읽을 수 있는 사람은 누구나 이 값을 알 수 있습니다.${also} ` +
        `"${MOVE_SECRETS_KO}"로 .env(git에서 제외)로 옮기거나 Compose \`secrets:\`를 쓰세요.`,
      related: rest.map((p) => `같은 시크릿(${placeKo(p)})`),
    };
  },
  fix: (_ctx, _secret, en) => {
    if (en.title === MOVE_SECRETS_TITLE) return MOVE_SECRETS_KO;
    const name = /^Move `([^`]+)` to \.env$/.exec(en.title)?.[1];
    if (!name) throw new Error(`unknown fix title ${en.title}`);
    return `${josa(code(name), "을/를")} .env로 옮기기`;
  },
});
