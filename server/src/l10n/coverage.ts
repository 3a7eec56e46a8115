/**
 * What has no Korean yet, said out loud so that a branch adding a rule can merge before its
 * Korean exists: `server/src/l10n/l10n.test.ts` fails when a rule lacks Korean and is not
 * listed here (and when one listed here has Korean after all). Add a new rule's id here,
 * or better, its entry in `ko/rules.ts` and its page in `docs/rules/ko/`.
 */

/** Rules with no Korean entry at all (title, messages, docs page): their output stays English. */
export const NOT_YET_TRANSLATED: readonly string[] = [];

/**
 * Rules with a Korean title but English messages: compose-schema and deprecated-key report
 * what the Compose JSON schema validator says about each key (hundreds of variants).
 */
export const MESSAGES_NOT_YET_TRANSLATED: readonly string[] = ["compose-schema", "deprecated-key"];
