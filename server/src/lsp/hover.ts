/**
 * Hover: what the model knows at the cursor. On a connection URL, its parts as the app will
 * use them (after interpolation) and the database service it reaches with that database's
 * effective user and database; on a database service's name, its effective settings and
 * who connects to it. This is how a user checks "where does this URL really go?".
 */
import type { Hover, HoverParams, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { defineMessages } from "../l10n/catalogue";
import { josa } from "../l10n/ko/phrases";
import type { Locale } from "../l10n/locale";
import { appLabel } from "../model/apps";
import { factsOf, type S3Port, type S3Store } from "../model/facts";
import { localStorePath } from "../model/facts/mlflow";
import { s3StoreLabel } from "../model/labels";
import type { ComposeModel, Connection, Database, Service } from "../model/types";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { envHover, imageHover, keyHover } from "./hover-docs";
import { isComposeDocument } from "./settings";

const ROLE: Record<Connection["role"], { en: string; ko: string }> = {
  "mlflow-backend-store": { en: "MLflow backend store", ko: "MLflow 백엔드 저장소" },
  "mlflow-registry-store": { en: "MLflow model registry store", ko: "MLflow 모델 레지스트리 저장소" },
  "mlflow-tracking": { en: "MLflow tracking server", ko: "MLflow 추적 서버" },
  "airflow-metadata": { en: "Airflow metadata database", ko: "Airflow 메타데이터 데이터베이스" },
  "airflow-celery-result": { en: "Airflow Celery result backend", ko: "Airflow Celery 결과 백엔드" },
  "airflow-celery-broker": { en: "Airflow Celery broker", ko: "Airflow Celery 브로커" },
  "s3-endpoint": { en: "S3 endpoint", ko: "S3 엔드포인트" },
  "database-url": { en: "database connection", ko: "데이터베이스 연결" },
};

type Value = { v: string | undefined; known: boolean };

/** Through whose S3 endpoint URL: `client` a service's name, none the server's own; `variable` the one that sets it. */
type S3Via = { client?: string; variable?: string; url: string };

/** The hover's sentences, English and Korean side by side. */
const m = defineMessages("hover", {
  unknown: {
    en: () => "_unknown here (a variable, an env_file or a secret)_",
    ko: () => "_여기서는 알 수 없음(변수, env_file 또는 시크릿)_",
  },
  none: { en: () => "_none_", ko: () => "_없음_" },
  user: {
    en: (a: { value: string; imageDefault: boolean }) =>
      `- user ${a.value}${a.imageDefault ? " (image default)" : ""}`,
    ko: (a: { value: string; imageDefault: boolean }) =>
      `- 사용자 ${a.value}${a.imageDefault ? " (이미지 기본값)" : ""}`,
  },
  database: {
    en: (a: { value: string; imageDefault: boolean }) =>
      `- database ${a.value}${a.imageDefault ? " (image default)" : ""}`,
    ko: (a: { value: string; imageDefault: boolean }) =>
      `- 데이터베이스 ${a.value}${a.imageDefault ? " (이미지 기본값)" : ""}`,
  },
  password: {
    en: (a: { state: "set" | "none" | "unknown"; optional: boolean }) =>
      `- password ${{ set: "set", none: "_none_", unknown: "_unknown here_" }[a.state]}${a.optional ? " (not required)" : ""}`,
    ko: (a: { state: "set" | "none" | "unknown"; optional: boolean }) =>
      `- 비밀번호 ${{ set: "설정됨", none: "_없음_", unknown: "_여기서는 알 수 없음_" }[a.state]}${a.optional ? " (필요 없음)" : ""}`,
  },
  listens: {
    en: (a: { port: number; names: string }) =>
      `- listens on port \`${a.port}\` inside the container; answers to ${a.names}`,
    ko: (a: { port: number; names: string }) =>
      `- 컨테이너 안에서 포트 ${josa(`\`${a.port}\``, "으로/로")} 연결을 받고, 이름 ${a.names}에 응답합니다`,
  },
  header: {
    en: (a: { role: string; service: string; owner?: string }) =>
      `**${a.role}** of \`${a.service}\`${a.owner ? ` (schema owned by ${a.owner})` : ""}`,
    ko: (a: { role: string; service: string; owner?: string }) =>
      `\`${a.service}\`의 **${a.role}**${a.owner ? ` (스키마 소유: ${a.owner})` : ""}`,
  },
  url: {
    en: (a: {
      scheme: string;
      user?: string;
      password: "set" | "empty" | "none";
      host: string;
      port?: string;
      database: string;
    }) =>
      `\`${a.scheme}://\` user ${a.user !== undefined ? `\`${a.user}\`` : "_none_"}, password ${{ set: "set", empty: "**empty**", none: "_none_" }[a.password]}, host \`${a.host}\`, port \`${a.port ?? "default"}\`, database \`${a.database}\``,
    ko: (a: {
      scheme: string;
      user?: string;
      password: "set" | "empty" | "none";
      host: string;
      port?: string;
      database: string;
    }) =>
      `\`${a.scheme}://\` 사용자 ${a.user !== undefined ? `\`${a.user}\`` : "_없음_"}, 비밀번호 ${{ set: "설정됨", empty: "**비어 있음**", none: "_없음_" }[a.password]}, 호스트 \`${a.host}\`, 포트 \`${a.port ?? "기본값"}\`, 데이터베이스 \`${a.database}\``,
  },
  reaches: {
    en: (a: { service: string; engine: string; image?: string }) =>
      `Reaches **${a.service}** (${a.engine}, image \`${a.image ?? "built locally"}\`):`,
    ko: (a: { service: string; engine: string; image?: string }) =>
      `**${a.service}**(${a.engine}, 이미지 \`${a.image ?? "로컬 빌드"}\`)에 연결됩니다:`,
  },
  notDatabase: {
    en: (a: { service: string }) => `Reaches service **${a.service}**, which is not a database.`,
    ko: (a: { service: string }) => `서비스 **${a.service}**에 연결되지만, 데이터베이스가 아닙니다.`,
  },
  loopback: {
    en: () => "The host is the container itself, not another service.",
    ko: () => "호스트가 컨테이너 자신이며, 다른 서비스가 아닙니다.",
  },
  noService: {
    en: () => "The host is no service of this file.",
    ko: () => "호스트가 이 파일의 어떤 서비스도 아닙니다.",
  },
  databaseTitle: {
    en: (a: { service: string; engine: string }) => `**${a.service}**: ${a.engine} database`,
    ko: (a: { service: string; engine: string }) => `**${a.service}**: ${a.engine} 데이터베이스`,
  },
  connectedBy: { en: () => "Connected to by:", ko: () => "연결하는 서비스:" },
  client: {
    en: (a: { service: string; role: string; database: string }) =>
      `- \`${a.service}\`: ${a.role}, database \`${a.database}\``,
    ko: (a: { service: string; role: string; database: string }) =>
      `- \`${a.service}\`: ${a.role}, 데이터베이스 \`${a.database}\``,
  },
  // The MLflow server a tracking URI reaches.
  optionUnknown: {
    en: () => "_unknown here (a variable or an env_file)_",
    ko: () => "_여기서는 알 수 없음(변수 또는 env_file)_",
  },
  optionDefault: {
    en: (a: { value: string }) => `${a.value} (default)`,
    ko: (a: { value: string }) => `${a.value} (기본값)`,
  },
  keptOn: {
    en: (a: { source?: string }) => ` (kept on \`${a.source ?? "a volume"}\`)`,
    ko: (a: { source?: string }) => (a.source ? ` (\`${a.source}\`에 보관됨)` : " (볼륨에 보관됨)"),
  },
  noVolume: {
    en: () => " (inside the container: no volume)",
    ko: () => " (컨테이너 안: 볼륨 없음)",
  },
  mlflowServer: {
    en: (a: { service: string; image?: string; version?: string }) =>
      `Reaches MLflow server **${a.service}** (image \`${a.image ?? "built locally"}\`${a.version ? `, MLflow ${a.version}` : ""}):`,
    ko: (a: { service: string; image?: string; version?: string }) =>
      `MLflow 서버 **${a.service}**(이미지 \`${a.image ?? "로컬 빌드"}\`${a.version ? `, MLflow ${a.version}` : ""})에 연결됩니다:`,
  },
  mlflowListens: {
    en: (a: { host: string; port?: number }) => `- listens on ${a.host} port \`${a.port ?? "?"}\``,
    ko: (a: { host: string; port?: number }) =>
      `- 주소 ${a.host}, 포트 ${josa(`\`${a.port ?? "?"}\``, "으로/로")} 연결을 받습니다`,
  },
  backendStore: {
    en: (a: { value: string; kept: string }) => `- backend store ${a.value}${a.kept}`,
    ko: (a: { value: string; kept: string }) => `- 백엔드 저장소 ${a.value}${a.kept}`,
  },
  artifactsProxied: {
    en: (a: { value: string; kept: string }) =>
      `- artifacts: uploaded through the server (\`mlflow-artifacts:/\`), stored at ${a.value}${a.kept}`,
    ko: (a: { value: string; kept: string }) =>
      `- 아티팩트: 서버를 거쳐 업로드됨(\`mlflow-artifacts:/\`), 저장 위치 ${a.value}${a.kept}`,
  },
  artifactsDirect: {
    en: (a: { value: string; kept: string }) =>
      `- artifacts: clients write to ${a.value} themselves${a.kept}`,
    ko: (a: { value: string; kept: string }) =>
      `- 아티팩트: 클라이언트가 직접 기록함, 저장 위치 ${a.value}${a.kept}`,
  },
  // The S3 store the artifacts go to, through the writer's S3 endpoint URL (`client`: a service; none: the server).
  s3ToAws: {
    en: (a: { client?: string }) =>
      `- S3: ${a.client ? `\`${a.client}\`` : "the server"} sets no S3 endpoint URL, so boto3 sends the artifacts to AWS S3`,
    ko: (a: { client?: string }) =>
      `- S3: ${josa(a.client ? `\`${a.client}\`` : "서버", "이/가")} S3 엔드포인트 URL을 설정하지 않아 boto3가 아티팩트를 AWS S3로 보냅니다`,
  },
  s3NoStore: {
    en: (a: S3Via) =>
      `- S3 endpoint: no S3 store of this file, through ${a.client ? `\`${a.client}\`` : "the server"}'s ${a.variable ? `\`${a.variable}\` ` : ""}\`${a.url}\``,
    ko: (a: S3Via) =>
      `- S3 엔드포인트: ${a.client ? `\`${a.client}\`` : "서버"}의 ${a.variable ? `\`${a.variable}\` ` : ""}${josa(`\`${a.url}\``, "이/가")} 가리키는 곳은 이 파일의 S3 저장소가 아닙니다`,
  },
  s3StoreVia: {
    en: (a: S3Via & { store: string; label: string; apiPort?: number }) =>
      `- S3 store **${a.store}** (${a.label}, ${a.apiPort !== undefined ? `API port \`${a.apiPort}\`` : "API port _unknown here_"}), through ${a.client ? `\`${a.client}\`` : "the server"}'s ${a.variable ? `\`${a.variable}\` ` : ""}\`${a.url}\``,
    ko: (a: S3Via & { store: string; label: string; apiPort?: number }) =>
      `- ${a.client ? `\`${a.client}\`` : "서버"}의 ${a.variable ? `\`${a.variable}\` ` : ""}${josa(`\`${a.url}\``, "을/를")} 통해 S3 저장소 **${a.store}**(${a.label}, ${a.apiPort !== undefined ? `API 포트 \`${a.apiPort}\`` : "API 포트 _여기서는 알 수 없음_"})에 연결됩니다`,
  },
  // The S3 store an S3 endpoint URL reaches.
  s3Store: {
    en: (a: { store: string; label: string; image?: string }) =>
      `Reaches S3 store **${a.store}** (${a.label}, image \`${a.image ?? "?"}\`):`,
    ko: (a: { store: string; label: string; image?: string }) =>
      `S3 저장소 **${a.store}**(${a.label}, 이미지 \`${a.image ?? "?"}\`)에 연결됩니다:`,
  },
  s3Port: {
    en: (a: { port: number; setBy?: string }) =>
      `\`${a.port}\`${a.setBy ? ` (\`${a.setBy}\`)` : " (image default)"}`,
    ko: (a: { port: number; setBy?: string }) =>
      `\`${a.port}\`${a.setBy ? ` (\`${a.setBy}\`)` : " (이미지 기본값)"}`,
  },
  s3ApiPort: {
    en: (a: { port?: string }) => `- S3 API on port ${a.port ?? "_unknown here_"}`,
    ko: (a: { port?: string }) => `- S3 API 포트 ${a.port ?? "_여기서는 알 수 없음_"}`,
  },
  s3ConsolePort: {
    en: (a: { port?: string }) => `- web console on port ${a.port ?? "_none known_"}`,
    ko: (a: { port?: string }) => `- 웹 콘솔 포트 ${a.port ?? "_알려진 포트 없음_"}`,
  },
  s3AnyKey: { en: () => "- accepts any access key", ko: () => "- 어떤 액세스 키든 받습니다" },
  s3KeysElsewhere: {
    en: () => "- access keys: made with the store's own tools, not in this file",
    ko: () => "- 액세스 키: 이 파일이 아니라 저장소 자체의 도구로 만듭니다",
  },
  s3RootUser: {
    en: (a: { user: string; variable: string; isDefault: boolean }) =>
      `- root user \`${a.user}\` (${a.isDefault ? `${a.variable} unset: image default` : a.variable}), password set`,
    ko: (a: { user: string; variable: string; isDefault: boolean }) =>
      `- 루트 사용자 \`${a.user}\` (${a.isDefault ? `${a.variable} 설정 안 됨: 이미지 기본값` : a.variable}), 비밀번호 설정됨`,
  },
  s3RootUnknown: {
    en: () => "- root user _unknown here (a variable, an env_file or a secret)_",
    ko: () => "- 루트 사용자 _여기서는 알 수 없음(변수, env_file 또는 시크릿)_",
  },
});

