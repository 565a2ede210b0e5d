#!/usr/bin/env node
// Moves the page templates (src/pages/page-template.astro and page-template/[section].astro) out
// of the site's pages: dist/page-template.html (no navigation item current) and
// dist/page-templates/<section>.html (that section's item current). They are not pages of their
// own (the API fills them in), so they are not in the sitemap and the API server does not serve
// them. Fails if the markers the API replaces are missing from any of them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const builtDir = join(dist, "page-template");
const built = join(builtDir, "index.html");

function checked(file) {
  const html = readFileSync(file, "utf8");
  for (const marker of ["@@OPENPORTAGE_TITLE@@", "@@OPENPORTAGE_MAIN@@"]) {
    if (html.split(marker).length !== 2) {
      console.error(`page-template: ${file} must hold ${marker} exactly once`);
      process.exit(1);
    }
  }
  return html;
}

if (!existsSync(built)) {
  console.error(`page-template: ${built} is missing (is src/pages/page-template.astro there?)`);
  process.exit(1);
}
writeFileSync(join(dist, "page-template.html"), checked(built));
const sections = readdirSync(builtDir).filter((name) => statSync(join(builtDir, name)).isDirectory());
if (sections.length === 0) {
  console.error("page-template: no section templates were built (is src/pages/page-template/[section].astro there?)");
  process.exit(1);
}
mkdirSync(join(dist, "page-templates"), { recursive: true });
for (const section of sections) {
  writeFileSync(join(dist, "page-templates", `${section}.html`), checked(join(builtDir, section, "index.html")));
}
rmSync(builtDir, { recursive: true, force: true });
console.log(`page-template: dist/page-template.html and ${sections.length} in dist/page-templates/`);
