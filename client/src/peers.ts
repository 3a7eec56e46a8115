/**
 * Which other extensions serve compose files here, for the server's "auto" settings: Docker DX
 * (docker.docker) has key completion and key hovers of its own, unless its compose language
 * server is switched off (`docker.extension.enableComposeLanguageServer`, its FAQ.md).
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

export const DOCKER_DX = "docker.docker";

export interface Peers {
  dockerDx: boolean;
}

export function peers(): Peers {
  const installed = vscode.extensions.getExtension(DOCKER_DX) !== undefined;
  const enabled = vscode.workspace
    .getConfiguration("docker.extension")
    .get<boolean>("enableComposeLanguageServer", true);
  return { dockerDx: installed && enabled !== false };
}

/** Tells the server when that changes (an extension installed or removed, the setting toggled). */
export function watchPeers(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  let last = JSON.stringify(peers());
  const update = () => {
    const now = peers();
    if (JSON.stringify(now) === last) return;
    last = JSON.stringify(now);
    void client()?.sendNotification("mlopsCompose/peers", now);
  };
  context.subscriptions.push(
    vscode.extensions.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("docker.extension.enableComposeLanguageServer")) update();
    }),
  );
}
