import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateFindingHeavy } from "../../../bench/generate";
import { lintText } from "../../../test/helpers/lint";
import { parseMarked } from "../../../test/helpers/markers";
import { SYNTAX_RULE } from "../engine";
import { IMAGE_START, PROGRAM_START } from "../model/knowledge/start-behaviour";
import { RULES } from "../rules";
import { CATALOGUES } from "./catalogue";
import { MESSAGES_NOT_YET_TRANSLATED, NOT_YET_TRANSLATED } from "./coverage";
import { hasFinal, josa, listKo } from "./ko/phrases";
import { projectProblemKo } from "./ko/project";
import { whyKo } from "./ko/why";
import { isLocaleTag, localeFromEnv, parseLocale } from "./locale";
import { ruleTitle, translatedRuleIds } from "./rules";
import { ui } from "./ui";

const HANGUL = /[\uac00-\ud7a3]/;
const ids = [SYNTAX_RULE, ...RULES.map((r) => r.meta.id)];
const DOCS = new URL("../../../docs/rules/", import.meta.url).pathname;

function wrongExample(id: string): string {
  const md = readFileSync(`${DOCS}${id}.md`, "utf8");
  const block = /```yaml\n([\s\S]*?)```/.exec(md.slice(md.indexOf("\n## Wrong\n")))![1];
  return parseMarked(block).text;
}

describe("locale choice", () => {
  it("reads a language tag by its language only; anything else is English", () => {
    expect(parseLocale("ko")).toBe("ko");
    expect(parseLocale("ko-KR")).toBe("ko");
    expect(parseLocale("ko_KR.UTF-8")).toBe("ko");
    expect(parseLocale("KO")).toBe("ko");
    expect(parseLocale("en-US")).toBe("en");
    expect(parseLocale("kok")).toBe("en");
    expect(parseLocale("ja")).toBe("en");
    expect(parseLocale(undefined)).toBe("en");
    expect(parseLocale("")).toBe("en");
  });

  it("takes LC_ALL over LC_MESSAGES over LANG, as gettext does", () => {
    expect(localeFromEnv({ LANG: "ko_KR.UTF-8" })).toBe("ko");
    expect(localeFromEnv({ LANG: "ko_KR.UTF-8", LC_ALL: "C" })).toBe("en");
    expect(localeFromEnv({ LANG: "en_US.UTF-8", LC_MESSAGES: "ko_KR.UTF-8" })).toBe("ko");
    expect(localeFromEnv({ LC_ALL: "ko_KR.UTF-8", LC_MESSAGES: "en_US" })).toBe("ko");
    expect(localeFromEnv({ LANG: "C.UTF-8" })).toBe("en");
    expect(localeFromEnv({})).toBe("en");
  });

  it("accepts en and ko (with a region) for --locale, nothing else", () => {
    for (const ok of ["en", "ko", "ko-KR", "ko_KR", "EN"]) expect(isLocaleTag(ok), ok).toBe(true);
    for (const bad of ["de", "korean", "ko_KR.UTF-8x", ""]) expect(isLocaleTag(bad), bad).toBe(false);
  });
});

describe("Korean particles and lists", () => {
  it("chooses the particle by how the word ends when read", () => {
    expect(josa("`postgres`", "이/가")).toBe("`postgres`가");
    expect(josa("PostgreSQL", "이/가")).toBe("PostgreSQL이");
    expect(josa("`db`", "은/는")).toBe("`db`는");
    expect(josa("5433", "은/는")).toBe("5433은");
    expect(josa("5432", "은/는")).toBe("5432는");
    expect(josa("서비스", "을/를")).toBe("서비스를");
    expect(josa("데이터베이스 `airflow`", "을/를")).toBe("데이터베이스 `airflow`를");
    expect(josa("네트워크", "으로/로")).toBe("네트워크로");
    expect(josa("`mlflow`", "으로/로")).toBe("`mlflow`로");
    expect(josa("`main`", "으로/로")).toBe("`main`으로");
    expect(josa("`mysql`", "으로/로")).toBe("`mysql`로");
    expect(hasFinal("연결").final).toBe(true);
  });

  it("lists names with 와/과 for two, commas for more, 외 N개 beyond the limit", () => {
    expect(listKo(["a"])).toBe("`a`");
    expect(listKo(["a", "b"])).toBe("`a`와 `b`");
    expect(listKo(["MLflow", "Airflow"], { quote: "" })).toBe("MLflow와 Airflow");
    expect(listKo(["a", "b", "c"])).toBe("`a`, `b`, `c`");
    expect(listKo(["a", "b"], { or: true })).toBe("`a` 또는 `b`");
    expect(listKo(["a", "b", "c"], { total: 7 })).toBe("`a`, `b`, `c` 외 4개");
  });
});

