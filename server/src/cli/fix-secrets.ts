/**
 * `lint --fix-secrets`: the "Move secrets to .env" fix of `plaintext-secret`, applied to a
 * file on disk. It is not part of `--fix` because it writes a file that holds secrets: the
 * user asks for it by name. Every secret that can be moved is, in one go; what is written
 * is reported by variable name only (never a value); `.env` keeps its lines (the new ones
 * are appended), `.env.example` gets the names, `.gitignore` gets `.env` in a git work tree.
 * The compose file is written last, so a failure before it leaves the file as it was (and
 * `.env` holding one more variable, harmless).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { applyEdits } from "../edits/text";
import { analyze, type LintConfig } from "../engine";
import type { BuildOptions } from "../model/build";
import { parseDotEnv } from "../parse/interpolate";
import { MOVE_SECRETS_TITLE } from "../rules/plaintext-secret";
import type { Fix } from "../rules/types";

export interface MovedSecrets {
  /** The compose file's new text (unchanged when nothing moved). */
  text: string;
  /** The variables written to `.env`, by name. */
  names: string[];
  /** The other files written, relative to the compose file's folder. */
  files: string[];
  /** Literal secrets left in the file (no fix could move them). */
  left: number;
  /** The variables for analysing the new text (the new `.env`). */
  variables: ReadonlyMap<string, string>;
}

/** The fix moving every movable secret: the same on every finding that offers it. */
function moveAllFix(text: string, options: BuildOptions, lint: LintConfig): { fix?: Fix; count: number } {
  // In English whatever the locale: the fix is found by its English title.
  const findings = analyze(text, options, {
    ...lint,
    locale: undefined,
    rules: { ...lint.rules, "plaintext-secret": "info" },
  }).findings.filter((f) => f.rule === "plaintext-secret");
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.title === MOVE_SECRETS_TITLE);
    if (fix) return { fix, count: findings.length };
  }
  return { count: findings.length };
}

/** Moves the file's secrets to its `.env`. Throws a file system error for the caller to report. */
export function moveSecrets(
  path: string,
  text: string,
  options: BuildOptions,
  lint: LintConfig,
): MovedSecrets {
  const { fix, count } = moveAllFix(text, options, lint);
  const variables = options.variables ?? new Map<string, string>();
  if (!fix) return { text, names: [], files: [], left: count, variables };
  const dir = dirname(path);
  const files: string[] = [];
  const names: string[] = [];
  let envText: string | undefined;
  for (const f of fix.fileEdits ?? []) {
    const file = join(dir, f.path);
    const exists = existsSync(file);
    // The fix was computed from what was there: a file that appeared since is not clobbered.
    if (f.create && exists)
      throw Object.assign(new Error(`${f.path} appeared while fixing`), { code: "EEXIST" });
    const before = exists ? readFileSync(file, "utf8") : "";
    const after = applyEdits(before, f.edits);
    writeFileSync(file, after, f.kind === "env" ? { mode: 0o600 } : {});
    files.push(f.path);
    if (f.kind === "env") {
      envText = after;
      const added = parseDotEnv(
        applyEdits(
          "",
          f.edits.map((e) => ({ ...e, start: 0, end: 0 })),
        ),
      );
      names.push(...added.keys());
    }
  }
  const fixed = applyEdits(text, fix.edits);
  writeFileSync(path, fixed);
  const newVars = envText !== undefined ? parseDotEnv(envText) : variables;
  const left = moveAllFix(fixed, { ...options, variables: newVars }, lint).count;
  return { text: fixed, names, files, left, variables: newVars };
}
