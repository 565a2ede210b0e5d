import { defineConfig } from "vitest/config";

// End-to-end tests: the real API server on a temp database, the built admin app, and Chromium.
// One file at a time, each starting its own stack (the machine has two cores).
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "reports/tests/e2e.json" }]],
  },
});
