/**
 * `npm run bench`: speed and memory, on this machine, of
 *   - the floor: the `yaml` package's parseDocument of the text;
 *   - this engine's full analysis (parse, model, every rule);
 *   - dclint (the field's compose linter) on the same files;
 *   - the language server: didOpen -> publishDiagnostics and didChange -> publishDiagnostics,
 *     median and p95, and its peak memory on the big file;
 *   - CPU time (user + system) of the full analysis and of the server, which other jobs on a
 *     loaded machine inflate less than wall time.
 * on the bundled example, a generated 2,000-service file with almost no findings, and a
 * finding-heavy one (every rule firing hundreds of times) with 2,000 and 1,000 services
 * (the doubling must stay linear). The full analysis computes every fix, as `--fix`, JSON
 * and SARIF do. Prints a table (and writes it to test-artifacts/bench/results.md).
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
import { envFileKeystrokes } from "./env-file";
import { generateCompose, generateFindingHeavy } from "./generate";

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
function timeIt(fn: () => void, runs: number, cpu?: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
    // CPU time (user + system) of this process: what the run cost, whatever else loads the machine.
    const d = process.cpuUsage(c);
    cpu?.push((d.user + d.system) / 1000);
  }
  return out;
}

/** The CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
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
  const cpu = cpuMs(client.proc.pid!);
  await client.shutdown();
  return { open, byPlace, peak, cpu, keystrokes: places.length * edits };
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

/** Keystrokes per place (fewer for a quick look: BENCH_KEYSTROKES=20); dclint skipped with BENCH_DCLINT=0. */
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 100);
const WITH_DCLINT = process.env.BENCH_DCLINT !== "0";

/** The analysis `--fix`, JSON and SARIF need: every finding with its fixes. */
function analyzeWithFixes(text: string): void {
  for (const f of analyze(text).findings) void f.fixes?.length;
}

interface BenchFile {
  name: string;
  text: string;
  file: string;
  runs: number;
  dclintRuns: number;
  /** Keystrokes at several places (the big clean file), or only mid-file. */
  places: "many" | "middle";
  /** Measured over LSP (the 1,000-service finding-heavy file is only there for the doubling ratio). */
  lsp: boolean;
}

async function main() {
  const big = generateCompose(2000);
  const bigFile = join(OUT, "big-2000-services.yml");
  writeFileSync(bigFile, big);
  const heavy = generateFindingHeavy(2000);
  const heavyFile = join(OUT, "finding-heavy-2000-services.yml");
  writeFileSync(heavyFile, heavy);
  const heavyHalf = generateFindingHeavy(1000);
  const heavyHalfFile = join(OUT, "finding-heavy-1000-services.yml");
  writeFileSync(heavyHalfFile, heavyHalf);
  const exampleFile = join(ROOT, "examples", "mlflow-airflow", "docker-compose.yml");
  const example = readFileSync(exampleFile, "utf8");
  const lines = (t: string) => t.split("\n").length.toLocaleString("en-US");
  const findings = (t: string) => analyze(t).findings.length.toLocaleString("en-US");
  const files: BenchFile[] = [
    {
      name: "example (52 lines)",
      text: example,
      file: exampleFile,
      runs: 30,
      dclintRuns: 5,
      places: "middle",
      lsp: true,
    },
    {
      name: `generated (${lines(big)} lines, 2,000 services)`,
      text: big,
      file: bigFile,
      runs: 5,
      dclintRuns: 1,
      places: "many",
      lsp: true,
    },
    {
      name: `finding-heavy (${lines(heavyHalf)} lines, 1,000 services, ${findings(heavyHalf)} findings)`,
      text: heavyHalf,
      file: heavyHalfFile,
      runs: 5,
      dclintRuns: 1,
      places: "middle",
      lsp: false,
    },
    {
      name: `finding-heavy (${lines(heavy)} lines, 2,000 services, ${findings(heavy)} findings)`,
      text: heavy,
      file: heavyFile,
      runs: 5,
      dclintRuns: 1,
      places: "middle",
      lsp: true,
    },
  ];
  const rows: string[][] = [];
  const byPlace: string[][] = [];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const analysisMs = new Map<string, number>();
  const ratios: string[][] = [];
  const cpuRows: string[][] = [];
  for (const f of files) {
    const { text } = f;
    timeIt(() => analyzeWithFixes(text), 2); // warm up the JIT
    const parse = median(timeIt(() => parseDocument(text), f.runs));
    const oursCpu: number[] = [];
    const ours = median(timeIt(() => analyzeWithFixes(text), f.runs, oursCpu));
    analysisMs.set(f.file, ours);
    const dclint = WITH_DCLINT ? median(dclintMs(f.file, f.dclintRuns)) : undefined;
    const lsp = f.lsp ? await lspLatency(text, placesIn(text, f.places === "many"), KEYSTROKES) : undefined;
    const middle = lsp?.byPlace.values().next().value as number[] | undefined;
    if (lsp && f.places === "many")
      for (const [place, changes] of lsp.byPlace)
        byPlace.push([place, `${fmt(median(changes))} / ${fmt(p95(changes))}`]);
    rows.push([
      f.name,
      fmt(parse),
      fmt(ours),
      (ours / parse).toFixed(2),
      dclint === undefined ? "—" : fmt(dclint),
      dclint === undefined ? "—" : (dclint / ours).toFixed(1),
      lsp ? fmt(lsp.open) : "—",
      middle ? `${fmt(median(middle))} / ${fmt(p95(middle))}` : "—",
      lsp ? fmt(lsp.peak) : "—",
    ]);
    cpuRows.push([
      f.name,
      fmt(ours),
      fmt(median(oursCpu)),
      lsp ? `${(lsp.cpu / 1000).toFixed(1)} s for open + ${lsp.keystrokes} keystrokes` : "—",
    ]);
    if (f.file === heavyFile) {
      ratios.push(["finding-heavy 2,000: full analysis / yaml parse", "≤ 2", (ours / parse).toFixed(2)]);
      ratios.push([
        "finding-heavy: full analysis 2,000 / 1,000 services",
        "≤ 2.3",
        (ours / analysisMs.get(heavyHalfFile)!).toFixed(2),
      ]);
      if (middle)
        ratios.push([
          "finding-heavy 2,000: keystroke median / p95 (ms)",
          "≤ 100 / ≤ 150",
          `${fmt(median(middle))} / ${fmt(p95(middle))}`,
        ]);
    }
    console.log(`measured ${f.name}`);
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
  const envTimes = await envFileKeystrokes(exampleFile, KEYSTROKES);
  ratios.push([
    "example project: a keystroke in `.env` → the compose file's diagnostics, median / p95 (ms)",
    "≤ 20",
    `${fmt(median(envTimes))} / ${fmt(p95(envTimes))}`,
  ]);
  const markdown = (head: string[], body: string[][]) =>
    [head, head.map(() => "---"), ...body].map((r) => `| ${r.join(" | ")} |`).join("\n");
  const table =
    `${markdown(header, rows)}\n\n` +
    `Keystrokes elsewhere in the generated file (${KEYSTROKES} each, same server):\n\n` +
    `${markdown(["where", "LSP keystroke→diagnostics median / p95 (ms)"], byPlace)}\n\n` +
    `The finding-heavy file's and the project's targets:\n\n${markdown(["what", "target", "measured"], ratios)}\n\n` +
    "CPU time (user + system), which a loaded machine inflates less than wall time:\n\n" +
    `${markdown(["file", "full analysis, wall (ms)", "full analysis, CPU (ms)", "language server CPU"], cpuRows)}`;
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
