/**
 * `npm run bench`: speed and memory, on this machine, of
 *   - the floor: the `yaml` package's parseDocument of the text;
 *   - this engine's full analysis (parse, model, every rule);
 *   - dclint (the field's compose linter) on the same files;
 *   - the language server: didOpen -> publishDiagnostics and didChange -> publishDiagnostics,
 *     median and p95, and its peak memory on the big file.
 * on a generated 2,000-service file and on the bundled example. Prints a table (and
 * writes it to test-artifacts/bench/results.md).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { analyze } from "../server/src/engine";
import { LspClient, SERVER_JS } from "../test/helpers/lsp-client";

/** Extra Node flags for the server, for experiments (the extension starts it with none). */
const SERVER_FLAGS = (process.env.MLOPS_SERVER_FLAGS ?? "").split(" ").filter(Boolean);

import { ROOT } from "../test/helpers/paths";
import { editorBench } from "./editor";
import { generateCompose } from "./generate";

const OUT = join(ROOT, "test-artifacts", "bench");
mkdirSync(OUT, { recursive: true });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}
function timeIt(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

function dclintMs(file: string, runs: number): number[] {
  const bin = join(ROOT, "node_modules", ".bin", "dclint");
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    try {
      execFileSync(bin, [file, "-f", "json"], { stdio: "pipe", maxBuffer: 512 * 1024 * 1024 });
    } catch {
      // dclint exits non-zero when it finds problems; the time is what we measure.
    }
    out.push(performance.now() - t);
  }
  return out;
}

function rss(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
}

/** Where keystrokes go: a character typed at the end of `line` (or at `character`), then deleted. */
interface Place {
  name: string;
  line: number;
  character?: number;
}

async function lspLatency(text: string, places: Place[], edits: number) {
  const client = new LspClient([process.execPath, ...SERVER_FLAGS, SERVER_JS, "--stdio"]);
  await client.initialize();
  const uri = "file:///bench/docker-compose.yml";
  const t0 = performance.now();
  await client.open(uri, text);
  await client.diagnostics(uri, () => true, 120_000);
  const open = performance.now() - t0;
  const lines = text.split("\n");
  const byPlace = new Map<string, number[]>();
  let version = 1;
  for (const place of places) {
    const { line } = place;
    const character = place.character ?? lines[line].length;
    const changes: number[] = [];
    // Type a character and delete it again, alternately: an even count leaves the text as it was.
    for (let k = 0; k < edits; k++) {
      const v = ++version;
      const change =
        k % 2 === 0
          ? { range: { start: { line, character }, end: { line, character } }, text: "1" }
          : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" };
      const t = performance.now();
      await client.change(uri, v, [change]);
      await client.diagnostics(uri, (_d, p) => p.version === v, 120_000);
      changes.push(performance.now() - t);
    }
    byPlace.set(place.name, changes);
  }
  const peak = rss(client.proc.pid!, "VmHWM");
  await client.shutdown();
  return { open, byPlace, peak };
}

/** The keystroke places measured in a file: the middle service first (the main table's column). */
function placesIn(text: string, big: boolean): Place[] {
  const lines = text.split("\n");
  const imageLines = lines.map((l, i) => (l.includes("image:") ? i : -1)).filter((i) => i >= 0);
  // The middle service of the file, so that a keystroke is not at either end.
  const middle: Place = {
    name: "a service's image tag, mid-file",
    line: imageLines[Math.floor(imageLines.length / 2)],
  };
  if (!big) return [middle];
  const db1 = lines.indexOf("  db1:");
  return [
    middle,
    { name: "the first service (a database's image tag)", line: imageLines[0] },
    {
      name: "top-level `name:` (every node below moves)",
      line: lines.findIndex((l) => l.startsWith("name:")),
    },
    {
      name: "renaming database `db1` (199 services then name a missing host)",
      line: db1,
      character: "  db1".length,
    },
  ];
}

async function main() {
  const big = generateCompose(2000);
  const bigFile = join(OUT, "big-2000-services.yml");
  writeFileSync(bigFile, big);
  const exampleFile = join(ROOT, "examples", "mlflow-airflow", "docker-compose.yml");
  const example = readFileSync(exampleFile, "utf8");
  const rows: string[][] = [];
  const byPlace: string[][] = [];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  for (const [name, text, file, runs, dclintRuns] of [
    ["example (52 lines)", example, exampleFile, 30, 5],
    [
      `generated (${big.split("\n").length.toLocaleString("en-US")} lines, 2,000 services)`,
      big,
      bigFile,
      5,
      1,
    ],
  ] as const) {
    timeIt(() => analyze(text), 2); // warm up the JIT
    const parse = median(timeIt(() => parseDocument(text), runs));
    const ours = median(timeIt(() => analyze(text), runs));
    const dclint = median(dclintMs(file, dclintRuns));
    const big = file === bigFile;
    const lsp = await lspLatency(text, placesIn(text, big), 100);
    const middle = lsp.byPlace.values().next().value as number[];
    if (big)
      for (const [place, changes] of lsp.byPlace)
        byPlace.push([place, `${fmt(median(changes))} / ${fmt(p95(changes))}`]);
    rows.push([
      name,
      fmt(parse),
      fmt(ours),
      (ours / parse).toFixed(2),
      fmt(dclint),
      (dclint / ours).toFixed(1),
      fmt(lsp.open),
      `${fmt(median(middle))} / ${fmt(p95(middle))}`,
      fmt(lsp.peak),
    ]);
    console.log(`measured ${name}`);
  }
  const header = [
    "file",
    "yaml parse (ms)",
    "ours: full analysis (ms)",
    "ours / parse",
    "dclint (ms)",
    "dclint / ours",
    "LSP open→diagnostics (ms)",
    "LSP keystroke→diagnostics median / p95 (ms)",
    "server peak RSS (MB)",
  ];
  const markdown = (head: string[], body: string[][]) =>
    [head, head.map(() => "---"), ...body].map((r) => `| ${r.join(" | ")} |`).join("\n");
  const table = `${markdown(header, rows)}\n\nKeystrokes elsewhere in the generated file (100 each, same server):\n\n${markdown(["where", "LSP keystroke→diagnostics median / p95 (ms)"], byPlace)}`;
  const machine = `${execFileSync("nproc").toString().trim()} cores, Node ${process.version}, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`;
  const md = `${table}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n`;
  writeFileSync(join(OUT, "results.md"), md);
  console.log(`\n${md}`);
  await editorBench({ example, big, out: OUT });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
