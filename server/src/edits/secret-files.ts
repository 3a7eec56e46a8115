/**
 * The project files of the "Move secrets to .env" fix: the variable appended to `.env`
 * (created if absent, every existing line kept), its name with an empty value in
 * `.env.example`, and `.env` added to `.gitignore` when the folder is in a git work tree and
 * no `.gitignore` ignores it yet. Values are written unquoted, so only values both Compose
 * CLIs read back unchanged from an unquoted `.env` line are accepted (`dotEnvSafe`).
 */
import type { SecretFiles } from "../model/facts/secrets";
import type { FileEdit } from "./types";

/**
 * Characters an unquoted `.env` value keeps as written in Compose v2 (compose-go dotenv)
 * and v1 (python-dotenv style): no spaces, quotes, `#`, `$`, backslash or backtick.
 */
export function dotEnvSafe(value: string): boolean {
  return /^[A-Za-z0-9_.,:@%+\-/=~^!*?&()[\]{}<>|;]+$/.test(value) && !/^[=]/.test(value);
}

/** The text to append to `text` so that `lines` follow it, each on its own line. */
function appendLines(text: string | undefined, lines: string[]): { at: number; newText: string } {
  const t = text ?? "";
  const nl = t.includes("\r\n") ? "\r\n" : "\n";
  const sep = t.length > 0 && !t.endsWith("\n") ? nl : "";
  return { at: t.length, newText: sep + lines.map((l) => l + nl).join("") };
}

function fileEdit(path: string, text: string | undefined, lines: string[], kind: FileEdit["kind"]): FileEdit {
  const { at, newText } = appendLines(text, lines);
  return {
    path,
    kind,
    edits: [{ start: at, end: at, newText }],
    ...(text === undefined ? { create: true } : {}),
  };
}

/** Whether `text` (a dotenv file) sets `name`. */
function sets(text: string | undefined, name: string): boolean {
  if (!text) return false;
  return new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`, "m").test(text);
}

/** The file edits that move `vars` (name, value) into the project's `.env`. */
export function moveToDotEnvEdits(files: SecretFiles, vars: { name: string; value: string }[]): FileEdit[] {
  const out: FileEdit[] = [];
  const fresh = vars.filter((v) => !sets(files.envText, v.name));
  if (fresh.length > 0)
    out.push(
      fileEdit(
        files.envPath,
        files.envText,
        fresh.map((v) => `${v.name}=${v.value}`),
        "env",
      ),
    );
  const undocumented = vars.filter((v) => !sets(files.exampleText, v.name));
  if (undocumented.length > 0)
    out.push(
      fileEdit(
        files.examplePath,
        files.exampleText,
        undocumented.map((v) => `${v.name}=`),
        "env-example",
      ),
    );
  if (files.inGit && !files.envIgnored)
    out.push(fileEdit(files.gitignorePath, files.gitignoreText, [".env"], "gitignore"));
  return out;
}

/** The reference that replaces a secret in the compose file: Compose stops with the message when it is unset. */
export function requiredVariable(name: string): string {
  return `\${${name}:?set ${name} in .env}`;
}
