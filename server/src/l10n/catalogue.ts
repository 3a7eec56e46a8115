/**
 * Message catalogues. Two kinds, both keyed by id, never by the English text (which other
 * changes reword freely):
 *   - `defineMessages(scope, {...})`: strings of the CLI and the server themselves, English
 *     and Korean beside each other, each a function of its typed placeholders;
 *   - `translateRule(rule, {...})` (in `ko/rules.ts`): a rule's Korean title, and its Korean
 *     message/detail/related/fix titles built from the same state the rule's English is
 *     built from. The English stays in the rule file, untouched; the engine asks the
 *     catalogue after the rule (see `localizeDiagnostic`).
 * Why not `@vscode/l10n` (the library VS Code offers extension subprocesses): it keys a
 * message by its English text with `{0}` placeholders and one global bundle; our messages
 * are built from conditions and lists (Korean lists and particles differ from English
 * ones), the rule ids are the stable keys, and the CLI runs without VS Code to hand it a
 * bundle. The client does use `vscode.l10n` (see client/src/).
 */
import type { Locale } from "./locale";

/** A message: a function of its placeholders (no placeholders: of nothing). */
// biome-ignore lint/suspicious/noExplicitAny: the placeholders of each message are typed where it is defined.
type MessageFn = (args: any) => string;

export interface MessageDef<F extends MessageFn = MessageFn> {
  en: F;
  ko: F;
}

export type Messages<M extends Record<string, MessageDef>> = {
  [K in keyof M]: (locale: Locale, ...args: Parameters<M[K]["en"]>) => string;
};

/** Every catalogue defined, by scope, for the completeness tests. */
export const CATALOGUES = new Map<string, Record<string, MessageDef>>();

/** A catalogue of one scope: `m.key(locale, args)` gives the text in that locale. */
export function defineMessages<M extends Record<string, MessageDef>>(
  scope: string,
  messages: M,
): Messages<M> {
  CATALOGUES.set(scope, messages);
  const out = {} as Record<string, (locale: Locale, args?: unknown) => string>;
  for (const [key, def] of Object.entries(messages))
    out[key] = (locale, args) => (locale === "ko" ? def.ko(args) : def.en(args));
  return out as Messages<M>;
}
