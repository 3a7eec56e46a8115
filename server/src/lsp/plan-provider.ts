/**
 * The custom request `mlopsCompose/plan`: the staged-start plan for one compose file, with the
 * three scripts the client runs (Staged Up, Reset Environment, Check Connections) and what a
 * reset deletes, so the client never analyses compose files itself.
 */
import { readFileSync } from "node:fs";
import { type Connection, RequestType, type TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { configFor } from "../config/project-config";
import type { Locale } from "../l10n/locale";
import { type PlanJson, planFromText } from "../plan";
import type { ConnectionCheck } from "../plan/checks";
import { planMessages as m } from "../plan/messages";
import type { PlanError } from "../plan/plan";
import type { ResetInfo } from "../plan/reset";
import { dotEnvFor, pathOfUri } from "./workspace-env";

export const PLAN_REQUEST = "mlopsCompose/plan";

export interface PlanRequestParams {
  uri: string;
  profiles?: string[];
  /**
   * e.g. "docker compose" or "docker-compose": the editor's setting, which wins over the
   * project config file's `composeCommand`. Absent in all three: the script detects it when it runs.
   */
  composeCommand?: string;
  /** What the client found on PATH: used when neither the setting nor the config file names one. */
  detectedComposeCommand?: string;
  waitTimeoutSeconds?: number;
  /** Reset script only: also `docker system prune -f` (after its own confirmation in the client). */
  prune?: boolean;
  /** Reset script only: follow the logs at the end (default true). */
  followLogs?: boolean;
  /** Reset script only: the user confirmed in the editor, so the script does not ask again. */
  confirmed?: boolean;
}

export const PlanRequest = new RequestType<PlanRequestParams, PlanResponse, void>(PLAN_REQUEST);

export type PlanResponse =
  | {
      ok: true;
      plan: PlanJson;
      /** The plan as text in the client's locale (what `mlops-compose plan` prints). */
      text: string;
      /** The compose command the scripts run; absent: they detect it themselves. */
      composeCommand?: string;
      /** The staged start (sh). */
      script: string;
      reset: ResetInfo;
      resetScript: string;
      checks: Pick<ConnectionCheck, "kind" | "label" | "note">[];
      checkScript: string;
    }
  | { ok: false; error: PlanError };

/** `locale`: the client's language (the `initialize` request's, AnalysisStore's), asked per request. */
export function registerPlanRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  locale: () => Locale = () => "en",
): void {
  connection.onRequest(PlanRequest, (params) => planFor(documents, params, locale()));
}

export function planFor(
  documents: TextDocuments<TextDocument>,
  params: PlanRequestParams,
  locale: Locale = "en",
): PlanResponse {
  const path = pathOfUri(params.uri);
  // The open document wins (unsaved edits); a file the editor does not have open is read from disk.
  let text = documents.get(params.uri)?.getText();
  if (text === undefined) {
    if (!path)
      return {
        ok: false,
        error: { kind: "syntax", message: m.notAFile(locale, { uri: params.uri }), services: [] },
      };
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      return {
        ok: false,
        error: {
          kind: "syntax",
          message: m.cannotRead(locale, { path, error: (e as Error).message }),
          services: [],
        },
      };
    }
  }
  if (!path)
    return {
      ok: false,
      error: { kind: "syntax", message: m.saveFirst(locale), services: [] },
    };
  const command = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
  const composeCommand =
    command(params.composeCommand) ??
    configFor(path)?.config.composeCommand ??
    command(params.detectedComposeCommand);
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
  const bundle = planFromText(
    text,
    { path, variables: dotEnvFor(path) },
    {
      profiles: strings(params.profiles),
      composeCommand,
      waitTimeoutSeconds:
        typeof params.waitTimeoutSeconds === "number" ? params.waitTimeoutSeconds : undefined,
      prune: params.prune === true,
      followLogs: params.followLogs !== false,
      confirmed: params.confirmed === true,
      locale,
    },
  );
  if (!bundle.ok) return { ok: false, error: bundle.error };
  return {
    ok: true,
    plan: bundle.json,
    text: bundle.text,
    composeCommand,
    script: bundle.script,
    reset: bundle.reset,
    resetScript: bundle.resetScript,
    checks: bundle.checks.map(({ kind, label, note }) => ({ kind, label, note })),
    checkScript: bundle.checkScript,
  };
}
