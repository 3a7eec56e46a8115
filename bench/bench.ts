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

/** Node flags the server runs with (see client/src/extension.ts); settable for experiments. */
const SERVER_FLAGS = (process.env.MLOPS_SERVER_FLAGS ?? "").split(" ").filter(Boolean);

import { ROOT } from "../test/helpers/paths";
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

async function lspLatency(text: string, edits: number) {
  const client = new LspClient([process.execPath, ...SERVER_FLAGS, SERVER_JS, "--stdio"]);
  await client.initialize();
  const uri = "file:///bench/docker-compose.yml";
  const t0 = performance.now();
  await client.open(uri, text);
  await client.diagnostics(uri, () => true, 120_000);
  const open = performance.now() - t0;
  // Keystrokes: type a character into a service's image tag and delete it again, alternately.
  const lines = text.split("\n");
  // The middle service of the file, so that a keystroke is not at either end.
  const imageLines = lines.map((l, i) => (l.includes("image:") ? i : -1)).filter((i) => i >= 0);
  const line = imageLines[Math.floor(imageLines.length / 2)];
  const character = text.split("\n")[line].length;
  const changes: number[] = [];
  for (let v = 2; v < edits + 2; v++) {
    const insert = v % 2 === 0;
    const change = insert
      ? { range: { start: { line, character }, end: { line, character } }, text: "1" }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" };
    const t = performance.now();
    await client.change(uri, v, [change]);
    await client.diagnostics(uri, (_d, p) => p.version === v, 120_000);
    changes.push(performance.now() - t);
  }
  const peak = rss(client.proc.pid!, "VmHWM");
  await client.shutdown();
  return { open, changes, peak };
}

async function main() {
  const big = generateCompose(2000);
  const bigFile = join(OUT, "big-2000-services.yml");
  writeFileSync(bigFile, big);
  const exampleFile = join(ROOT, "examples", "mlflow-airflow", "docker-compose.yml");
  const example = readFileSync(exampleFile, "utf8");
  const rows: string[][] = [];
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
    const lsp = await lspLatency(text, 100);
    rows.push([
      name,
      fmt(parse),
      fmt(ours),
      (ours / parse).toFixed(2),
      fmt(dclint),
      (dclint / ours).toFixed(1),
      fmt(lsp.open),
      `${fmt(median(lsp.changes))} / ${fmt(p95(lsp.changes))}`,
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
  const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  const machine = `${execFileSync("nproc").toString().trim()} cores, Node ${process.version}, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`;
  const md = `${table}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n`;
  writeFileSync(join(OUT, "results.md"), md);
  console.log(`\n${md}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
