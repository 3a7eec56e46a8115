/**
 * The contract every rule follows, in the shape of Biome's `declare_lint_rule!`: a rule is
 * one file in this folder exporting `defineRule({ meta, run, diagnostic, fixes })`:
 *   - `meta`: what it is (id, title, default severity, fixable, tags);
 *   - `run(ctx)`: the problems, one *state* each (whatever the other two steps need), found
 *     by asking the model's facts (`ctx.facts`), never by caching or re-reading YAML;
 *   - `diagnostic(ctx, state)`: where it sits, the message (a short first sentence and an
 *     optional detail) and related places;
 *   - `fixes(ctx, state)`: the fixes, built from `server/src/edits/`; computed only when
 *     asked for (a code action, `--fix`, JSON, SARIF), not on every keystroke.
 * See CONTRIBUTING.md.
 */
import type { FileEdit, TextEdit } from "../edits/types";
import type { Facts } from "../model/facts";
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";

export type { FileEdit, TextEdit };

export type Severity = "error" | "warning" | "info" | "hint";
export type SeveritySetting = Severity | "off";

export const DOCS_BASE = "https://github.com/mlops-compose-doctor/mlops-compose-doctor/blob/main/docs/rules/";

export interface RuleMeta {
  /** kebab-case, stable: used in settings, suppression comments, SARIF and the docs file name. */
  id: string;
  /** One line, for SARIF and the docs page title. */
  title: string;
  defaultSeverity: Severity;
  /** True when at least one finding can carry a fix. */
  fixable: boolean;
  /**
   * For security rules: the score GitHub code scanning ranks a SARIF result by (0.1-10:
   * 9+ critical, 7+ high, 4+ medium, else low), written as the rule's `security-severity`.
   */
  securitySeverity?: number;
  /** LSP diagnostic tags: "unnecessary" fades the text, "deprecated" strikes it through. */
  tags?: Array<"unnecessary" | "deprecated">;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without review: shown as the preferred quick fix and applied by `--fix`. */
  preferred: boolean;
  /**
   * Edits to other files of the project (the `.env` a secret moves to). A fix with file edits
   * is never preferred: plain `--fix` and "fix all" leave it alone (`lint --fix-secrets`
   * applies the secrets fix); an editor applies it as one workspace edit.
   */
  fileEdits?: FileEdit[];
}

export interface Related {
  span: Span;
  message: string;
  /** The env file `span` is in (absolute path), when it is not the compose file. */
  file?: string;
}

/** What a rule says about one problem. */
export interface RuleDiagnostic {
  /** The exact characters that are wrong. */
  span: Span;
  /**
   * What is wrong: one sentence of at most 120 characters (what the Problems panel shows;
   * `fitting` in phrases.ts picks the longest phrasing that fits), the rest in `detail`.
   * test/unit/messages.test.ts and every rule test hold each finding to it.
   */
  message: string;
  /** The longer explanation (the error users see, why, what to do), shown below the message. */
  detail?: string;
  related?: Related[];
  /**
   * This finding's severity when it is lower than the rule's (see "Severity policy" in
   * CONTRIBUTING.md): `info` when whether it breaks depends on the client. A severity the user
   * configures for the rule replaces the default, never raises a lowered finding above it.
   */
  severity?: Severity;
}

/** Severities from the surest to break to advice. */
export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info", "hint"];

/** The finding's severity: the configured (or default) one, or the finding's own when it is lower. */
export function effectiveSeverity(configured: Severity, own: Severity | undefined): Severity {
  if (!own) return configured;
  return SEVERITY_ORDER.indexOf(own) > SEVERITY_ORDER.indexOf(configured) ? own : configured;
}

/** What a rule reads: the model, and the facts derived from it once per model or per service. */
export interface RuleContext {
  model: ComposeModel;
  facts: Facts;
  /**
   * What several findings' fixes share (every secret's move for "Move secrets to .env"),
   * computed once per analysis: the engine keeps it, by `key`, for this model only.
   */
  once<T>(key: string, compute: () => T): T;
}

export interface Rule<State = unknown> {
  meta: RuleMeta;
  /** One state per finding, found from the model's facts. */
  run(ctx: RuleContext): readonly State[];
  diagnostic(ctx: RuleContext, state: State): RuleDiagnostic;
  /** The fixes of one finding, best first; absent when the rule never fixes. */
  fixes?(ctx: RuleContext, state: State): Fix[];
}

/** What the registry holds (methods are bivariant in their parameters, so any state fits). */
export type AnyRule = Rule<unknown>;

/** Declares a rule; only gives `State` its type across the three steps. */
export function defineRule<State>(rule: Rule<State>): Rule<State> {
  return rule;
}

/** A finding as the engine hands it out: the rule's diagnostic with its rule id and fixes. */
export interface Finding {
  rule: string;
  message: string;
  detail?: string;
  /** The env file the finding is in (absolute path), when it is not in the compose file (placement.ts). */
  file?: string;
  span: Span;
  related?: Related[];
  fixes?: Fix[];
}

/** The message with its detail, for outputs that show one text. */
export function fullMessage(f: { message: string; detail?: string }): string {
  return f.detail ? `${f.message} ${f.detail}` : f.message;
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
