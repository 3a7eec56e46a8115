/**
 * `mlops-compose lint`: check compose files (or standard input), optionally fix them, and
 * report in one of four formats. Arguments are read with node's `util.parseArgs`: it is in
 * Node 20 itself (no dependency in a CLI that must install without a registry), rejects
 * unknown options, takes `--x=v` and `--x v`, repeats (`--rule`), `--` and a lone `-`; the
 * help is written by hand, as the README quotes it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { COMPOSE_NAMES_DESCRIPTION } from "../config/compose-files";
import { dotEnvFor, envFileVariables } from "../config/dotenv";
import { configFor, formatProblem, type LoadedConfig } from "../config/project-config";
import { KNOWN_RULE_IDS, LEVELS, type LintConfigLayer, mergeLintConfig } from "../config/settings";
import { analyze, type LintFinding } from "../engine";
import { fixAll } from "../fix";
import { isLocaleTag, type Locale, localeFromEnv, parseLocale } from "../l10n/locale";
import type { BuildOptions } from "../model/build";
import type { SeveritySetting } from "../rules/types";
import { collectFiles } from "./files";
import { moveSecrets } from "./fix-secrets";
import { type FileReport, FORMATS, type Format, toGithub, toJson, toSarif, toText } from "./format";
import { ioError } from "./io-errors";
import type { Io } from "./main";

export const LINT_USAGE =
  "  mlops-compose lint [OPTIONS] PATH...   (PATH `-`: standard input)\n  mlops-compose lint [OPTIONS] -f FILE [-f FILE...]";

export const LINT_HELP = `Usage: mlops-compose lint [OPTIONS] PATH...
       mlops-compose lint [OPTIONS] -f FILE [-f FILE...]
       mlops-compose lint [OPTIONS] -

Checks Docker Compose files. A directory is searched for compose file names
(${COMPOSE_NAMES_DESCRIPTION}, and .yaml),
skipping node_modules, .git, dist and virtualenvs; a file named on the command line is
checked whatever its name. \`-\` reads one file from standard input. Each file is checked
as part of the project Compose would load it in (its override file, COMPOSE_FILE in .env,
include, extends, env_file); findings in an env file are reported under the env file.

Options:
  -f, --file FILE        the project's compose files, in order, as \`docker compose -f\`
                         (repeatable; instead of PATH): each is checked as one of them
  --env-file FILE        with -f: the variables instead of the project folder's .env
                         (repeatable, later files win), as \`docker compose --env-file\`
  --project-directory D  with -f: the project folder (relative paths, .env), as
                         \`docker compose --project-directory\`
  --format FORMAT        text (default), json, sarif or github (workflow annotations)
  --output FILE          write the report to FILE instead of standard output
  --fix                  apply every safe fix in place, then report what is left
                         (with \`-\`: the fixed text goes to standard output, the report
                         to standard error)
  --fix-secrets          move the passwords and keys written in the file to the .env
                         beside it (created if absent, existing lines kept), each
                         replaced by \${NAME:?}; lists the names in .env.example and
                         adds .env to .gitignore in a git work tree. Prints names,
                         never values. Not part of --fix: it writes a secrets file
  --rule ID=SEVERITY     set a rule to off, hint, info, warning or error; repeatable;
                         wins over the config file
  --max-warnings N       exit 1 when there are more than N warnings
  --locale en|ko         the language of messages and fix titles (text, json, sarif,
                         github); default: LC_ALL, LC_MESSAGES or LANG (ko_KR.UTF-8 gives
                         Korean), else English. Rule ids and SARIF's rule metadata stay
                         English
  --stdin-filename PATH  the name standard input is reported under; .env and
                         .mlops-compose.yaml are looked up from its folder
                         (default: the working directory)
  -h, --help             show this help

Configuration: the nearest .mlops-compose.yaml (or .yml) in the file's folder or above:
  rules: {db-host-localhost: off}    ignore: ["legacy/**"]
  composeCommand: docker compose     schema: {enable: true}

Exit status:
  0  no error-severity finding, and no more warnings than --max-warnings
  1  an error-severity finding, or more warnings than --max-warnings
  2  nothing could be checked as asked: bad usage, a missing path, a directory with
     no compose file, a problem in the config file, a file that cannot be read or
     written`;

const VERSION = "0.1.0";

interface LintArgs {
  format: Format;
  output?: string;
  fix: boolean;
  fixSecrets: boolean;
  rules: Record<string, SeveritySetting>;
  maxWarnings?: number;
  stdinFilename?: string;
  locale?: Locale;
  paths: string[];
  /** `-f` files (absolute), `--env-file`s and `--project-directory`: the project as Compose's options select it. */
  project?: { files: string[]; envFiles?: string[]; projectDirectory?: string };
}

