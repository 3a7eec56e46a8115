#!/usr/bin/env node
// Runs test/neovim/lsp-client.lua: headless Neovim as an independent LSP client.
//
//   node test/neovim/run.mjs --server "node bin/mlops-compose.js lsp --stdio" \
//     --file examples/mlflow-airflow/docker-compose.yml --code obsolete-version \
//     [--fix "Remove the obsolete version"] [--language-id dockercompose] \
//     [--complete LINE:CHAR] [--definition LINE:CHAR] \
//     [--settings '{"mlopsComposeDoctor":{}}'] [--workspace DIR] [--in-place] \
//     [--timeout 15000] [--init-timeout 30000] [--json] [--keep]
//
// The file is copied into a temp workspace first (with --workspace DIR, that whole folder
// is copied and --file is relative to it) unless --in-place. Prints the diagnostics, the
// code actions offered, what was applied and the file afterwards; exits with the client's
// code: 0 ok, 1 diagnostic missing, 2 code action missing, 3 fix failed or diagnostic
// stayed, 4 server failed, 5 bad arguments.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    server: { type: "string" },
    "server-json": { type: "string" },
    file: { type: "string" },
    code: { type: "string" },
    fix: { type: "string" },
    complete: { type: "string" },
    definition: { type: "string" },
    "language-id": { type: "string", default: "yaml" },
    settings: { type: "string" },
    workspace: { type: "string" },
    "in-place": { type: "boolean", default: false },
    timeout: { type: "string", default: "15000" },
    "init-timeout": { type: "string", default: "30000" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    nvim: { type: "string", default: process.env.NVIM_BIN || "nvim" },
  },
});

function usage(msg) {
  process.stderr.write(
    `${msg}\nusage: node test/neovim/run.mjs --server "CMD ARGS" --file FILE --code CODE [--fix TITLE]\n`,
  );
  process.exit(5);
}

/** Splits a command line: whitespace-separated words, "double" or 'single' quotes group. */
function splitCommand(line) {
  const words = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

const cmd = values["server-json"]
  ? JSON.parse(values["server-json"])
  : values.server
    ? splitCommand(values.server)
    : null;
if (!cmd || cmd.length === 0) usage("--server or --server-json is required");
if (!values.file) usage("--file is required");
if (!values.code) usage("--code is required");
if (values.settings) JSON.parse(values.settings); // fail early on bad JSON

/** Copies keep the source's mode: a read-only original (the repo's examples are 0444) would give a
 * read-only copy that Neovim refuses to :write (E45). The copy is ours to change. */
function makeWritable(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath ?? entry.path, entry.name);
    fs.chmodSync(p, fs.statSync(p).mode | (entry.isDirectory() ? 0o700 : 0o600));
  }
}

let tmp;
let file;
let root;
if (values["in-place"]) {
  file = path.resolve(values.workspace ?? ".", values.file);
  root = values.workspace ? path.resolve(values.workspace) : path.dirname(file);
} else {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-nvim-"));
  root = path.join(tmp, "workspace");
  if (values.workspace) {
    fs.cpSync(path.resolve(values.workspace), root, {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|\.git)$/.test(src),
    });
    file = path.join(root, values.file);
  } else {
    fs.mkdirSync(root);
    file = path.join(root, path.basename(values.file));
    fs.copyFileSync(path.resolve(values.file), file);
  }
  makeWritable(root);
}
if (!fs.existsSync(file)) usage(`no such file: ${file}`);

const reportFile = path.join(tmp ?? os.tmpdir(), `mcd-nvim-report-${process.pid}.json`);
const before = fs.readFileSync(file, "utf8");
const result = spawnSync(
  values.nvim,
  [
    "--headless",
    "--clean",
    "-n",
    "-i",
    "NONE",
    "-c",
    `luafile ${path.join(here, "lsp-client.lua").replace(/ /g, "\\ ")}`,
  ],
  {
    env: {
      ...process.env,
      MCD_NVIM_CMD: JSON.stringify(cmd),
      MCD_NVIM_CWD: process.cwd(),
      MCD_NVIM_FILE: file,
      MCD_NVIM_ROOT: root,
      MCD_NVIM_LANGUAGE_ID: values["language-id"],
      MCD_NVIM_CODE: values.code,
      MCD_NVIM_FIX: values.fix ?? "",
      MCD_NVIM_COMPLETE: values.complete ?? "",
      MCD_NVIM_DEFINITION: values.definition ?? "",
      MCD_NVIM_SETTINGS: values.settings ?? "",
      MCD_NVIM_TIMEOUT: values.timeout,
      MCD_NVIM_INIT_TIMEOUT: values["init-timeout"],
      MCD_NVIM_REPORT: reportFile,
    },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: Number(values["init-timeout"]) + Number(values.timeout) * 4 + 10_000,
  },
);
if (result.error) {
  process.stderr.write(
    `could not run ${values.nvim}: ${result.error.message} (install: bash test/neovim/install.sh)\n`,
  );
  process.exit(5);
}
let report;
try {
  report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
} catch {
  report = { exit_code: result.status ?? 5, reason: "Neovim wrote no report", stderr: result.stderr };
}
report.file = file;
report.changed = fs.readFileSync(file, "utf8") !== before;
report.content = fs.readFileSync(file, "utf8");
const exitCode = result.status ?? 5;

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const lines = [`server: ${cmd.join(" ")}`, `file: ${file}`];
  for (const d of report.diagnostics ?? []) {
    lines.push(`  diagnostic ${d.code ?? "-"} ${d.line}:${d.character + 1} ${d.message}`);
  }
  if ((report.actions ?? []).length) lines.push(`  code actions: ${report.actions.join(" | ")}`);
  if (report.completion) lines.push(`  completion: ${report.completion.map((c) => c.label).join(" | ")}`);
  for (const d of report.definition ?? [])
    lines.push(`  definition: ${d.uri} ${d.line + 1}:${d.character + 1}`);
  if (report.applied) {
    lines.push(`  applied: ${report.applied}${report.changed ? " (file changed)" : " (file unchanged)"}`);
    for (const d of report.diagnostics_after_fix ?? []) {
      lines.push(`  after the fix: diagnostic ${d.code ?? "-"} ${d.line}:${d.character + 1} ${d.message}`);
    }
  }
  lines.push(`${exitCode === 0 ? "ok" : "FAILED"} (exit ${exitCode}): ${report.reason ?? ""}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  if (exitCode !== 0 && result.stderr) process.stderr.write(result.stderr);
}
fs.rmSync(reportFile, { force: true });
if (tmp && !values.keep) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(exitCode);
