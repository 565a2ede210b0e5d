// The package README is a guide for other councils; every TypeScript example in it runs here and
// is type-checked as a consumer's code would be, so the guide cannot drift from the code.
// Examples import "@openportage/domain" and check their results with node:assert, which fails
// this test when the README is wrong.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const outDir = join(here, ".readme-examples");
const typedDir = join(outDir, "typed");
const entry = pathToFileURL(join(here, "..", "src", "index.ts")).href;

describe("README examples", () => {
  it("has examples to run", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(typedDir, { recursive: true });
  // As written: "@openportage/domain" resolves to the built package's types through its own
  // package.json exports, exactly as in a council's project.
  const typedFiles = blocks.map((code, i) => {
    const file = join(typedDir, `example-${i + 1}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    return file;
  });

  // A whole TypeScript program: a few seconds alone, over a minute on a machine busy with the
  // other suites, so it has time enough (a compile, not a measure of speed).
  it("type-checks every example as a consumer's TypeScript", () => {
    const config = ts.readConfigFile(join(here, "..", "tsconfig.json"), ts.sys.readFile);
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, join(here, "..")).options;
    const program = ts.createProgram(typedFiles, { ...options, noEmit: true, rootDir: outDir });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? `${d.file.fileName}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diagnostics).toEqual([]);
  }, 300_000);

  blocks.forEach((code, i) => {
    const firstLine = code.split("\n").find((line) => line.startsWith("//")) ?? `example ${i + 1}`;
    it(`runs: ${firstLine.replace(/^\/\/\s*/, "")}`, async () => {
      const file = join(outDir, `example-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll('"@openportage/domain"', JSON.stringify(entry)));
      await expect(import(pathToFileURL(file).href)).resolves.toBeDefined();
    });
  });
});