class UsageError extends Error {}

function parseLintArgs(args: string[]): LintArgs | "help" {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    // parseArgs' own message, without its advice about `--` (one line is enough).
    throw new UsageError((e as Error).message.split(/\.\s+To specify|\n/)[0].replace(/\.$/, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format \`${values.format}\` (use ${FORMATS.join(", ")})`);
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const v = values["max-warnings"];
    if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number ≥ 0, not \`${v}\``);
    maxWarnings = Number(v);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const r of values.rule ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(r);
    if (!m) throw new UsageError(`--rule needs ID=SEVERITY, e.g. --rule obsolete-version=off, not \`${r}\``);
    const [, id, level] = m;
    if (!KNOWN_RULE_IDS.includes(id))
      throw new UsageError(`--rule ${r}: unknown rule \`${id}\` (rules: ${KNOWN_RULE_IDS.join(", ")})`);
    if (!(LEVELS as readonly string[]).includes(level))
      throw new UsageError(`--rule ${r}: use off, hint, info, warning or error, not \`${level}\``);
    rules[id] = level as SeveritySetting;
  }
  let locale: Locale | undefined;
  if (values.locale !== undefined) {
    if (!isLocaleTag(values.locale)) throw new UsageError(`--locale ${values.locale}: use en or ko`);
    locale = parseLocale(values.locale);
  }
  const cwd = process.cwd();
  const composeFiles = values.file?.map((f) => resolve(cwd, f));
  if (!composeFiles && (values["env-file"] || values["project-directory"]))
    throw new UsageError("--env-file and --project-directory select a project with -f FILE");
  if (composeFiles && positionals.length > 0)
    throw new UsageError("give the project's files with -f, or PATHs, not both");
  const paths = values.file ?? positionals;
  if (paths.length === 0)
    throw new UsageError("no path given (a compose file, a directory, or `-` for standard input)");
  if (paths.includes("-") && paths.length > 1)
    throw new UsageError("`-` (standard input) cannot be mixed with paths");
  if (values["fix-secrets"] && paths.includes("-"))
    throw new UsageError("--fix-secrets writes the .env beside the file: give a path, not `-`");
  if (values["stdin-filename"] !== undefined && !paths.includes("-"))
    throw new UsageError("--stdin-filename names standard input: give `-` as the path");
  return {
    format,
    output: values.output,
    fix: !!values.fix,
    fixSecrets: !!values["fix-secrets"],
    rules,
    maxWarnings,
    stdinFilename: values["stdin-filename"],
    locale,
    paths,
    project: composeFiles && {
      files: composeFiles,
      envFiles: values["env-file"]?.map((f) => resolve(cwd, f)),
      projectDirectory: values["project-directory"] && resolve(cwd, values["project-directory"]),
    },
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string" },
      file: { type: "string", short: "f", multiple: true },
      "env-file": { type: "string", multiple: true },
      "project-directory": { type: "string" },
      output: { type: "string" },
      fix: { type: "boolean" },
      "fix-secrets": { type: "boolean" },
      rule: { type: "string", multiple: true },
      "max-warnings": { type: "string" },
      "stdin-filename": { type: "string" },
      locale: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** One input: a file on disk, or standard input reported under a name. */
interface Input {
  /** As reported. */
  file: string;
  /** Where .env and the config file are looked up from (a path in the right folder). */
  lookupPath: string;
  read: () => Promise<string>;
  stdin: boolean;
}

export async function lintCommand(args: string[], io: Io): Promise<number> {
  let opts: LintArgs | "help";
  try {
    opts = parseLintArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`mlops-compose lint: ${e.message}\nRun \`mlops-compose lint --help\` for the options.`);
    return 2;
  }
  if (opts === "help") {
    io.out(LINT_HELP);
    return 0;
  }
  const cwd = process.cwd();
  let failed = false;
  const fail = (line: string) => {
    io.err(`mlops-compose: ${line}`);
    failed = true;
  };

  const inputs: Input[] = [];
  if (opts.paths[0] === "-") {
    const name = opts.stdinFilename;
    inputs.push({
      file: name ?? "<stdin>",
      lookupPath: name ? resolve(cwd, name) : join(cwd, "<stdin>"),
      read: () => (io.readStdin ? io.readStdin() : readStdin()),
      stdin: true,
    });
  } else {
    const { files, errors, notes } = collectFiles(opts.paths);
    for (const n of notes) io.err(`mlops-compose: ${n}`);
    // Checking less than was asked is no "No problems found": stop before linting anything.
    for (const e of errors) fail(e);
    if (failed) return 2;
    for (const f of files) {
      const file = f.path;
      const config = configFor(f.path);
      if (config?.config.isIgnored(f.path)) {
        if (f.explicit) io.err(`mlops-compose: ${file}: skipped, ignored by ${config.config.file}`);
        continue;
      }
      inputs.push({
        file,
        // Absolute: the file's project (override, include, env_file) is found from it.
        lookupPath: resolve(cwd, f.path),
        read: async () => readFileSync(f.path, "utf8"),
        stdin: false,
      });
    }
  }

  // A config file with problems stops everything: its rules might silence or raise anything.
  const configs = new Map<string, LoadedConfig>();
  for (const input of inputs) {
    const loaded = configFor(input.lookupPath);
    if (loaded) configs.set(loaded.config.file, loaded);
  }
  const broken = [...configs.values()].filter((c) => c.problems.length > 0);
  for (const c of broken) for (const p of c.problems) fail(formatProblem(p));
  if (broken.length > 0) return 2;

  const cliLayer: LintConfigLayer = { rules: opts.rules };
  // `--locale` wins over the environment, as gettext's LC_ALL > LC_MESSAGES > LANG.
  const locale = opts.locale ?? localeFromEnv(io.env ?? process.env);
  const reports: FileReport[] = [];
  let unchecked = 0;
  let fixedStdin: string | undefined;
  for (const input of inputs) {
    let text: string;
    try {
      text = await input.read();
    } catch (e) {
      fail(ioError("read", input.file, e));
      unchecked++;
      continue;
    }
    const lint = { ...mergeLintConfig(configFor(input.lookupPath)?.config, cliLayer), locale };
    let options: BuildOptions = {
      path: input.lookupPath,
      variables: projectVariables(input.lookupPath, opts.project),
      project: opts.project,
    };
    if (opts.fixSecrets && !input.stdin) {
      try {
        const moved = moveSecrets(input.lookupPath, text, options, lint);
        text = moved.text;
        options = { ...options, variables: moved.variables };
        if (moved.names.length > 0 || moved.left > 0)
          io.err(
            `${input.file}: ${moved.names.length > 0 ? `moved ${moved.names.length} secret${moved.names.length === 1 ? "" : "s"} to .env (${moved.names.join(", ")}); wrote ${moved.files.join(", ")}` : "no secret could be moved"}${moved.left > 0 ? `; ${moved.left} left in the file (see plaintext-secret)` : ""}`,
          );
      } catch (e) {
        fail(`${ioError("write", input.file, e)} (secrets not moved)`);
      }
    }
    if (!opts.fix) {
      addReports(reports, { file: input.file, text, findings: analyze(text, options, lint).findings }, cwd);
      continue;
    }
    const fixed = fixAll(text, options, lint);
    const n = fixed.applied.length;
    if (input.stdin) fixedStdin = fixed.text;
    else if (fixed.text !== text) {
      try {
        writeFileSync(input.lookupPath, fixed.text);
      } catch (e) {
        fail(`${ioError("write", input.file, e)} (${n} fix${n === 1 ? "" : "es"} not applied)`);
        addReports(reports, { file: input.file, text, findings: analyze(text, options, lint).findings }, cwd);
        continue;
      }
      if (opts.format === "text") io.err(`${input.file}: applied ${n} fix${n === 1 ? "" : "es"}`);
    }
    addReports(reports, { file: input.file, text: fixed.text, findings: fixed.remaining }, cwd);
  }

  const formatOptions = {
    cwd,
    color: io.isTTY && !opts.output,
    version: VERSION,
    fixed: opts.fix,
    unchecked,
    locale,
  };
  const report =
    opts.format === "json"
      ? JSON.stringify(toJson(reports), null, 2)
      : opts.format === "sarif"
        ? JSON.stringify(toSarif(reports, formatOptions), null, 2)
        : opts.format === "github"
          ? toGithub(reports, formatOptions)
          : toText(reports, formatOptions);
  if (opts.output) {
    try {
      writeFileSync(opts.output, report ? `${report}\n` : "");
    } catch (e) {
      fail(ioError("write", opts.output, e));
    }
  } else if (fixedStdin !== undefined) {
    // stdout carries the fixed text, as formatters do; the report goes beside it.
    if (report) io.err(report);
  } else if (report) io.out(report);
  if (fixedStdin !== undefined) io.write(fixedStdin);

  if (failed) return 2;
  const all = reports.flatMap((r) => r.findings);
  if (all.some((f) => f.severity === "error")) return 1;
  const warnings = all.filter((f) => f.severity === "warning").length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.err(`mlops-compose: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}`);
    return 1;
  }
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The variables a file is interpolated with: `--env-file`s (later ones win) instead of `.env`,
 * the project directory's `.env` with `--project-directory`, else the `.env` beside the file.
 */