function show(l: Locale, { v, known }: Value): string {
  if (!known) return m.unknown(l);
  return v === undefined ? m.none(l) : `\`${v}\``;
}

function describeDatabase(l: Locale, db: Database): string[] {
  return [
    m.user(l, { value: show(l, { v: db.user.value, known: db.user.known }), imageDefault: !db.user.env }),
    m.database(l, {
      value: show(l, { v: db.database.value, known: db.database.known }),
      imageDefault: !db.database.env,
    }),
    m.password(l, {
      state: db.password.known ? (db.password.value ? "set" : "none") : "unknown",
      optional: !!db.passwordOptional,
    }),
    m.listens(l, { port: db.port, names: [...db.names].map((n) => `\`${n}\``).join(", ") }),
  ];
}

/** The S3 store a service's S3 endpoint URL reaches, as a hover line; `client` undefined: the server's own. */
function s3StoreLine(l: Locale, model: ComposeModel, writer: Service, client?: string): string {
  const facts = factsOf(model);
  const endpoint = facts.connections.from(writer).find((c) => c.role === "s3-endpoint");
  if (!endpoint) return m.s3ToAws(l, { client });
  const via: S3Via = {
    client,
    variable: endpoint.where.kind === "env" ? endpoint.where.env.name : undefined,
    url: endpoint.str.value,
  };
  const store = facts.s3.storeReachedBy(endpoint);
  if (!store) return m.s3NoStore(l, via);
  return m.s3StoreVia(l, {
    store: store.service.name,
    label: s3StoreLabel(store.image.kind),
    apiPort: store.apiPort?.port,
    ...via,
  });
}

