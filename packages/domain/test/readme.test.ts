// The package README is a guide for other councils; every TypeScript example in it runs here,
// so the guide cannot drift from the code. Examples import "@openportage/domain" and check
// their results with node:assert, which fails this test when the README is wrong.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const outDir = join(here, ".readme-examples");
const entry = pathToFileURL(join(here, "..", "src", "index.ts")).href;

describe("README examples", () => {
  it("has examples to run", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  blocks.forEach((code, i) => {
    const firstLine = code.split("\n").find((line) => line.startsWith("//")) ?? `example ${i + 1}`;
    it(`runs: ${firstLine.replace(/^\/\/\s*/, "")}`, async () => {
      const file = join(outDir, `example-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll('"@openportage/domain"', JSON.stringify(entry)));
      await expect(import(pathToFileURL(file).href)).resolves.toBeDefined();
    });
  });
});
