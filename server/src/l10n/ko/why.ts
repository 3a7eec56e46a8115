/**
 * The Korean of the reasons the readiness facts give (`why` of a start behaviour, from the
 * tables in server/src/model/knowledge/start-behaviour.ts and the sentences readiness.ts
 * builds around them). Keyed by the English reason, because these are data, not a rule's
 * message: a reason this table does not know stays English (the test in l10n.test.ts
 * lists every fails-hard reason of the table, so a new one shows up there).
 */

import { josa } from "./phrases";

const HOW_KO: Record<string, string> = {
  "Keycloak exits with `Failed to obtain JDBC connection` when its database refuses at start":
    "Keycloak은 시작할 때 데이터베이스가 연결을 거부하면 `Failed to obtain JDBC connection`으로 종료합니다",
  "`mc` gives up at once when MinIO is not listening yet (no retry)":
    "`mc`는 MinIO가 아직 연결을 받지 않으면 재시도 없이 바로 포기합니다",
  "a schema migration (`db upgrade`) exits on the first refused connection":
    "스키마 마이그레이션(`db upgrade`)은 첫 연결이 거부되면 종료합니다",
  "Django's `manage.py migrate` exits on the first refused connection":
    "Django의 `manage.py migrate`는 첫 연결이 거부되면 종료합니다",
  "Dagster retries its PostgreSQL storage only ~6 s (5 tries), less than a first PostgreSQL boot":
    "Dagster는 PostgreSQL 저장소에 약 6초(5번)만 재시도하는데, 이는 PostgreSQL의 첫 부팅보다 짧습니다",
};

/** The reason in Korean, or the English one when this table does not know it. */
export function whyKo(why: string): string {
  const exact = HOW_KO[why];
  if (exact) return exact;
  let m = /^MLflow (\S+) does not retry its first connection \(retries came in (\S+)\)$/.exec(why);
  if (m) return `${josa(`MLflow ${m[1]}`, "은/는")} 첫 연결을 재시도하지 않습니다(재시도는 ${m[2]}부터)`;
  m = /^its start script `([^`]+)` runs it: (.+)$/.exec(why);
  if (m) return `시작 스크립트 ${josa(`\`${m[1]}\``, "이/가")} 이를 실행합니다: ${whyKo(m[2])}`;
  m = /^(.+), but its command waits for something first$/.exec(why);
  if (m) return `${whyKo(m[1])}. 다만 command가 먼저 무언가를 기다립니다`;
  m = /^(.+), but it sleeps (\S+) s first, which is usually enough$/.exec(why);
  if (m) return `${whyKo(m[1])}. 다만 먼저 ${m[2]}초 동안 sleep하므로 보통은 충분합니다`;
  m = /^(.+), and `restart: ([^`]+)` starts it again$/.exec(why);
  if (m) return `${whyKo(m[1])}. 다만 \`restart: ${m[2]}\`가 다시 시작해 줍니다`;
  return why;
}
