/**
 * A real JSON-RPC client over stdio for the real server process, as an editor would be:
 * no mocks. It answers the server's requests (workspace/configuration, capability
 * registration) and records every publishDiagnostics.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { ROOT } from "./paths";

export const SERVER_JS = join(ROOT, "dist", "server.js");
export const CLI_JS = join(ROOT, "bin", "mlops-compose.js");

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  /** What workspace/configuration returns for section "mlopsCompose". */
  settings: unknown = {};
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<() => void> = [];
  stderr = "";
  /** What the server registered dynamically (client/registerCapability), in order. */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  /** window/showMessage notifications: [type, message]. */
  readonly messages: [number, string][] = [];

  constructor(
    command: string[] = [process.execPath, SERVER_JS, "--stdio"],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.proc = spawn(command[0], command.slice(1), { stdio: ["pipe", "pipe", "pipe"], ...options });
    this.proc.stderr!.on("data", (d) => {
      this.stderr += d;
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === "mlopsCompose" ? this.settings : null)),
    );
    this.conn.onRequest(
      "client/registerCapability",
      (p: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...p.registrations);
        return null;
      },
    );
    this.conn.onNotification("window/showMessage", (p: { type: number; message: string }) => {
      this.messages.push([p.type, p.message]);
    });
    this.conn.onRequest("window/workDoneProgress/create", () => null);
    this.conn.listen();
  }

  async initialize(
    capabilities: object = {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    },
    /** More initialize parameters (`locale`, `initializationOptions`). */
    params: object = {},
  ) {
    const result = await this.conn.sendRequest("initialize", {
      ...params,
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: {
            relatedInformation: true,
            tagSupport: { valueSet: [1, 2] },
            codeDescriptionSupport: true,
          },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } },
            isPreferredSupport: true,
          },
        },
        ...capabilities,
      },
    });
    await this.conn.sendNotification("initialized", {});
    return result as { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
  }

  open(uri: string, text: string, languageId = "dockercompose", version = 1) {
    return this.conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri: string, version: number, changes: object[]) {
    return this.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  close(uri: string) {
    return this.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** All diagnostics published so far for a URI (latest last). */
  history(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** Waits for a publishDiagnostics for `uri` satisfying `accept`, up to `timeoutMs`. */
  async diagnostics(
    uri: string,
    accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.history(uri).at(-1);
      if (latest && accept(latest.diagnostics, latest)) return latest.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(latest?.diagnostics)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest("shutdown");
      await this.conn.sendNotification("exit");
    } catch {
      // already gone
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.proc.kill("SIGKILL");
          resolve();
        }, 2000);
        this.proc.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

/** Applies LSP TextEdits (line/character, UTF-16) to a text. */
export function applyLspEdits(
  text: string,
  edits: { range: { start: Pos; end: Pos }; newText: string }[],
): string {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const off = (p: Pos) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
interface Pos {
  line: number;
  character: number;
}
