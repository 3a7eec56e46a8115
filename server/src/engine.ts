/**
 * The one analysis entry point shared by the language server, the CLI and the tests:
 * text -> model -> rules -> findings with their configured severity, suppressions applied.
 */
import "./l10n/ko/rules";
import type { Locale } from "./l10n/locale";
import { localizeDiagnostic, localizeFinding, localizeFixes } from "./l10n/rules";
import { internalErrorMessage } from "./l10n/ui";
import { type BuildOptions, buildModel } from "./model/build";
import { addEnvFileVariables } from "./model/env-files";
import { factsOf } from "./model/facts";
import type { ComposeModel } from "./model/types";
import type { Span } from "./parse/url";
import { placeFix, placeSpan } from "./placement";
import { attachProject } from "./project/context";
import { RULES } from "./rules";
import { SCHEMA_RULE_IDS } from "./rules/compose-schema";
import { splitMessage } from "./rules/phrases";
import { isSuppressed, readSuppressions } from "./rules/suppress";
import type {
  AnyRule,
  Finding,
  Fix,
  Related,
  Rule,
  RuleContext,
  RuleDiagnostic,
  Severity,
  SeveritySetting,
} from "./rules/types";
import { effectiveSeverity } from "./rules/types";

export interface LintConfig {
  /** Per-rule severity overrides; "off" disables the rule. */
  rules?: Record<string, SeveritySetting | undefined>;
  /** Compose-spec schema validation; carried from settings and the config file. */
  schema?: { enable?: boolean };
  /** The language of messages and fix titles (English when absent); rule ids stay as they are. */
  locale?: Locale;
}

export interface LintFinding extends Finding {
  severity: Severity;
}

export interface LintResult {
  model: ComposeModel;
  findings: LintFinding[];
}

/** The id under which YAML syntax problems are reported. */
export const SYNTAX_RULE = "yaml-syntax";

export function analyze(
  text: string,
  options: BuildOptions = {},
  config: LintConfig = {},
  rules: readonly AnyRule[] = RULES,
): LintResult {
  const model = buildModel(text, options);
  if (options.project !== false && model.path) {
    const project = attachProject(model, options.project);
    if (project) addEnvFileVariables(model, project, options.cache);
  }
  return { model, findings: lintModel(model, config, rules) };
}

export function lintModel(
  model: ComposeModel,
  config: LintConfig = {},
  rules: readonly AnyRule[] = RULES,
): LintFinding[] {
  const suppressions = readSuppressions(model.text);
  // Lines are only needed to match suppression comments: skip the scan when there are none.
  const anySuppression = suppressions.file.size > 0 || suppressions.lines.size > 0;
  const lineOf = anySuppression ? lineLookup(model.text) : () => -1;
  const out: LintFinding[] = [];
  const syntaxSetting = config.rules?.[SYNTAX_RULE];
  if (syntaxSetting !== "off") {
    for (const p of model.problems) {
      out.push(
        localizeFinding(
          config.locale,
          {
            rule: SYNTAX_RULE,
            ...splitMessage(p.message),
            span: p.span,
            severity: syntaxSetting ?? p.severity,
          },
          model,
        ),
      );
    }
  }
  let ctx: RuleContext | undefined;
  const schemaOff = config.schema?.enable === false;
  for (const rule of rules) {
    const setting = config.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (setting === "off") continue;
    // The schema switch (for users of Red Hat YAML with the compose schema: no duplicate squiggles).
    if (schemaOff && (SCHEMA_RULE_IDS as readonly string[]).includes(rule.meta.id)) continue;
    const found: LintFinding[] = [];
    try {
      ctx ??= ruleContext(model);
      for (const state of rule.run(ctx)) {
        const en = rule.diagnostic(ctx, state);
        // (A finding in an env file has no suppression comments of the compose file's.)
        const inCompose = en.span.start <= model.text.length;
        if (inCompose && isSuppressed(suppressions, rule.meta.id, lineOf(en.span.start))) continue;
        const d = localizeDiagnostic(config.locale, rule, ctx, state, en);
        found.push(
          new RuleFinding(rule, ctx, state, d, effectiveSeverity(setting, d.severity), config.locale),
        );
      }
    } catch (err) {
      // A bug in one rule must not take the others (or the server) down: report it where it can be seen.
      out.push(internalError(rule.meta.id, err, config.locale));
      continue;
    }
    for (const f of found) out.push(f);
  }
  return out;
}

function ruleContext(model: ComposeModel): RuleContext {
  const shared = new Map<string, unknown>();
  return {
    model,
    facts: factsOf(model),
    once<T>(key: string, compute: () => T): T {
      if (!shared.has(key)) shared.set(key, compute());
      return shared.get(key) as T;
    },
  };
}

function internalError(id: string, err: unknown, locale: Locale | undefined): LintFinding {
  return {
    rule: id,
    message: internalErrorMessage(locale ?? "en", { id, error: (err as Error).message }),
    span: { start: 0, end: 0 },
    severity: "info",
  };
}

/**
 * A finding whose fixes are computed the first time they are read (a code action, `--fix`,
 * JSON, SARIF), not for every finding of every keystroke. The model is immutable, so they
 * come out the same whenever they are read. Its own fields are plain data (spread and
 * compare like any finding); `fixes` is a getter, included by toJSON.
 */
class RuleFinding<State> implements LintFinding {
  readonly rule: string;
  readonly message: string;
  readonly detail: string | undefined;
  readonly file: string | undefined;
  readonly span: Span;
  readonly related: Related[] | undefined;
  #fixes: Fix[] | undefined;
  readonly #rule: Rule<State>;
  readonly #ctx: RuleContext;
  readonly #state: State;
  readonly #locale: Locale | undefined;

  constructor(
    rule: Rule<State>,
    ctx: RuleContext,
    state: State,
    d: RuleDiagnostic,
    readonly severity: Severity,
    locale?: Locale,
  ) {
    this.rule = rule.meta.id;
    this.message = d.message;
    this.detail = d.detail;
    // Characters in an env file are reported there (model/env-files.ts, placement.ts).
    const placed = placeSpan(ctx.model, d.span);
    this.file = placed.file;
    this.span = placed.span;
    this.related = ctx.model.external
      ? d.related?.map((r) => {
          const at = placeSpan(ctx.model, r.span);
          return at.file ? { ...r, file: at.file, span: at.span } : r;
        })
      : d.related;
    this.#rule = rule;
    this.#ctx = ctx;
    this.#state = state;
    this.#locale = locale;
  }

  get fixes(): Fix[] | undefined {
    if (this.#fixes === undefined) {
      try {
        const fixes = this.#rule.fixes?.(this.#ctx, this.#state) ?? [];
        const model = this.#ctx.model;
        const placed = model.external ? fixes.flatMap((f) => placeFix(model, f) ?? []) : fixes;
        this.#fixes = localizeFixes(this.#locale, this.#rule, this.#ctx, this.#state, placed);
      } catch {
        // A fix that cannot be built is not offered; the finding stays.
        this.#fixes = [];
      }
    }
    return this.#fixes;
  }

  toJSON(): LintFinding {
    return { ...this, fixes: this.fixes };
  }
}

/** A fast offset -> 0-based line lookup (binary search over line starts). */
export function lineLookup(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
