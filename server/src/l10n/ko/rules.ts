/**
 * 한국어: every rule's Korean title, message, detail, related messages and fix titles, keyed
 * by rule id (the registry ties each to its rule, whose state types the translation). The
 * English stays in the rule files; each translation is built from the same state, so an
 * English rewording never breaks it. Error texts that tools print (PostgreSQL, Compose)
 * stay as they print them. A Korean message is one short sentence (what is wrong); the
 * rest goes in the detail.
 *
 * A rule added without a Korean entry stays English and must be listed in
 * NOT_YET_TRANSLATED (server/src/l10n/coverage.ts); the coverage test says which.
 */

import { appLabel, engineLabel, familyLabel } from "../../model/labels";
import type { Database, Service } from "../../model/types";
import { documentCount } from "../../model/whole-file";
import { commandLineBreak } from "../../rules/command-line-break";
import { composeSchema } from "../../rules/compose-schema";
import { dbCredentialsMismatch } from "../../rules/db-credentials-mismatch";
import { dbHealthcheckMissing } from "../../rules/db-healthcheck-missing";
import { dbHostLocalhost } from "../../rules/db-host-localhost";
import { dbPasswordMissing } from "../../rules/db-password-missing";
import { dbPortIsHostPort } from "../../rules/db-port-is-host-port";
import { dependsOnCycle } from "../../rules/depends-on-cycle";
import { dependsOnNotHealthy } from "../../rules/depends-on-not-healthy";
import { deprecatedKey } from "../../rules/deprecated-key";
import { duplicateHostPort } from "../../rules/duplicate-host-port";
import { healthcheckFix } from "../../rules/fixes";
import { healthyConditionWithoutHealthcheck } from "../../rules/healthy-condition-without-healthcheck";
import { multipleDocuments } from "../../rules/multiple-documents";
import { noImageOrBuild } from "../../rules/no-image-or-build";
import { noSharedNetwork } from "../../rules/no-shared-network";
import { notComposeFile } from "../../rules/not-compose-file";
import { obsoleteVersion } from "../../rules/obsolete-version";
import { containerName, EARLY_ERRORS, refusedError, unknownHostError } from "../../rules/phrases";
import { sharedDatabase } from "../../rules/shared-database";
import { undefinedReference } from "../../rules/undefined-reference";
import { wrongDbHost } from "../../rules/wrong-db-host";
import { translateFindingRule, translateRule } from "../rules";
import { describeServiceKo, josa, listKo, servicesKo } from "./phrases";
import { portSuffixKo } from "./project";
import { whyKo } from "./why";

// The rules of issues 13-17, by area (each file registers its rules when imported).
import "./airflow";
import "./images";
import "./mlflow";
import "./project";
import "./s3";
import "./security";

const code = (s: string | number) => `\`${s}\``;

