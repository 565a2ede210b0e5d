// The built public site (apps/site/dist, static Astro pages with React islands), served from the
// API's origin in the embedded default. Every file is listed once at start-up, so only files that
// exist in the build can be served (no path is ever joined from the request). Each HTML page gets
// its own Content-Security-Policy: scripts and styles from the site itself, plus the SHA-256 of
// each inline <script> and <style> the page holds (Astro's island hydration code), and nothing else.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { CODING_SUFFIX, type Coding, chooseCoding } from "./encoding.js";
import type { AppEnv } from "./types.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".webmanifest": "application/manifest+json",
  ".pdf": "application/pdf",
};

/** One file of the built site. */
interface SiteFile {
  readonly path: string;
  readonly type: string;
  /** The codings it was precompressed in at build (`<path>.br`, `<path>.gz`). */
  readonly codings?: readonly Coding[];
  /** The page's own CSP (HTML pages only). */
  readonly csp?: string;
}

/** The built site: its files by URL path, and the page for paths it does not have. */
export interface Site {
  readonly root: string;
  readonly files: ReadonlyMap<string, SiteFile>;
  readonly notFound?: SiteFile;
  /**
   * The site's frame for pages the API writes (the no-JavaScript referral answers, the
   * eligibility checker's result): `dist/page-template.html`, not served itself.
   */
  readonly template?: string;
  /**
   * The same frame with one navigation item marked current, by the item's path (`/refer`):
   * `dist/page-templates/<section>.html`, not served either.
   */
  readonly templates?: ReadonlyMap<string, string>;
}

/** The frame for an API page in the site's section `path` (its navigation item current), or the plain one. */
export function templateFor(site: Site | undefined, path: string): string | undefined {
  return site?.templates?.get(path) ?? site?.template;
}

/** The markers in the site's page template (apps/site/src/pages/page-template.astro). */
export const TEMPLATE_TITLE = "@@OPENPORTAGE_TITLE@@";
export const TEMPLATE_MAIN = "@@OPENPORTAGE_MAIN@@";

/**
 * A page in the site's frame: the template with its title (already HTML-escaped) and main
 * content put in. The content is HTML the caller has escaped.
 */
export function fillTemplate(template: string, titleHtml: string, mainHtml: string): string {
  // split/join, not replace: a `$` in the content must stay as it is.
  return template.split(TEMPLATE_TITLE).join(titleHtml).split(TEMPLATE_MAIN).join(mainHtml);
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The SHA-256 sources for a page's inline scripts and styles, as CSP source expressions. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const [, attributes = "", code = ""] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    scripts.add(sha256(code));
  }
  for (const [, css = ""] of html.matchAll(INLINE_STYLE)) styles.add(sha256(css));
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

/** The CSP for a site page with these inline hashes. No unsafe-inline, no other hosts. */
export function siteCsp(hashes: { scripts: readonly string[]; styles: readonly string[] }): string {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...hashes.scripts].join(" ")}`,
    `style-src ${["'self'", ...hashes.styles].join(" ")}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Lists the built site under `root` (apps/site/dist) and works out each page's CSP. */
export function loadSite(root: string): Site {
  const files = new Map<string, SiteFile>();
  let notFound: SiteFile | undefined;
  let template: string | undefined;
  const templates = new Map<string, string>();
  for (const path of walk(root)) {
    const type = TYPES[extname(path).toLowerCase()];
    if (!type) continue;
    const rel = relative(root, path).split(sep).join("/");
    if (rel === "page-template.html") {
      template = readFileSync(path, "utf8");
      continue;
    }
    const section = /^page-templates\/([a-z0-9-]+)\.html$/.exec(rel)?.[1];
    if (section) {
      templates.set(`/${section}`, readFileSync(path, "utf8"));
      continue;
    }
    if (rel.startsWith("page-templates/")) continue;
    const codings = (Object.keys(CODING_SUFFIX) as Coding[]).filter((c) => existsSync(`${path}${CODING_SUFFIX[c]}`));
    const file: SiteFile = type.startsWith("text/html")
      ? { path, type, codings, csp: siteCsp(inlineHashes(readFileSync(path, "utf8"))) }
      : { path, type, codings };
    if (rel === "404.html") notFound = file;
    files.set(`/${rel}`, file);
    if (rel === "index.html") files.set("/", file);
    else if (rel.endsWith("/index.html")) {
      const dirPath = `/${rel.slice(0, -"/index.html".length)}`;
      files.set(dirPath, file);
      files.set(`${dirPath}/`, file);
    }
  }
  return {
    root,
    files,
    ...(notFound ? { notFound } : {}),
    ...(template ? { template } : {}),
    ...(templates.size > 0 ? { templates } : {}),
  };
}

/** The headers every site response carries (the CSP is set per page). */
const siteHeaders = secureHeaders({
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  crossOriginResourcePolicy: "same-origin",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

/** The CSP for site responses that are not pages (files, the site's 404 without its own). */
const FILE_CSP = siteCsp({ scripts: [], styles: [] });

/** Whether a path belongs to the API (never served from the site). */
export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Serves the site's files for GET and HEAD; anything else goes on to the API. */
export function siteHandler(site: Site): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || isApiPath(c.req.path)) return next();
    const found = site.files.get(c.req.path);
    const file = found ?? site.notFound;
    if (!file) return next();
    return siteHeaders(c, async () => {
      // The copy compressed at build in the coding the browser prefers, or the file itself.
      const codings = file.codings ?? [];
      const coding = chooseCoding(c.req.header("accept-encoding"), codings);
      const source = coding ? `${file.path}${CODING_SUFFIX[coding]}` : file.path;
      const body = c.req.method === "HEAD" ? null : new Uint8Array(await readFile(source));
      const immutable = c.req.path.startsWith("/_astro/");
      c.res = new Response(body, {
        status: found ? 200 : 404,
        headers: {
          "Content-Type": file.type,
          "Content-Security-Policy": file.csp ?? FILE_CSP,
          "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
          ...(coding ? { "Content-Encoding": coding } : {}),
          ...(codings.length > 0 ? { Vary: "Accept-Encoding" } : {}),
        },
      });
    });
  };
}
