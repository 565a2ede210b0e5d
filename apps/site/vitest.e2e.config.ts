import { defineConfig } from "vitest/config";

// Browser tests against the built site: one file at a time (the machine has two cores and one
// Chromium is enough), with a server started once in the global setup.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "reports/tests/e2e.json" }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
