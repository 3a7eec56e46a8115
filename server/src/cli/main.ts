/**
 * `mlops-compose`: the command line over the same engine as the language server.
 *   mlops-compose lint [--format text|json|sarif] [--fix] PATH...
 *   mlops-compose lsp --stdio
 * Exit codes (lint): 0 no error-severity finding, 1 at least one, 2 bad usage or unreadable file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { analyze, type LintFinding } from "../engine";
import { fixAll } from "../fix";
import { dotEnvFor } from "../lsp/workspace-env";
import { collectFiles } from "./files";
import { type FileReport, toJson, toSarif, toText } from "./format";
import { PLAN_HELP, PLAN_USAGE, planCommand } from "./plan-command";

const VERSION = "0.1.0";

const USAGE = `Usage:
  mlops-compose lint [--format text|json|sarif] [--fix] PATH...
${PLAN_USAGE}
  mlops-compose lsp --stdio | --node-ipc | --socket=PORT
  mlops-compose --version | --help

lint: checks compose files (a directory is searched for docker-compose*.yml, compose*.yaml, ...).
  --format   text (default), json or sarif
  --fix      apply every safe fix in place, then report what is left
Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.

${PLAN_HELP}`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === "--version" || command === "-v") {
    io.out(VERSION);
    return 0;
  }
  if (command === "lsp") {
    const { createConnection, ProposedFeatures } = await import("vscode-languageserver/node");
    const { startServer } = await import("../lsp/server");
    startServer(createConnection(ProposedFeatures.all));
    return -1; // keep running
  }
  if (command === "lint") return lint(rest, io);
  if (["plan", "reset-script", "check-script"].includes(command)) return planCommand(command, rest, io);
  io.err(`Unknown command: ${command}\n\n${USAGE}`);
  return 2;
}

function lint(args: string[], io: Io): number {
  let format = "text";
  let fix = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--fix") fix = true;
    else if (a === "--format" || a === "-f") format = args[++i] ?? "";
    else if (a.startsWith("--format=")) format = a.slice("--format=".length);
    else if (a === "--") paths.push(...args.slice(i + 1)) && (i = args.length);
    else if (a.startsWith("-")) {
      io.err(`Unknown option: ${a}\n\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (!["text", "json", "sarif"].includes(format)) {
    io.err(`Unknown format: ${format || "(none)"} (use text, json or sarif)`);
    return 2;
  }
  if (paths.length === 0) {
    io.err(`No files given.\n\n${USAGE}`);
    return 2;
  }
  const { files, missing } = collectFiles(paths);
  let unreadable = missing.length > 0;
  for (const m of missing) io.err(`Cannot read ${m}: no such file or directory`);
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      io.err(`Cannot read ${file}: ${(e as Error).message}`);
      unreadable = true;
      continue;
    }
    const options = { path: file, variables: dotEnvFor(file) };
    if (fix) {
      const fixed = fixAll(text, options);
      if (fixed.text !== text) {
        writeFileSync(file, fixed.text);
        if (format === "text")
          io.err(`${file}: applied ${fixed.applied.length} fix${fixed.applied.length === 1 ? "" : "es"}`);
      }
      reports.push({ file, text: fixed.text, findings: inFileOrder(fixed.remaining) });
    } else {
      reports.push({ file, text, findings: inFileOrder(analyze(text, options).findings) });
    }
  }
  if (format === "json") io.out(JSON.stringify(toJson(reports), null, 2));
  else if (format === "sarif") io.out(JSON.stringify(toSarif(reports, VERSION), null, 2));
  else io.out(toText(reports, io.isTTY));
  if (unreadable) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === "error")) ? 1 : 0;
}

/** Findings as they appear in the file, top to bottom (rules report in registry order). */
function inFileOrder(findings: LintFinding[]): LintFinding[] {
  return [...findings].sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}

/** Runs the CLI in this process with its arguments, streams and exit code (bin/mlops-compose.js). */
export function run(): void {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    isTTY: !!process.stdout.isTTY,
  }).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`mlops-compose: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
