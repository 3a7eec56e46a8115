/**
 * 한국어 for the MLflow rules (issue 14): mlflow-allowed-hosts, mlflow-artifact-root-local,
 * mlflow-artifacts-not-persisted, mlflow-host-binding, mlflow-missing-driver. Built from
 * the same state as the English (see ko/rules.ts); MLflow's and Python's errors stay as
 * they print them.
 */
import { MLFLOW_HOST_CHECK } from "../../model/knowledge/mlflow";
import { mlflowAllowedHosts } from "../../rules/mlflow-allowed-hosts";
import { mlflowArtifactRootLocal } from "../../rules/mlflow-artifact-root-local";
import { mlflowArtifactsNotPersisted } from "../../rules/mlflow-artifacts-not-persisted";
import { mlflowHostBinding } from "../../rules/mlflow-host-binding";
import { mlflowMissingDriver } from "../../rules/mlflow-missing-driver";
import { translateRule } from "../rules";
import { josa, listKo, servicesKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

/** "A와 B" for two phrases, "A, B" beyond. */
function andKo(parts: string[]): string {
  return parts.length === 2 ? `${josa(parts[0], "과/와")} ${parts[1]}` : parts.join(", ");
}

/** The first `…` quoted in an English fix title. */
function quoted(title: string): string {
  const m = /`([^`]+)`/.exec(title);
  if (!m) throw new Error(`no quoted name in fix title ${JSON.stringify(title)}`);
  return m[1];
}

const serverKo = (name: string) => `MLflow 서버 ${code(name)}`;

translateRule(mlflowAllowedHosts, {
  title: "MLflow 3.5 이상이 클라이언트가 쓰는 호스트 이름을 거부합니다(--allowed-hosts)",
  diagnostic: (_ctx, { server, allowed, hosts }) => {
    const clients = [...new Set(hosts.flatMap((h) => h.clients))];
    const headers = listKo(hosts.map((h) => h.header));
    const list =
      allowed.value === undefined
        ? "기본 목록(localhost와 사설 IP 주소)과"
        : josa(
            code(
              `${allowed.from === "env" ? "MLFLOW_SERVER_ALLOWED_HOSTS" : "--allowed-hosts"} ${allowed.value}`,
            ),
            "과/와",
          );
    return {
      message: `${josa(serverKo(server.service.name), "은/는")} ${josa(servicesKo(clients), "이/가")} 보내는 Host ${josa(headers, "을/를")} 거부합니다.`,
      detail:
        `3.5.0부터 서버는 Host 헤더를 ${list} 대조하므로, ${servicesKo(clients)}의 요청은 /health를 빼고 ` +
        `모두 \`403 ${MLFLOW_HOST_CHECK.rejected}\`를 받습니다. 클라이언트가 쓰는 이름을 \`--allowed-hosts\`에 추가하세요` +
        "(목록을 주면 기본 목록을 대체하므로, Docker 호스트의 브라우저를 위해 `localhost:<port>`도 남겨 두세요).",
    };
  },
  fix: (_ctx, { hosts }) => `${listKo(hosts.map((h) => h.header))} 허용`,
});

translateRule(mlflowArtifactRootLocal, {
  title: "로컬 MLflow 아티팩트 루트라서 다른 곳의 클라이언트가 각자의 디스크에 씁니다",
  diagnostic: (_ctx, { server, root, path, clients, host }) => {
    const who = [
      clients.length > 0 ? `${josa(servicesKo(clients), "은/는")} 자기 컨테이너에` : "",
      host ? "Docker 호스트의 스크립트는(게시된 포트를 통해) 자기 디렉터리에" : "",
    ]
      .filter(Boolean)
      .join(", ");
    return {
      message: `로컬 경로인 아티팩트 루트 ${code(String(root.value))} 때문에 ${servicesKo([server.service])}의 클라이언트가 아티팩트를 각자의 디스크에 씁니다.`,
      detail:
        `MLflow는 ${josa(code(path), "을/를")} 새 실험마다 아티팩트 위치로 기록하고, 클라이언트마다 아티팩트를 직접 그곳에 씁니다. 즉 ${who} 씁니다. ` +
        "UI는 서버의 디스크를 읽으므로 그중 어느 것도 보여 주지 않고, 디렉터리를 만들 수 없는 클라이언트는 " +
        "`PermissionError`나 `Read-only file system`으로 실패합니다. 서버가 아티팩트를 저장하게 하세요: " +
        "아티팩트 서빙(MLflow 2.0부터 기본)과 함께 `--artifacts-destination <볼륨의 경로>`를 쓰고 `--default-artifact-root`를 빼면 " +
        "클라이언트가 서버를 통해 업로드합니다(`mlflow-artifacts:/`). 이전에 만든 실험은 기록된 위치를 그대로 씁니다.",
    };
  },
  fix: () => "서버가 아티팩트를 저장하게 하기(`--artifacts-destination`)",
});

