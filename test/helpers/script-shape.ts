/**
 * Two renderings of one generated script in two locales must run the same commands: the same
 * lines, where a line that differs differs only inside its quoted strings (what echo/printf
 * print, a wait reason assigned to a variable, a check's label) or in a `${N:-default}` word,
 * or is a comment.
 */
const SINGLE = /'(?:[^']|'\\'')*'/g;
const DOUBLE = /"(?:[^"\\]|\\.)*"/g;
const DEFAULT = /\$\{(\w+):-[^}]*\}/g;

/** A line with its printed words masked. */
export function shape(line: string): string {
  return line.replace(SINGLE, "S").replace(DOUBLE, "S").replace(DEFAULT, "${$1:-D}");
}

/** The lines of `b` that differ from `a` other than in printed words (empty: the same commands). */
export function commandDifferences(a: string, b: string): string[] {
  const la = a.split("\n");
  const lb = b.split("\n");
  if (la.length !== lb.length) return [`line count ${la.length} vs ${lb.length}`];
  const out: string[] = [];
  la.forEach((x, i) => {
    const y = lb[i];
    if (x === y || (x.trimStart().startsWith("#") && y.trimStart().startsWith("#"))) return;
    if (shape(x) !== shape(y)) out.push(`${i + 1}: ${x}\n   ${y}`);
  });
  return out;
}

/** How many lines differ at all (the Korean rendering must differ somewhere). */
export function changedLines(a: string, b: string): number {
  const lb = b.split("\n");
  return a.split("\n").filter((x, i) => x !== lb[i]).length;
}

export const HANGUL = /[\uac00-\ud7a3]/;
