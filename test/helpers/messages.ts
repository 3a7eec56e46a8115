/**
 * Measuring diagnostics as the Problems panel shows them: the first sentence of a message
 * is what must say what is wrong and what fails (issue 19: ≤ 120 characters). For the
 * tests that hold rules to it; the rules' messages themselves live in the rule files.
 */

/** The Problems panel's budget for a message's first sentence. */
export const FIRST_SENTENCE_MAX = 120;

const ABBREVIATIONS = ["e.g.", "i.e.", "etc.", "vs.", "cf."];

/**
 * The message up to the end of its first sentence: a `.`, `!` or `?` followed by a space or
 * the end, outside `code`, "quotes" and (parentheses), and not an abbreviation (e.g.) or a
 * dot inside a word or number (3.8, docker-compose.yml).
 */
export function firstSentence(message: string): string {
  let code = false;
  let quote = false;
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const ch = message[i];
    if (ch === "`") code = !code;
    else if (code) continue;
    else if (ch === '"') quote = !quote;
    else if (quote) continue;
    else if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === "." || ch === "!" || ch === "?")) {
      const next = message[i + 1];
      if (next !== undefined && !/\s/.test(next)) continue;
      const head = message.slice(0, i + 1);
      if (ABBREVIATIONS.some((a) => head.toLowerCase().endsWith(` ${a}`) || head.toLowerCase() === a))
        continue;
      return head;
    }
  }
  return message;
}

/** A finding's message as it must be: one sentence of at most FIRST_SENTENCE_MAX characters. */
export function isShortMessage(message: string): boolean {
  return [...message].length <= FIRST_SENTENCE_MAX && firstSentence(message) === message;
}

export interface MessageMeasure {
  rule: string;
  length: number;
  sentence: string;
}

/** Every finding's first sentence with its length, longest first. */
export function measureFirstSentences(findings: { rule: string; message: string }[]): MessageMeasure[] {
  return findings
    .map((f) => {
      const sentence = firstSentence(f.message);
      return { rule: f.rule, length: [...sentence].length, sentence };
    })
    .sort((a, b) => b.length - a.length);
}
