/**
 * The built language server over stdio, initialized with `locale: "ko"` as VS Code in Korean
 * sends it: diagnostics, related information and fix titles in Korean for every rule on the
 * seed's files; without a locale (or with one it does not speak), English.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { NOT_YET_TRANSLATED } from "../../server/src/l10n/coverage";
import { SEED_DIR } from "../helpers/lint";
import { LspClient } from "../helpers/lsp-client";

const HANGUL = /[\uac00-\ud7a3]/;
const SEEDS = readdirSync(SEED_DIR).filter((f) => f.endsWith(".yml"));
const RULES_ON_SEEDS = ["obsolete-version", "wrong-db-host", "db-credentials-mismatch", "shared-database"];

async function started(locale?: string): Promise<LspClient> {
  const client = new LspClient();
  await client.initialize(undefined, locale === undefined ? {} : { locale });
  return client;
}

describe("language server in Korean (initialize locale)", () => {
  let ko: LspClient;
  let en: LspClient;
  const en0 = () => en;
  beforeAll(async () => {
    [ko, en] = await Promise.all([started("ko"), started()]);
  });
  afterAll(async () => {
    await Promise.all([ko.shutdown(), en.shutdown()]);
  });

  it("publishes every diagnostic of the seed's files in Korean, related information included", async () => {
    const rules = new Set<string>();
    for (const name of SEEDS) {
      const uri = `file:///seed-ko/${name}`;
      await ko.open(uri, readFileSync(join(SEED_DIR, name), "utf8"));
      const diags = await ko.diagnostics(uri, (d) => d.length > 0);
      for (const d of diags) {
        rules.add(String(d.code));
        if (NOT_YET_TRANSLATED.includes(String(d.code))) continue; // merged after the catalogue
        expect(d.message, String(d.code)).toMatch(HANGUL);
        for (const r of d.relatedInformation ?? []) expect(r.message, String(d.code)).toMatch(HANGUL);
      }
    }
    for (const rule of RULES_ON_SEEDS) expect([...rules]).toContain(rule);
  });

  it("offers quick fixes and fix-all with Korean titles, the same edits as in English", async () => {
    const text = readFileSync(join(SEED_DIR, "seed-before-full.yml"), "utf8");
    const actions = async (client: LspClient, uri: string) => {
      await client.open(uri, text);
      const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === "shared-database"));
      const wrong = diags.find((d: Diagnostic) => d.code === "wrong-db-host")!;
      const quick = (await client.conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: wrong.range,
        context: { diagnostics: [wrong], only: ["quickfix"] },
      })) as CodeAction[];
      const all = (await client.conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ["source.fixAll.mlops-compose"] },
      })) as CodeAction[];
      return { quick, all };
    };
    const k = await actions(ko, "file:///fix-ko/docker-compose.yml");
    const e = await actions(en, "file:///fix-en/docker-compose.yml");
    expect(k.quick.map((a) => a.title)).toContain("데이터베이스 서비스 `postgres` 사용");
    expect(e.quick.map((a) => a.title)).toContain("Use database service `postgres`");
    expect(k.all.map((a) => a.title)).toEqual(["자동으로 고칠 수 있는 MLOps Compose 문제 모두 수정"]);
    expect(Object.values(k.all[0].edit!.changes!)).toEqual(Object.values(e.all[0].edit!.changes!));
  });

  it("hovers a connection URL and a database service in Korean", async () => {
    const text = readFileSync(join(SEED_DIR, "seed-before-full.yml"), "utf8");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("@airflow:5432"));
    const character = lines[line].indexOf("@airflow:5432") + 2;
    const hover = async (client: LspClient, uri: string, position: object) => {
      await client.open(uri, text);
      await client.diagnostics(uri, (d) => d.length > 0);
      const h = (await client.conn.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position,
      })) as {
        contents: { value: string };
      };
      return h.contents.value;
    };
    const url = await hover(ko, "file:///hover-ko/docker-compose.yml", { line, character });
    expect(url).toContain("호스트 `airflow`");
    expect(url).toContain("데이터베이스가 아닙니다");
    const dbLine = lines.findIndex((l) => /^ {2}postgres:/.test(l));
    const db = await hover(ko, "file:///hover-ko/docker-compose.yml", { line: dbLine, character: 3 });
    expect(db).toContain("**postgres**: postgres 데이터베이스");
    expect(db).toContain("연결하는 서비스:");
    const en = await hover(en0(), "file:///hover-en/docker-compose.yml", { line, character });
    expect(en).toContain("host `airflow`");
  });

  it("hovers an MLflow tracking URI and an S3 endpoint URL in Korean: the server and the S3 store", async () => {
    const text = `services:
  minio:
    image: minio/minio
    command: server /data --console-address ":9001"
    environment:
      MINIO_ROOT_USER: mlflow
      MINIO_ROOT_PASSWORD: mlflow-secret
  mlflow:
    image: ghcr.io/mlflow/mlflow:v3.1.0-full
    command: mlflow server --host 0.0.0.0 --artifacts-destination s3://mlflow/
    environment:
      MLFLOW_S3_ENDPOINT_URL: http://minio:9000
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
`;
    const lines = text.split("\n");
    const hover = async (client: LspClient, uri: string, needle: string) => {
      await client.open(uri, text);
      await client.diagnostics(uri);
      const line = lines.findIndex((l) => l.includes(needle));
      const h = (await client.conn.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line, character: lines[line].indexOf(needle) + 9 },
      })) as { contents: { value: string } };
      return h.contents.value;
    };
    const tracking = await hover(ko, "file:///hover-s3-ko/docker-compose.yml", "http://mlflow:5000");
    expect(tracking).toContain("`trainer`의 **MLflow 추적 서버**");
    expect(tracking).toContain("- 백엔드 저장소 `./mlruns` (기본값) (컨테이너 안: 볼륨 없음)");
    expect(tracking).toContain(
      "- 아티팩트: 서버를 거쳐 업로드됨(`mlflow-artifacts:/`), 저장 위치 `s3://mlflow/`",
    );
    expect(tracking).toContain("을 통해 S3 저장소 **minio**(MinIO, API 포트 `9000`)에 연결됩니다");
    const s3 = await hover(ko, "file:///hover-s3-ko/docker-compose.yml", "http://minio:9000");
    expect(s3).toContain("S3 저장소 **minio**(MinIO, 이미지 `minio/minio`)에 연결됩니다:");
    expect(s3).toContain("- S3 API 포트 `9000` (이미지 기본값)");
    expect(s3).toContain("- 루트 사용자 `mlflow` (MINIO_ROOT_USER), 비밀번호 설정됨");
    const enTracking = await hover(en0(), "file:///hover-s3-en/docker-compose.yml", "http://mlflow:5000");
    expect(enTracking).toContain("- backend store `./mlruns` (default) (inside the container: no volume)");
    expect(enTracking).not.toMatch(HANGUL);
  });

  it("hovers an image, a variable of it and an Airflow option in Korean; English without a locale", async () => {
    const text = readFileSync(join(SEED_DIR, "seed-before-full.yml"), "utf8");
    const lines = text.split("\n");
    const at = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, character: lines[line].indexOf(needle) + 2 };
    };
    const hover = async (client: LspClient, uri: string, needle: string) => {
      await client.open(uri, text);
      await client.diagnostics(uri, (d) => d.length > 0);
      const h = (await client.conn.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: at(needle),
      })) as { contents: { value: string } };
      return h.contents.value;
    };
    const uri = {
      ko: "file:///hover-docs-ko/docker-compose.yml",
      en: "file:///hover-docs-en/docker-compose.yml",
    };
    const image = await hover(ko, uri.ko, "postgres:13");
    expect(image).toContain("**postgres** 태그 `13`");
    expect(image).toContain("[레지스트리 페이지](https://hub.docker.com/_/postgres)");
    const pg = await hover(ko, uri.ko, "POSTGRES_DB");
    expect(pg).toContain("**POSTGRES_DB** (PostgreSQL(공식 이미지))");
    expect(pg).toContain("기본값: `the value of POSTGRES_USER`"); // the table's words stay English
    const af = await hover(ko, uri.ko, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN");
    expect(af).toContain("**[database] sql_alchemy_conn** (Airflow 설정)");
    expect(af).toContain("출처: ");
    const enImage = await hover(en0(), uri.en, "postgres:13");
    expect(enImage).toContain("**postgres** tag `13`");
    expect(enImage).toContain("[Registry page](https://hub.docker.com/_/postgres)");
    expect(enImage).not.toMatch(HANGUL);
    const enAf = await hover(en0(), uri.en, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN");
    expect(enAf).toContain("**[database] sql_alchemy_conn** (Airflow configuration)");
    expect(enAf).not.toMatch(HANGUL);
  });

  it("hovers a compose key with its own words in Korean, the schema's description as written", async () => {
    const text = readFileSync(join(SEED_DIR, "seed-before-full.yml"), "utf8");
    const lines = text.split("\n");
    const hover = async (client: LspClient, uri: string, needle: string) => {
      await client.open(uri, text);
      await client.diagnostics(uri, (d) => d.length > 0);
      const line = lines.findIndex((l) => l.includes(needle));
      const h = (await client.conn.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line, character: lines[line].indexOf(needle) + 2 },
      })) as { contents: { value: string } };
      return h.contents.value;
    };
    const version = await hover(ko, "file:///hover-key-ko/docker-compose.yml", "version:");
    expect(version.split("\n")[0]).toBe("**version** (폐기 예정)");
    expect(version).toContain("[Compose 파일 레퍼런스](https://docs.docker.com/reference/compose-file/");
    const deps = await hover(ko, "file:///hover-key-ko/docker-compose.yml", "depends_on:");
    expect(deps).toContain("Express dependency between services."); // the compose-spec schema's words
    const enVersion = await hover(en, "file:///hover-key-en/docker-compose.yml", "version:");
    expect(enVersion.split("\n")[0]).toBe("**version** (deprecated)");
    expect(enVersion).toContain("[Compose file reference](");
    expect(enVersion).not.toMatch(HANGUL);
  });

  it("speaks English by default and for a locale it does not speak", async () => {
    const de = await started("de-DE");
    try {
      for (const client of [en, de]) {
        const uri = `file:///seed-en-${client === en ? "none" : "de"}/docker-compose.yml`;
        await client.open(uri, readFileSync(join(SEED_DIR, "seed-before-full.yml"), "utf8"));
        const diags = await client.diagnostics(uri, (d) => d.length > 0);
        for (const d of diags) expect(d.message).not.toMatch(HANGUL);
        expect(diags.find((d) => d.code === "shared-database")!.message).toMatch(/^MLflow and Airflow share/);
      }
    } finally {
      await de.shutdown();
    }
  });
});
