/**
 * 한국어 for the image and probe rules (issue 16): healthcheck-cmd-array,
 * healthcheck-passes-unauthenticated, postgres18-data-mount, unknown-image-variable,
 * healthcheck-variable-at-compose-time, healthcheck-wrong-port, pg-healthcheck-wrong-user,
 * postgres-env-ignored-on-existing-volume. Built
 * from the same state as the English (see ko/rules.ts); what Docker, redis-cli and the
 * images print is quoted as they print it.
 */
import { type ImageFacts, imageVariable } from "../../model/knowledge/images";
import { healthcheckCmdArray } from "../../rules/healthcheck-cmd-array";
import { healthcheckPassesUnauthenticated } from "../../rules/healthcheck-passes-unauthenticated";
import { healthcheckVariableAtComposeTime } from "../../rules/healthcheck-variable-at-compose-time";
import { healthcheckWrongPort } from "../../rules/healthcheck-wrong-port";
import { pgHealthcheckWrongUser } from "../../rules/pg-healthcheck-wrong-user";
import { postgresEnvIgnoredOnExistingVolume } from "../../rules/postgres-env-ignored-on-existing-volume";
import { postgres18DataMount } from "../../rules/postgres18-data-mount";
import { unknownImageVariable } from "../../rules/unknown-image-variable";
import { translateRule } from "../rules";
import { josa, listKo } from "./phrases";

const code = (s: string | number) => `\`${s}\``;

/** The first candidate that fits the Problems panel (120 characters), else the last. */
function fitKo(...candidates: string[]): string {
  return candidates.find((c) => c.length <= 120) ?? candidates[candidates.length - 1];
}

/** "`x` 서비스의 헬스체크", the subject of most healthcheck messages. */
const healthcheckOf = (name: string) => `${code(name)} 서비스의 헬스체크`;

translateRule(healthcheckCmdArray, {
  title: "헬스체크 `test`의 형식 때문에 적은 명령이 그대로 실행되지 않습니다",
  diagnostic: (_ctx, { service, shape }) => {
    switch (shape.kind) {
      case "cmd-one-string": {
        const program = shape.text.length > 48 ? `${shape.words[0]} …` : shape.text;
        return {
          message: `${josa(healthcheckOf(service.name), "은/는")} ${code(program)}라는 이름의 프로그램을 실행하므로 절대 통과하지 못합니다.`,
          detail:
            "`CMD`는 셸 없이 항목들을 프로그램과 인자로 실행하므로, 이 문자열 하나가 통째로 존재하지 않는 프로그램의 " +
            `이름이 됩니다. 검사는 매번 실패하고(\`exec: "${shape.text}": executable file not found in $PATH\`) ` +
            "서비스가 healthy 상태가 되지 않으므로, `service_healthy`를 기다리는 서비스는 영영 시작하지 않습니다. " +
            "명령 전체를 문자열 하나로 `CMD-SHELL`에 주거나, `CMD`에 단어마다 항목 하나씩 주세요.",
        };
      }
      case "shell-extra-items":
        return {
          message: `${code(service.name)} 서비스의 \`CMD-SHELL\` 헬스체크는 ${code(shape.items[0].text ?? "")}만 실행합니다.`,
          detail:
            "`CMD-SHELL`은 첫 문자열을 `/bin/sh -c`로 실행하고, 나머지 항목은 스크립트의 `$0`, `$1`, …이 되어 " +
            "무시됩니다. 단어마다 항목 하나씩 `CMD`로 쓰거나, 명령 전체를 문자열 하나로 `CMD-SHELL`에 주세요.",
        };
      case "string-with-kind":
        return {
          message: `${josa(healthcheckOf(service.name), "은/는")} ${code(shape.written)}로 시작하는 문자열이라 절대 통과하지 못합니다.`,
          detail:
            `문자열 \`test:\`는 이미 컨테이너의 셸이 실행하므로(\`["CMD-SHELL", string]\`과 같음), 셸이 ${code(shape.written)}라는 ` +
            `프로그램을 찾다가 매번 실패합니다(\`${shape.written}: not found\`). ${josa(code(shape.written), "을/를")} 지우거나 ` +
            "test를 목록으로 쓰세요.",
        };
    }
  },
  fix: (_ctx, { shape }) =>
    shape.kind === "cmd-one-string"
      ? "`CMD-SHELL`로 실행"
      : shape.kind === "shell-extra-items"
        ? "항목들을 `CMD`로 실행"
        : `${josa(code(shape.written), "을/를")} 지우기`,
});

