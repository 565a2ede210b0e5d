#!/usr/bin/env node
// Moves the inline <script> and <style> elements Astro writes into island pages (its hydration
// runtime) into files under dist/_astro, named by content hash. With no inline code left, the
// site runs under a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`) on
// any host, with no nonces or hashes to keep in step. Run after `astro build`.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_astro" ? [] : htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

function assetFor(content, extension) {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 12);
  const name = `/_astro/inline.${hash}.${extension}`;
  writeFileSync(join(dist, name), content);
  return name;
}

let moved = 0;
for (const file of htmlFiles(dist)) {
  const html = readFileSync(file, "utf8");
  const out = html
    .replace(/<script>([\s\S]*?)<\/script>/g, (_, code) => {
      moved += 1;
      return `<script src="${assetFor(code, "js")}"></script>`;
    })
    .replace(/<style>([\s\S]*?)<\/style>/g, (_, css) => {
      moved += 1;
      return `<link rel="stylesheet" href="${assetFor(css, "css")}">`;
    });
  if (out !== html) writeFileSync(file, out);
  if (/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle="/.test(out)) {
    console.error(`externalize-inline: ${file} still has inline script or style`);
    process.exit(1);
  }
}
console.log(`externalize-inline: moved ${moved} inline script(s) and style(s) into dist/_astro`);
