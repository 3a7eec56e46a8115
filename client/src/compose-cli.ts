/**
 * Finding the Docker Compose CLI, without VS Code (unit-tested with stand-in executables):
 * `docker compose version` (the plugin: v2, and v5 and later: never match the major version),
 * else `docker-compose version` (the standalone binary; 1.x is the Python v1 without `--wait`).
 * Each probe is an execFile with a timeout, so a hung daemon socket cannot hang the editor.
 */
import { execFile } from "node:child_process";

export interface ComposeCli {
  /** The words to run: ["docker", "compose"] or ["docker-compose"] (or the user's setting). */
  command: string[];
  /** What `version --short` printed, when it printed something. */
  version?: string;
  /** The legacy Python v1 (no `--wait`): the generated script polls instead. */
  legacy: boolean;
}

export const NO_COMPOSE_MESSAGE =
  "Docker Compose was not found: neither `docker compose` nor `docker-compose` works. " +
  "Install Docker Engine with the Compose plugin (package docker-compose-plugin, or Docker Desktop), " +
  "or the standalone docker-compose, or set `mlopsCompose.composeCommand`.";

export interface DetectOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

function probe(file: string, args: string[], options: DetectOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 10_000, env: options.env ?? process.env, windowsHide: true },
      (error, stdout) => resolve(error ? undefined : String(stdout).trim()),
    );
  });
}

export async function detectComposeCli(options: DetectOptions = {}): Promise<ComposeCli | undefined> {
  const plugin = await probe("docker", ["compose", "version", "--short"], options);
  if (plugin !== undefined)
    return { command: ["docker", "compose"], version: plugin || undefined, legacy: false };
  const standalone = await probe("docker-compose", ["version", "--short"], options);
  if (standalone !== undefined)
    return {
      command: ["docker-compose"],
      version: standalone || undefined,
      legacy: /^v?1\./.test(standalone),
    };
  return undefined;
}

/** The user's `mlopsCompose.composeCommand`, split into words; undefined when empty. */
export function parseComposeSetting(value: unknown): string[] | undefined {
  if (typeof value !== "string") return undefined;
  const words = value.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : undefined;
}

/** Detects once per key (a workspace folder); failures are not remembered, so installing helps at once. */
export class ComposeCliCache {
  private readonly found = new Map<string, Promise<ComposeCli | undefined>>();

  constructor(private readonly detect: () => Promise<ComposeCli | undefined> = detectComposeCli) {}

  async get(key: string): Promise<ComposeCli | undefined> {
    let hit = this.found.get(key);
    if (!hit) {
      hit = this.detect();
      this.found.set(key, hit);
    }
    const cli = await hit;
    if (!cli) this.found.delete(key);
    return cli;
  }

  clear(): void {
    this.found.clear();
  }
}