translateRule(healthcheckPassesUnauthenticated, {
  title: "모든 클라이언트를 거부하는 서버에서도 통과하는 헬스체크입니다",
  diagnostic: (_ctx, { service }) => ({
    message: `${code(service.name)} 서비스는 비밀번호가 필요한데, 이 \`redis-cli ping\`은 비밀번호 없이도 통과합니다.`,
    detail:
      "비밀번호가 없으면 redis-cli는 `NOAUTH Authentication required.`를 출력하고도 0으로 종료하므로, 모든 클라이언트를 " +
      "거부하는 서버(비밀번호가 틀렸거나 없을 때, 서버가 아직 로딩 중일 때)에서도 검사가 통과하고 " +
      "`condition: service_healthy`는 아무것도 보장하지 못합니다. 비밀번호를 주고(`-a … --no-auth-warning`, 또는 서비스 " +
      "environment의 `REDISCLI_AUTH`) 응답을 확인하세요: `| grep -q PONG`.",
  }),
  fix: () => "인증하고 PONG 확인",
});

const OLD_DATA = "/var/lib/postgresql/data";
const VOLUME = "/var/lib/postgresql";

translateRule(postgres18DataMount, {
  title: "PostgreSQL 18 이상은 /var/lib/postgresql/data 마운트를 쓰지 않습니다",
  diagnostic: (_ctx, { service, known, maybeMoved }) => {
    const image = service.image?.str.value ?? "postgres";
    // The particle follows the word before the parentheses: "`postgres:latest`(PostgreSQL 18 이상)를".
    const runs =
      known.version.kind === "latest"
        ? `${code(image)}(PostgreSQL ${known.major} 이상)${josa(code(image), "을/를").slice(code(image).length)}`
        : josa(`PostgreSQL ${known.major}`, "을/를");
    const dir = `/var/lib/postgresql/${known.version.kind === "latest" ? "<major>" : known.major}/docker`;
    return {
      message: `${josa(`${code(service.name)} 서비스`, "은/는")} ${runs} 실행하는데, 이 버전은 ${OLD_DATA}를 쓰지 않아 컨테이너가 종료합니다.`,
      detail:
        `데이터는 ${dir}에 저장됩니다: 18부터 이미지의 PGDATA가 그곳이고 VOLUME은 ${VOLUME}입니다. ${OLD_DATA}에 마운트가 있고 ` +
        'PGDATA에 데이터베이스가 없으면 컨테이너가 1로 종료합니다: "Error: in 18+, these Docker images are configured to store ' +
        'database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data ' +
        `in: ${OLD_DATA} (unused mount/volume)". 대신 볼륨을 ${VOLUME}에 마운트하세요(그러면 데이터는 그 안의 ${dir}에 ` +
        "저장됩니다). 볼륨에 이전 버전의 데이터가 있다면 이미지를 그 버전으로 고정하거나 먼저 pg_upgrade로 업그레이드하세요." +
        (maybeMoved ? " (env_file이 PGDATA를 설정한다면 그 값이 데이터 위치를 정하므로 예외입니다.)" : ""),
    };
  },
  fix: () => `볼륨을 \`${VOLUME}\`에 마운트`,
});

/** What goes wrong when the meant variable is not set (as the English `consequence`). */
function consequenceKo(image: ImageFacts, meant: string, value: string | undefined): string {
  const v = imageVariable(image, meant)?.variable;
  if (!v) return "";
  const named = value && /^[A-Za-z0-9_.-]+$/.test(value) ? code(value) : undefined;
  const subject = (what: string) => (named ? `${what} ${josa(named, "이/가")}` : `${what}가`);
  switch (v.role) {
    case "database":
      return ` ${subject("데이터베이스")} 만들어지지 않으므로, 이 이름을 쓰는 클라이언트는 실패합니다(\`FATAL: database "…" does not exist\`).`;
    case "user":
      return ` ${subject("사용자")} 만들어지지 않으므로, 이 사용자로 로그인하는 클라이언트는 실패합니다(\`role "…" does not exist\`).`;
    case "password":
    case "root-password":
      return " 비밀번호가 설정되지 않으므로, 이미지가 비밀번호 없이는 초기화를 거부하거나 이 비밀번호를 쓰는 클라이언트가 거부됩니다.";
    default:
      // The image's own description of the variable (knowledge/images.ts), as its docs say it.
      return ` ${meant}: ${v.effect}`;
  }
}