/** The first `…` quoted in an English fix title (the name it writes), for the Korean title. */
function quoted(title: string, nth = 0): string {
  const all = [...title.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (all[nth] === undefined) throw new Error(`no quoted name in fix title ${JSON.stringify(title)}`);
  return all[nth];
}

/** The detail sentence of the severity policy: who breaks for sure, or that it depends on their code. */
function riskDetail(
  failsHard: { service: Service; why: string } | undefined,
  why: string | undefined,
  lead: string,
): string {
  return failsHard
    ? `${lead} ${code(failsHard.service.name)} 서비스가 실패합니다: ${whyKo(failsHard.why)}.`
    : `문제가 되는지는 해당 서비스의 코드에 달려 있습니다${why ? ` (${whyKo(why)})` : ""}. 기다리거나 재시도한다고 알려진 동작이 없습니다.`;
}

// ---------------------------------------------------------------------------------------------

translateRule(sharedDatabase, {
  title: "두 애플리케이션이 데이터베이스 하나를 함께 써서 Alembic 마이그레이션이 충돌합니다",
  diagnostic: (_ctx, { group, mover, others }) => {
    const apps = [appLabel(mover), ...others.map(appLabel)];
    return {
      message: `${josa(listKo(apps, { quote: "" }), "이/가")} ${code(group.db.service.name)}의 데이터베이스 ${josa(code(group.database), "을/를")} 함께 씁니다.`,
      detail:
        "둘 다 Alembic 마이그레이션 이력을 이 데이터베이스의 `alembic_version` 테이블에 기록하므로, 나중에 시작하는 쪽이 " +
        "\"Can't locate revision identified by '…'\" 오류로 실패합니다(또는 상대의 리비전을 조용히 덮어씁니다). " +
        `${appLabel(mover)} 전용 데이터베이스를 따로 두세요.`,
      related: group.connections
        .filter((o) => o.owner !== mover)
        .map((o) => `${appLabel(o.owner!)}(${o.service.name})도 여기서 같은 데이터베이스를 씁니다`),
    };
  },
  fix: (_ctx, { mover }, en) =>
    `데이터베이스 분리: ${appLabel(mover)} 전용 PostgreSQL(${code(quoted(en.title))}) 추가`,
});

translateRule(obsoleteVersion, {
  title: "최상위 `version`은 더 이상 쓰이지 않습니다",
  diagnostic: (_ctx, pair) => {
    const version = pair.value?.kind === "scalar" ? pair.value.text : undefined;
    return {
      message: `최상위 속성 \`version\`${version ? `(${JSON.stringify(version)})` : ""}은 더 이상 쓰이지 않습니다.`,
      detail: "Docker Compose는 이 값을 무시하고 실행할 때마다 경고를 출력합니다. 삭제하세요.",
    };
  },
  fix: () => "쓰이지 않는 `version` 삭제",
});

/** "PostgreSQL 서비스는 `db`입니다." and its variants, after a wrong or loopback host. */
function candidatesKo(label: string, ranked: string[], count: number): string {
  if (count === 0) return `이 파일에는 ${label} 서비스가 정의되어 있지 않습니다.`;
  if (count === 1) return `${label} 서비스는 ${listKo(ranked, { total: count })}입니다.`;
  return `이 파일의 ${label} 서비스: ${listKo(ranked, { total: count })}.`;
}

translateRule(wrongDbHost, {
  title: "연결 URL의 호스트가 데이터베이스 서비스가 아닙니다",
  diagnostic: ({ model, facts }, { group, target, ranking, elsewhere }) => {
    const { conn, services } = group;
    const url = conn.url;
    const name = url.host!.value;
    const label = familyLabel(url.family);
    const port = facts.connections.port(url);
    const hint =
      ranking.count === 0 && elsewhere?.length
        ? `이 파일에는 ${label} 서비스가 정의되어 있지 않습니다. 프로젝트의 다른 파일에 ${listKo(elsewhere, { or: true })} 서비스가 있습니다.`
        : candidatesKo(
            label,
            ranking.ranked.map((t) => t.service.name),
            ranking.count,
          );
    if (target) {
      const what = services.includes(target)
        ? `${describeServiceKo(model, target)} 자신`
        : describeServiceKo(model, target);
      return {
        message: `호스트 ${josa(code(name), "은/는")} ${what}이며, ${label} 서버가 아닙니다.`,
        detail:
          `그곳의 포트 ${port ?? "?"}에서는 ${josa(label, "이/가")} 연결을 받지 않으므로 ${josa(servicesKo(services), "이/가")} ` +
          `연결하지 못합니다: \`${refusedError(url, name, port)}\`. ${hint}`,
      };
    }
    return {
      message: `호스트 ${code(name)}에 응답하는 서비스가 없습니다.`,
      detail:
        `서비스 이름, container_name, hostname, 네트워크 별칭 중 어느 것도 ${josa(code(name), "이/가")} 아니므로 ` +
        `${josa(servicesKo(services), "이/가")} 연결하지 못합니다: \`${unknownHostError(url, name, port)}\`. ${hint}`,
    };
  },
  fix: (_ctx, _s, en) => `데이터베이스 서비스 ${code(quoted(en.title))} 사용${portSuffixKo(en.title)}`,
});

translateRule(dbHostLocalhost, {
  title: "컨테이너 안의 연결 URL에 localhost를 썼습니다",
  diagnostic: ({ facts }, { group, tracking, s3, ranking }) => {
    const { conn, services } = group;
    const url = conn.url;
    const host = url.host!;
    const label = tracking ? "MLflow" : s3 ? "S3" : familyLabel(url.family);
    const port = facts.connections.port(url);
    const ranked = listKo(
      ranking.ranked.map((t) => t.service.name),
      { total: ranking.count },
    );
    const whose =
      services.length === 1
        ? `${code(services[0].name)} 서비스의 컨테이너 자신`
        : "각 클라이언트 자신의 컨테이너";
    const hint =
      ranking.count === 0
        ? ` 대신 ${label} 서버의 호스트 이름을 쓰세요(Docker 호스트에서 실행 중인 서버라면 \`host.docker.internal\`).`
        : ranking.count === 1
          ? ` ${label} 서비스 이름 ${josa(ranked, "과/와")} 그 컨테이너 포트를 쓰세요.`
          : ` ${label} 서비스 이름(${ranked}) 중 하나와 그 컨테이너 포트를 쓰세요.`;
    return {
      message: `${servicesKo(services)}의 URL에 있는 ${josa(code(host.value), "은/는")} ${whose}이며, ${label} 서버가 아닙니다.`,
      detail: `컨테이너마다 루프백이 따로 있으므로 연결이 \`${
        s3
          ? `Could not connect to the endpoint URL: "${url.scheme.value}://${host.value}${url.port ? `:${url.port.value}` : ""}/…"`
          : refusedError(url, host.value, port)
      }\` 오류로 실패합니다.${hint}`,
    };
  },
  fix: (_ctx, { tracking, s3 }, en) =>
    tracking
      ? `MLflow 서버 ${code(quoted(en.title))} 사용${portSuffixKo(en.title)}`
      : s3
        ? `S3 저장소 ${code(quoted(en.title))} 사용${portSuffixKo(en.title)}`
        : `데이터베이스 서비스 ${code(quoted(en.title))} 사용${portSuffixKo(en.title)}`,
});

translateRule(dbPortIsHostPort, {
  title: "연결 URL이 게시된 호스트 포트를 씁니다",
  diagnostic: (_ctx, { group, containerPort, label, mapping }) => {
    const { conn, services } = group;
    const url = conn.url;
    const target = conn.target!;
    const port = url.port!.number!;
    const mapText = mapping.str?.value.trim() ?? `${port}:${containerPort}`;
    return {
      message: `포트 ${josa(String(port), "은/는")} ${label} 서비스 ${josa(code(target.name), "이/가")} Docker 호스트에 게시한 포트입니다(${code(mapText)}).`,
      detail:
        `다른 컨테이너는 컨테이너 포트 ${josa(String(containerPort), "으로/로")} 직접 접속하므로 ${josa(servicesKo(services), "이/가")} 연결하지 못합니다: ` +
        `\`${refusedError(url, url.host?.value ?? target.name, port)}\`.`,
    };
  },
  fix: (_ctx, { containerPort }) => `컨테이너 포트 ${containerPort} 사용`,
});

/** The error the client prints for a wrong login (as the server prints it). */
function authError(db: Database, user: string): string {
  if (db.family === "mysql") return `Access denied for user '${user}'@'…' (using password: YES)`;
  if (db.family === "redis") return "WRONGPASS invalid username-password pair or user is disabled.";
  return `password authentication failed for user "${user}"`;
}

translateRule(dbCredentialsMismatch, {
  title: "연결 URL의 사용자, 비밀번호 또는 데이터베이스가 데이터베이스 서비스와 맞지 않습니다",
  diagnostic: (_ctx, m) => {
    const { group, db } = m;
    const who = josa(servicesKo(group.services), "이/가");
    const dbName = code(db.service.name);
    const fails = (error: string) => `그래서 ${who} \`${error}\` 오류로 실패합니다.`;
    switch (m.kind) {
      case "password":
        return m.user === undefined
          ? {
              message: `URL의 비밀번호가 ${dbName}에 필요한 비밀번호(${m.account.passwordVar})와 다릅니다.`,
              detail: fails(authError(db, "default")),
            }
          : {
              message: `URL의 비밀번호가 사용자 ${code(m.user)}에 대한 ${dbName}의 ${m.account.passwordVar} 값과 다릅니다.`,
              detail: fails(authError(db, m.user)),
            };
      case "swapped":
        return {
          message: "URL의 사용자와 비밀번호가 뒤바뀌었습니다.",
          detail:
            `URL의 사용자는 ${dbName}의 비밀번호(${m.account.passwordVar})이고, 비밀번호는 사용자 ${code(String(m.account.user.value))}입니다. ` +
            fails(authError(db, m.user.value)),
        };
      case "user": {
        const user = m.part.value;
        const u = m.accounts[0].user;
        const envName = db.family === "mysql" ? "MYSQL_USER" : "POSTGRES_USER";
        if (db.family === "mysql")
          return {
            message: `사용자 ${josa(code(user), "은/는")} ${dbName}에 없습니다.`,
            detail: `이미지가 만드는 사용자는 ${listKo(m.accounts.map((a) => String(a.user.value)))}뿐입니다. ${fails(authError(db, user))}`,
          };
        if (user === "postgres" && u.env)
          return {
            message: `이 데이터베이스에는 사용자 ${josa(code("postgres"), "이/가")} 없습니다.`,
            detail:
              `${u.env.name} 값이 ${code(String(u.value))}이므로 공식 이미지는 데이터베이스 서비스 ${dbName}에 역할 ${code(String(u.value))}만 ` +
              `만들었습니다(기본 \`postgres\` 대신 이 역할이 슈퍼유저입니다). ${fails(authError(db, "postgres"))}`,
          };
        const setting = u.env
          ? `${dbName}의 ${u.env.name} 값은 ${code(String(u.value))}입니다.`
          : `${envName}가 설정되지 않았으므로 유일한 역할은 기본값 ${code(String(u.value))}입니다.`;
        return {
          message: `사용자 ${josa(code(user), "은/는")} ${dbName}의 역할이 아닙니다.`,
          detail: `${setting} ${fails(authError(db, user))}`,
        };
      }
      case "database": {
        const value = m.part.value;
        const d = db.database;
        const envName = db.family === "mysql" ? "MYSQL_DATABASE" : "POSTGRES_DB";
        const error =
          db.family === "mysql" ? `Unknown database '${value}'` : `database "${value}" does not exist`;
        const setting = d.env
          ? `${dbName}의 ${d.env.name} 값은 ${code(String(d.value))}입니다.`
          : `${envName}가 설정되지 않았으므로 데이터베이스는 사용자 이름을 딴 ${code(String(d.value))}입니다.`;
        return {
          message: `데이터베이스 ${josa(code(value), "은/는")} ${dbName}에 없습니다.`,
          detail: `${setting} ${fails(error)}`,
        };
      }
    }
  },
  fix: (_ctx, m, en) => {
    switch (m.kind) {
      case "password":
        return `${code(m.db.service.name)}의 비밀번호 사용`;
      case "swapped":
        return "사용자와 비밀번호 맞바꾸기";
      case "user":
        return `데이터베이스의 사용자 ${code(quoted(en.title))} 사용`;
      case "database":
        return `데이터베이스 ${code(quoted(en.title))} 사용`;
    }
  },
});

translateRule(dbPasswordMissing, {
  title: "데이터베이스에 비밀번호가 필요한데 연결 URL에 비밀번호가 없습니다",
  diagnostic: (_ctx, { group, db, clients, account }) => {
    const url = group.conn.url;
    const userValue = url.user?.value ?? "";
    const forUser = db.family === "redis" ? "" : userValue || (account.user.value ?? "");
    const error =
      db.family === "mysql"
        ? `Access denied for user '${forUser}'@'…' (using password: NO)`
        : db.family === "redis"
          ? "NOAUTH Authentication required."
          : "fe_sendauth: no password supplied";
    const how = url.password
      ? "비밀번호가 비어 있지만"
      : url.user
        ? `사용자 ${code(userValue)}의 비밀번호가 없지만`
        : "인증 정보가 전혀 없지만";
    const pwVar = String(account.passwordVar);
    const requires =
      db.family === "postgres"
        ? `${josa(pwVar, "이/가")} 설정되어 있으면 공식 이미지는 네트워크로 들어오는 비밀번호 없는 로그인을 받지 않습니다.`
        : db.family === "redis"
          ? `이 서버는 ${account.passwordVar === "--requirepass" ? "`--requirepass`" : account.passwordVar} 설정으로 시작됩니다.`
          : `${code(String(account.user.value))}에 ${josa(pwVar, "이/가")} 설정되어 있습니다.`;
    return {
      message: `${servicesKo(clients)}의 URL에 ${how}, ${code(db.service.name)}에는 비밀번호가 필요합니다.`,
      detail: `${requires} 연결은 \`${error}\` 오류로 실패합니다.`,
    };
  },
  fix: (_ctx, { db }, en) =>
    /user and password/.test(en.title)
      ? `${code(db.service.name)}의 사용자와 비밀번호 넣기`
      : `${code(db.service.name)}의 비밀번호 넣기`,
});

translateRule(dbHealthcheckMissing, {
  title: "다른 서비스가 의존하는 데이터베이스에 헬스체크가 없습니다",
  diagnostic: (ctx, { db, disabled, dependants, failsHard, why: unsure }) => {
    const { readiness } = ctx.facts;
    const service = db.service;
    const label = engineLabel(db);
    const viaDependsOn = (s: Service) => readiness.dependsOn(s, service.name);
    const depending = dependants.filter(viaDependsOn).map((s) => s.name);
    const connecting = dependants.filter((s) => !viaDependsOn(s)).map((s) => s.name);
    const who = `${[
      depending.length ? `${josa(servicesKo(depending), "이/가")} 이 서비스에 의존` : "",
      connecting.length ? `${josa(servicesKo(connecting), "이/가")} 이 서비스에 연결` : "",
    ]
      .filter(Boolean)
      .join("하고, ")}합니다`;
    // The Problems panel shows 120 characters: past that, how many (the related entries name each).
    const whoShort = `서비스 ${dependants.length}개가 이 서비스에 ${
      depending.length && connecting.length ? "의존하거나 연결" : depending.length ? "의존" : "연결"
    }합니다`;
    const fitted = (say: (who: string) => string) => (say(who).length <= 120 ? say(who) : say(whoShort));
    const why =
      `Compose는 컨테이너가 실행될 때까지만 기다리고 ${josa(label, "이/가")} 연결을 받을 때까지는 기다리지 않습니다. ` +
      "`condition: service_healthy`와 `docker compose up --wait`는 헬스체크가 있어야 기다릴 수 있습니다.";
    const risk = riskDetail(failsHard, unsure, "헬스체크가 없으면");
    const related = dependants.map(
      (s) =>
        `${josa(code(s.name), "이/가")} ${code(service.name)}에 ${viaDependsOn(s) ? "의존합니다" : "연결합니다"}.`,
    );
    if (disabled)
      return {
        message: fitted((w) => `${code(service.name)}(${label})의 헬스체크가 꺼져 있는데 ${w}.`),
        detail:
          `${why} 헬스체크를 끈 것은 의도한 설정으로 보여 수정은 제안하지 않습니다. 다른 서비스가 기다릴 수 있게 하려면 ` +
          `\`disable: true\` / \`NONE\` 테스트를 지우세요. ${risk}`,
        related,
      };
    const unless =
      readiness.imageHealthcheck(service) === "none"
        ? ""
        : " 이미지에 HEALTHCHECK가 정의되어 있다면 괜찮습니다.";
    const add = healthcheckFix(ctx, db)
      ? ""
      : ` ${josa(label, "이/가")} 연결을 받기 시작하면 성공하는 \`test:\`로 \`healthcheck:\`를 추가하세요.`;
    return {
      message: fitted((w) => `${code(service.name)}(${label})에 헬스체크가 없는데 ${w}.`),
      detail: `${why}${unless}${add} ${risk}`,
      related,
    };
  },
  fix: () => "헬스체크 추가",
});

translateRule(dependsOnNotHealthy, {
  title: "depends_on이 데이터베이스가 healthy 상태가 되기를 기다리지 않습니다",
  diagnostic: (ctx, { use: { dependency }, db, services, failsHard, why }) => {
    const target = db.service;
    const label = engineLabel(db);
    const who = josa(servicesKo(services), "은/는");
    const t = code(target.name);
    const how =
      dependency.form === "list"
        ? `${who} ${josa(t, "이/가")} 실행되자마자 시작하므로`
        : `${who} ${josa(t, "이/가")} 시작될 때까지만 기다리므로(${dependency.conditionNode ? "`condition: service_started`" : "`condition:`이 없으면 `service_started`"})`;
    const state = ctx.facts.readiness.health(target);
    let note = "";
    if (state === "disabled")
      note = ` ${t}의 헬스체크가 꺼져 있습니다. 먼저 켜지 않으면 Compose가 이 서비스를 시작하지 않습니다.`;
    else if (state === "absent" && ctx.facts.readiness.imageHealthcheck(target) !== "built-in")
      note = healthcheckFix(ctx, db)
        ? ` ${t}에는 아직 헬스체크가 없습니다. 수정하면 헬스체크도 함께 추가됩니다.`
        : ` ${t}에는 헬스체크가 없고 이 이미지에 맞는 헬스체크도 알려져 있지 않습니다. 먼저 추가하지 않으면 Compose가 이 서비스를 시작하지 않습니다("has no healthcheck configured").`;
    else if (state === "present") {
      const never = ctx.facts.readiness.healthcheckNeverPasses(target);
      if (never)
        note = ` ${t}의 헬스체크는 절대 통과하지 못합니다(${never}). 먼저 고치지 않으면 Compose가 이 서비스를 영영 시작하지 않습니다.`;
    }
    return {
      message: `${how} ${josa(label, "이/가")} 연결을 받기 전에 접속합니다.`,
      detail:
        `첫 연결은 ${EARLY_ERRORS[db.engine].replace(/" or "/g, '" 또는 "')} 오류로 실패합니다. Compose가 ${t}의 헬스체크 통과까지 기다리도록 ` +
        `\`condition: service_healthy\`를 쓰세요.${note} ${riskDetail(failsHard, why, "이 경우")}`,
      related: [`${t}(${label}) 정의 위치`],
    };
  },
  fix: (_ctx, { db }) => `${code(db.service.name)}의 헬스체크 통과까지 대기`,
});

translateRule(healthyConditionWithoutHealthcheck, {
  title: "헬스체크가 없는 서비스에 condition: service_healthy를 썼습니다",
  diagnostic: (ctx, { use: { services }, target, disabled }, en) => {
    const t = code(target.name);
    const wait = `${josa(servicesKo(services), "은/는")} ${josa(t, "이/가")} healthy 상태가 되기를 기다리지만`;
    const refusal =
      `Compose가 이 서비스를 시작하지 않습니다: "dependency failed to start: container ${containerName(target)} has no healthcheck configured" ` +
      `(docker-compose 1.x: 'Service "${target.name}" is missing a healthcheck configuration').`;
    if (disabled)
      return {
        message: `${wait} ${t}의 헬스체크가 꺼져 있습니다(${target.healthcheck?.testKind === "NONE" ? '`test: ["NONE"]`' : "`disable: true`"}).`,
        detail: `${refusal} ${t}에 동작하는 헬스체크를 두거나, 대신 \`condition: service_started\`로 기다리세요.`,
        related: [`${t} 정의 위치(헬스체크가 꺼져 있음)`],
      };
    const db = ctx.model.databaseByService.get(target.name);
    const imageName = target.image
      ? `이미지 ${code(target.image.str.value)}`
      : "이 서비스용으로 빌드한 이미지";
    const why =
      ctx.facts.readiness.imageHealthcheck(target) === "none"
        ? refusal
        : `${imageName}에 HEALTHCHECK가 정의되어 있지 않다면 ${refusal}`;
    const example = /For ([^:]+): (`[^`]+`)\.$/.exec(en.message + (en.detail ? ` ${en.detail}` : ""));
    const add =
      db && healthcheckFix(ctx, db)
        ? ` ${t}에 ${engineLabel(db)} 헬스체크를 추가하세요.`
        : ` 준비되면 성공하는 \`test:\`로 ${t}에 \`healthcheck:\`를 추가하세요.${example ? ` ${example[1].replace("the Airflow webserver", "Airflow 웹서버")} 예: ${example[2]}.` : ""}`;
    return {
      message: `${wait} ${t}에는 헬스체크가 없습니다.`,
      detail: `${why}${add}`,
      related: [`${t} 정의 위치(헬스체크 없음)`],
    };
  },
  fix: (_ctx, { target }) => `${code(target.name)}에 헬스체크 추가`,
});

const portRange = (start: number, end: number) => (start === end ? `${start}` : `${start}-${end}`);

translateRule(duplicateHostPort, {
  title: "두 서비스가 같은 호스트 포트를 게시합니다",
  diagnostic: (_ctx, { m, firsts }) => {
    const name = `"${m.service.name}"`;
    const first = firsts[0];
    const lo = Math.max(first.start, m.start);
    const hostPort = portRange(lo, Math.min(first.end, m.end));
    const others = listKo([...new Set(firsts.map((f) => f.service.name))], { quote: '"', max: 3 });
    const ip = m.port.hostIp?.trim().replace(/^\[(.*)\]$/, "$1");
    const bind = !ip ? `0.0.0.0:${lo}` : ip.includes(":") ? `[${ip}]:${lo}` : `${ip}:${lo}`;
    return {
      message: `서비스 ${josa(name, "이/가")} 호스트 포트 ${portRange(m.start, m.end)}/${m.protocol}를 게시하는데, ${josa(others, "이/가")} 이미 게시하고 있습니다(${hostPort}).`,
      detail:
        `한 포트에는 컨테이너 하나만 바인딩할 수 있으므로 ${josa(name, "은/는")} "Bind for ${bind} failed: port is already allocated" 오류로 ` +
        "시작하지 못합니다. 다른 호스트 포트로 게시하거나(컨테이너 포트는 그대로), 다른 컨테이너만 쓰는 포트라면 매핑을 지우세요.",
      related: firsts
        .slice(0, 3)
        .map((f) => `"${f.service.name}"가 여기서 ${portRange(f.start, f.end)}/${f.protocol}를 게시합니다`),
    };
  },
  fix: (_ctx, { move }) => `대신 호스트 포트 ${josa(portRange(move!.start, move!.end), "으로/로")} 게시`,
});

const networksKo = (keys: string[]) =>
  keys.map((k) => (k === "default" ? "기본 네트워크" : code(k))).join(", ");

translateRule(noSharedNetwork, {
  title: "서비스가 자신이 속하지 않은 네트워크의 데이터베이스에 연결합니다",
  diagnostic: (_ctx, { client, db, conn, clientNets, dbNets }) => {
    const c = `"${client.name}"`;
    const d = `"${db.service.name}"`;
    const hostName = conn?.url.host?.value ?? db.service.name;
    const how = conn
      ? `데이터베이스 ${d}에 연결하지만(URL의 호스트 "${hostName}")`
      : `데이터베이스 ${d}에 의존하지만`;
    const error =
      db.family === "postgres"
        ? `could not translate host name "${hostName}" to address: Name or service not known`
        : `${hostName}: Name or service not known`;
    const via = clientNets.via ? ` (network_mode: service:${clientNets.via.name}를 통해)` : "";
    return {
      message: `${josa(c, "은/는")} ${how}, 두 서비스가 함께 속한 네트워크가 없습니다.`,
      detail:
        `${josa(c, "은/는")} ${networksKo(clientNets.keys)}${via}에, ${josa(d, "은/는")} ${networksKo(dbNets.keys)}에 있습니다. ` +
        `이름이 해석되지 않아 연결이 다음 오류로 실패합니다: ${error}. ${josa(c, "을/를")} ${d}의 네트워크에 추가하세요.`,
      related: [`${josa(d, "은/는")} ${networksKo(dbNets.keys)}에 있습니다`],
    };
  },
  fix: (_ctx, { client }, en) =>
    `${josa(`"${client.name}"`, "을/를")} 네트워크 ${code(quoted(en.title))}에 추가`,
});

const KIND_KO: Record<string, string> = {
  service: "서비스",
  network: "네트워크",
  volume: "볼륨",
  secret: "시크릿",
  config: "config",
};

translateRule(undefinedReference, {
  title: "depends_on, networks, volumes, secrets 또는 configs가 정의되지 않은 것을 가리킵니다",
  diagnostic: (_ctx, { ref, services }, en) => {
    const names = services.map((s) => s.name);
    const kind = KIND_KO[ref.kind] ?? ref.kind;
    const name = `"${ref.name}"`;
    // The names the English suggests (its "Did you mean …?"), so both say the same.
    const near = /Did you mean (.+)\?$/.exec(en.message + (en.detail ? ` ${en.detail}` : ""))?.[1];
    const hint = near ? ` 혹시 ${near.replace(/ or /g, " 또는 ")} 말인가요?` : "";
    const first = `service "${ref.service.name}"`;
    if (ref.kind === "service") {
      const also = names.length > 1 ? ` (같은 항목을 ${servicesKo(names)}도 씁니다)` : "";
      return {
        message: `서비스 ${josa(name, "이/가")} 이 파일에 정의되어 있지 않아 Compose가 파일을 거부합니다.`,
        detail: `Compose 오류: ${first} depends on undefined service "${ref.name}": invalid compose project.${also}${hint}`,
      };
    }
    const section = `${ref.kind}s`;
    const withWhat =
      ref.kind === "secret" || ref.kind === "config"
        ? "(`file:`, `environment:` 또는 `external: true`와 함께) "
        : "";
    return {
      message: `${kind} ${josa(name, "이/가")} 최상위 \`${section}:\`에 ${withWhat}선언되어 있지 않아 Compose가 파일을 거부합니다.`,
      detail:
        `${josa(servicesKo(names), "이/가")} ${josa(`이 ${kind}`, "을/를")} 씁니다. ` +
        `Compose 오류: ${first} refers to undefined ${ref.kind} ${ref.name}: invalid compose project.${hint}`,
    };
  },
  fix: (_ctx, { ref }, en) =>
    /^Declare /.test(en.title)
      ? `${KIND_KO[ref.kind] ?? ref.kind} ${code(quoted(en.title))} 선언`
      : `${josa(code(quoted(en.title)), "으로/로")} 변경`,
});

translateFindingRule(commandLineBreak, {
  title: "여러 줄 명령의 줄바꿈이 옵션 앞에서 명령을 끝냅니다",
  finding: (f) => {
    const text = f.message + (f.detail ? ` ${f.detail}` : "");
    const head = /^`([^`]+)` ends at the line break before `([^`]+)`/.exec(text);
    const flags = /the shell runs (.+?) as separate commands/.exec(text);
    if (!head || !flags) return undefined;
    const [, program, first] = head;
    const notes: string[] = [];
    if (/in a folded block/.test(text))
      notes.push("접힌 블록(`>`)에서는 첫 줄보다 더 들여 쓴 줄의 줄바꿈이 그대로 남습니다.");
    const drops = /(\S+(?: compose)?) drops the backslash/.exec(text);
    if (drops)
      notes.push(`${drops[1]}는 큰따옴표 안의 줄바꿈 앞 백슬래시를 없애므로 bash가 줄을 이어 읽지 못합니다.`);
    const under = /under (docker compose|docker-compose|Compose v\d|[^ ]+ [^ ]+) the shell/.exec(text);
    if (under && !drops) notes.push(`이 문제는 ${under[1]}에서 생깁니다.`);
    const refuses = /(\S+(?: compose)?(?: v\d)?) refuses the command \("(.+)"\)\./.exec(text);
    if (refuses) notes.push(`${refuses[1]}는 이 명령을 거부합니다("${refuses[2]}").`);
    const oneCommand = /(\S+(?: compose)?(?: v\d)?) reads it as one command\./.exec(text);
    if (oneCommand) notes.push(`${oneCommand[1]}는 이를 명령 하나로 읽습니다.`);
    return {
      message: `${code(program)} 명령이 ${code(first)} 앞의 줄바꿈에서 끝납니다.`,
      detail: [
        ...notes.slice(0, 1),
        `셸은 ${flags[1]} 옵션을 별개의 명령으로 실행하고("command not found") ${josa(code(program), "은/는")} 이 옵션 없이 시작됩니다.`,
        ...notes.slice(1),
      ].join(" "),
    };
  },
  fix: (_f, en) =>
    /as a list/.test(en.title)
      ? "명령은 목록으로, 스크립트는 줄 끝마다 ` \\`를 붙인 블록으로 작성"
      : /Continue the command/.test(en.title)
        ? "줄 끝마다 ` \\`를 붙여 명령 이어 쓰기"
        : undefined,
});

translateFindingRule(notComposeFile, {
  title: "이 파일은 Compose 파일이 아닙니다",
  finding: (f) => {
    if (/^This file is empty/.test(f.message))
      return {
        message: '파일이 비어 있어 Compose가 거부합니다("empty compose file").',
        detail: "Compose 파일에는 서비스가 하나 이상 있는 `services:`가 필요합니다.",
      };
    if (/empty mapping/.test(f.message))
      return {
        message: '파일이 빈 매핑이라 Compose가 거부합니다("empty compose file").',
        detail: "`services:`를 추가하세요.",
      };
    const text = f.message + (f.detail ? ` ${f.detail}` : "");
    const keys = /top-level keys? (.+?) (?:are|is) not Compose's/.exec(text)?.[1];
    const error = /\("(Additional property .+ is not allowed)"\)/.exec(text)?.[1];
    if (!keys || !error) return undefined;
    const like = /GitHub Actions/.test(text)
      ? " GitHub Actions 워크플로로 보입니다."
      : /Kubernetes/.test(text)
        ? " Kubernetes 매니페스트로 보입니다."
        : /CI configuration/.test(text)
          ? " CI 설정 파일로 보입니다."
          : "";
    return {
      message: "이 YAML 파일은 Compose 파일이 아닙니다.",
      detail: `\`services:\`가 없고, 최상위 키 ${keys.replace(/, \.\.\.$/, " 등")}는 Compose의 키가 아닙니다.${like} Compose는 이 파일을 거부합니다("${error}").`,
    };
  },
});

translateFindingRule(multipleDocuments, {
  title: "파일에 YAML 문서가 여러 개 있습니다",
  finding: (_f, model) => ({
    message: `이 파일에는 YAML 문서가 ${documentCount(model)}개 있습니다(\`---\`로 구분).`,
    detail:
      'Compose v2는 문서를 순서대로 병합하고, Compose v1은 파일을 거부합니다("expected a single document in the stream"). ' +
      "여기서는 첫 문서만 분석합니다. 문서마다 파일을 따로 만들어 `-f`로 넘기거나 하나로 합치세요.",
  }),
});

translateFindingRule(composeSchema, {
  title: "Compose 사양이 이 키나 값을 허용하지 않습니다",
  fix: (_f, en) => {
    const to = /^(Rename|Change) to `([^`]+)`$/.exec(en.title);
    if (to) return `${josa(code(to[2]), "으로/로")} ${to[1] === "Rename" ? "이름 변경" : "변경"}`;
    return en.title === "Make it a list" ? "목록으로 바꾸기" : undefined;
  },
});

translateFindingRule(deprecatedKey, {
  title: "Compose 사양에서 폐기 예정인 키입니다",
});

translateFindingRule(noImageOrBuild, {
  title: "서비스에 `image`도 `build`도 없습니다",
  finding: (f, model) => {
    const name = model.text.slice(f.span.start, f.span.end).replace(/^["']|["']$/g, "");
    return {
      message: `서비스 ${code(name)}에 \`image\`도 \`build\`도 없습니다.`,
      detail:
        `Compose가 파일을 거부합니다("service \\"${name}\\" has neither an image nor a build context specified"). ` +
        "`image:`(또는 `build:`)를 추가하세요. 다른 파일 위에 병합할 파일이라면 이름을 `compose.override.yaml`로 하거나 두 파일을 `-f`로 함께 넘기세요.",
    };
  },
});

