/**
 * Rules in other languages: each rule's translation sits in `ko/rules.ts`, keyed by the
 * rule's id, built from the same state the rule's English diagnostic is built from (so the
 * English in the rule file stays where it is, and rewording it never breaks the Korean).
 * The engine asks `localizeDiagnostic` / `localizeFixes` / `localizeFinding` after each rule;
 * a rule with no translation (a new one, listed in NOT_YET_TRANSLATED) stays English.
 */
import type { ComposeModel } from "../model/types";
import type { AnyRule, Finding, Fix, Rule, RuleContext, RuleDiagnostic } from "../rules/types";
import type { Locale } from "./locale";

/** The Korean of one finding: message (one short sentence), detail, related messages in order. */
export interface Translated {
  message: string;
  detail?: string;
  /** One per related entry of the English diagnostic, in the same order. */
  related?: readonly string[];
}

export interface RuleTranslation<State> {
  /** The rule's title (settings, SARIF's Korean text, docs). */
  title: string;
  diagnostic?: (ctx: RuleContext, state: State, en: RuleDiagnostic) => Translated;
  /** A fix's title (`en` is the English one, `index` its place in the rule's list). */
  fix?: (ctx: RuleContext, state: State, en: Fix, index: number) => string;
}

/**
 * From the English finding itself (its message, detail and related texts): for yaml-syntax and
 * for rules whose English is composed from texts the state does not keep (a Compose error).
 */
export interface FindingTranslation {
  title: string;
  finding?: (finding: Finding, model: ComposeModel) => Translated | undefined;
  fix?: (finding: Finding, en: Fix, index: number) => string | undefined;
}

type AnyTranslation = RuleTranslation<unknown> | FindingTranslation;

const KO = new Map<string, AnyTranslation>();

/** Registers the Korean of a rule; `State` comes from the rule, so the translation is type-checked against it. */
export function translateRule<State>(rule: Rule<State>, t: RuleTranslation<State>): void {
  KO.set(rule.meta.id, t as RuleTranslation<unknown>);
}

export function translateFindingRule(rule: { meta: { id: string } }, t: FindingTranslation): void {
  KO.set(rule.meta.id, t);
}

/** The translation of a rule id in a locale (undefined for English or none). */
export function translationOf(locale: Locale | undefined, id: string): AnyTranslation | undefined {
  return locale === "ko" ? KO.get(id) : undefined;
}

/** Rule ids with a Korean title (for the completeness test). */
export function translatedRuleIds(): string[] {
  return [...KO.keys()];
}

/** The rule's title in the locale. */
export function ruleTitle(
  locale: Locale | undefined,
  rule: AnyRule | { meta: { id: string; title: string } },
): string {
  return translationOf(locale, rule.meta.id)?.title ?? rule.meta.title;
}

function merge<D extends { message: string; detail?: string; related?: { message: string }[] }>(
  en: D,
  ko: Translated | undefined,
): D {
  if (!ko) return en;
  return {
    ...en,
    message: ko.message,
    detail: ko.detail,
    related: en.related?.map((r, i) => ({ ...r, message: ko.related?.[i] ?? r.message })),
  };
}

/** The diagnostic in the locale; English when there is no translation (or it fails). */
export function localizeDiagnostic<State>(
  locale: Locale | undefined,
  rule: Rule<State>,
  ctx: RuleContext,
  state: State,
  en: RuleDiagnostic,
): RuleDiagnostic {
  const t = translationOf(locale, rule.meta.id);
  if (!t) return en;
  try {
    const fromState = (t as RuleTranslation<State>).diagnostic;
    if (fromState) return merge(en, fromState(ctx, state, en));
    const fromText = (t as FindingTranslation).finding;
    return fromText ? merge(en, fromText(asFinding(rule, en), ctx.model)) : en;
  } catch {
    return en;
  }
}

/** The English diagnostic as a finding, for translations that read the English text. */
function asFinding(rule: { meta: { id: string } }, en: RuleDiagnostic): Finding {
  return { ...en, rule: rule.meta.id };
}

export function localizeFixes<State>(
  locale: Locale | undefined,
  rule: Rule<State>,
  ctx: RuleContext,
  state: State,
  fixes: Fix[],
): Fix[] {
  const t = translationOf(locale, rule.meta.id);
  if (!t?.fix) return fixes;
  if ("finding" in t || !("diagnostic" in t)) {
    // A translation that reads the English text: its fixes are named from the English finding.
    const fix = (t as FindingTranslation).fix!;
    const finding = asFinding(rule, rule.diagnostic(ctx, state));
    return fixes.map((f, i) => {
      try {
        return { ...f, title: fix(finding, f, i) ?? f.title };
      } catch {
        return f;
      }
    });
  }
  const fix = (t as RuleTranslation<State>).fix!;
  return fixes.map((f, i) => {
    try {
      return { ...f, title: fix(ctx, state, f, i) };
    } catch {
      return f;
    }
  });
}

/** A finding of a rule in the earlier shape (or yaml-syntax), in the locale. */
export function localizeFinding<F extends Finding>(locale: Locale | undefined, f: F, model: ComposeModel): F {
  const t = translationOf(locale, f.rule) as FindingTranslation | undefined;
  if (!t || !("finding" in t || "fix" in t)) return f;
  let out = f;
  try {
    if (t.finding) out = merge(f, t.finding(f, model));
    if (t.fix && f.fixes) {
      const fix = t.fix;
      out = { ...out, fixes: f.fixes.map((x, i) => ({ ...x, title: fix(f, x, i) ?? x.title })) };
    }
  } catch {
    return f;
  }
  return out;
}
