import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Real-engine tests: `vitest run --config test/engine/vitest.config.mts` (npm run test:engine).
// One worker, files one after another: they share one private Docker daemon, started by
// globalSetup and stopped by its teardown.
export default defineConfig({
  root: resolve(__dirname, "../.."),
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    include: ["test/engine/**/*.engine.test.ts"],
    globalSetup: ["test/engine/global-setup.ts"],
    setupFiles: ["test/engine/worker-setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 900_000,
    teardownTimeout: 180_000,
  },
});
