/**
 * The compose key, image, environment-variable and Airflow option hovers in English (the
 * default) and in Korean: the hover's own words follow the locale; names, keys, code and what
 * the data tables, the compose-spec schema and Airflow wrote (descriptions, defaults, sources,
 * suggestions) stay as written.
 */
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build";
import { envHover, imageHover, keyHover } from "./hover-docs";

const HANGUL = /[\uac00-\ud7a3]/;

function at(text: string, needle: string, plus = 2) {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`no ${needle}`);
  return { model: buildModel(text), offset: offset + plus };
}

const PG = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/pg
      POSTGRES_DB: app
`;

describe("image and variable hovers in the client's locale", () => {
  it("a compose key: its own words in Korean, the schema's description, the key and its values as written", () => {
    const text =
      'version: "3"\nservices:\n  a:\n    image: x\n    depends_on:\n      b:\n        condition: service_healthy\n  b:\n    image: y\n';
    const cond = at(text, "condition");
    const en = keyHover(cond.model, cond.offset)!.markdown;
    expect(en).toContain("Values: `service_started`, `service_healthy`, `service_completed_successfully`");
    expect(en).toContain(
      "[Compose file reference](https://docs.docker.com/reference/compose-file/services/#depends_on)",
    );
    expect(en).not.toMatch(HANGUL);
    const ko = keyHover(cond.model, cond.offset, "ko")!.markdown;
    expect(ko).toContain("가능한 값: `service_started`, `service_healthy`, `service_completed_successfully`");
    expect(ko).toContain(
      "[Compose 파일 레퍼런스](https://docs.docker.com/reference/compose-file/services/#depends_on)",
    );
    // The schema's description is the same English text in both.
    const description = en.split("\n")[2];
    expect(description).toMatch(/^Condition to wait for\./);
    expect(ko.split("\n")[2]).toBe(description);
    expect(ko.split("\n")[0]).toBe("**condition**");
    const version = at(text, "version");
    expect(keyHover(version.model, version.offset, "ko")!.markdown.split("\n")[0]).toBe(
      "**version** (폐기 예정)",
    );
    expect(keyHover(version.model, version.offset)!.markdown.split("\n")[0]).toBe("**version** (deprecated)");
  });

  it("an image: tag, server, known variables and registry page in Korean; English by default", () => {
    const { model, offset } = at(PG, "postgres:16");
    const en = imageHover(model, offset)!.markdown;
    expect(en).toContain("**postgres** tag `16`");
    expect(en).toContain("A PostgreSQL server: it listens on port 5432 inside the compose network.");
    expect(en).toMatch(
      /Reads \d+ known PostgreSQL \(official image\) variables \(completion in `environment:`\)\./,
    );
    expect(en).toContain("[Registry page](https://hub.docker.com/_/postgres)");
    expect(en).not.toMatch(HANGUL);
    const ko = imageHover(model, offset, "ko")!.markdown;
    expect(ko).toContain("**postgres** 태그 `16`");
    expect(ko).toContain("PostgreSQL 서버입니다. compose 네트워크 안에서 포트 5432로 연결을 받습니다.");
    expect(ko).toMatch(
      /알려진 PostgreSQL\(공식 이미지\) 변수 \d+개를 읽습니다\(`environment:`에서 자동 완성됩니다\)\./,
    );
    expect(ko).toContain("[레지스트리 페이지](https://hub.docker.com/_/postgres)");
    const untagged = "services:\n  s:\n    image: ghcr.io/mlflow/mlflow\n";
    const u = at(untagged, "mlflow/mlflow", 3);
    expect(imageHover(u.model, u.offset, "ko")!.markdown).toContain(
      "**mlflow/mlflow** (태그 없음: `latest`)\n\n레지스트리 `ghcr.io`",
    );
    expect(imageHover(u.model, u.offset)!.markdown).toContain("**mlflow/mlflow** (no tag: `latest`)");
  });

  it("the port's particle follows how it is read: 3306으로, 5432로", () => {
    const mysql = at("services:\n  db:\n    image: mysql:8\n", "mysql:8");
    expect(imageHover(mysql.model, mysql.offset, "ko")!.markdown).toContain(
      "MySQL 서버입니다. compose 네트워크 안에서 포트 3306으로 연결을 받습니다.",
    );
    expect(imageHover(mysql.model, mysql.offset)!.markdown).toContain(
      "A MySQL server: it listens on port 3306 inside the compose network.",
    );
  });

  it("two families: one Korean list with its particle", () => {
    const text = "services:\n  s:\n    image: postgres:16\n    command: mlflow server --host 0.0.0.0\n";
    const { model, offset } = at(text, "postgres:16");
    expect(imageHover(model, offset, "ko")!.markdown).toMatch(
      /알려진 PostgreSQL\(공식 이미지\) 변수 \d+개와 MLflow 변수 \d+개를 읽습니다/,
    );
    expect(imageHover(model, offset)!.markdown).toMatch(
      /Reads \d+ known PostgreSQL \(official image\) variables and \d+ known MLflow variables/,
    );
  });

  it("a known variable: the labels in Korean, the table's description, default and source as written", () => {
    const file = at(PG, "POSTGRES_PASSWORD_FILE");
    const ko = envHover(file.model, file.offset, "ko")!.markdown;
    expect(ko).toContain("**POSTGRES_PASSWORD** (PostgreSQL(공식 이미지))");
    expect(ko).toContain("`_FILE`로 끝나는 이 형태는 값을 파일(시크릿)에서 읽습니다.");
    expect(ko).toContain("출처: docker-library/docs postgres/content.md");
    expect(ko).toContain("[PostgreSQL(공식 이미지) 문서](https://hub.docker.com/_/postgres)");
    const en = envHover(file.model, file.offset)!.markdown;
    expect(en).toContain("This `_FILE` form reads the value from a file (a secret).");
    expect(en).toContain("Source: docker-library/docs postgres/content.md");
    // The table's description is English in both.
    const description = en.split("\n")[2];
    expect(description).not.toMatch(HANGUL);
    expect(ko.split("\n")[2]).toBe(description);
    const db = at(PG, "POSTGRES_DB:");
    expect(envHover(db.model, db.offset, "ko")!.markdown).toContain("기본값: `the value of POSTGRES_USER`");
    expect(envHover(db.model, db.offset)!.markdown).toContain("Default: `the value of POSTGRES_USER`");
  });

  it("an Airflow option: section and key as written, the sentences in Korean", () => {
    const text =
      "services:\n  a:\n    image: apache/airflow:2.10.2\n    environment:\n      AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL_CMD: echo 30\n      AIRFLOW__CORE__PARALLELISM: 32\n";
    const cmd = at(text, "AIRFLOW__SCHEDULER");
    const ko = envHover(cmd.model, cmd.offset, "ko")!.markdown;
    expect(ko).toContain("**[scheduler] min_file_process_interval** (Airflow 설정)");
    expect(ko).toContain(
      "Airflow는 `AIRFLOW__{SECTION}__{KEY}` 변수를 `[scheduler]` 섹션의 `min_file_process_interval` 옵션으로 읽습니다. 값은 지정한 명령을 실행한 출력입니다.",
    );
    expect(ko).toContain(
      "[설정 레퍼런스](https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#min_file_process_interval)",
    );
    expect(envHover(cmd.model, cmd.offset)!.markdown).toContain(
      "as the option `min_file_process_interval` of section `[scheduler]`, from the output of the command given.",
    );
    const known = at(text, "AIRFLOW__CORE__PARALLELISM");
    const p = envHover(known.model, known.offset, "ko")!.markdown;
    expect(p).toContain("**[core] parallelism** (Airflow 설정)");
    expect(p).toContain("기본값: `32`");
  });

  it("a moved Airflow name: what each version does, its replacement and the image's version, in Korean", () => {
    const text =
      "services:\n  a:\n    image: apache/airflow:3.0.2\n    command: scheduler\n    environment:\n      AIRFLOW__CORE__SQL_ALCHEMY_CONN: postgresql://a:b@db/airflow\n";
    const { model, offset } = at(text, "AIRFLOW__CORE__SQL");
    const ko = envHover(model, offset, "ko")!.markdown;
    expect(ko).toMatch(
      /옮겨진 옵션입니다\. Airflow 2는 [\d.]+부터 이 변수를 `\[database\] sql_alchemy_conn`의 폐기 예정 별칭으로 읽습니다\. Airflow 3은 이 변수를 읽지 않습니다\. 대체 변수는 `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`입니다\./,
    );
    expect(ko).toContain("이 서비스는 Airflow 3.0.2를 실행합니다(이미지 태그 기준).");
    const en = envHover(model, offset)!.markdown;
    expect(en).toMatch(
      /Moved: Airflow 2 reads it as a deprecated alias of `\[database\] sql_alchemy_conn` from [\d.]+ on; Airflow 3 does not read it\. Its replacement is `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`\./,
    );
    expect(en).toContain("This service runs Airflow 3.0.2 (its image tag).");
  });
});
