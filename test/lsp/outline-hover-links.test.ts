/**
 * textDocument/documentSymbol, hover and documentLink against the built server over stdio.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentLink, DocumentSymbol, Hover, MarkupContent } from "vscode-languageserver-protocol";
import { EXAMPLE } from "../helpers/lint";
import type { LspClient } from "../helpers/lsp-client";
import { CAPABILITIES, cursor, open, startClient, textAt } from "./editor-client";

const example = readFileSync(EXAMPLE, "utf8");

describe("outline, hover and links over stdio", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await startClient();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  async function hover(
    marked: string,
    c: LspClient = client,
  ): Promise<{ value?: string; text: string; range?: string }> {
    const { text, position } = cursor(marked);
    const uri = await open(c, text);
    const h = (await c.conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position,
    })) as Hover | null;
    if (!h) return { text };
    return {
      text,
      value: (h.contents as MarkupContent).value,
      range: h.range ? textAt(text, { range: h.range }) : undefined,
    };
  }

  it("the Outline: top-level keys; services with image and ports; the volumes", async () => {
    const uri = await open(client, example);
    const symbols = (await client.conn.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri },
    })) as DocumentSymbol[];
    const tree = symbols.map((s) => ({
      name: s.name,
      detail: s.detail,
      kind: s.kind,
      children: s.children?.map((c) => [c.name, c.detail, c.kind]),
    }));
    expect(tree).toEqual([
      { name: "version", detail: "3.8", kind: 7, children: undefined },
      {
        name: "services",
        detail: undefined,
        kind: 2,
        children: [
          ["postgres", "postgres:13 · 5432:5432", 5],
          ["airflow", "apache/airflow:2.7.0-python3.9 · 8080:8080", 5],
          ["airflow-scheduler", "apache/airflow:2.7.0-python3.9", 5],
          ["mlflow", "mlflow/mlflow:2.7.1 · 5000:5000", 5],
        ],
      },
      { name: "volumes", detail: "1", kind: 3, children: [["postgres_data", undefined, 23]] },
    ]);
    const mlflow = symbols[1].children![3];
    // The whole service is its range (lines 38-49, not the blank line after), its key the selection.
    expect([mlflow.range.start.line, mlflow.range.end.line]).toEqual([37, 48]);
    expect(mlflow.range.end.character).toBe('      --host 0.0.0.0 --port 5000"'.length);
    expect(mlflow.selectionRange).toEqual({
      start: { line: 37, character: 2 },
      end: { line: 37, character: 8 },
    });
  });

  it("hover on a compose key: the schema's description and the reference page", async () => {
    const h = await hover(
      example.replace(
        "    depends_on:\n      - postgres\n    environment:\n      # the host",
        "    depends_|on:\n      - postgres\n    environment:\n      # the host",
      ),
    );
    expect(h.range).toBe("depends_on");
    expect(h.value).toContain("Express dependency between services.");
    expect(h.value).toContain("(https://docs.docker.com/reference/compose-file/services/#depends_on)");
    const cond = await hover(
      "services:\n  a:\n    image: x\n    depends_on:\n      b:\n        cond|ition: service_healthy\n  b:\n    image: y\n",
    );
    expect(cond.value).toContain(
      "Values: `service_started`, `service_healthy`, `service_completed_successfully`",
    );
  });

  it("hover on an image: what it is and its registry page", async () => {
    const h = await hover(example.replace("image: postgres:13", "image: postg|res:13"));
    expect(h.range).toBe("postgres:13");
    expect(h.value).toContain("**postgres** tag `13`");
    expect(h.value).toContain("A PostgreSQL server: it listens on port 5432 inside the compose network.");
    expect(h.value).toContain("[Registry page](https://hub.docker.com/_/postgres)");
    const ghcr = await hover("services:\n  m:\n    image: ghcr.io/mlflow/ml|flow:v2.16.0\n");
    expect(ghcr.value).toContain("[Registry page](https://ghcr.io/mlflow/mlflow)");
  });

  it("hover on an environment variable of a known image: what it does, its default, its source", async () => {
    const pg = await hover(example.replace("      - POSTGRES_DB=airflow", "      - POSTGRES_|DB=airflow"));
    expect(pg.range).toBe("POSTGRES_DB");
    expect(pg.value).toContain("**POSTGRES_DB** (PostgreSQL (official image))");
    expect(pg.value).toContain("Default: `the value of POSTGRES_USER`");
    expect(pg.value).toContain("Source: docker-library/docs postgres/content.md");
    const af = await hover(
      example.replace(
        "- AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres",
        "- AIRFLOW__DATABASE__SQL_AL|CHEMY_CONN=postgresql+psycopg2://postgres",
      ),
    );
    expect(af.value).toContain("**[database] sql_alchemy_conn** (Airflow configuration)");
    // An Airflow option we have no entry for still gets its section and key.
    const other = await hover(
      "services:\n  a:\n    image: apache/airflow:2.10.2\n    environment:\n      AIRFLOW__SCHEDULER__MIN_FILE_PROC|ESS_INTERVAL: 30\n",
    );
    expect(other.value).toContain("**[scheduler] min_file_process_interval** (Airflow configuration)");
  });

  it("hover on an Airflow variable: the reference's description, and a moved name's replacement for the image's version", async () => {
    const moved = await hover(
      "services:\n  a:\n    image: apache/airflow:3.0.2\n    command: scheduler\n    environment:\n      AIRFLOW__CORE__SQL_ALCHEMY|_CONN: postgresql://a:b@db/airflow\n",
    );
    expect(moved.value).toContain("Airflow 3 does not read it");
    expect(moved.value).toContain("Its replacement is `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN`.");
    expect(moved.value).toContain("This service runs Airflow 3.0.2 (its image tag).");
    const current = await hover(
      "services:\n  a:\n    image: apache/airflow:2.10.2\n    environment:\n      AIRFLOW__CORE__PARALLE|LISM: 32\n",
    );
    expect(current.value).toContain("**[core] parallelism** (Airflow configuration)");
    expect(current.value).toContain("Default: `32`");
  });

  it("today's hovers stay: a URL shows where it goes, a database who connects to it", async () => {
    const url = await hover(example.replace("@airflow:5432/airflow", "@airf|low:5432/airflow"));
    expect(url.value).toContain("Reaches service **airflow**, which is not a database.");
    const db = await hover(example.replace("  postgres:\n    image", "  post|gres:\n    image"));
    expect(db.value).toContain("**postgres**: postgres database");
    expect(db.value).toContain("Connected to by:");
  });

  it("hover on an MLflow tracking URI and an S3 endpoint URL: the server and the S3 store, in English and in Korean", async () => {
    const stack = `services:
  minio:
    image: minio/minio
    command: server /data --console-address ":9001"
  mlflow:
    image: ghcr.io/mlflow/mlflow:v3.1.0-full
    command: mlflow server --host 0.0.0.0 --artifacts-destination s3://mlflow/
    environment:
      MLFLOW_S3_ENDPOINT_URL: http://mi|nio:9000
  trainer:
    image: python:3.11
    environment:
      MLFLOW_TRACKING_URI: http://ml|flow:5000
`;
    const only = (keep: number) =>
      stack.split("|").reduce((a, part, i) => a + (i === keep ? "|" : "") + part);
    const ko = await startClient(undefined, CAPABILITIES, { locale: "ko" });
    try {
      const tracking = await hover(only(2));
      expect(tracking.value).toContain("Reaches MLflow server **mlflow**");
      expect(tracking.value).toContain(
        "- S3 store **minio** (MinIO, API port `9000`), through the server's `MLFLOW_S3_ENDPOINT_URL` `http://minio:9000`",
      );
      const trackingKo = await hover(only(2), ko);
      expect(trackingKo.value).toContain("MLflow 서버 **mlflow**(이미지 `ghcr.io/mlflow/mlflow:v3.1.0-full`");
      expect(trackingKo.value).toContain("- 주소 `0.0.0.0`, 포트 `5000`으로 연결을 받습니다");
      expect(trackingKo.value).toContain(
        "- 서버의 `MLFLOW_S3_ENDPOINT_URL` `http://minio:9000`을 통해 S3 저장소 **minio**(MinIO, API 포트 `9000`)에 연결됩니다",
      );
      const s3 = await hover(only(1));
      expect(s3.value).toContain("- web console on port `9001` (`--console-address :9001`)");
      expect(s3.value).toContain(
        "- root user `minioadmin` (MINIO_ROOT_USER unset: image default), password set",
      );
      const s3Ko = await hover(only(1), ko);
      expect(s3Ko.value).toContain("- 웹 콘솔 포트 `9001` (`--console-address :9001`)");
      expect(s3Ko.value).toContain(
        "- 루트 사용자 `minioadmin` (MINIO_ROOT_USER 설정 안 됨: 이미지 기본값), 비밀번호 설정됨",
      );
    } finally {
      await ko.shutdown();
    }
  });

  it("beside Docker DX: no key hover (Docker DX has it), image and variable hovers stay", async () => {
    const dx = await startClient({ peers: { dockerDx: true } });
    try {
      const key = await hover(
        example.replace(
          "    depends_on:\n      - postgres\n    environment:\n      # the host",
          "    depends_|on:\n      - postgres\n    environment:\n      # the host",
        ),
        dx,
      );
      expect(key.value).toBeUndefined();
      const pg = await hover(
        example.replace("      - POSTGRES_DB=airflow", "      - POSTGRES_|DB=airflow"),
        dx,
      );
      expect(pg.value).toContain("**POSTGRES_DB**");
    } finally {
      await dx.shutdown();
    }
  });

  it("document links: images to their registry pages, env_file, bind-mounted files, include, extends.file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcd-links-"));
    try {
      mkdirSync(join(dir, "conf"));
      writeFileSync(join(dir, "app.env"), "A=1\n");
      writeFileSync(join(dir, "conf", "init.sql"), "select 1;\n");
      writeFileSync(join(dir, "base.yml"), "services: {}\n");
      const text = [
        "include:",
        "  - ./base.yml",
        "services:",
        "  db:",
        "    image: postgres:16",
        "    env_file: app.env",
        "    volumes:",
        "      - ./conf/init.sql:/docker-entrypoint-initdb.d/init.sql:ro",
        "      - ./conf:/etc/conf",
        "  minio:",
        "    image: quay.io/minio/minio:RELEASE.2024-01-01T00-00-00Z",
        "  app:",
        "    image: registry.example.com/team/app:1",
        "    extends:",
        "      file: ./base.yml",
        "      service: web",
        "",
      ].join("\n");
      const uri = await open(client, text, "docker-compose.yml", dir);
      const links = (await client.conn.sendRequest("textDocument/documentLink", {
        textDocument: { uri },
      })) as DocumentLink[];
      const got = links.map((l) => [textAt(text, l), l.target!.replace(`file://${dir}`, "DIR")]);
      expect(got).toEqual([
        ["./base.yml", "DIR/base.yml"],
        ["postgres", "https://hub.docker.com/_/postgres"],
        ["app.env", "DIR/app.env"],
        ["./conf/init.sql", "DIR/conf/init.sql"],
        ["quay.io/minio/minio", "https://quay.io/repository/minio/minio"],
        ["./base.yml", "DIR/base.yml"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
