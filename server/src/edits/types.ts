/** What every fix is made of: owned by the edits layer, which builds them. */

/** A change to the text: replace [start, end) with newText (offsets into the analysed text). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Edits to another file of the project than the compose file (the `.env` a secret moves
 * to, `.env.example`, `.gitignore`). Offsets are into that file's current text; `create`
 * when it does not exist yet (then the one edit inserts at 0 into an empty file).
 */
export interface FileEdit {
  /** Relative to the compose file's folder (`.env`, `.gitignore`), `/`-separated. */
  path: string;
  edits: TextEdit[];
  create?: boolean;
  /** What the file is, so that outputs can treat a file holding secrets with care. */
  kind: "env" | "env-example" | "gitignore";
}
