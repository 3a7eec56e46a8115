/** Writing small pieces of YAML text: scalars quoted only when they must be, blocks of lines. */

/** A scalar written plain when that is unambiguous, else double-quoted (JSON strings are valid YAML). */
export function yamlScalar(value: string): string {
  const plainSafe =
    /^[A-Za-z0-9_./@%+=-][A-Za-z0-9_./@%+=:~${}-]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value) &&
    !/^[-+]?(\d|\.\d)/.test(value) &&
    !value.includes(": ") &&
    !value.endsWith(":");
  return plainSafe ? value : JSON.stringify(value);
}

/** A flow sequence of strings: ["CMD-SHELL", "pg_isready ..."]. */
export function flowStrings(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

/**
 * A tree of lines: strings are lines, arrays are nested one indentation step deeper.
 * `renderLines(["a:", ["b: 1"]], 4, 2)` gives ["    a:", "      b: 1"].
 */
export type LineTree = Array<string | LineTree>;

export function renderLines(tree: LineTree, indent: number, unit: number): string[] {
  const out: string[] = [];
  for (const item of tree) {
    if (typeof item === "string") out.push(" ".repeat(indent) + item);
    else out.push(...renderLines(item, indent + unit, unit));
  }
  return out;
}
