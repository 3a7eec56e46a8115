/**
 * textDocument/completion against the built server over stdio: names where Compose expects
 * them, image variables, whole connection URLs from the project's databases, URL hosts and
 * ports, schema keys and enum values, and key completion off beside Docker DX; and the same
 * items with Korean details and documentation for a client initialized with `locale: "ko"`.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, CompletionList, MarkupContent } from "vscode-languageserver-protocol";
import { READER_KO } from "../../server/src/lsp/url-completion";
import { URL_SLOTS } from "../../server/src/model/knowledge/url-slots";
import { EXAMPLE } from "../helpers/lint";
import type { LspClient } from "../helpers/lsp-client";
import { applyItem, CAPABILITIES, complete, cursor, labels, open, startClient } from "./editor-client";

const example = readFileSync(EXAMPLE, "utf8");
const doc = (i: CompletionItem) => (i.documentation as MarkupContent | undefined)?.value ?? "";

/** The example with `|` put in place of `find` (or after it with `after: true`). */
function inExample(find: string, replace: string): string {
  if (!example.includes(find)) throw new Error(`not in the example: ${find}`);
  return example.replace(find, replace);
}

const STACK = `services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: airflow
      POSTGRES_PASSWORD: \${PG_PASSWORD}
      POSTGRES_DB: airflow
    ports:
      - "5433:5432"
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U airflow"]
  redis:
    image: redis:7
  minio:
    image: minio/minio
    command: server /data --console-address ":9001"
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.16.0
    command: mlflow server --host 0.0.0.0 --port 5001
  scheduler:
    image: apache/airflow:2.10.2
    environment:
`;

