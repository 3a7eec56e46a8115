/** The registry of rules, in the order their findings are listed. Add new rules here. */
import { obsoleteVersion } from "./obsolete-version";
import type { Rule } from "./types";

export const RULES: readonly Rule[] = [obsoleteVersion];

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