/** The English reasons the image facts give for "it may be read after all". */
function mayBeReadKo(why: string): string {
  if (why === "a script in /docker-entrypoint-initdb.d may read it")
    return "/docker-entrypoint-initdb.d의 스크립트가 읽을 수도 있습니다";
  if (why === "the service's own entrypoint may read it")
    return "서비스 자체의 entrypoint가 읽을 수도 있습니다";
  const set = /^`([^`]+)` is set as well$/.exec(why);
  if (set) return `${code(set[1])}도 함께 설정되어 있습니다`;
  return why;
}

translateRule(unknownImageVariable, {
  title: "이미지가 읽지 않는 환경 변수입니다",
  diagnostic: (_ctx, { service, ignored, image }) => {
    const { env, near, mayBeRead } = ignored;
    const sure = !!near && !mayBeRead;
    const img = `${code(service.image?.repository ?? image.id)} 이미지`;
    const message = near
      ? `${josa(img, "은/는")} ${code(env.name)} 변수를 읽지 않습니다. 혹시 ${code(near)} 말인가요?`
      : `${josa(img, "은/는")} ${code(env.name)} 변수를 읽지 않습니다.`;
    const detail = near
      ? `이미지의 entrypoint는 ${code(env.name)}가 아니라 ${josa(code(near), "을/를")} 읽습니다.` +
        (sure ? consequenceKo(image, near.replace(/_FILE$/, ""), env.value?.value) : "") +
        (mayBeRead ? ` 다른 용도일 수도 있습니다: ${mayBeReadKo(mayBeRead)}.` : "")
      : "이미지의 entrypoint도 서버도 이 이름의 변수를 읽지 않습니다" +
        (mayBeRead ? `. 다만 ${mayBeReadKo(mayBeRead)}.` : ". 컨테이너에 전달되지만 아무 효과가 없습니다.");
    return { message, detail };
  },
  fix: (_ctx, { ignored }) => `${josa(code(ignored.near ?? ""), "으로/로")} 이름 변경`,
});

translateRule(healthcheckVariableAtComposeTime, {
  title: "헬스체크의 변수를 컨테이너가 아니라 Compose가 호스트에서 채웁니다",
  diagnostic: (_ctx, { service, v }) => {
    const ref = (v.scalar.text ?? "").slice(v.start, v.end);
    const shown = ref.length > 30 ? `$${v.name}` : ref;
    const container =
      v.containerValue !== undefined ? `컨테이너의 값 ${code(v.containerValue)}` : "컨테이너 자신의 값";
    const subject = `${code(service.name)} 서비스 헬스체크의`;
    const got = v.composeValue === "" ? "빈 값" : code(v.composeValue);
    const from = v.fromDotEnv ? "`.env`의 값으로" : "설정되지 않은 호스트 변수로";
    const becomes = `Compose가 ${from} 채우므로`;
    const remedy = v.shell
      ? `${josa(code(`$${ref}`), "으로/로")} 쓰세요: Compose가 \`$$\`를 \`$\`로 바꾸고, 컨테이너의 셸이 자기 변수를 읽습니다.`
      : "값을 직접 쓰거나, test를 `$$`를 쓴 `CMD-SHELL` 문자열로 바꿔 컨테이너의 셸이 자기 변수를 읽게 하세요(`CMD` test는 셸을 실행하지 않습니다).";
    return {
      message: fitKo(
        `${subject} ${josa(code(shown), "은/는")} ${becomes} ${container} 대신 ${josa(got, "이/가")} 됩니다.`,
        `${subject} ${josa(code(shown), "은/는")} ${becomes} ${josa(got, "이/가")} 됩니다.`,
        `이 헬스체크의 ${josa(code(`$${v.name}`), "은/는")} ${becomes} ${josa(got, "이/가")} 됩니다.`,
      ),
      detail:
        "Compose는 파일을 읽을 때, 컨테이너가 생기기도 전에, 헬스체크의 test를 포함한 파일의 모든 `$VAR`와 `${VAR}`를 " +
        "셸과 `.env`에서 채웁니다. 서비스의 `environment:`는 파일이 아니라 컨테이너의 것입니다." +
        (v.fromDotEnv
          ? ` \`.env\`가 ${josa(v.name, "을/를")} 설정하므로 test는 그 값으로 실행되지만, ${
              v.containerValue !== undefined
                ? `컨테이너의 값은 ${code(v.containerValue)}입니다`
                : "컨테이너에는 자기 값이 있습니다"
            }.`
          : ` Compose는 \`The "${v.name}" variable is not set. Defaulting to a blank string.\` 경고를 내고 test는 ` +
            `${josa(got, "으로/로")} 실행되는데, 이러면 대개 실패하거나 다른 로그인을 검사합니다.`) +
        ` ${remedy}`,
    };
  },
  fix: () => "컨테이너의 셸이 읽게 하기(`$$`)",
});

