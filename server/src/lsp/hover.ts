/**
 * Hover: what the model knows at the cursor. On a connection URL, its parts as the app will
 * use them (after interpolation) and the database service it reaches with that database's
 * effective user and database; on a database service's name, its effective settings and
 * who connects to it. This is how a user checks "where does this URL really go?".
 */
import type { Hover, HoverParams, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { appLabel } from "../model/apps";
import { factsOf } from "../model/facts";
import { localStorePath } from "../model/facts/mlflow";
import type { ComposeModel, Connection, Database, Service } from "../model/types";
import type { AnalysisStore } from "./analysis";
import { toRange } from "./convert";
import type { EditorFeatures } from "./editor-settings";
import { envHover, imageHover, keyHover } from "./hover-docs";
import { isComposeDocument } from "./settings";

const ROLE: Record<Connection["role"], string> = {
  "mlflow-backend-store": "MLflow backend store",
  "mlflow-registry-store": "MLflow model registry store",
  "mlflow-tracking": "MLflow tracking server",
  "airflow-metadata": "Airflow metadata database",
  "airflow-celery-result": "Airflow Celery result backend",
  "airflow-celery-broker": "Airflow Celery broker",
  "database-url": "database connection",
};

function show(v: string | undefined, known: boolean): string {
  if (!known) return "_unknown here (a variable, an env_file or a secret)_";
  return v === undefined ? "_none_" : `\`${v}\``;
}

function describeDatabase(db: Database): string[] {
  return [
    `- user ${show(db.user.value, db.user.known)}${db.user.env ? "" : " (image default)"}`,
    `- database ${show(db.database.value, db.database.known)}${db.database.env ? "" : " (image default)"}`,
    `- password ${db.password.known ? (db.password.value ? "set" : "_none_") : "_unknown here_"}${db.passwordOptional ? " (not required)" : ""}`,
    `- listens on port \`${db.port}\` inside the container; answers to ${[...db.names].map((n) => `\`${n}\``).join(", ")}`,
  ];
}

/** An MLflow server as a tracking URI reaches it: where it listens, its stores, where artifacts go. */
function describeMlflowServer(model: ComposeModel, service: Service): string[] | undefined {
  const facts = factsOf(model).mlflow;
  const server = facts.server(service);
  if (!server) return undefined;
  const value = (flag: string) => {
    const o = server.option(flag);
    if (!o.known) return "_unknown here (a variable or an env_file)_";
    const v = o.value === undefined ? "_none_" : `\`${o.value}\``;
    return o.from === "default" ? `${v} (default)` : v;
  };
  const kept = (uri: string | undefined) => {
    const path = uri === undefined ? undefined : localStorePath(uri);
    if (path === undefined) return "";
    const store = facts.storePath(server, path);
    if (store.mount === "unknown") return "";
    return store.mount
      ? ` (kept on \`${store.mount.source ?? "a volume"}\`)`
      : " (inside the container: no volume)";
  };
  const root = server.option("--default-artifact-root");
  const serving = server.option("--serve-artifacts");
  const proxied =
    serving.known &&
    serving.value === "true" &&
    (root.from === "default" || root.value?.startsWith("mlflow-artifacts:"));
  const dest = server.option("--artifacts-destination");
  const image = service.image?.str.value ?? "built locally";
  return [
    `Reaches MLflow server **${service.name}** (image \`${image}\`${server.version ? `, MLflow ${server.version}` : ""}):`,
    `- listens on ${value("--host")} port \`${server.port ?? "?"}\``,
    `- backend store ${value("--backend-store-uri")}${kept(server.option("--backend-store-uri").value)}`,
    proxied
      ? `- artifacts: uploaded through the server (\`mlflow-artifacts:/\`), stored at ${value("--artifacts-destination")}${kept(dest.value)}`
      : `- artifacts: clients write to ${value("--default-artifact-root")} themselves${kept(root.value)}`,
  ];
}

export function hoverAt(
  model: ComposeModel,
  offset: number,
): { markdown: string; span: { start: number; end: number } } | undefined {
  for (const c of model.connections) {
    const span = c.str.span(c.url.span.start, c.url.span.end);
    if (offset < span.start || offset > span.end) continue;
    const u = c.url;
    const lines = [
      `**${ROLE[c.role]}** of \`${c.service.name}\`${c.owner ? ` (schema owned by ${appLabel(c.owner)})` : ""}`,
      "",
    ];
    lines.push(
      `\`${u.scheme.value}://\` user ${u.user ? `\`${u.user.value}\`` : "_none_"}, password ${u.password ? (u.password.value ? "set" : "**empty**") : "_none_"}, host \`${u.host?.value ?? ""}\`, port \`${u.port?.value ?? "default"}\`, database \`${u.database?.value ?? ""}\``,
      "",
    );
    const db = c.target ? model.databaseByService.get(c.target.name) : undefined;
    if (db)
      lines.push(
        `Reaches **${db.service.name}** (${db.engine}, image \`${db.service.image?.str.value ?? "built locally"}\`):`,
        ...describeDatabase(db),
      );
    else if (c.target && c.role === "mlflow-tracking" && describeMlflowServer(model, c.target))
      lines.push(...describeMlflowServer(model, c.target)!);
    else if (c.target) lines.push(`Reaches service **${c.target.name}**, which is not a database.`);
    else if (c.hostIsLoopback) lines.push("The host is the container itself, not another service.");
    else lines.push("The host is no service of this file.");
    return { markdown: lines.join("\n"), span };
  }
  for (const db of model.databases) {
    const key = db.service.key.span;
    if (offset < key.start || offset > key.end) continue;
    const clients = model.connections.filter((c) => c.target === db.service);
    const lines = [`**${db.service.name}**: ${db.engine} database`, ...describeDatabase(db)];
    if (clients.length) {
      lines.push(
        "",
        "Connected to by:",
        ...clients.map(
          (c) => `- \`${c.service.name}\`: ${ROLE[c.role]}, database \`${c.url.database?.value ?? ""}\``,
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
        ? (hoverAt(model, offset) ?? envHover(model, offset) ?? imageHover(model, offset))
        : undefined) ?? (f.keyHover ? keyHover(model, offset) : undefined);
    return h ? { contents: { kind: "markdown", value: h.markdown }, range: toRange(doc, h.span) } : null;
  }
}