/** An S3 store as an S3 endpoint URL reaches it: its ports and root user. */
function describeS3Store(l: Locale, store: S3Store): string[] {
  const port = (p: S3Port | undefined) => p && m.s3Port(l, { port: p.port, setBy: p.setBy });
  const key = store.accessKey;
  const access =
    store.api.credentials === "any"
      ? m.s3AnyKey(l)
      : store.api.credentials === "configured"
        ? m.s3KeysElsewhere(l)
        : key
          ? m.s3RootUser(l, { user: key.setting.value, variable: key.variable, isDefault: key.isDefault })
          : m.s3RootUnknown(l);
  return [
    m.s3Store(l, {
      store: store.service.name,
      label: s3StoreLabel(store.image.kind),
      image: store.service.image?.str.value,
    }),
    m.s3ApiPort(l, { port: port(store.apiPort) }),
    m.s3ConsolePort(l, { port: port(store.consolePort) }),
    access,
  ];
}

/** An MLflow server as a tracking URI reaches it: where it listens, its stores, where artifacts go. */
function describeMlflowServer(
  l: Locale,
  model: ComposeModel,
  service: Service,
  client?: Service,
): string[] | undefined {
  const facts = factsOf(model).mlflow;
  const server = facts.server(service);
  if (!server) return undefined;
  const value = (flag: string) => {
    const o = server.option(flag);
    if (!o.known) return m.optionUnknown(l);
    const v = o.value === undefined ? m.none(l) : `\`${o.value}\``;
    return o.from === "default" ? m.optionDefault(l, { value: v }) : v;
  };
  const kept = (uri: string | undefined) => {
    const path = uri === undefined ? undefined : localStorePath(uri);
    if (path === undefined) return "";
    const store = facts.storePath(server, path);
    if (store.mount === "unknown") return "";
    return store.mount ? m.keptOn(l, { source: store.mount.source }) : m.noVolume(l);
  };
  const root = server.option("--default-artifact-root");
  const serving = server.option("--serve-artifacts");
  const proxied =
    serving.known &&
    serving.value === "true" &&
    (root.from === "default" || root.value?.startsWith("mlflow-artifacts:"));
  const dest = server.option("--artifacts-destination");
  const inS3 = (proxied ? dest : root).value?.startsWith("s3://");
  const s3Line = !inS3
    ? undefined
    : proxied
      ? s3StoreLine(l, model, service)
      : client && s3StoreLine(l, model, client, client.name);
  return [
    m.mlflowServer(l, { service: service.name, image: service.image?.str.value, version: server.version }),
    m.mlflowListens(l, { host: value("--host"), port: server.port }),
    m.backendStore(l, {
      value: value("--backend-store-uri"),
      kept: kept(server.option("--backend-store-uri").value),
    }),
    proxied
      ? m.artifactsProxied(l, { value: value("--artifacts-destination"), kept: kept(dest.value) })
      : m.artifactsDirect(l, { value: value("--default-artifact-root"), kept: kept(root.value) }),
    // Artifacts in S3: the store the writer's S3 endpoint URL reaches (the server when it proxies).
    ...(s3Line ? [s3Line] : []),
  ];
}

