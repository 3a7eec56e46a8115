/**
 * The plan's human-facing words, English and Korean side by side: the text output
 * (planToText), the notes and reasons the plan records, and what the generated scripts print.
 * Only printed words live here; every command, argument and quote of the scripts is built in
 * script.ts, reset.ts and checks.ts, the same for both locales.
 *
 * Two kinds of entries:
 *   - plain text: goes through shQuote/say (single quotes) like any other text, so it may hold
 *     anything;
 *   - `sh*` entries: the inside of a double-quoted sh string, with the shell variables each
 *     names (`$mlops_i`, `$(...)`). They are constants of this file, never data from a compose
 *     file; they must not hold `"`, `\` or a backquote (a test checks), and a variable followed
 *     by a Korean letter is written `${name}`.
 * Terms stay as users type them (`depends_on`, `service_healthy`, `down -v`), Docker's state
 * words (healthy, running, completed, unhealthy) as Docker prints them, and PASS/FAIL/SKIP and
 * the check table's header as they are (scripts and people grep them).
 */
import { defineMessages } from "../l10n/catalogue";
import { josa } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";

const s = (n: number) => (n === 1 ? "" : "s");

export const planMessages = defineMessages("plan", {
  // ---- planToText
  header: {
    en: (a: { file: string; n: number }) => `Staged start for ${a.file}: ${a.n} stage${s(a.n)}`,
    ko: (a: { file: string; n: number }) => `${a.file} 단계별 시작: ${a.n}단계`,
  },
  activeProfiles: {
    en: (a: { list: string }) => `Active profiles: ${a.list}`,
    ko: (a: { list: string }) => `활성 프로필: ${a.list}`,
  },
  note: {
    en: (a: { message: string }) => `Note: ${a.message}`,
    ko: (a: { message: string }) => `참고: ${a.message}`,
  },
  waitHealthy: { en: () => "wait until healthy", ko: () => "healthy가 될 때까지 대기" },
  waitCompleted: {
    en: () => "wait until they exit with code 0",
    ko: () => "종료 코드 0으로 끝날 때까지 대기",
  },
  waitStarted: {
    en: () => "wait until running (healthy where a healthcheck exists)",
    ko: () => "실행될 때까지 대기 (헬스체크가 있으면 healthy가 될 때까지)",
  },
  oneShotLine: {
    en: (a: { service: string; reason: string }) => `${a.service} is a one-shot job: ${a.reason}`,
    ko: (a: { service: string; reason: string }) => `${a.service}: 한 번 실행하고 끝나는 작업 (${a.reason})`,
  },
  pgReadyLine: {
    en: (a: { service: string }) => `${a.service}: PostgreSQL, also checked with pg_isready`,
    ko: (a: { service: string }) => `${a.service}: PostgreSQL, pg_isready로도 확인`,
  },
  s3Line: {
    en: (a: { service: string; kind: string }) =>
      `${a.service}: S3 store (${a.kind}), started with the databases`,
    ko: (a: { service: string; kind: string }) =>
      `${a.service}: S3 스토어 (${a.kind}), 데이터베이스와 함께 시작`,
  },
  httpReadyLine: {
    en: (a: { service: string; url: string; label: string }) =>
      `${a.service}: also checked at ${a.url} from inside its container (${a.label})`,
    ko: (a: { service: string; url: string; label: string }) =>
      `${a.service}: 컨테이너 안에서 ${a.url}도 확인 (${a.label})`,
  },
  notStarted: {
    en: () => "Not started (outside the active profiles):",
    ko: () => "시작하지 않는 서비스 (활성 프로필 밖):",
  },
  /** A stage's display name in the text output (the plan's `name` stays English: JSON, status markers). */
  stageName: {
    en: (a: { name: string }) => a.name,
    ko: (a: { name: string }) =>
      a.name.replace(
        /^(databases|one-shot jobs|applications)/,
        (k) =>
          ({ databases: "데이터베이스", "one-shot jobs": "일회성 작업", applications: "애플리케이션" })[k] ??
          k,
      ),
  },

  // ---- plan.ts: why a file cannot be planned
  errSyntax: {
    en: (a: { first: string }) => `The file has YAML errors; fix them first: ${a.first}`,
    ko: (a: { first: string }) => `파일에 YAML 오류가 있습니다. 먼저 고치세요: ${a.first}`,
  },
  errInvalidName: {
    en: (a: { names: string[] }) =>
      `Invalid service name${a.names.length > 1 ? "s" : ""} ${a.names.join(", ")}: compose accepts only ` +
      "letters, digits, '.', '_' and '-' (and a leading '-' would be read as an option); " +
      "nothing was planned.",
    ko: (a: { names: string[] }) =>
      `잘못된 서비스 이름 ${a.names.join(", ")}: compose는 영문자, 숫자, '.', '_', '-'만 받습니다 ` +
      "(맨 앞의 '-'는 옵션으로 읽힙니다). 아무것도 계획하지 않았습니다.",
  },
  errMissing: {
    en: (a: { list: string[] }) =>
      `${a.list.length > 1 ? "Dependencies name services" : "A dependency names a service"} that ` +
      `${a.list.length > 1 ? "do" : "does"} not exist: ${a.list.join("; ")}`,
    ko: (a: { list: string[] }) => `존재하지 않는 서비스에 의존합니다: ${a.list.join("; ")}`,
  },
  errInactive: {
    en: (a: { list: string[] }) =>
      `Dependencies on services outside the active profiles: ${a.list.join("; ")}. ` +
      "Activate the profile (--profile) or mark the dependency `required: false`.",
    ko: (a: { list: string[] }) =>
      `활성 프로필 밖의 서비스에 의존합니다: ${a.list.join("; ")}. ` +
      "프로필을 활성화하거나(--profile) 의존 관계에 `required: false`를 붙이세요.",
  },
  onlyInProfiles: {
    en: (a: { profiles: string[] }) =>
      `only in profile${a.profiles.length > 1 ? "s" : ""} ${a.profiles.join(", ")}`,
    ko: (a: { profiles: string[] }) => `프로필 ${a.profiles.join(", ")}에만 있음`,
  },
  errCycle: {
    en: (a: { cycle: string }) => `Dependency cycle: ${a.cycle}`,
    ko: (a: { cycle: string }) => `의존 관계 순환: ${a.cycle}`,
  },
  errCycleAmong: {
    en: (a: { names: string }) => `Dependency cycle among: ${a.names}`,
    ko: (a: { names: string }) => `의존 관계 순환이 있는 서비스: ${a.names}`,
  },
  errNoServices: { en: () => "The file defines no services.", ko: () => "파일에 서비스가 하나도 없습니다." },
  errNoActive: {
    en: () => "No service is active with these profiles (every service has a profile that is not active).",
    ko: () => "이 프로필로 활성화되는 서비스가 없습니다 (모든 서비스가 활성화되지 않은 프로필에 속합니다).",
  },

  // ---- the LSP plan request (plan-provider.ts)
  notAFile: {
    en: (a: { uri: string }) => `Not a file: ${a.uri}`,
    ko: (a: { uri: string }) => `파일이 아닙니다: ${a.uri}`,
  },
  cannotRead: {
    en: (a: { path: string; error: string }) => `Cannot read ${a.path}: ${a.error}`,
    ko: (a: { path: string; error: string }) => `${josa(a.path, "을/를")} 읽을 수 없습니다: ${a.error}`,
  },
  saveFirst: {
    en: () => "Save the file first: the plan needs its directory.",
    ko: () => "먼저 파일을 저장하세요. 계획에는 파일의 디렉터리가 필요합니다.",
  },

  // ---- plan.ts: skipped services, one-shot reasons, notes
  profileInactive: {
    en: (a: { profile: string }) => `profile "${a.profile}" is not active`,
    ko: (a: { profile: string }) => `활성화되지 않은 프로필 "${a.profile}"에만 속함`,
  },
  profilesInactive: {
    en: (a: { list: string }) => `profiles ${a.list} are not active`,
    ko: (a: { list: string }) => `활성화되지 않은 프로필 ${a.list}에만 속함`,
  },
  adoptedOneShot: {
    en: (a: { by: string }) => `${a.by} waits for it with service_completed_successfully`,
    ko: (a: { by: string }) => `${a.by}의 depends_on이 service_completed_successfully로 기다림`,
  },
  commandEndsWith: {
    en: (a: { command: string }) => `its command ends with \`${a.command}\``,
    ko: (a: { command: string }) => `command의 마지막 명령이 \`${a.command}\``,
  },
  commandEndsWithMc: {
    en: () => "its command ends with a MinIO client (`mc`) command",
    ko: () => "command의 마지막 명령이 MinIO 클라이언트(`mc`) 명령",
  },
  airflowImageRuns: {
    en: (a: { command: string }) => `the Airflow image runs \`${a.command}\` and exits`,
    ko: (a: { command: string }) => `Airflow 이미지가 \`${a.command}\` 실행 후 종료`,
  },
  airflowMigrationJob: {
    en: () => "it runs the Airflow database migration and exits",
    ko: () => "Airflow 데이터베이스 마이그레이션을 실행하고 종료",
  },
  airflowImageMigrates: {
    en: () => "the Airflow image migrates the database (`_AIRFLOW_DB_MIGRATE`) and exits",
    ko: () => "Airflow 이미지가 데이터베이스를 마이그레이션하고(`_AIRFLOW_DB_MIGRATE`) 종료",
  },
  initByName: {
    en: () => "its name says it is an init/migration job",
    ko: () => "이름으로 보아 초기화/마이그레이션 작업",
  },
  migrationOrder: {
    en: (a: { added: string[]; job: string }) =>
      `${a.added.join(", ")} ${a.added.length > 1 ? "start" : "starts"} after ${a.job} (the Airflow database migration) ` +
      `has exited with code 0, although ${a.added.length > 1 ? "their" : "its"} depends_on does not wait for it ` +
      "(add `condition: service_completed_successfully`, so that `docker compose up` waits too).",
    ko: (a: { added: string[]; job: string }) =>
      `${a.added.join(", ")}: Airflow 데이터베이스 마이그레이션(${a.job})이 종료 코드 0으로 끝난 뒤에 시작합니다. ` +
      "depends_on에는 이 대기가 없습니다 (`docker compose up`도 기다리도록 `condition: service_completed_successfully`를 추가하세요).",
  },
  missingScheduler: {
    en: (a: { needer: string }) =>
      `No service runs the Airflow scheduler (\`airflow scheduler\`): ${a.needer} starts, but no task will ever run.`,
    ko: (a: { needer: string }) =>
      `Airflow 스케줄러(\`airflow scheduler\`)를 실행하는 서비스가 없습니다. ${a.needer} 서비스는 시작되지만 태스크는 하나도 실행되지 않습니다.`,
  },
  missingDagProcessor: {
    en: (a: { needer: string; version: string }) =>
      `Airflow ${a.version} needs an \`airflow dag-processor\` service and none is planned: ${a.needer} starts, but no DAG will be parsed.`,
    ko: (a: { needer: string; version: string }) =>
      `Airflow ${a.version}에는 \`airflow dag-processor\` 서비스가 필요한데 계획에 없습니다. ${a.needer} 서비스는 시작되지만 DAG는 파싱되지 않습니다.`,
  },
  missingCeleryWorker: {
    en: (a: { needer: string }) =>
      `CeleryExecutor, but no service runs \`airflow celery worker\`: ${a.needer} queues tasks that nobody picks up.`,
    ko: (a: { needer: string }) =>
      `CeleryExecutor인데 \`airflow celery worker\`를 실행하는 서비스가 없습니다. ${a.needer} 서비스가 큐에 넣은 태스크를 가져갈 워커가 없습니다.`,
  },
  missingButInactive: {
    en: (a: { services: string[] }) =>
      ` (${a.services.join(", ")} ${a.services.length > 1 ? "run" : "runs"} it, outside the active profiles.)`,
    ko: (a: { services: string[] }) =>
      ` (${a.services.join(", ")} 서비스가 실행하지만 활성 프로필 밖에 있습니다.)`,
  },
  noProbe: {
    en: (a: { dependants: string[]; server: string; why: string }) =>
      `${a.dependants.join(", ")} ${a.dependants.length > 1 ? "start" : "starts"} once ${a.server} runs, without asking its /health: ${a.why}.`,
    ko: (a: { dependants: string[]; server: string; why: string }) =>
      `${a.dependants.join(", ")} 서비스는 ${a.server} 서비스가 실행되면 /health를 확인하지 않고 바로 시작합니다: ${a.why}.`,
  },

  // ---- script.ts (the shared prelude and the stage functions)
  composeCommandBroken: {
    en: (a: { command: string }) =>
      `MLOps: the compose command "${a.command}" does not work (\`${a.command} version\` failed).`,
    ko: (a: { command: string }) =>
      `MLOps: 지정한 compose 명령이 동작하지 않습니다: "${a.command}" (\`${a.command} version\` 실패).`,
  },
  composeNotFound: {
    en: () => 'MLOps: Docker Compose was not found: neither "docker compose" nor "docker-compose" works.',
    ko: () =>
      'MLOps: Docker Compose를 찾을 수 없습니다: "docker compose"도 "docker-compose"도 동작하지 않습니다.',
  },
  composeInstall: {
    en: () =>
      "Install Docker Engine with the Compose plugin (package docker-compose-plugin, or Docker Desktop), or the standalone docker-compose.",
    ko: () =>
      "Compose 플러그인이 포함된 Docker Engine(docker-compose-plugin 패키지 또는 Docker Desktop)이나 단독 실행형 docker-compose를 설치하세요.",
  },
  hintPermission: {
    en: () =>
      'Your user may not use the Docker socket: add it to the docker group (sudo usermod -aG docker "$USER", then log in again), or use rootless Docker.',
    ko: () =>
      '현재 사용자에게 Docker 소켓 권한이 없습니다: docker 그룹에 추가하거나(sudo usermod -aG docker "$USER" 후 다시 로그인) rootless Docker를 쓰세요.',
  },
  hintDown: {
    en: () =>
      "Start Docker (Docker Desktop, or `sudo systemctl start docker` on Linux), or point DOCKER_HOST or `docker context use` at a running engine, then run this again.",
    ko: () =>
      "Docker를 시작하거나(Docker Desktop, Linux에서는 `sudo systemctl start docker`) DOCKER_HOST나 `docker context use`로 실행 중인 엔진을 지정한 뒤 다시 실행하세요.",
  },
  daemonDown: {
    en: () => "MLOps: the Docker daemon does not answer, so nothing was run.",
    ko: () => "MLOps: Docker 데몬이 응답하지 않아 아무것도 실행하지 않았습니다.",
  },
  shDaemonExitCode: { en: () => "exit code $mlops_daemon_rc", ko: () => "종료 코드 $mlops_daemon_rc" },
  shLogsBegin: {
    en: () => "----- last 50 log lines of $1 -----",
    ko: () => "----- ${1} 로그 마지막 50줄 -----",
  },
  shLogsEnd: { en: () => "----- end of $1 logs -----", ko: () => "----- ${1} 로그 끝 -----" },
  pgWaiting: {
    en: () => "not accepting connections yet (pg_isready)",
    ko: () => "아직 연결을 받지 않음 (pg_isready)",
  },
  httpWaiting: {
    en: (a: { label: string }) => `${a.label} does not answer yet`,
    ko: (a: { label: string }) => `아직 ${a.label} 응답 없음`,
  },
  noContainerYet: { en: () => "no container yet", ko: () => "아직 컨테이너 없음" },
  shPsFailed: {
    en: () => "'ps' failed (is the Docker daemon running?)",
    ko: () => "'ps' 실패 (Docker 데몬이 실행 중인가요?)",
  },
  shExitedWithCode: { en: () => "exited with code ${2:-?}", ko: () => "종료 코드 ${2:-?}로 종료" },
  shStill: { en: () => "still $1", ko: () => "아직 ${1}" },
  /** The default of `${3:-...}` in an assignment (no field splitting there). */
  unknownState: { en: () => "unknown", ko: () => "알 수 없음" },
  shProbeFailed: {
    en: () => "$MLOPS_PROBE failed with exit code $mlops_rc",
    ko: () => "${MLOPS_PROBE} 실패 (종료 코드 ${mlops_rc})",
  },
  shServiceFailed: {
    en: () =>
      "[$mlops_i/$mlops_n] $mlops_name: $mlops_bad FAILED after $(($(mlops_now) - mlops_t0))s: $mlops_badwhy",
    ko: () =>
      "[$mlops_i/$mlops_n] $mlops_name: ${mlops_bad} 실패 ($(($(mlops_now) - mlops_t0))초 후): $mlops_badwhy",
  },
  shStageFailed: {
    en: () =>
      "Stage $mlops_i/$mlops_n ($mlops_name) failed: $mlops_bad: $mlops_badwhy${mlops_others:+ (not ready either: $mlops_others)}. Later stages were not started.",
    ko: () =>
      "${mlops_i}/${mlops_n}단계(${mlops_name}) 실패: $mlops_bad: $mlops_badwhy${mlops_others:+ (역시 준비되지 않음: $mlops_others)}. 이후 단계는 시작하지 않았습니다.",
  },
  shStageStarting: {
    en: () => "[$mlops_i/$mlops_n] $mlops_name: $mlops_list ... starting",
    ko: () => "[$mlops_i/$mlops_n] $mlops_name: $mlops_list ... 시작하는 중",
  },
  shServiceReady: {
    en: () => "[$mlops_i/$mlops_n] $mlops_name: $mlops_s is $MLOPS_WORD after $(($(mlops_now) - mlops_t0))s",
    ko: () => "[$mlops_i/$mlops_n] $mlops_name: $mlops_s: $MLOPS_WORD ($(($(mlops_now) - mlops_t0))초)",
  },
  shTimeout: {
    en: () => "not ready within ${MLOPS_TIMEOUT}s (timeout; last state: $mlops_why)",
    ko: () => "${MLOPS_TIMEOUT}초 안에 준비되지 않음 (시간 초과, 마지막 상태: ${mlops_why})",
  },
  shUpFailed: {
    en: () => "'up' exited with code $mlops_up_rc (last state: $mlops_why)",
    ko: () => "'up'이 종료 코드 ${mlops_up_rc}로 끝남 (마지막 상태: ${mlops_why})",
  },
  shStageUpFailed: {
    en: () =>
      "Stage $mlops_i/$mlops_n ($mlops_name) failed: 'up' exited with code $mlops_up_rc. Later stages were not started.",
    ko: () =>
      "${mlops_i}/${mlops_n}단계(${mlops_name}) 실패: 'up'이 종료 코드 ${mlops_up_rc}로 끝났습니다. 이후 단계는 시작하지 않았습니다.",
  },
  shStageDone: {
    en: () =>
      "[$mlops_i/$mlops_n] $mlops_name: $mlops_list ... $mlops_wait after $(($(mlops_now) - mlops_t0))s",
    ko: () => "[$mlops_i/$mlops_n] $mlops_name: $mlops_list ... $mlops_wait ($(($(mlops_now) - mlops_t0))초)",
  },
  allUp: {
    en: (a: { n: number }) => `All ${a.n} stage${a.n === 1 ? " is" : "s are"} up.`,
    ko: (a: { n: number }) => `${a.n}단계 모두 올라왔습니다.`,
  },

  // ---- reset.ts
  databaseData: { en: () => " (database data)", ko: () => " (데이터베이스 데이터)" },
  noneDeclared: { en: () => "none declared", ko: () => "선언된 볼륨 없음" },
  resetWhat: {
    en: (a: { vols: string; project: string }) =>
      `[reset] This deletes the containers, networks and named volumes (${a.vols}) of the compose project "${a.project}".`,
    ko: (a: { vols: string; project: string }) =>
      `[reset] compose 프로젝트 "${a.project}"의 컨테이너, 네트워크, named 볼륨(${a.vols})을 삭제합니다.`,
  },
  resetNoTerminal: {
    en: () =>
      "[reset] No terminal to ask on, so nothing was deleted. Run the script in a terminal, or print it with `mlops-compose reset-script --yes` to reset without asking.",
    ko: () =>
      "[reset] 확인을 받을 터미널이 없어 아무것도 삭제하지 않았습니다. 터미널에서 스크립트를 실행하거나, 묻지 않고 초기화하려면 `mlops-compose reset-script --yes`로 스크립트를 출력하세요.",
  },
  /** The answer stays `yes` in every locale (the script accepts only yes, in any case). */
  resetPrompt: {
    en: () => "[reset] Type yes to delete them: ",
    ko: () => "[reset] 삭제하려면 yes를 입력하세요: ",
  },
  resetNotConfirmed: {
    en: () => "[reset] Not confirmed: nothing was deleted.",
    ko: () => "[reset] 확인하지 않았으므로 아무것도 삭제하지 않았습니다.",
  },
  resetDown: {
    en: (a: { vols: string }) =>
      `[reset] down -v --remove-orphans: removes the containers, networks and named volumes (${a.vols})`,
    ko: (a: { vols: string }) =>
      `[reset] down -v --remove-orphans: 컨테이너, 네트워크, named 볼륨(${a.vols})을 삭제합니다`,
  },
  resetDownFailed: {
    en: () => "[reset] down failed; nothing was started.",
    ko: () => "[reset] down 실패: 아무것도 시작하지 않았습니다.",
  },
  resetPrune: {
    en: () =>
      "[reset] docker system prune -f: removes stopped containers, unused networks, dangling images and build cache of ALL projects",
    ko: () =>
      "[reset] docker system prune -f: 모든 프로젝트의 중지된 컨테이너, 사용하지 않는 네트워크, dangling 이미지, 빌드 캐시를 삭제합니다",
  },
  resetPruneFailed: {
    en: () => "[reset] docker system prune failed",
    ko: () => "[reset] docker system prune 실패",
  },
  resetCreated: {
    en: (a: { dir: string }) => `[reset] created ${a.dir}`,
    ko: (a: { dir: string }) => `[reset] 디렉터리를 만들었습니다: ${a.dir}`,
  },
  resetFollowing: {
    en: () => "[reset] the stack is up; following the logs (Ctrl-C stops following, the stack keeps running)",
    ko: () =>
      "[reset] 스택이 올라왔습니다. 로그를 이어서 보여 줍니다 (Ctrl-C는 로그 보기만 멈추고 스택은 계속 실행됩니다)",
  },
  resetUp: { en: () => "[reset] the stack is up.", ko: () => "[reset] 스택이 올라왔습니다." },

  // ---- checks.ts
  mktempFailed: {
    en: () => "MLOps: mktemp failed: cannot make a temporary file",
    ko: () => "MLOps: mktemp 실패: 임시 파일을 만들 수 없습니다",
  },
  noHttpClient: {
    en: () => "no curl, wget or node for the HTTP check",
    ko: () => "HTTP 점검에 쓸 curl, wget, node가 없습니다",
  },
  shChecksFailed: { en: () => "$MLOPS_FAILED check(s) failed.", ko: () => "점검 ${MLOPS_FAILED}개 실패." },
  allChecksPassed: {
    en: (a: { n: number }) => `All ${a.n} checks passed.`,
    ko: (a: { n: number }) => `점검 ${a.n}개 모두 통과했습니다.`,
  },
  usedBy: {
    en: (a: { label: string; who: string }) => `${a.label} (used by ${a.who})`,
    ko: (a: { label: string; who: string }) => `${a.label} (사용: ${a.who})`,
  },
  login: {
    en: (a: { url: string }) => `login ${a.url}`,
    ko: (a: { url: string }) => `로그인 ${a.url}`,
  },
  unresolvedUrl: {
    en: () => "the URL has an unresolved ${VARIABLE}: not checked",
    ko: () => "URL에 값을 알 수 없는 ${VARIABLE}이 있어 점검하지 않음",
  },
  loopback: {
    en: () => "the host is the app's own container, not the database (use the service name)",
    ko: () => "호스트가 데이터베이스가 아니라 앱 자신의 컨테이너를 가리킵니다 (서비스 이름을 쓰세요)",
  },
  noRunner: {
    en: (a: { family: string }) => `no ${a.family} service in the file to run the client from: not checked`,
    ko: (a: { family: string }) => `클라이언트를 실행할 ${a.family} 서비스가 파일에 없어 점검하지 않음`,
  },
  portNotPublished: {
    en: (a: { port: number }) =>
      `port ${a.port} is not published (no \`ports: ["${a.port}:${a.port}"]\`), so the host cannot reach it`,
    ko: (a: { port: number }) =>
      `게시되지 않은 포트 ${a.port} (\`ports: ["${a.port}:${a.port}"]\` 없음): 호스트에서 접근할 수 없음`,
  },
});

export type { Locale };
