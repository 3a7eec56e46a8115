/**
 * Shared helpers of the extension-host suite (runs inside VS Code: `vscode` is the real API).
 * The workspace is a copy of examples/mlflow-airflow (both runners open one); tests that change
 * a file work on their own copy of its docker-compose.yml, made with `copyOfExample`.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";

export const EXTENSION_ID = "mlops-compose-doctor.mlops-compose-doctor";
export const SOURCE = "mlops-compose";
export const EXAMPLE = "docker-compose.yml";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value on timeout. */
export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await sleep(100);
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what} (last value: ${describe(last)})`);
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open (a copy of examples/mlflow-airflow)");
  return folder.uri;
}

export function exampleUri(): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), EXAMPLE);
}

/** Writes a fresh copy of the example as `<dir>/docker-compose.yml` and returns its URI. */
export async function copyOfExample(dir: string): Promise<vscode.Uri> {
  const text = await vscode.workspace.fs.readFile(exampleUri());
  const uri = vscode.Uri.joinPath(workspaceRoot(), dir, EXAMPLE);
  await vscode.workspace.fs.writeFile(uri, text);
  return uri;
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  await ext.activate();
  assert.ok(ext.isActive, "the extension is active");
  return ext;
}

/** The rule id of one of our diagnostics (`code` is `{value, target}` when the server sent a docs link). */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === "object" && d.code !== null ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until our diagnostics of `uri` satisfy `ok` (the language server publishes asynchronously). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  ok: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `diagnostics of ${vscode.workspace.asRelativePath(uri)}: ${what}`,
    () => {
      const ds = ours(uri);
      return ok(ds) ? ds : undefined;
    },
    timeoutMs,
  ).catch((e: Error) => {
    const now = ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line}:${d.range.start.character}`);
    throw new Error(`${e.message}; now: [${now.join(", ")}]`);
  });
}

export function withRule(diagnostics: vscode.Diagnostic[], rule: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => ruleOf(d) === rule);
}

export function rules(diagnostics: vscode.Diagnostic[]): string[] {
  return [...new Set(diagnostics.map(ruleOf))].filter((r): r is string => r !== undefined).sort();
}

/** Opens `uri` (without showing it) and waits for the diagnostic of `rule`. */
export async function openAndWaitFor(uri: vscode.Uri, rule: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await waitForDiagnostics(uri, `${rule} published`, (ds) => withRule(ds, rule).length > 0, 60_000);
  return doc;
}

/** The code actions VS Code gets from every provider for `range` of `uri`. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      uri,
      range,
    )) ?? [];
  return all.filter((a): a is vscode.CodeAction => !("command" in a && typeof a.command === "string"));
}
