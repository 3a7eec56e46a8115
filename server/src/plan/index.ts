/**
 * One entry point for the CLI and the language server: compose text in, the plan (as data, JSON
 * and text) and the three scripts (staged start, full reset, connection tests) out.
 */
import type { Locale } from "../l10n/locale";
import { type BuildOptions, buildModel } from "../model/build";
import type { ComposeModel } from "../model/types";
import { attachProject } from "../project/context";
import { mergedComposeText } from "../project/merged-text";
import { type ConnectionCheck, connectionChecks, renderCheckScript } from "./checks";
import { planMessages as m } from "./messages";
import {
  buildPlan,
  type Plan,
  type PlanError,
  type PlanNote,
  type SkippedService,
  type WaitKind,
} from "./plan";
import { type ResetInfo, type ResetOptions, renderResetScript, resetInfo } from "./reset";
import { composePrefix, renderStagedScript, type ScriptOptions, stageCommands } from "./script";

export interface PlanJson {
  file: string;
  projectDirectory: string;
  profiles: string[];
  stages: { name: string; services: string[]; wait: WaitKind; commands: string[] }[];
  skipped: SkippedService[];
  /** What the plan added (an order the file does not state) or found missing; the text output prints them too. */
  notes: PlanNote[];
}

export function planToJson(plan: Plan, options: ScriptOptions = {}): PlanJson {
  return {
    file: plan.file,
    projectDirectory: plan.projectDirectory,
    profiles: plan.profiles,
    stages: plan.stages.map((st) => ({
      name: st.name,
      services: st.services.map((s) => s.name),
      wait: st.wait,
      commands: stageCommands(plan, st, options.composeCommand),
    })),
    skipped: plan.skipped,
    notes: plan.notes,
  };
}

const WAIT_TEXT: Record<WaitKind, (l: Locale) => string> = {
  healthy: m.waitHealthy,
  completed: m.waitCompleted,
  started: m.waitStarted,
};

export function planToText(plan: Plan, options: ScriptOptions = {}): string {
  const l = options.locale ?? "en";
  const n = plan.stages.length;
  const out = [m.header(l, { file: plan.file, n })];
  if (plan.profiles.length > 0) out.push(m.activeProfiles(l, { list: plan.profiles.join(", ") }));
  for (const note of plan.notes) out.push(m.note(l, { message: note.message }));
  plan.stages.forEach((st, i) => {
    out.push(
      "",
      `[${i + 1}/${n}] ${m.stageName(l, { name: st.name })}: ${st.services.map((s) => s.name).join(", ")}`,
    );
    out.push(`      ${WAIT_TEXT[st.wait](l)}`);
    for (const s of st.services) {
      if (s.oneShotReason)
        out.push(`      ${m.oneShotLine(l, { service: s.name, reason: s.oneShotReason })}`);
      if (s.pgReady) out.push(`      ${m.pgReadyLine(l, { service: s.name })}`);
      if (s.s3Store) out.push(`      ${m.s3Line(l, { service: s.name, kind: s.s3Store })}`);
      if (s.httpReady)
        out.push(
          `      ${m.httpReadyLine(l, { service: s.name, url: s.httpReady.url, label: s.httpReady.label })}`,
        );
    }
    for (const c of stageCommands(plan, st, options.composeCommand)) out.push(`      $ ${c}`);
  });
  if (plan.skipped.length > 0) {
    out.push("", m.notStarted(l));
    for (const s of plan.skipped) out.push(`  ${s.service}: ${s.reason}`);
  }
  return out.join("\n");
}

export interface PlanBundleOptions extends ResetOptions {
  /**
   * The language of the text, the notes and what the scripts print (ResetOptions has it by way
   * of ScriptOptions; named here for the callers): English by default. The commands, the JSON's
   * keys and the stage names are the same in every locale.
   */
  locale?: Locale;
  profiles?: readonly string[];
  projectName?: string;
  projectDirectory?: string;
}

export type PlanBundle =
  | {
      ok: true;
      model: ComposeModel;
      plan: Plan;
      json: PlanJson;
      text: string;
      script: string;
      reset: ResetInfo;
      resetScript: string;
      checks: ConnectionCheck[];
      checkScript: string;
      /** The compose prefix the JSON commands use. */
      compose: string;
    }
  | { ok: false; model: ComposeModel; error: PlanError };

/**
 * The model to plan: for a file with others in its project (an override file, includes,
 * extends, env files), the merged project as Compose will run it, and the files to pass
 * with `-f`; else the file itself.
 */
function modelToPlan(text: string, build: BuildOptions): { model: ComposeModel; files?: string[] } {
  const own = buildModel(text, build);
  if (build.project === false || !build.path || own.problems.some((p) => p.severity === "error"))
    return { model: own };
  const project = attachProject(own, build.project);
  // A project Compose refuses is planned as its file alone (the plan's own checks then speak).
  if (!project || project.problems.some((p) => p.severity === "error")) return { model: own };
  const model = buildModel(mergedComposeText(project), { path: build.path, project: false });
  return { model, files: project.files };
}

export function planFromText(text: string, build: BuildOptions, options: PlanBundleOptions = {}): PlanBundle {
  const { model, files } = modelToPlan(text, build);
  const result = buildPlan(model, {
    file: files?.[0] ?? build.path,
    overrides: files?.slice(1),
    envFiles: build.project ? build.project.envFiles : undefined,
    profiles: options.profiles,
    projectName: options.projectName,
    projectDirectory: options.projectDirectory,
    locale: options.locale,
  });
  if (!result.ok) return { ok: false, model, error: result.error };
  const plan = result.plan;
  const reset = resetInfo(model, plan);
  const checks = connectionChecks(model, plan, options.locale);
  return {
    ok: true,
    model,
    plan,
    json: planToJson(plan, options),
    text: planToText(plan, options),
    script: renderStagedScript(plan, options),
    reset,
    resetScript: renderResetScript(plan, reset, options),
    checks,
    checkScript: renderCheckScript(plan, checks, options),
    compose: composePrefix(plan, options.composeCommand),
  };
}

export type { Plan, PlanError, PlanNote, PlanResult, Stage } from "./plan";
export { buildPlan } from "./plan";