/** Who set the port the server listens on, as the probe facts say it ("`PGPORT`", "its command"). */
function portSetByKo(by: string | undefined): string {
  if (!by) return "(기본값)";
  if (by === "its command") return "(서버의 command에서 설정)";
  return `(${josa(by, "으로/로")} 설정)`;
}

translateRule(healthcheckWrongPort, {
  title: "헬스체크가 컨테이너에서 아무것도 대기하지 않는 포트를 검사합니다",
  diagnostic: (_ctx, { service, wrong }) => {
    const { probe, right } = wrong;
    const never =
      "검사가 매번 실패하므로 서비스가 healthy 상태가 되지 않고, `condition: service_healthy`로 기다리는 서비스는 " +
      "영영 시작하지 않습니다.";
    if (wrong.kind === "host-port") {
      const m = wrong.mapping!;
      const mapping = `${probe.port}:${m.target.start + (probe.port - (m.published?.start ?? probe.port))}`;
      return {
        message: `${josa(healthcheckOf(service.name), "은/는")} ${code(mapping)}의 호스트 포트 ${josa(String(probe.port), "을/를")} 검사하므로 절대 통과하지 못합니다.`,
        detail:
          `헬스체크는 컨테이너 안에서 실행되고, 그 안에서 서버는 포트 ${right}에서 대기합니다. ${josa(String(probe.port), "은/는")} ` +
          `Docker가 호스트에 게시하는 포트라서 컨테이너 안에서는 아무것도 응답하지 않습니다. ${never} ` +
          `포트 ${josa(String(right), "을/를")} 검사하세요.`,
      };
    }
    const label = wrong.listen?.label ?? "서버";
    return {
      message: `${josa(healthcheckOf(service.name), "은/는")} 포트 ${josa(String(probe.port), "을/를")} 검사하지만 ${josa(label, "은/는")} ${right}에서 대기하므로 절대 통과하지 못합니다.`,
      detail:
        `이 컨테이너에서 ${josa(label, "은/는")} 포트 ${right}에서 대기하고${portSetByKo(wrong.listen?.by)} ` +
        `${probe.port}에서는 아무것도 응답하지 않으므로 ${josa(code(probe.tool), "은/는")} 응답을 받지 못합니다. ${never} ` +
        `포트 ${josa(String(right), "을/를")} 검사하거나, 서버의 포트를 ${josa(String(probe.port), "으로/로")} 설정하세요.`,
    };
  },
  fix: (_ctx, { wrong }) => `포트 ${wrong.right} 검사`,
});

