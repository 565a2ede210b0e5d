import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The JSON report lets the README's test command print one total for every package.
    reporters: ["default", ["json", { outputFile: "reports/tests/unit.json" }]],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    // Benchmarks run the built package as a user would, loaded by Node itself rather than through
    // Vite's module runner, whose export getters would skew the figures.
    server: { deps: { external: [/\/dist\//] } },
    benchmark: { include: ["src/**/*.bench.ts", "bench/**/*.bench.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // The command in src/bin runs as a process in test/protocol-check.test.ts, out of coverage's sight.
      exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts", "src/**/*.bench.ts", "src/**/index.ts", "src/bin/**"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
