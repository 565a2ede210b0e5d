import { defineConfig } from "vitest/config";

// End-to-end tests: the real API server on a temp database, serving the built family app at /family
// (as in the embedded default), and Chromium. One file at a time (the machine has two cores).
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "reports/tests/e2e.json" }]],
  },
});
