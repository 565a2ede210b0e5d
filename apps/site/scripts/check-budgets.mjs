#!/usr/bin/env node
// Size budgets for the built site, run after `astro build`: fails the build when a page ships
// JavaScript it should not, or when the JavaScript or CSS grows past its budget. Sizes are
// gzip-compressed bytes, as a browser downloads them. The budgets and measured sizes are in
// docs/site.md; change both together.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const KB = 1024;

/** Pages allowed to load JavaScript, with their budget; every other page must load none. */
export const JS_BUDGETS = { "/check-eligibility": 90 * KB, "/refer": 90 * KB };
/** All the site's CSS together. */
export const CSS_BUDGET = 14 * KB;
/** Any one HTML page. */
export const HTML_BUDGET = 30 * KB;

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_astro" ? [] : htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

function pagePath(file) {
  const path = `/${relative(dist, file)}`.replace(/index\.html$/, "").replace(/\.html$/, "");
  return path === "/" ? "/" : path.replace(/\/$/, "");
}

// The JavaScript a page loads: scripts, module preloads and island component and renderer
// URLs, followed through each module's static imports.
function pageScripts(html) {
  const urls = new Set();
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    if (/type="application\/(ld\+)?json"/.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs);
    urls.add(src ? src[1] : "(inline script)");
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/\b(?:component-url|renderer-url)="([^"]+)"/g)) urls.add(m[1]);
  return urls;
}

function moduleClosure(urls) {
  const seen = new Set();
  const queue = [...urls].filter((u) => u.startsWith("/"));
  while (queue.length > 0) {
    const url = queue.pop();
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(join(dist, url), "utf8");
    for (const m of code.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']|import\(["']([^"']+\.js)["']\)/g)) {
      const spec = m[1] ?? m[2];
      if (spec?.startsWith(".")) queue.push(`/${relative(dist, resolve(dist, dirname(url).slice(1), spec))}`);
      else if (spec?.startsWith("/")) queue.push(spec);
    }
  }
  return seen;
}

const failures = [];
const report = [];
for (const file of htmlFiles(dist).sort()) {
  const html = readFileSync(file, "utf8");
  const path = pagePath(file);
  const htmlSize = gzipSize(file);
  if (htmlSize > HTML_BUDGET) failures.push(`${path}: HTML is ${htmlSize} B gzip, over its ${HTML_BUDGET} B budget`);
  const scripts = pageScripts(html);
  const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/type="application\/(ld\+)?json"/.test(m[0]) && !/\bsrc=/.test(m[0]))
    .reduce((sum, m) => sum + gzipSync(m[1] ?? "").length, 0);
  const modules = moduleClosure(scripts);
  const jsSize = [...modules].reduce((sum, url) => sum + gzipSize(join(dist, url)), 0) + inline;
  const budget = JS_BUDGETS[path];
  if (budget === undefined && scripts.size > 0) {
    failures.push(`${path}: a content page must ship no JavaScript, but it loads ${[...scripts].join(", ")}`);
  } else if (budget !== undefined && jsSize > budget) {
    failures.push(`${path}: JavaScript is ${jsSize} B gzip, over its ${budget} B budget`);
  }
  report.push({ page: path, "html (B gzip)": htmlSize, "js (B gzip)": jsSize });
}

const cssFiles = readdirSync(join(dist, "_astro")).filter((name) => name.endsWith(".css"));
const cssSize = cssFiles.reduce((sum, name) => sum + gzipSize(join(dist, "_astro", name)), 0);
if (cssSize > CSS_BUDGET) failures.push(`CSS is ${cssSize} B gzip in all, over its ${CSS_BUDGET} B budget`);

console.table(report);
console.log(`CSS: ${cssSize} B gzip in ${cssFiles.length} file(s) (budget ${CSS_BUDGET} B)`);
if (failures.length > 0) {
  console.error(`\nSize budgets exceeded:\n${failures.map((f) => `- ${f}`).join("\n")}`);
  process.exit(1);
}
console.log("Size budgets: all within budget.");
