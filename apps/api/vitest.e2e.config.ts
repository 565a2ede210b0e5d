import { defineConfig } from "vitest/config";

// The end-to-end tests start the built server (dist/server.js) as a real process.
export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "reports/tests/e2e.json" }]],
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
