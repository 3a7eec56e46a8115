/**
 * vitest globalSetup for the real-engine tests: start the private engine once, hand its
 * coordinates to the test workers, and stop it at the end — also when tests fail, when
 * vitest exits early, or on SIGINT/SIGTERM.
 */
import type { TestProject } from "vitest/node";
import { type EngineInfo, ensureEngine, teardownEngine, teardownEngineSync } from "./harness";

declare module "vitest" {
  export interface ProvidedContext {
    mlopsEngine: EngineInfo;
  }
}

const log = (msg: string) => {
  if (msg) process.stderr.write(`${msg}\n`);
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.once("exit", teardownEngineSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      teardownEngineSync();
      process.kill(process.pid, sig);
    });
  }
  const started = Date.now();
  let info: EngineInfo;
  try {
    info = await ensureEngine(log);
  } catch (err) {
    await teardownEngine(log);
    throw err;
  }
  log(`[engine] ready in ${Date.now() - started} ms`);
  project.provide("mlopsEngine", info);
  return async () => {
    const t = Date.now();
    await teardownEngine(log);
    log(`[engine] teardown in ${Date.now() - t} ms`);
  };
}