function projectVariables(path: string, project: LintArgs["project"]): Map<string, string> {
  if (project?.envFiles?.length) return envFileVariables(project.envFiles);
  return dotEnvFor(project?.projectDirectory ? join(project.projectDirectory, "compose.yaml") : path);
}

/**
 * The report of a compose file, and one per env file holding some of its findings (a URL in
 * `app.env`, model/env-files.ts), each env file once however many compose files of its
 * project read it (the same finding from two files of a project is one).
 */
function addReports(reports: FileReport[], report: FileReport, cwd: string): void {
  const own = report.findings.filter((f) => !f.file);
  reports.push({ ...report, findings: inFileOrder(own) });
  const byFile = new Map<string, LintFinding[]>();
  for (const f of report.findings) if (f.file) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [path, findings] of byFile) {
    // Below the working directory: relative, as a directory's compose files are; else absolute.
    const rel = relative(cwd, path);
    const shown = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
    let existing = reports.find((r) => r.file === shown);
    if (!existing) {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        continue; // gone since it was analysed: its findings have no place to be shown
      }
      existing = { file: shown, text, findings: [] };
      reports.push(existing);
    }
    const key = (f: LintFinding) => `${f.rule}\0${f.span.start}\0${f.span.end}\0${f.message}`;
    const seen = new Set(existing.findings.map(key));
    existing.findings = inFileOrder([
      ...existing.findings,
      ...findings.map((f) => ({ ...f, file: undefined, fixes: f.fixes })).filter((f) => !seen.has(key(f))),
    ]);
  }
}

/** Findings as they appear in the file, top to bottom (rules report in registry order). */
function inFileOrder(findings: LintFinding[]): LintFinding[] {
  return [...findings].sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}
