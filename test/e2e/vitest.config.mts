import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The end-to-end suite: the real VS Code workbench (code-server) driven through headless
// Chromium, and the Neovim LSP client. Run: `vitest run --config test/e2e/vitest.config.mts`.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export default defineConfig({
  root,
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    include: ["test/e2e/**/*.e2e.test.ts", "test/neovim/**/*.e2e.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    // Each file starts its own code-server + Chromium: on 2 cores, one file at a time.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
  },
});
