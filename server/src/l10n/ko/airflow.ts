/**
 * 한국어 for the Airflow rules (issue 15): airflow-deprecated-config, airflow-execution-api-url,
 * airflow-missing-component, airflow-missing-migration, airflow-secrets-disagree,
 * airflow3-removed-command. Built from the same state as the English (see ko/rules.ts);
 * what Airflow itself prints or suggests (its CONFIGS_CHANGES) is quoted as it prints it.
 */

import { airflowDeprecatedConfig } from "../../rules/airflow-deprecated-config";
import { airflowExecutionApiUrl } from "../../rules/airflow-execution-api-url";
import { airflowMissingComponent } from "../../rules/airflow-missing-component";
import { airflowMissingMigration } from "../../rules/airflow-missing-migration";
import { airflowSecretsDisagree } from "../../rules/airflow-secrets-disagree";
import { airflow3RemovedCommand } from "../../rules/airflow3-removed-command";
import { translateRule } from "../rules";
import { josa, listKo, servicesKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

/** The `n`th `…` quoted in an English fix title. */
function quoted(title: string, nth = 0): string {
  const all = [...title.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (all[nth] === undefined) throw new Error(`no quoted name in fix title ${JSON.stringify(title)}`);
  return all[nth];
}

/** "`a` 서비스", "`a`, `b` 서비스", "`a` 외 2개 서비스": short, for a message. */
function servicesShortKo(names: readonly string[]): string {
  return names.length <= 2 ? servicesKo(names) : `${code(names[0])} 외 ${names.length - 1}개 서비스`;
}

const VERSION_FROM_DEFAULT = " 버전을 변수의 기본값에서 읽었으므로 실제 이미지는 다를 수 있습니다.";

translateRule(airflowDeprecatedConfig, {
  title: "Airflow 설정 변수가 이 Airflow 버전에서 옮겨졌거나 없어졌습니다",
  diagnostic: (_ctx, { env, change, newName, verdict, services }) => {
    const v = verdict.version ? `Airflow ${verdict.version.text}` : "Airflow 3";
    const instead = newName ? `. ${josa(code(newName), "을/를")} 쓰세요` : "";
    let message: string;
    let detail: string;
    switch (verdict.what) {
      case "not-read":
        message = `${josa(v, "은/는")} ${code(env.name)} 변수를 읽지 않습니다${instead}.`;
        detail = newName
          ? verdict.severity === "hint"
            ? `${code(newName)}도 설정되어 있고 ${josa(v, "은/는")} 그쪽을 읽으므로, 이 줄은 아무 일도 하지 않습니다.`
            : `설정은 기본값 그대로입니다${change.replacement ? `(Airflow 3은 ${josa(`\`[${change.replacement.section}] ${change.replacement.key}\``, "을/를")} 읽습니다)` : ""}.`
          : "";
        break;
      case "removed":
        message = `${v}에는 ${code(env.name)} 옵션이 없어 무시됩니다.`;
        detail = change.suggestion
          ? `Airflow의 안내: "${change.suggestion}"`
          : "이 옵션은 Airflow 3에서 없어졌습니다(Airflow의 CONFIGS_CHANGES).";
        break;
      default: {
        const s = verdict.version?.major === 3 ? change.airflow3 : change.airflow2;
        const since = s.status === "deprecated" ? s.since : "";
        message = `${code(env.name)} 변수는 Airflow ${since}부터 폐기 예정입니다${instead}.`;
        detail =
          verdict.severity === "hint"
            ? `${code(newName ?? "")}도 설정되어 있어 그쪽이 우선하므로, 이 줄은 이전 버전에서만 의미가 있습니다.`
            : `${josa(v, "은/는")} DeprecationWarning과 함께 아직 이 값을 읽습니다${change.airflow3.status === "not-read" ? ". Airflow 3은 무시합니다" : ""}.`;
      }
    }
    if (services.length > 1) detail += ` ${josa(servicesKo(services), "이/가")} 이 값을 읽습니다.`;
    if (!verdict.version?.sure && verdict.version) detail += VERSION_FROM_DEFAULT;
    return { message, detail: detail.trim() || undefined };
  },
  fix: (_ctx, _s, en) => `${josa(code(quoted(en.title)), "으로/로")} 이름 변경`,
});

const EXECUTION_URL = "AIRFLOW__CORE__EXECUTION_API_SERVER_URL";

translateRule(airflowExecutionApiUrl, {
  title: "Airflow 3 태스크가 API 서버의 execution API에 접속할 수 없습니다",
  diagnostic: (_ctx, p) => {
    const apiName = p.api.service.service.name;
    const target = `http://${apiName}:${p.api.port}/execution/`;
    switch (p.kind) {
      case "unset":
        return {
          message: `${servicesKo([p.worker.service])}에 ${josa(code(EXECUTION_URL), "이/가")} 없어 태스크가 ${josa(code(apiName), "이/가")} 아닌 localhost를 호출합니다.`,
          detail:
            "설정하지 않으면 `[api] base_url` + `/execution/`, 즉 `http://localhost:8080/execution/`이 되어 worker 자신의 컨테이너를 가리킵니다. " +
            `(공유 앵커에서) \`${target}\`로 설정하세요.`,
        };
      case "host":
        return {
          message: p.loopback
            ? `${code(EXECUTION_URL)}의 ${josa(code(p.host), "은/는")} ${josa(code(apiName), "이/가")} 아니라 태스크 자신의 컨테이너입니다.`
            : `${josa(servicesKo([p.host]), "은/는")} Airflow api-server를 실행하지 않으므로 태스크가 execution API에 접속할 수 없습니다.`,
          detail: `태스크가 시작할 때 실패합니다(connection refused). api-server는 ${code(apiName)}입니다: \`${target}\`.`,
        };
      default:
        return {
          message: `${josa(code(apiName), "은/는")} execution API를 포트 ${josa(String(p.port), "이/가")} 아닌 ${p.api.port}에서 제공합니다.`,
          detail: `컨테이너 사이에서는 컨테이너 포트가 기준입니다(게시된 호스트 포트가 아님). \`${target}\`를 쓰세요.`,
        };
    }
  },
  fix: (_ctx, _p, en) => `${code(quoted(en.title))} 사용`,
});

/** "`airflow scheduler`를 실행하는 서비스 `airflow-scheduler` 추가", from the English title. */
function addServiceKo(title: string): string {
  return `${josa(code(quoted(title, 1)), "을/를")} 실행하는 서비스 ${code(quoted(title, 0))} 추가`;
}

translateRule(airflowMissingComponent, {
  title: "Airflow 스택에 필요한 구성 요소(scheduler, dag-processor, celery worker)가 없습니다",
  diagnostic: (_ctx, { missing, needer }) => {
    const name = needer.service.name;
    switch (missing) {
      case "scheduler":
        return {
          message: `Airflow scheduler를 실행하는 서비스가 없어 ${josa(servicesKo([name]), "은/는")} 뜨지만 태스크는 하나도 실행되지 않습니다.`,
          detail:
            "webserver(Airflow 3에서는 api-server)는 DAG를 보여 줄 뿐이고, DAG 실행을 만들고 태스크를 큐에 넣는 것은 scheduler입니다. " +
            "같은 이미지와 설정으로 `airflow scheduler`를 실행하는 서비스를 추가하세요.",
        };
      case "dag-processor":
        return {
          message: `Airflow ${needer.version?.text ?? "3"}에는 \`airflow dag-processor\` 서비스가 필요한데, 없으므로 DAG가 하나도 파싱되지 않습니다.`,
          detail:
            "Airflow 3부터 scheduler는 DAG 파일을 파싱하지 않고, 별도의 dag-processor가 파싱합니다(upgrading_to_airflow3.rst).",
        };
      default:
        return {
          message:
            "CeleryExecutor인데 `airflow celery worker`를 실행하는 서비스가 없어 태스크가 큐에 머뭅니다.",
          detail: `${josa(servicesKo([name]), "은/는")} 태스크를 Celery 브로커로 보내지만, worker가 없으면 아무도 가져가지 않습니다.`,
        };
    }
  },
  fix: (_ctx, _s, en) => addServiceKo(en.title),
});

translateRule(airflowMissingMigration, {
  title: "Airflow 메타데이터 데이터베이스를 만들거나 업그레이드하는 서비스가 없습니다",
  diagnostic: (_ctx, { first, components, assumed }) => ({
    message:
      "`airflow db migrate`를 실행하는 서비스가 없어, 새 데이터베이스에서는 Airflow 구성 요소가 시작하지 못합니다.",
    detail:
      `${components.length > 1 ? "구성 요소마다" : josa(servicesKo([first.service]), "은/는")} 스키마를 기다리다가(60초, ` +
      '`[database] migration_wait_timeout`) 종료합니다: "There are still unapplied migrations". ' +
      "그 전에 `airflow db migrate`를 한 번 실행하세요(Airflow 2.7 이상; 그 전에는 `db upgrade`). 예를 들어 `airflow-init` 작업에서 실행합니다." +
      (assumed
        ? " (스택의 이미지 중 apache/airflow가 아닌 것이 있어, 그 이미지의 entrypoint가 마이그레이션할 수도 있습니다.)"
        : ""),
  }),
  fix: () => "`airflow db migrate`를 실행하는 `airflow-init` 서비스 추가",
});

const SECRET_KO: Record<string, string> = {
  "Fernet key": "Fernet 키",
  "secret key": "secret key",
  "JWT secret": "JWT secret",
};

translateRule(airflowSecretsDisagree, {
  title: "Airflow 구성 요소들이 함께 써야 하는 시크릿 값이 서로 다릅니다",
  diagnostic: (_ctx, { label, services, majority }) => {
    const what = SECRET_KO[label] ?? label;
    return {
      message: `${servicesShortKo(services.map((s) => s.name))}의 Airflow ${josa(what, "이/가")} 대부분의 구성 요소가 쓰는 값과 다릅니다.`,
      detail: `${josa(listKo(majority.services.map((s) => s.name)), "은/는")} 다른 값을 씁니다. ${
        label === "Fernet key"
          ? "한 구성 요소가 암호화한 connection이나 variable을 다른 구성 요소가 복호화하지 못합니다(cryptography.fernet.InvalidToken)."
          : label === "secret key"
            ? "UI는 태스크 로그 요청에 이 키로 서명하므로, 다른 키를 가진 worker는 요청을 거부합니다(403 Forbidden)."
            : "한 구성 요소가 서명한 토큰을 다른 구성 요소가 거부합니다(Invalid auth token). Airflow 3은 모든 곳에 같은 JWT secret이 필요합니다."
      }`,
      related: [`대부분의 구성 요소가 쓰는 ${what}`],
    };
  },
  fix: (_ctx, { label, majority }) =>
    `${code(majority.services[0]!.name)}의 ${SECRET_KO[label] ?? label} 사용`,
});

translateRule(airflow3RemovedCommand, {
  title: "Airflow 3에서 없어진 Airflow 명령입니다",
  diagnostic: (_ctx, { airflow, call, use, removed }) => {
    const v = airflow.version!;
    const name = call.command!.command;
    const message = removed
      ? `Airflow ${v.text}에는 \`airflow ${name}\` 명령이 없습니다. ${josa(`\`airflow ${use}\``, "을/를")} 쓰세요.`
      : `\`airflow ${name}\` 명령은 Airflow 2.7부터 폐기 예정이고 Airflow 3에서는 없어졌습니다. ${josa(`\`airflow ${use}\``, "을/를")} 쓰세요.`;
    const said = call.command!.airflow3.status === "removed" ? call.command!.airflow3.message : undefined;
    let detail = removed
      ? `컨테이너가 바로 종료합니다${said ? `("${said}")` : ""}.`
      : "Airflow 2.7 이상은 폐기 경고와 함께 실행합니다.";
    if (name === "webserver")
      detail +=
        " api-server도 포트 8080에서 UI와 REST API를 제공합니다. 헬스체크 엔드포인트는 `/api/v2/version`입니다(webserver는 `/health`였습니다).";
    if (name === "db init")
      detail +=
        " `db init`은 기본 connection도 만들었는데, 이제는 `airflow connections create-default-connections`가 합니다.";
    if (!v.sure) detail += VERSION_FROM_DEFAULT;
    return { message, detail };
  },
  fix: (_ctx, { use }) => `\`airflow ${use}\` 실행`,
});