export function hoverAt(
  model: ComposeModel,
  offset: number,
  l: Locale = "en",
): { markdown: string; span: { start: number; end: number } } | undefined {
  for (const c of model.connections) {
    const span = c.str.span(c.url.span.start, c.url.span.end);
    if (offset < span.start || offset > span.end) continue;
    const u = c.url;
    const lines = [
      m.header(l, { role: ROLE[c.role][l], service: c.service.name, owner: c.owner && appLabel(c.owner) }),
      "",
    ];
    lines.push(
      m.url(l, {
        scheme: u.scheme.value,
        user: u.user?.value,
        password: u.password ? (u.password.value ? "set" : "empty") : "none",
        host: u.host?.value ?? "",
        port: u.port?.value,
        database: u.database?.value ?? "",
      }),
      "",
    );
    const store = factsOf(model).s3.storeReachedBy(c);
    const db = c.target && !store ? model.databaseByService.get(c.target.name) : undefined;
    if (store) lines.push(...describeS3Store(l, store));
    else if (db)
      lines.push(
        m.reaches(l, { service: db.service.name, engine: db.engine, image: db.service.image?.str.value }),
        ...describeDatabase(l, db),
      );
    else if (c.target && c.role === "mlflow-tracking" && describeMlflowServer(l, model, c.target, c.service))
      lines.push(...describeMlflowServer(l, model, c.target, c.service)!);
    else if (c.target) lines.push(m.notDatabase(l, { service: c.target.name }));
    else if (c.hostIsLoopback) lines.push(m.loopback(l));
    else lines.push(m.noService(l));
    return { markdown: lines.join("\n"), span };
  }
  for (const db of model.databases) {
    const key = db.service.key.span;
    if (offset < key.start || offset > key.end) continue;
    const clients = model.connections.filter((c) => c.target === db.service);
    const lines = [
      m.databaseTitle(l, { service: db.service.name, engine: db.engine }),
      ...describeDatabase(l, db),
    ];
    if (clients.length) {
      lines.push(
        "",
        m.connectedBy(l),
        ...clients.map((c) =>
          m.client(l, {
            service: c.service.name,
            role: ROLE[c.role][l],
            database: c.url.database?.value ?? "",
          }),
        ),
      );
    }
    return { markdown: lines.join("\n"), span: key };
  }
  return undefined;
}

export class HoverProvider {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly features: () => EditorFeatures,
  ) {}

  provide(params: HoverParams): Hover | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isComposeDocument(doc.uri, doc.languageId)) return null;
    const { model } = this.store.get(doc);
    const offset = doc.offsetAt(params.position);
    const f = this.features();
    // What the model knows about connections first; then what is written (variables, images, keys).
    const h =
      (f.hover
        ? (hoverAt(model, offset, this.store.locale) ??
          envHover(model, offset, this.store.locale) ??
          imageHover(model, offset, this.store.locale))
        : undefined) ?? (f.keyHover ? keyHover(model, offset, this.store.locale) : undefined);
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: toRange(doc, h.span) } : null;
  }
}
