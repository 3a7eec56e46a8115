/**
 * A keystroke in an env file of a project (#13): the example's compose file with its
 * variables in `.env` and a service's URL in `mlflow.env`, both open; a character typed in
 * `.env` (then deleted), timed to the compose file's fresh diagnostics. Target ≤ 20 ms.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LspClient } from "../test/helpers/lsp-client";

export async function envFileKeystrokes(exampleFile: string, edits: number) {
  const dir = mkdtempSync(join(tmpdir(), "bench-env-"));
  const compose = readFileSync(exampleFile, "utf8").replace(
    /(\n {2}mlflow:\n)/,
    "$1    env_file: mlflow.env\n",
  );
  const dotenv = "TAG=2.14.1\nPOSTGRES_PASSWORD=mlflow\n";
  writeFileSync(join(dir, "docker-compose.yml"), compose);
  writeFileSync(join(dir, ".env"), dotenv);
  writeFileSync(join(dir, "mlflow.env"), "MLFLOW_TRACKING_URI=http://mlflow:5000\n");
  const client = new LspClient();
  await client.initialize();
  const composeUri = pathToFileURL(join(dir, "docker-compose.yml")).href;
  const envUri = pathToFileURL(join(dir, ".env")).href;
  await client.open(composeUri, compose);
  await client.diagnostics(composeUri);
  await client.open(envUri, dotenv, "dotenv");
  const times: number[] = [];
  const line = 0;
  const character = dotenv.indexOf("\n");
  for (let k = 0; k < edits; k++) {
    const before = client.history(composeUri).length;
    const change =
      k % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: "1" }
        : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" };
    const t = performance.now();
    await client.change(envUri, k + 2, [change]);
    await client.diagnostics(composeUri, () => client.history(composeUri).length > before, 30_000);
    times.push(performance.now() - t);
  }
  await client.shutdown();
  return times;
}
