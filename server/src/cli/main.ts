/**
 * `mlops-compose`: the command line over the same engine as the language server.
 *   mlops-compose lint [OPTIONS] PATH...          (lint-command.ts)
 *   mlops-compose config [OPTIONS] [DIR]          (config-command.ts)
 *   mlops-compose plan | reset-script | check-script [OPTIONS] FILE   (plan-command.ts)
 *   mlops-compose lsp --stdio
 * Every command takes --help. Exit codes: 0 fine, 1 findings (lint) or a file that cannot be
 * planned, 2 the command could not do its job (usage, I/O, config): one line on stderr each.
 */
import { CONFIG_HELP, CONFIG_USAGE, configCommand } from "./config-command";
import { LINT_HELP, LINT_USAGE, lintCommand } from "./lint-command";
import { PLAN_HELP, PLAN_USAGE, planCommand } from "./plan-command";

const VERSION = "0.1.0";

const LSP_HELP = `Usage: mlops-compose lsp --stdio | --node-ipc | --socket=PORT

Runs the language server (diagnostics, quick fixes, hover, the staged-start plan) for any
LSP client, over the transport given. It reads the client's \`mlopsCompose\` settings and
each project's .mlops-compose.yaml, and asks the client to watch those and .env files.`;

const USAGE = `Usage:
${LINT_USAGE}
${CONFIG_USAGE}
${PLAN_USAGE}
  mlops-compose lsp --stdio | --node-ipc | --socket=PORT
  mlops-compose help [COMMAND] | --help | --version

Run \`mlops-compose COMMAND --help\` for a command's options.
Exit status: 0 fine; 1 findings (lint: an error, or more warnings than --max-warnings),
or (plan...) a file that cannot be planned; 2 the command could not do its job (usage,
a missing path, no compose file, the config file, a file that cannot be read or written).`;

export interface Io {
  /** A line to standard output (the newline is added). */
  out: (s: string) => void;
  /** A line to standard error. */
  err: (s: string) => void;
  /** Raw text to standard output (`lint --fix -`'s fixed file). */
  write: (s: string) => void;
  /** Whether standard output is a colour terminal. */
  isTTY: boolean;
  readStdin?: () => Promise<string>;
  /** The environment (LANG, LC_ALL, LC_MESSAGES choose the language); process.env when absent. */
  env?: Record<string, string | undefined>;
}

const HELP: Record<string, string> = {
  lint: LINT_HELP,
  config: `Usage:\n${CONFIG_USAGE}\n\n${CONFIG_HELP}`,
  lsp: LSP_HELP,
  plan: `Usage:\n${PLAN_USAGE}\n\n${PLAN_HELP}`,
  "reset-script": `Usage:\n${PLAN_USAGE}\n\n${PLAN_HELP}`,
  "check-script": `Usage:\n${PLAN_USAGE}\n\n${PLAN_HELP}`,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    io.err(USAGE);
    return 2;
  }
  if (command === "--help" || command === "-h") {
    io.out(USAGE);
    return 0;
  }
  if (command === "help") {
    const topic = rest[0];
    if (topic && !HELP[topic]) {
      io.err(`mlops-compose: no command \`${topic}\`\n\n${USAGE}`);
      return 2;
    }
    io.out(topic ? HELP[topic] : USAGE);
    return 0;
  }
  if (command === "--version" || command === "-v") {
    io.out(VERSION);
    return 0;
  }
  if (command === "lsp") {
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(LSP_HELP);
      return 0;
    }
    const { createConnection, ProposedFeatures } = await import("vscode-languageserver/node");
    const { startServer } = await import("../lsp/server");
    startServer(createConnection(ProposedFeatures.all));
    return -1; // keep running
  }
  if (command === "lint") return lintCommand(rest, io);
  if (command === "config") return configCommand(rest, io);
  if (["plan", "reset-script", "check-script"].includes(command)) return planCommand(command, rest, io);
  io.err(`mlops-compose: unknown command \`${command}\`\n\n${USAGE}`);
  return 2;
}

/** Runs the CLI in this process with its arguments, streams and exit code (bin/mlops-compose.js). */
export function run(): void {
  // A closed pipe (`mlops-compose lint . | head`) ends the output, not with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    write: (s) => process.stdout.write(s),
    isTTY: !!process.stdout.isTTY && !("NO_COLOR" in process.env),
    env: process.env,
  }).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      // A bug, not the user's input: one line, the stack only when asked for.
      process.stderr.write(
        `mlops-compose: internal error: ${(e as Error)?.message ?? e} (please report it; MLOPS_COMPOSE_DEBUG=1 shows the stack)\n`,
      );
      if (process.env.MLOPS_COMPOSE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