describe("completion over stdio", () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await startClient();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it("depends_on (list form): the other services, not the service itself nor what is listed", async () => {
    const marked = inExample(
      "    depends_on:\n      - postgres\n    environment:\n      # the host",
      "    depends_on:\n      - postgres\n      - |\n    environment:\n      # the host",
    );
    const { items, text } = await complete(client, marked);
    expect(labels(items).sort()).toEqual(["airflow-scheduler", "mlflow"]);
    const mlflow = items.find((i) => i.label === "mlflow")!;
    expect(mlflow.detail).toBe("mlflow/mlflow:2.7.1");
    expect(applyItem(text, mlflow)).toContain("      - postgres\n      - mlflow\n    environment:");
  });

  it("depends_on (long form): the name with the condition Compose requires, service_healthy for a healthchecked one", async () => {
    const { items, text } = await complete(client, `${STACK}    depends_on:\n      |\n`);
    const pg = items.find((i) => i.label === "postgres")!;
    expect(applyItem(text, pg)).toContain(
      "    depends_on:\n      postgres:\n        condition: service_healthy\n",
    );
    const redis = items.find((i) => i.label === "redis")!;
    expect(applyItem(text, redis)).toContain("      redis:\n        condition: service_started\n");
    // Databases first: they are what clients wait for (editors sort by sortText, else label).
    expect(pg.sortText).toBe("0postgres");
    expect(items.find((i) => i.label === "mlflow")!.sortText).toBeUndefined();
  });

  it("flow sequences, links, extends and network_mode: service:", async () => {
    const flow = await complete(client, `${STACK}    depends_on: [redis, po|]\n`);
    expect(labels(flow.items)).toContain("postgres");
    expect(labels(flow.items)).not.toContain("scheduler");
    expect(applyItem(flow.text, flow.items.find((i) => i.label === "postgres")!)).toContain(
      "depends_on: [redis, postgres]",
    );
    const links = await complete(client, `${STACK}    links:\n      - |\n`);
    expect(labels(links.items)).toEqual(expect.arrayContaining(["postgres", "redis", "minio", "mlflow"]));
    const ext = await complete(client, `${STACK}    extends:\n      service: |\n`);
    expect(labels(ext.items)).toContain("mlflow");
    const nm = await complete(client, `${STACK}    network_mode: |\n`);
    expect(labels(nm.items)).toEqual(expect.arrayContaining(["service:postgres", "host", "none"]));
    const nm2 = await complete(client, `${STACK}    network_mode: service:|\n`);
    const pick = nm2.items.find((i) => i.label === "service:redis")!;
    expect(applyItem(nm2.text, pick)).toContain("    network_mode: service:redis\n");
    expect(labels(nm2.items)).not.toContain("host");
  });

  it("networks, volumes, secrets: what the file declares", async () => {
    const text = `services:\n  app:\n    image: x\n    networks:\n      - |\n    volumes:\n      - data:/data\nnetworks:\n  backend: {}\n  frontend: {}\nvolumes:\n  data: {}\n  cache: {}\nsecrets:\n  token:\n    file: ./token.txt\n`;
    expect(labels((await complete(client, text)).items).sort()).toEqual(["backend", "default", "frontend"]);
    const vol = await complete(
      client,
      text.replace("      - |\n", "      - backend\n").replace("      - data:/data", "      - |"),
    );
    expect(labels(vol.items).sort()).toEqual(["cache", "data"]);
    expect(applyItem(vol.text, vol.items.find((i) => i.label === "cache")!)).toContain("      - cache:\n");
    const sec = await complete(
      client,
      `${text.replace("      - |\n", "      - backend\n")}`.replace(
        "    volumes:",
        "    secrets:\n      - |\n    volumes:",
      ),
    );
    expect(labels(sec.items)).toEqual(["token"]);
  });

  it("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=: the whole SQLAlchemy URL of the project's PostgreSQL", async () => {
    const marked = inExample(
      "- AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres:airflow@postgres:5432/airflow",
      "- AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=|",
    );
    const { items, text } = await complete(client, marked);
    expect(labels(items)).toEqual(["postgresql+psycopg2://airflow:airflow@postgres:5432/airflow"]);
    const [url] = items;
    expect(url.detail).toBe("Airflow metadata database: PostgreSQL `postgres` · database airflow");
    expect(doc(url)).toContain("user `airflow` (POSTGRES_USER)");
    expect(applyItem(text, url)).toContain(
      "      - AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:airflow@postgres:5432/airflow\n    command: airflow scheduler",
    );
  });

  it("MLflow's --backend-store-uri inside `command: >`: the URL, warned that Airflow's migrations own that database", async () => {
    const marked = inExample(
      "--backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow",
      "--backend-store-uri |",
    );
    const { items, text } = await complete(client, marked);
    expect(labels(items)).toEqual(["postgresql+psycopg2://airflow:airflow@postgres:5432/airflow"]);
    expect(doc(items[0])).toMatch(/Airflow's migrations already own database `airflow` on `postgres`/);
    expect(items[0].sortText!.startsWith("9")).toBe(true);
    expect(applyItem(text, items[0])).toContain(
      "      --backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow\n      --default-artifact-root",
    );
  });

  it("URLs keep a variable password as the variable, Redis and MinIO get their schemes and ports", async () => {
    const conn = await complete(client, `${STACK}      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: |\n`);
    expect(labels(conn.items)).toEqual([
      "postgresql+psycopg2://airflow:${PG_PASSWORD}@postgres:5432/airflow",
    ]);
    // Nothing to fill in: plain text, so the editor inserts `${PG_PASSWORD}` as written.
    expect(conn.items[0].insertTextFormat ?? 1).toBe(1); // absent: plain text
    expect(conn.items[0].textEdit!.newText).toBe(
      "postgresql+psycopg2://airflow:${PG_PASSWORD}@postgres:5432/airflow",
    );
    // Something unknown (the user comes from an env_file): a snippet, its own `$` escaped.
    const unknown = await complete(
      client,
      "services:\n  db:\n    image: postgres\n    env_file: .env\n    environment:\n      POSTGRES_PASSWORD: ${PG_PASSWORD}\n  app:\n    image: apache/airflow\n    environment:\n      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: |\n",
    );
    expect(unknown.items[0].insertTextFormat).toBe(2);
    expect(unknown.items[0].textEdit!.newText).toBe(
      "postgresql+psycopg2://${1:user}:\\${PG_PASSWORD\\}@db:5432/${2:database}",
    );
    const broker = await complete(client, `${STACK}      AIRFLOW__CELERY__BROKER_URL: |\n`);
    expect(labels(broker.items)).toEqual(["redis://redis:6379/0"]);
    const result = await complete(client, `${STACK}      AIRFLOW__CELERY__RESULT_BACKEND: |\n`);
    expect(labels(result.items)).toEqual([
      "db+postgresql://airflow:${PG_PASSWORD}@postgres:5432/airflow",
      "redis://redis:6379/0",
    ]);
    const s3 = await complete(client, `${STACK}      MLFLOW_S3_ENDPOINT_URL: |\n`);
    expect(labels(s3.items)).toEqual(["http://minio:9000"]);
    const tracking = await complete(client, `${STACK}      MLFLOW_TRACKING_URI: "|"\n`);
    expect(labels(tracking.items)).toEqual(["http://mlflow:5001"]);
    expect(applyItem(tracking.text, tracking.items[0])).toContain(
      'MLFLOW_TRACKING_URI: "http://mlflow:5001"\n',
    );
  });

  it("the host part of a URL being typed: the services of that scheme; the port: the one inside the network", async () => {
    const host = await complete(client, `${STACK}      DB: postgresql://airflow:x@po|\n`);
    expect(labels(host.items)).toEqual(["postgres"]);
    expect(applyItem(host.text, host.items[0])).toContain("DB: postgresql://airflow:x@postgres\n");
    const redis = await complete(client, `${STACK}      CACHE: redis://|\n`);
    expect(labels(redis.items)).toEqual(["redis"]);
    const port = await complete(client, `${STACK}      DB: postgresql://airflow:x@postgres:|\n`);
    expect(labels(port.items)).toEqual(["5432"]);
    expect(doc(port.items[0])).toContain("The published port 5433 is for the host machine only");
  });

  it("environment: the variables the image reads, in the form of the block", async () => {
    const pg = await complete(
      client,
      STACK.replace("      POSTGRES_DB: airflow\n", "      POSTGRES_DB: airflow\n      |\n"),
    );
    expect(labels(pg.items)).toEqual(
      expect.arrayContaining(["POSTGRES_INITDB_ARGS", "POSTGRES_HOST_AUTH_METHOD", "PGDATA"]),
    );
    expect(labels(pg.items)).not.toContain("POSTGRES_DB"); // already set
    const initdb = pg.items.find((i) => i.label === "POSTGRES_INITDB_ARGS")!;
    expect(initdb.textEdit!.newText).toBe("POSTGRES_INITDB_ARGS: ");
    expect(doc(initdb)).toContain("Source: docker-library/docs postgres/content.md");
    const af = await complete(client, `${STACK}      AIRFLOW__CORE__EX|\n`);
    const executor = af.items.find((i) => i.label === "AIRFLOW__CORE__EXECUTOR")!;
    expect(executor.detail).toBe("[core] executor");
    expect(doc(executor)).toContain("`LocalExecutor`, `CeleryExecutor`");
    const list = await complete(
      client,
      inExample("      - POSTGRES_DB=airflow\n", "      - POSTGRES_DB=airflow\n      - POSTGRES_|\n"),
    );
    expect(list.items.find((i) => i.label === "PGDATA")!.textEdit!.newText).toBe("PGDATA=");
    const minio = await complete(
      client,
      STACK.replace(
        '    command: server /data --console-address ":9001"\n',
        "    command: server /data\n    environment:\n      - |\n",
      ),
    );
    expect(labels(minio.items)).toEqual(expect.arrayContaining(["MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"]));
    const ml = await complete(
      client,
      STACK.replace(
        "    command: mlflow server --host 0.0.0.0 --port 5001\n",
        "    environment:\n      MLFLOW_|\n",
      ),
    );
    expect(labels(ml.items)).toEqual(
      expect.arrayContaining(["MLFLOW_BACKEND_STORE_URI", "MLFLOW_S3_ENDPOINT_URL"]),
    );
  });

  it("compose keys from the schema, with documentation; enum values; deprecated keys tagged", async () => {
    const keys = await complete(client, `${STACK}    |\n`);
    const hc = keys.items.find((i) => i.label === "healthcheck")!;
    expect(doc(hc)).toContain("Configure a health check for the container");
    expect(doc(hc)).toContain("https://docs.docker.com/reference/compose-file/services/#healthcheck");
    expect(labels(keys.items)).not.toContain("image"); // already written
    expect(labels(keys.items)).not.toContain("environment");
    const top = await complete(client, `version: "3"\n${STACK}|\n`);
    expect(labels(top.items)).toEqual(expect.arrayContaining(["networks", "volumes", "name"]));
    expect(labels(top.items)).not.toContain("services");
    const cond = await complete(client, `${STACK}    depends_on:\n      postgres:\n        condition: |\n`);
    expect(labels(cond.items)).toEqual([
      "service_started",
      "service_healthy",
      "service_completed_successfully",
    ]);
    expect(cond.items.find((i) => i.label === "service_healthy")!.preselect).toBe(true);
    const restart = await complete(client, `${STACK}    restart: |\n`);
    expect(labels(restart.items)).toEqual(["no", "always", "on-failure", "unless-stopped"]);
    const depr = await complete(client, `${STACK.replace("services:", "name: x\nservices:")}|\n`);
    expect(depr.items.find((i) => i.label === "version")!.tags).toEqual([1]);
  });

  it("beside Docker DX: no key completion by default, every connection-aware completion stays; settings decide", async () => {
    const dx = await startClient({ peers: { dockerDx: true } });
    try {
      expect(labels((await complete(dx, `${STACK}    |\n`)).items)).toEqual([]);
      expect(labels((await complete(dx, `${STACK}    restart: |\n`)).items)).toEqual([]);
      expect(labels((await complete(dx, `${STACK}    depends_on:\n      - |\n`)).items)).toContain(
        "postgres",
      );
      expect(labels((await complete(dx, `${STACK}      AIRFLOW__CELERY__BROKER_URL: |\n`)).items)).toEqual([
        "redis://redis:6379/0",
      ]);
      // Docker DX removed (the client says so): key completion is back.
      await dx.conn.sendNotification("mlopsCompose/peers", { dockerDx: false });
      expect(labels((await complete(dx, `${STACK}    |\n`)).items)).toContain("healthcheck");
      // Explicit settings win over "auto".
      await dx.conn.sendNotification("mlopsCompose/peers", { dockerDx: true });
      dx.settings = { editor: { keyCompletion: "on", completion: false } };
      await dx.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
      await new Promise((r) => setTimeout(r, 200));
      expect(labels((await complete(dx, `${STACK}    |\n`)).items)).toContain("healthcheck");
      expect(labels((await complete(dx, `${STACK}    depends_on:\n      - |\n`)).items)).toEqual([]);
    } finally {
      await dx.shutdown();
    }
  });

  it("a client that takes itemDefaults gets one shared range; a service's documentation comes on resolve", async () => {
    const vscodeLike = await startClient(undefined, {
      textDocument: {
        completion: {
          completionItem: { snippetSupport: true },
          completionList: { itemDefaults: ["editRange", "insertTextFormat"] },
        },
      },
    });
    try {
      const { text, position } = cursor(`${STACK}    depends_on:\n      - |\n`);
      const uri = await open(vscodeLike, text);
      const list = (await vscodeLike.conn.sendRequest("textDocument/completion", {
        textDocument: { uri },
        position,
      })) as CompletionList;
      expect(list.itemDefaults?.editRange).toEqual({ start: position, end: position });
      expect(list.items.every((i) => i.textEdit === undefined && i.documentation === undefined)).toBe(true);
      const pg = list.items.find((i) => i.label === "postgres")!;
      const resolved = (await vscodeLike.conn.sendRequest("completionItem/resolve", pg)) as CompletionItem;
      expect(doc(resolved)).toBe(
        "Service `postgres`\n- image `postgres:16`\n- ports `5433:5432`\n- has a healthcheck",
      );
    } finally {
      await vscodeLike.shutdown();
    }
  });

  it("a list of hundreds of services is cut to what the typed text matches, and says it is incomplete", async () => {
    const many = `services:\n${Array.from({ length: 400 }, (_, i) => `  svc${i}:\n    image: x\n`).join("")}  app:\n    image: y\n    depends_on:\n      - `;
    const all = await complete(client, `${many}|\n`);
    expect(all.items).toHaveLength(300);
    expect(all.isIncomplete).toBe(true);
    const cut = await complete(client, `${many}svc39|\n`);
    expect(cut.isIncomplete).toBe(false);
    const narrowed = cut.items;
    // svc39, svc390..svc399 first (prefix matches), then the subsequence matches such as svc309.
    expect(labels(narrowed).slice(0, 11)).toEqual([
      "svc39",
      ...Array.from({ length: 10 }, (_, i) => `svc39${i}`),
    ]);
    expect(labels(narrowed)).toContain("svc309");
    expect(narrowed.length).toBeLessThan(300);
  });

  it("a client without snippet support gets plain text with placeholders as words", async () => {
    const plain = await startClient(undefined, { textDocument: { completion: {} } });
    try {
      const { items } = await complete(
        plain,
        `services:\n  db:\n    image: postgres\n    env_file: .env\n  app:\n    image: apache/airflow\n    environment:\n      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: |\n`,
      );
      expect(labels(items)).toEqual(["postgresql+psycopg2://user:password@db:5432/database"]);
      expect(items[0].insertTextFormat ?? 1).toBe(1);
      expect(items[0].textEdit!.newText).toBe("postgresql+psycopg2://user:password@db:5432/database");
    } finally {
      await plain.shutdown();
    }
  });
});