translateRule(pgHealthcheckWrongUser, {
  title: "pg_isready 헬스체크가 서버에 없는 역할이나 데이터베이스를 지정합니다",
  diagnostic: (_ctx, { service, wrong }) => {
    const { name, user, database } = wrong;
    const login = `-U ${user.value}${database ? ` -d ${database.value}` : ""}`;
    const passes =
      "pg_isready는 서버가 연결을 받는지만 묻습니다: 어떤 역할과 데이터베이스를 지정하든 0으로 종료하므로 검사는 " +
      "통과합니다. 그래도 서버는 그 연결의 세션을 엽니다.";
    const use = `이미지가 만드는 로그인인 ${josa(code(login), "을/를")} 쓰세요.`;
    const logs = (fatal: string, extra: string) =>
      fitKo(
        `${josa(healthcheckOf(service.name), "은/는")} 통과하지만 실행할 때마다 ${josa(fatal, "을/를")} 기록합니다${extra}.`,
        `${josa(healthcheckOf(service.name), "은/는")} 통과하지만 실행할 때마다 ${josa(fatal, "을/를")} 기록합니다.`,
        `이 헬스체크는 통과하지만 실행할 때마다 ${josa(fatal, "을/를")} 기록합니다.`,
      );
    if (wrong.missing === "role") {
      const fatal = `\`FATAL: role "${name}" does not exist\``;
      return {
        message: logs(fatal, `(사용자는 ${code(user.value)})`),
        detail:
          `${passes} ${josa(`역할 ${code(name)}`, "이/가")} 없으므로(이미지는 슈퍼유저 POSTGRES_USER, 여기서는 ${code(user.value)} 하나만 ` +
          `만듭니다) 서버는 매 주기마다 ${josa(fatal, "을/를")} 기록해 실제 오류를 묻어 버립니다. ${use}`,
      };
    }
    const fatal = `\`FATAL: database "${name}" does not exist\``;
    const why =
      wrong.missing === "database"
        ? `${josa(code(`-d ${name}`), "은/는")} 이미지가 만들지 않는 데이터베이스를 가리키므로`
        : `\`-d\`가 없으면 libpq는 사용자 이름과 같은 데이터베이스 ${code(name)}에 연결하는데, 이미지는 그 데이터베이스를 만들지 않으므로`;
    return {
      message: logs(fatal, `(데이터베이스는 ${code(database?.value ?? "")})`),
      detail:
        `${passes} ${why}(POSTGRES_DB는 ${code(database?.value ?? "")}) 서버는 매 주기마다 ${josa(fatal, "을/를")} 기록해 ` +
        `실제 오류를 묻어 버립니다. ${use}`,
    };
  },
  fix: (_ctx, { wrong }) =>
    `${code(`-U ${wrong.user.value}${wrong.database ? ` -d ${wrong.database.value}` : ""}`)} 사용`,
});

translateRule(postgresEnvIgnoredOnExistingVolume, {
  title: "POSTGRES_USER/PASSWORD/DB는 빈 데이터 볼륨에만 적용됩니다",
  diagnostic: (_ctx, { service, init }) => {
    const names = [...new Set(init.variables.map((v) => v.name))];
    const volume = code(init.volume);
    const short = code(`POSTGRES_${names.map((n) => n.replace(/^POSTGRES_/, "")).join("/")}`);
    const ignored = "나중에 바꾼 값은 무시됩니다";
    return {
      message: fitKo(
        `${josa(listKo(names), "은/는")} 빈 볼륨 ${volume}에만 적용되므로 ${ignored}.`,
        `${josa(short, "은/는")} 빈 볼륨 ${volume}에만 적용되므로 ${ignored}.`,
        `${josa(short, "은/는")} 빈 데이터 볼륨에만 적용되므로 ${ignored}.`,
      ),
      detail:
        "이미지는 데이터 디렉터리가 비어 있을 때만, 즉 " +
        `${josa(`${code(service.name)} 서비스`, "이/가")} 볼륨 ${josa(volume, "과/와")} 함께 처음 시작할 때만 이 변수들로 역할과 그 비밀번호, ` +
        "데이터베이스를 만듭니다. 볼륨에 데이터베이스가 생긴 뒤에는 entrypoint가 이를 건너뛰므로" +
        "(`PostgreSQL Database directory appears to contain a database; Skipping initialization`) 예전 역할과 " +
        "비밀번호, 데이터베이스가 그대로 남고, 새 값을 쓰는 클라이언트는 실패합니다(`password authentication failed`, " +
        '`database "…" does not exist`). 바꾸려면 서버에서 바꾸거나(`ALTER ROLE … PASSWORD …`, `CREATE DATABASE …`) ' +
        "볼륨을 지우세요(`docker compose down -v`, 데이터도 지워집니다).",
    };
  },
});
