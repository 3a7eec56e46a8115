/**
 * Suppression comments:
 *   # mlops-compose-disable-next-line [rule-id, ...]   the next line (all rules when no id)
 *   # mlops-compose-disable-file [rule-id, ...]        the whole file
 */
export interface Suppressions {
  /** Rule ids disabled for the whole file; "*" means all. */
  file: Set<string>;
  /** 0-based line number -> rule ids disabled on it ("*" for all). */
  lines: Map<number, Set<string>>;
}

const DIRECTIVE = /#\s*mlops-compose-disable-(next-line|file)\b([^\r\n]*)/g;

export function readSuppressions(text: string): Suppressions {
  const out: Suppressions = { file: new Set(), lines: new Map() };
  if (!text.includes("mlops-compose-disable")) return out;
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    // Everything after the ids (" -- reason") is a comment for humans.
    const ids = m[2]
      .split("--")[0]
      .split(/[\s,]+/)
      .filter(Boolean);
    const set = ids.length ? ids : ["*"];
    if (m[1] === "file") for (const id of set) out.file.add(id);
    else {
      const line = countLines(text, m.index) + 1;
      const existing = out.lines.get(line) ?? new Set<string>();
      for (const id of set) existing.add(id);
      out.lines.set(line, existing);
    }
  }
  return out;
}

function countLines(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export function isSuppressed(s: Suppressions, rule: string, line: number): boolean {
  if (s.file.has("*") || s.file.has(rule)) return true;
  const l = s.lines.get(line);
  return !!l && (l.has("*") || l.has(rule));
}
