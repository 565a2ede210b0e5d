import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The JSON report lets the README's test command print one total for every package.
    reporters: ["default", ["json", { outputFile: "reports/tests/unit.json" }]],
  },
});