describe("completion in Korean (initialize locale)", () => {
  let ko: LspClient;
  beforeAll(async () => {
    ko = await startClient(undefined, CAPABILITIES, { locale: "ko" });
  });
  afterAll(async () => {
    await ko.shutdown();
  });

  it("service names, service:, declared names: the same labels and inserts, Korean details; docs on resolve", async () => {
    const deps = await complete(ko, `${STACK}    depends_on:\n      - |\n`);
    const pg = deps.items.find((i) => i.label === "postgres")!;
    expect(pg.detail).toBe("PostgreSQL 데이터베이스 · postgres:16");
    expect(applyItem(deps.text, pg)).toContain("      - postgres\n");
    const built = await complete(
      ko,
      `${STACK}  app:\n    build: .\n  other:\n    image: x\n    links:\n      - |\n`,
    );
    expect(built.items.find((i) => i.label === "app")!.detail).toBe("로컬 빌드");
    const resolved = (await ko.conn.sendRequest("completionItem/resolve", pg)) as CompletionItem;
    expect(doc(resolved)).toBe(
      "서비스 `postgres`\n- 이미지 `postgres:16`\n- 포트 `5433:5432`\n- 헬스체크 있음",
    );
    const nm = await complete(ko, `${STACK}    network_mode: |\n`);
    expect(nm.items.find((i) => i.label === "service:redis")!.detail).toBe("`redis`의 네트워크 스택 공유");
    const ipc = await complete(ko, `${STACK}    ipc: |\n`);
    expect(ipc.items.find((i) => i.label === "service:redis")!.detail).toBe(
      "`redis`의 IPC 네임스페이스 공유",
    );
    const nets = await complete(
      ko,
      "services:\n  app:\n    image: x\n    networks:\n      - |\nnetworks:\n  backend: {}\n",
    );
    expect(nets.items.map((i) => [i.label, i.detail])).toEqual([
      ["backend", "최상위 `networks:`에 선언됨"],
      ["default", "프로젝트의 기본 네트워크"],
    ]);
  });

  it("a whole URL: the same URL, its reader and every part explained in Korean, the shared-database warning too", async () => {
    const conn = await complete(ko, `${STACK}      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: |\n`);
    expect(labels(conn.items)).toEqual([
      "postgresql+psycopg2://airflow:${PG_PASSWORD}@postgres:5432/airflow",
    ]);
    expect(conn.items[0].detail).toBe(
      "Airflow 메타데이터 데이터베이스: PostgreSQL `postgres` · 데이터베이스 airflow",
    );
    expect(doc(conn.items[0])).toBe(
      [
        "`postgres`의 **Airflow 메타데이터 데이터베이스**(PostgreSQL, `postgresql+psycopg2://`):",
        "- 사용자 `airflow`(POSTGRES_USER)",
        "- 비밀번호 `${PG_PASSWORD}`(데이터베이스 서비스와 같은 변수)",
        "- 호스트 `postgres`, 포트 5432(compose 네트워크 안에서 연결을 받는 곳)",
        "- 데이터베이스 `airflow`(POSTGRES_DB)",
      ].join("\n"),
    );
    const shared = await complete(
      ko,
      inExample(
        "--backend-store-uri postgresql+psycopg2://airflow:airflow@postgres:5432/airflow",
        "--backend-store-uri |",
      ),
    );
    expect(doc(shared.items[0])).toContain(
      "⚠ `postgres`의 데이터베이스 `airflow`는 이미 Airflow 마이그레이션이 쓰고 있습니다. MLflow는 별도의 데이터베이스를 써야 합니다(`shared-database` 참고).",
    );
    const unknown = await complete(
      ko,
      "services:\n  db:\n    image: postgres\n    env_file: .env\n  app:\n    image: apache/airflow\n    environment:\n      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: |\n",
    );
    // The placeholders stay the English words (what the URL holds until filled in).
    expect(unknown.items[0].textEdit!.newText).toBe(
      "postgresql+psycopg2://${1:user}:${2:password}@db:5432/${3:database}",
    );
    expect(doc(unknown.items[0])).toContain("- 사용자: 여기서는 알 수 없으니 직접 채워 넣으세요");
    const s3 = await complete(ko, `${STACK}      MLFLOW_S3_ENDPOINT_URL: |\n`);
    expect(s3.items[0].detail).toBe("S3 클라이언트(boto3): MinIO S3 API `minio`");
    expect(doc(s3.items[0])).toBe(
      "`minio`의 S3 API입니다. compose 네트워크 안에서 포트 9000으로 연결을 받습니다(콘솔은 다른 포트입니다).",
    );
    const tracking = await complete(ko, `${STACK}      MLFLOW_TRACKING_URI: |\n`);
    expect(tracking.items[0].detail).toBe("MLflow 클라이언트: MLflow 추적 서버 `mlflow`");
    expect(doc(tracking.items[0])).toBe(
      "서비스 `mlflow`의 MLflow 서버는 compose 네트워크 안에서 포트 5001로 연결을 받습니다.",
    );
  });

  it("URL hosts and ports, image variables and schema keys: Korean words, the tables' and schema's text as written", async () => {
    const host = await complete(ko, `${STACK}      DB: postgresql://airflow:x@po|\n`);
    expect(host.items.map((i) => [i.label, i.detail])).toEqual([["postgres", "PostgreSQL, 포트 5432"]]);
    const http = await complete(ko, `${STACK}      X: http://|\n`);
    expect(http.items.find((i) => i.label === "mlflow")!.detail).toBe("MLflow 서버, 포트 5001");
    const port = await complete(ko, `${STACK}      DB: postgresql://airflow:x@postgres:|\n`);
    expect(port.items[0].detail).toBe("`postgres`가 compose 네트워크 안에서 연결을 받는 포트");
    expect(doc(port.items[0])).toBe(
      "컨테이너에서는 포트 5432로 `postgres`에 연결합니다. 게시된 포트 5433은 호스트 머신에서만 씁니다.",
    );
    const pg = await complete(
      ko,
      STACK.replace("      POSTGRES_DB: airflow\n", "      POSTGRES_DB: airflow\n      |\n"),
    );
    const initdb = pg.items.find((i) => i.label === "POSTGRES_INITDB_ARGS")!;
    expect(initdb.detail).toBe("PostgreSQL(공식 이미지)");
    expect(initdb.textEdit!.newText).toBe("POSTGRES_INITDB_ARGS: ");
    expect(doc(initdb)).toContain("**POSTGRES_INITDB_ARGS** (PostgreSQL(공식 이미지))");
    expect(doc(initdb)).toContain("`POSTGRES_INITDB_ARGS_FILE` 변수를 쓰면 값을 파일(시크릿)에서 읽습니다.");
    expect(doc(initdb)).toContain("출처: docker-library/docs postgres/content.md");
    expect(doc(initdb).split("\n")[2]).toMatch(/^Extra arguments for `initdb`/); // the table's words
    const af = await complete(ko, `${STACK}      AIRFLOW__CORE__EX|\n`);
    const executor = af.items.find((i) => i.label === "AIRFLOW__CORE__EXECUTOR")!;
    expect(executor.detail).toBe("[core] executor");
    expect(doc(executor)).toContain("**[core] executor** (Airflow 설정)");
    expect(doc(executor)).toContain("기본값: `");
    const keys = await complete(ko, `${STACK}    |\n`);
    const hc = keys.items.find((i) => i.label === "healthcheck")!;
    expect(doc(hc)).toContain("Configure a health check for the container"); // the schema's words
    expect(doc(hc)).toContain(
      "[Compose 파일 레퍼런스](https://docs.docker.com/reference/compose-file/services/#healthcheck)",
    );
  });

  it("every URL reader has a Korean name", () => {
    expect(URL_SLOTS.map((s) => s.reader).filter((r) => !READER_KO[r])).toEqual([]);
  });
});
