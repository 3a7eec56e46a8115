import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    include: [
      "server/src/**/*.test.ts",
      "client/src/**/*.test.ts",
      "test/unit/**/*.test.ts",
      "test/lsp/**/*.test.ts",
      "test/cli/**/*.test.ts",
      "test/docs/**/*.test.ts",
      "test/corpus/**/*.test.ts",
      "test/grammar/**/*.test.ts",
      "test/hostile/**/*.test.ts",
      "test/differential/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