translateFindingRule(dependsOnCycle, {
  title: "서비스들이 순환하며 서로 의존합니다",
  finding: (f) => {
    const chain = /dependency cycle detected: ([^"]+)"/.exec(f.message + (f.detail ?? ""))?.[1];
    if (!chain) return undefined;
    const names = chain.split(" -> ");
    const related = (f.related ?? []).map((r) => {
      const m = /^`([^`]+)` depends on `([^`]+)` here \((.+)\)$/.exec(r.message);
      return m ? `${josa(code(m[1]), "이/가")} 여기서 ${code(m[2])}에 의존합니다(${m[3]})` : r.message;
    });
    if (names.length === 2 && names[0] === names[1])
      return {
        message: `서비스 ${josa(code(names[0]), "이/가")} 자기 자신에 의존합니다.`,
        detail: `Compose가 파일을 거부합니다("dependency cycle detected: ${chain}"). 이 의존성을 지우세요.`,
        related,
      };
    return {
      message: `의존성이 순환합니다: ${chain}.`,
      detail: `서비스마다 다음 서비스를 기다리므로 Compose가 파일을 거부합니다("dependency cycle detected: ${chain}"). 이 의존성 중 하나를 지우세요.`,
      related,
    };
  },
});

/** yaml-syntax is no rule object: its messages are the YAML parser's, kept as it prints them. */
translateFindingRule(
  { meta: { id: "yaml-syntax" } },
  {
    title: "올바른 YAML이 아닙니다(구문 오류, 중복 키, 별칭 폭탄)",
    finding: (f) => ({ message: `YAML 오류: ${f.message}`, detail: f.detail }),
  },
);
