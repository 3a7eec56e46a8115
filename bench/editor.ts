/**
 * `npm run bench`, editor part: completion latency of the language server over stdio. Each
 * sample is a keystroke in a `links:` item of the middle service (a character typed or
 * deleted; the same completion as `depends_on`'s list form: every other service) followed at
 * once by a completion request there, timed from the keystroke to the completion list: the
 * server analyses the new text first, as when a user types and the list follows. Targets
 * (README): ≤ 20 ms on the example, ≤ 100 ms on the 2,000-service file. Also measured: the
 * request alone (text already analysed) and, in the same server, a keystroke to its
 * diagnostics without completion (the analysis every keystroke pays anyway).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompletionList } from "vscode-languageserver-protocol";
import { LspClient, SERVER_JS } from "../test/helpers/lsp-client";
import { ROOT } from "../test/helpers/paths";
import { generateCompose } from "./generate";

export interface EditorBenchRow {
  file: string;
  items: number;
  median: number;
  p95: number;
  /** The completion request alone, on text already analysed. */
  aloneMedian: number;
  /** Keystroke to its diagnostics in the same server, without completion: the analysis every keystroke pays. */
  diagnosticsMedian: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/** The text with a `depends_on` list item being typed in the middle service; the cursor's line and column. */
function withTypedDependency(text: string): { text: string; line: number; character: number } {
  const lines = text.split("\n");
  const services = lines
    .map((l, i) => (/^ {2}[A-Za-z0-9_.-]+:\s*$/.test(l) ? i : -1))
    .filter((i) => i >= 0 && lines.slice(0, i).some((l) => l === "services:"));
  const mid = services[Math.floor(services.length / 2)];
  // A `links:` list (the same completion as depends_on's list form) right under the service key.
  lines.splice(mid + 1, 0, "    links:", "      - s");
  return { text: lines.join("\n"), line: mid + 2, character: "      - s".length };
}

async function measure(name: string, source: string, keystrokes: number): Promise<EditorBenchRow> {
  const { text, line, character } = withTypedDependency(source);
  const client = new LspClient([process.execPath, SERVER_JS, "--stdio"]);
  // What VS Code's client announces for completion (snippets, one shared edit range).
  await client.initialize({
    workspace: { configuration: true },
    textDocument: {
      completion: {
        completionItem: { snippetSupport: true },
        completionList: { itemDefaults: ["editRange"] },
      },
    },
  });
  const uri = `file:///bench/editor-${name.length}/docker-compose.yml`;
  await client.open(uri, text);
  await client.diagnostics(uri, () => true, 120_000);
  // Keystrokes alternate between "then completion" and "then its diagnostics only" (what typing
  // costs without completion), so that both see a server equally warmed up.
  const times: number[] = [];
  const diagnostics: number[] = [];
  let items = 0;
  for (let k = 0, version = 1; k < 2 * keystrokes; k++) {
    const v = ++version;
    const typing = k % 2 === 0; // type a character, then delete it: the text returns to the start
    const change = typing
      ? { range: { start: { line, character }, end: { line, character } }, text: "v" }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" };
    const withCompletion = k % 4 === 0 || k % 4 === 3;
    const t = performance.now();
    await client.change(uri, v, [change]);
    if (withCompletion) {
      const list = (await client.conn.sendRequest("textDocument/completion", {
        textDocument: { uri },
        position: { line, character: typing ? character + 1 : character },
      })) as CompletionList;
      times.push(performance.now() - t);
      items = list.items.length;
    } else {
      await client.diagnostics(uri, (_d, p) => p.version === v, 120_000);
      diagnostics.push(performance.now() - t);
    }
  }
  const alone: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t = performance.now();
    await client.conn.sendRequest("textDocument/completion", {
      textDocument: { uri },
      position: { line, character },
    });
    alone.push(performance.now() - t);
  }
  await client.shutdown();
  // The first keystrokes run code not yet optimised: they count, as they do for a user.
  return {
    file: name,
    items,
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    aloneMedian: quantile(alone, 0.5),
    diagnosticsMedian: quantile(diagnostics, 0.5),
  };
}

/** Measures both files, prints the table and writes it next to the other results. */
export async function editorBench(files: { example: string; big: string; out: string }): Promise<string> {
  const rows = [
    await measure("example", files.example, 100),
    await measure("generated (2,000 services)", files.big, 60),
  ];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const md = [
    "| file | completion items | keystroke→completion median / p95 (ms) | completion alone, median (ms) | keystroke→diagnostics median, same server (ms) |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.file} | ${r.items} | ${fmt(r.median)} / ${fmt(r.p95)} | ${fmt(r.aloneMedian)} | ${fmt(r.diagnosticsMedian)} |`,
    ),
  ].join("\n");
  writeFileSync(join(files.out, "editor.md"), `${md}\n`);
  console.log(`\nCompletion in a links: list (keystroke, then the completion request):\n\n${md}\n`);
  return md;
}

// `node scripts/run-ts.mjs bench/editor.ts` (after `npm run build`): this part alone.
if (process.argv[1]?.endsWith("bench_editor.js")) {
  const out = join(ROOT, "test-artifacts", "bench");
  mkdirSync(out, { recursive: true });
  const example = readFileSync(join(ROOT, "examples", "mlflow-airflow", "docker-compose.yml"), "utf8");
  editorBench({ example, big: generateCompose(2000), out }).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
