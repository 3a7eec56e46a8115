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
import { COMPOSE_GLOB } from "../../server/src/config/compose-files";
import { registerMlopsCommands } from "./commands";
import { peers, watchPeers } from "./peers";
import { declaredKeys, explicitSettings } from "./settings";

let client: LanguageClient | undefined;

/**
 * VS Code maps compose file names to `dockercompose` (package.json adds the names VS Code
 * lacks); YAML files named like compose files count too (a user's files.associations).
 */
const COMPOSE_FILTERS = [{ language: "dockercompose" }, { language: "yaml", pattern: COMPOSE_GLOB }];

/**
 * Env files (`.env`, `app.env`, `.env.local`) are synced too, whatever language an editor gives
 * them: a keystroke there re-analyses the compose files that read them, and the server shows
 * the findings in them (a URL in `mlflow.env`). The server analyses only compose documents.
 */
const ENV_FILE_FILTER = { scheme: "file", pattern: "**/{.env,*.env,.env.*}" };

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
    documentSelector: [
      ...["file", "untitled"].flatMap((scheme) => COMPOSE_FILTERS.map((f) => ({ ...f, scheme }))),
      ENV_FILE_FILTER,
    ],
    outputChannel: output,
    // Which peers (Docker DX, Red Hat YAML) are installed: the server turns its duplicates off.
    initializationOptions: { peers: peers() },
    // The server registers its own file watchers (.env, .mlops-compose.yaml).
    synchronize: { configurationSection: "mlopsCompose" },
    middleware: {
      workspace: {
        // Only what the user set: the project config file fills in the rest, VS Code's defaults do not.
        configuration: (params, token, next) => {
          if (!params.items.some((i) => i.section === "mlopsCompose")) return next(params, token);
          const keys = declaredKeys(context.extension.packageJSON, "mlopsCompose");
          return params.items.map((item) => {
            if (item.section !== "mlopsCompose") return null;
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const config = vscode.workspace.getConfiguration("mlopsCompose", scope);
            return explicitSettings(keys, (k) => config.inspect(k));
          });
        },
      },
    },
  };
  client = new LanguageClient("mlopsCompose", "MLOps Compose Doctor", serverOptions, clientOptions);
  registerMlopsCommands(context, () => client);
  await client.start();
  watchPeers(context, () => client);
  output.info(vscode.l10n.t("MLOps Compose Doctor language server started."));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
