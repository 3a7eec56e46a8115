/**
 * The VS Code extension: starts the bundled language server over IPC and contributes the
 * commands. No analysis happens here; it all lives in the server.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { registerMlopsCommands } from "./commands";
import { peers, watchPeers } from "./peers";

let client: LanguageClient | undefined;

/** VS Code maps compose file names to `dockercompose`; YAML files named like compose files count too. */
const COMPOSE_FILTERS = [
  { language: "dockercompose" },
  { language: "yaml", pattern: "**/{docker-compose,compose}*.{yml,yaml}" },
  { language: "yaml", pattern: "**/*.compose.{yml,yaml}" },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("MLOps Compose Doctor", { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6010"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["file", "untitled"].flatMap((scheme) =>
      COMPOSE_FILTERS.map((f) => ({ ...f, scheme })),
    ),
    outputChannel: output,
    initializationOptions: { peers: peers() },
    synchronize: {
      configurationSection: "mlopsCompose",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.env"),
    },
  };
  client = new LanguageClient("mlopsCompose", "MLOps Compose Doctor", serverOptions, clientOptions);
  registerMlopsCommands(context, () => client);
  await client.start();
  watchPeers(context, () => client);
  output.info("MLOps Compose Doctor language server started.");
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