describe("the readiness reasons in Korean", () => {
  it("has Korean for every fails-hard reason of the start-behaviour tables", () => {
    const hard = [...IMAGE_START, ...PROGRAM_START].filter((e) => e.kind === "fails-hard").map((e) => e.how);
    expect(hard.length).toBeGreaterThan(3);
    for (const how of hard) expect(whyKo(how), how).toMatch(HANGUL);
  });

  it("translates the sentences readiness builds around them, and leaves an unknown reason as it is", () => {
    const how = "a schema migration (`db upgrade`) exits on the first refused connection";
    expect(whyKo(`${how}, and \`restart: always\` starts it again`)).toBe(
      "스키마 마이그레이션(`db upgrade`)은 첫 연결이 거부되면 종료합니다. 다만 `restart: always`가 다시 시작해 줍니다",
    );
    expect(whyKo("MLflow 1.12 does not retry its first connection (retries came in 1.13)")).toBe(
      "MLflow 1.12는 첫 연결을 재시도하지 않습니다(재시도는 1.13부터)",
    );
    expect(whyKo(`its start script \`start.sh\` runs it: ${how}`)).toMatch(
      /^시작 스크립트 `start.sh`가 이를 실행합니다: 스키마/,
    );
    expect(whyKo("something new")).toBe("something new");
  });
});

describe("the catalogue", () => {
  it("has Korean beside every English message, and fills placeholders in both", () => {
    for (const [scope, messages] of CATALOGUES)
      for (const [key, def] of Object.entries(messages)) {
        expect(typeof def.ko, `${scope}.${key}`).toBe("function");
      }
    const a = { files: 3, unreadable: 1 };
    expect(ui.noProblems("en", a)).toBe("No problems found in 3 files (1 file could not be read).");
    expect(ui.noProblems("ko", a)).toBe(
      "파일 3개에서 문제를 찾지 못했습니다 (파일 1개는 읽을 수 없었습니다).",
    );
    expect(ui.fixableSummary("ko", { count: 2 })).toContain("2개");
  });

  it("lists exactly the rules without Korean in NOT_YET_TRANSLATED", () => {
    const missing = ids.filter((id) => !translatedRuleIds().includes(id));
    expect(missing.sort()).toEqual([...NOT_YET_TRANSLATED].sort());
    for (const id of MESSAGES_NOT_YET_TRANSLATED) expect(ids).toContain(id);
  });

  it("gives every translated rule a Korean title; English stays the default", () => {
    for (const rule of RULES) {
      if (NOT_YET_TRANSLATED.includes(rule.meta.id)) continue;
      expect(ruleTitle("ko", rule), rule.meta.id).toMatch(HANGUL);
      expect(ruleTitle("en", rule)).toBe(rule.meta.title);
      expect(ruleTitle(undefined, rule)).toBe(rule.meta.title);
    }
  });
});

describe("every rule's wrong example in Korean", () => {
  for (const id of ids) {
    if (NOT_YET_TRANSLATED.includes(id) || MESSAGES_NOT_YET_TRANSLATED.includes(id)) continue;
    it(id, () => {
      const text = wrongExample(id);
      const en = lintText(text).filter((f) => f.rule === id);
      const ko = lintText(text, {}, { locale: "ko" }).filter((f) => f.rule === id);
      expect(en.length).toBeGreaterThan(0);
      // Same findings, same places, same severities and fixes: only the words change.
      expect(ko.map((f) => [f.span, f.severity, f.fixes?.length])).toEqual(
        en.map((f) => [f.span, f.severity, f.fixes?.length]),
      );
      en.forEach((e, i) => {
        const k = ko[i];
        expect(e.message, "English by default").not.toMatch(HANGUL);
        expect(k.message, `${id}: ${k.message}`).toMatch(HANGUL);
        // One short sentence for the Problems panel, the rest in the detail.
        expect(k.message.length, k.message).toBeLessThanOrEqual(120);
        for (const r of k.related ?? []) expect(r.message, r.message).toMatch(HANGUL);
        for (const f of k.fixes ?? []) expect(f.title, f.title).toMatch(HANGUL);
        expect(k.fixes?.map((f) => f.edits)).toEqual(e.fixes?.map((f) => f.edits));
      });
    });
  }
});

