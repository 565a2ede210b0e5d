#!/usr/bin/env node
// Moves the page template (src/pages/page-template.astro) out of the site's pages, to
// dist/page-template.html: it is not a page of its own (the API fills it in), so it is not in the
// sitemap and the API server does not serve it. Fails if the markers the API replaces are missing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const built = join(dist, "page-template", "index.html");
const target = join(dist, "page-template.html");

if (!existsSync(built)) {
  console.error(`page-template: ${built} is missing (is src/pages/page-template.astro there?)`);
  process.exit(1);
}
const html = readFileSync(built, "utf8");
for (const marker of ["@@OPENPORTAGE_TITLE@@", "@@OPENPORTAGE_MAIN@@"]) {
  if (html.split(marker).length !== 2) {
    console.error(`page-template: the template must hold ${marker} exactly once`);
    process.exit(1);
  }
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, html);
rmSync(join(dist, "page-template"), { recursive: true, force: true });
console.log("page-template: dist/page-template.html");
