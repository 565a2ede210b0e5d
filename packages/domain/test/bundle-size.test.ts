// Importing only what is used stays small: a browser bundle of two date helpers carries none of
// the schema library, because the package has no side effects and builds its schemas and
// presets in pure (removable) expressions. Bundled from the built package with esbuild, as a
// council's site would be; the figures are printed for the record.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

async function bundle(code: string): Promise<{ text: string; bytes: number; gzip: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  return { text, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length };
}

describe("bundle size", () => {
  it("bundles two date helpers without valibot, in under 1 KB gzipped", async () => {
    const dates = await bundle(
      'import { addMonths, parseIsoDate } from "@openportage/domain"; console.log(addMonths(parseIsoDate("2026-01-31"), 1));',
    );
    const everything = await bundle(
      'import * as all from "@openportage/domain"; console.log(Object.keys(all).length);',
    );
    console.log(
      `two date helpers: ${dates.bytes} bytes minified, ${dates.gzip} gzipped; the whole package: ${everything.bytes} bytes minified, ${everything.gzip} gzipped`,
    );
    // valibot's schemas carry their "kind" and "~standard" markers; the date helpers need none.
    expect(dates.text).not.toContain("~standard");
    expect(dates.text).not.toContain("strict_object");
    expect(everything.text).toContain("strict_object");
    expect(dates.gzip).toBeLessThan(1024);
    expect(everything.gzip).toBeGreaterThan(dates.gzip * 10);
  });
});