describe("Korean of branches the docs examples do not reach", () => {
  const ko = (text: string, rule: string) =>
    lintText(text, {}, { locale: "ko" }).filter((f) => f.rule === rule);

  it("an undefined network or volume, with the right particle after each", () => {
    const [net] = ko(
      "services:\n  foo:\n    image: nginx\n    networks: [some-network]\n",
      "undefined-reference",
    );
    expect(net.message).toBe(
      '네트워크 "some-network"가 최상위 `networks:`에 선언되어 있지 않아 Compose가 파일을 거부합니다.',
    );
    expect(net.detail).toContain("`foo` 서비스가 이 네트워크를 씁니다.");
    const [vol] = ko(
      "services:\n  db:\n    image: postgres\n    volumes: [pgdata:/data]\n",
      "undefined-reference",
    );
    expect(vol.detail).toContain("`db` 서비스가 이 볼륨을 씁니다.");
    expect(vol.fixes?.map((f) => f.title)).toContain("볼륨 `pgdata` 선언");
  });

  it("a host that no service answers to", () => {
    const [f] = ko(
      "services:\n  db:\n    image: postgres:16\n  web:\n    image: app\n    environment:\n      URL: postgresql://u:p@nowhere:5432/db\n",
      "wrong-db-host",
    );
    expect(f.message).toBe("호스트 `nowhere`에 응답하는 서비스가 없습니다.");
    expect(f.detail).toContain("PostgreSQL 서비스는 `db`입니다.");
    expect(f.fixes?.map((x) => x.title)).toEqual(["데이터베이스 서비스 `db` 사용"]);
  });
});

describe("Korean of the rules merged after the catalogue, beyond their docs examples", () => {
  const ko = (text: string, rule: string) =>
    lintText(text, {}, { locale: "ko" }).filter((f) => f.rule === rule);

  it("every problem compose-project reports, as load.ts words it", () => {
    const english: [string, string | undefined][] = [
      ["`base.yml` has YAML errors: Compose refuses the project.", "/p/base.yml: bad indentation"],
      ["The project reads more than 256 files: the rest are not analysed.", undefined],
      [
        "No env file `app.env`: Compose refuses the project.",
        "Compose refuses the project until it is created: it looks for /p/app.env.",
      ],
      ["No compose file `other.yml`: Compose refuses the project.", undefined],
      ["`huge.yml` is larger than 8 MB: it is not analysed.", "/p/huge.yml"],
      ["Include cycle: Compose refuses the project.", "include cycle detected: a.yml -> b.yml -> a.yml"],
      [
        "services.db is also defined by an included file: Compose refuses the project.",
        "services.db conflicts with imported resource (included by /p/compose.yml, defined in /p/db.yml).",
      ],
      [
        "Extends cycle: Compose refuses the project.",
        'Compose says "Circular reference": `a` extends `b` extends `a`.',
      ],
      [
        "No service `base` in `common.yml` to extend: Compose refuses the project.",
        "Compose reads /p/common.yml.",
      ],
      ["No compose file `/p/compose.yml`.", undefined],
    ];
    for (const [message, detail] of english) {
      const k = projectProblemKo(message, detail);
      expect(k?.message, message).toMatch(HANGUL);
      expect(k!.message.length).toBeLessThanOrEqual(120);
    }
    expect(projectProblemKo(english[2][0], english[2][1])).toEqual({
      message: "env 파일 `app.env`가 없어 Compose가 프로젝트를 거부합니다.",
      detail: "파일이 생길 때까지 Compose는 프로젝트를 거부합니다(찾는 경로: /p/app.env).",
    });
  });

  it("the particle after a parenthesis follows the word before it", () => {
    const [f] = ko(
      "services:\n  db:\n    image: postgres:latest\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n",
      "postgres18-data-mount",
    );
    expect(f.message).toContain("`postgres:latest`(PostgreSQL 18 이상)를 실행하는데");
  });

  it("--fix-secrets' own title stays what the CLI looks for; the Korean one names the same fix", () => {
    const text =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: pw1\n  cache:\n    image: redis:7\n    environment:\n      REDIS_PASSWORD: pw2\n";
    const found = ko(text, "plaintext-secret");
    expect(found.map((f) => f.message)).toEqual([
      "`db` 서비스의 `POSTGRES_PASSWORD`는 평문으로 적힌 시크릿입니다.",
      "`cache` 서비스의 `REDIS_PASSWORD`는 평문으로 적힌 시크릿입니다.",
    ]);
    expect(found[0].fixes?.map((x) => x.title)).toEqual([
      "`POSTGRES_PASSWORD`를 .env로 옮기기",
      "시크릿을 .env로 옮기기",
    ]);
  });
});

describe("Korean messages on the finding-heavy file (every rule, long generated names)", () => {
  it("stay one short sentence in Korean for every translated rule", () => {
    const found = lintText(generateFindingHeavy(20), {}, { locale: "ko" }).filter(
      (f) => !MESSAGES_NOT_YET_TRANSLATED.includes(f.rule),
    );
    expect(new Set(found.map((f) => f.rule)).size).toBeGreaterThan(10);
    for (const f of found) {
      expect(f.message, f.rule).toMatch(HANGUL);
      expect(f.message.length, f.message).toBeLessThanOrEqual(120);
      for (const x of f.fixes ?? []) expect(x.title, f.rule).toMatch(HANGUL);
    }
  });
});
