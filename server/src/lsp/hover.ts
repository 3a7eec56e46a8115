/**
 * Hover: what the model knows at the cursor. On a connection URL, its parts as the app will
 * use them (after interpolation) and the database service it reaches with that database's
 * effective user and database; on a database service's name, its effective settings and
 * who connects to it. This is how a user checks "where does this URL really go?".
 */
import type { Hover, HoverParams, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { appLabel } from "../model/apps";
import type { ComposeModel, Connection, Database } from "../model/types";
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
