/** Where an LSP document lives on disk; the `.env` lookup itself is shared with the CLI (config/). */
import { URI } from "vscode-uri";

export { dotEnvFor } from "../config/dotenv";

export function pathOfUri(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === "file" ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}
