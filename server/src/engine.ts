/**
 * The one analysis entry point shared by the language server, the CLI and the tests:
 * text -> model -> rules -> findings with their configured severity, suppressions applied.
 */
import { type BuildOptions, buildModel } from "./model/build";
import type { ComposeModel } from "./model/types";
import { RULES } from "./rules";
import { SCHEMA_RULE_IDS } from "./rules/compose-schema";
import { isSuppressed, readSuppressions } from "./rules/suppress";
import type { Finding, Rule, Severity, SeveritySetting } from "./rules/types";

export interface LintConfig {
  /** Per-rule severity overrides; "off" disables the rule. */
  rules?: Record<string, SeveritySetting | undefined>;
  /** Compose-spec schema validation (built elsewhere); carried from settings and the config file. */
  schema?: { enable?: boolean };
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
  rules: readonly Rule[] = RULES,
): LintResult {
  const model = buildModel(text, options);
  return { model, findings: lintModel(model, config, rules) };
}

export function lintModel(
  model: ComposeModel,
  config: LintConfig = {},
  rules: readonly Rule[] = RULES,
): LintFinding[] {
  const suppressions = readSuppressions(model.text);
  // Lines are only needed to match suppression comments: skip the scan when there are none.
  const anySuppression = suppressions.file.size > 0 || suppressions.lines.size > 0;
  const lineOf = anySuppression ? lineLookup(model.text) : () => -1;
  const out: LintFinding[] = [];
  const syntaxSetting = config.rules?.[SYNTAX_RULE];
  if (syntaxSetting !== "off") {
    for (const p of model.problems) {
      out.push({
        rule: SYNTAX_RULE,
        message: p.message,
        span: p.span,
        severity: syntaxSetting ?? p.severity,
      });
    }
  }
  const schemaOff = config.schema?.enable === false;
  for (const rule of rules) {
    const setting = config.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (setting === "off") continue;
    // The schema switch (for users of Red Hat YAML with the compose schema: no duplicate squiggles).
    if (schemaOff && (SCHEMA_RULE_IDS as readonly string[]).includes(rule.meta.id)) continue;
    let findings: Finding[];
    try {
      findings = rule.check(model);
    } catch (err) {
      // A bug in one rule must not take the others (or the server) down: report it where it can be seen.
      out.push({
        rule: rule.meta.id,
        message: `Internal error in rule ${rule.meta.id}: ${(err as Error).message}. Please report it.`,
        span: { start: 0, end: 0 },
        severity: "info",
      });
      continue;
    }
    for (const f of findings) {
      if (isSuppressed(suppressions, f.rule, lineOf(f.span.start))) continue;
      out.push({ ...f, severity: setting });
    }
  }
  return out;
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