translateRule(mlflowArtifactsNotPersisted, {
  title: "MLflow 서버가 실행 기록이나 아티팩트를 컨테이너 안에 둡니다",
  diagnostic: (_ctx, { server, option, what, store }) => {
    const where = code(store.absolute ?? store.path);
    const s = servicesKo([server.service]);
    const value = code(String(option.value));
    const inside = "볼륨 없이 컨테이너 안의";
    const isDefault = option.from === "default";
    const message =
      what === "backend"
        ? isDefault
          ? `${s}에 백엔드 저장소가 지정되지 않아 실행 기록이 ${inside} 기본값 ${value}에 저장됩니다.`
          : `${s}의 실행 기록이 ${inside} ${value}에 저장됩니다.`
        : isDefault
          ? `${josa(s, "은/는")} 서빙하는 아티팩트를 ${inside} 기본 위치 ${where}에 저장합니다.`
          : `${s}의 아티팩트가 ${inside} ${where}에 저장됩니다.`;
    return {
      message,
      detail:
        `${s}의 어떤 볼륨이나 바인드 마운트도 ${josa(where, "을/를")} 담고 있지 않아 컨테이너의 쓰기 가능 레이어에 남습니다: ` +
        `\`docker compose down\`, 새 이미지, 컨테이너를 다시 만드는 어떤 변경이든 ` +
        `${what === "backend" ? "모든 실험과 실행 기록이" : "모든 아티팩트가"} 사라집니다. 그 위치에 이름 있는 볼륨을 ` +
        `마운트하거나(\`volumes: [mlflow-data:<dir>]\`) ${
          what === "backend"
            ? "데이터베이스 백엔드 저장소(`--backend-store-uri postgresql://…`)"
            : "오브젝트 스토리지(`--artifacts-destination s3://bucket`)"
        }를 쓰세요.`,
    };
  },
});

translateRule(mlflowHostBinding, {
  title: "MLflow 서버가 컨테이너 안의 127.0.0.1에서만 연결을 받습니다",
  diagnostic: (_ctx, { server, host, clients, published }) => {
    const who = andKo(
      [
        clients.length > 0 ? `${servicesKo(clients)}(tracking URI)` : "",
        published ? "Docker 호스트(게시된 포트)" : "",
      ].filter(Boolean),
    );
    const where =
      host.from === "default"
        ? "`mlflow server`는 `--host`를 따로 주지 않으면 127.0.0.1에서 연결을 받으므로"
        : host.from === "env"
          ? `\`MLFLOW_HOST=${host.value}\`가 컨테이너의 루프백에서 연결을 받게 하므로`
          : `\`--host ${host.value}\`는 컨테이너 자신의 루프백이므로`;
    return {
      message: `${josa(serverKo(server.service.name), "은/는")} ${host.value}에서만 연결을 받아 다른 컨테이너가 접속할 수 없습니다.`,
      detail:
        `${where} ${josa(who, "이/가")} 접속하지 못합니다: 다른 컨테이너에서는 요청이 \`Connection refused\`로, ` +
        "게시된 포트로는 `Empty reply from server`(connection reset by peer)로 실패합니다. " +
        "컨테이너의 모든 인터페이스에서 연결을 받게 하세요: `--host 0.0.0.0`.",
    };
  },
  fix: () => "0.0.0.0에서 연결 받기",
});

translateRule(mlflowMissingDriver, {
  title: "MLflow 이미지에 저장소에 필요한 드라이버가 없습니다",
  diagnostic: (_ctx, { server, option, module, packages, use }, en) => {
    const image = server.officialImage
      ? `공식 이미지 ${code(server.service.image!.str.value)}`
      : "`pip install mlflow`를 쓰는 `python` 이미지";
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(option.value ?? "")?.[0].slice(0, -1);
    const store = use === "backend-store" ? "백엔드 저장소" : "아티팩트";
    const when =
      use === "backend-store"
        ? `서버가 시작하자마자 \`ModuleNotFoundError: No module named '${module}'\`로 종료합니다(이어서 "Error initializing backend store")`
        : `아티팩트를 업로드하거나 볼 때 \`ModuleNotFoundError: No module named '${module}'\`로 실패합니다`;
    const install = `(MLflow 자체 docker-compose처럼 \`pip install ${packages[0]} && mlflow server ...\`)`;
    const full = /`-full` tag/.test(en.detail ?? "");
    return {
      message: `${serverKo(server.service.name)}에 ${scheme ? `${scheme} ` : ""}${store}용 ${code(module)} 모듈이 없습니다(이미지에는 MLflow만 들어 있습니다).`,
      detail:
        `${josa(image, "은/는")} MLflow만 설치하므로(mlflow/mlflow docker/Dockerfile: \`pip install mlflow==$VERSION\`) ${when}. ` +
        (full
          ? `서버가 시작하기 전에 설치하거나${install}, 드라이버가 들어 있는 이미지의 \`-full\` 태그를 쓰세요.`
          : `서버가 시작하기 전에 설치하세요${install}.`),
    };
  },
  fix: (_ctx, _s, en) => `이미지 ${code(quoted(en.title))} 사용`,
});
