// Serves the built admin app from another Node HTTP server (the API's, in the embedded default):
// requests under /admin go to the Astro handler, or to the built CSS and JS; everything else is
// passed on. Plain JavaScript so the API can import it without building this package first.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Negotiator from "negotiator";

/** The path the admin app is served under. */
export const ADMIN_BASE = "/admin";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const CLIENT = join(DIST, "client");

const TYPES = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Whether a request path belongs to the admin app (`/admin`, `/admin/...`, `/admin?...`). */
export function isAdminPath(url) {
  const path = (url ?? "").split("?")[0] ?? "";
  return path === ADMIN_BASE || path.startsWith(`${ADMIN_BASE}/`);
}

/** The built file for a static request, or null when it is not one (or tries to leave dist/client). */
function staticFile(url) {
  const path = (url ?? "").split("?")[0] ?? "";
  if (!path.startsWith(`${ADMIN_BASE}/_astro/`) && path !== `${ADMIN_BASE}/favicon.svg`) return null;
  let relative;
  try {
    relative = decodeURIComponent(path.slice(ADMIN_BASE.length + 1));
  } catch {
    return null;
  }
  const file = normalize(join(CLIENT, relative));
  if (!file.startsWith(CLIENT + sep) || !(extname(file) in TYPES)) return null;
  return file;
}

async function serveStatic(file, req, res) {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  // The copy compressed at build (scripts/precompress.mjs) in the coding the browser prefers.
  const copy = await precompressed(file, req.headers["accept-encoding"]);
  res.writeHead(200, {
    "Content-Type": TYPES[extname(file)],
    "Content-Length": copy ? copy.size : info.size,
    ...(copy ? { "Content-Encoding": copy.coding } : {}),
    ...(copy || (await precompressed(file, "br, gzip")) ? { Vary: "Accept-Encoding" } : {}),
    // Built file names carry a content hash: safe to keep for a year.
    "Cache-Control": file.includes(`${sep}_astro${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
    // The same as the app's pages (src/middleware.ts): a request a stylesheet makes (fonts,
    // images) names no page of the app to another site.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(copy ? copy.path : file).pipe(res);
  return true;
}

const SUFFIXES = { br: ".br", gzip: ".gz" };

/** The precompressed copy of `file` to send for this `Accept-Encoding` (q-values honoured), or null. */
async function precompressed(file, acceptEncoding) {
  if (!acceptEncoding) return null;
  const copies = [];
  for (const coding of ["br", "gzip"]) {
    try {
      const info = await stat(`${file}${SUFFIXES[coding]}`);
      if (info.isFile()) copies.push({ coding, path: `${file}${SUFFIXES[coding]}`, size: info.size });
    } catch {
      // no copy in this coding
    }
  }
  if (copies.length === 0) return null;
  const chosen = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encoding(
    [...copies.map((c) => c.coding), "identity"],
    { preferred: ["br", "gzip", "identity"] },
  );
  return copies.find((c) => c.coding === chosen) ?? null;
}

/**
 * Loads the built admin app and returns a Node request handler for it:
 * `(req, res, next) => void`, where `next()` is called for requests outside /admin.
 *
 * Options: `apiUrl`, the API's base URL as this server reaches itself (default
 * OPENPORTAGE_API_URL, else `http://127.0.0.1:$PORT`); `apiFetch`, the API's own `fetch` to call
 * it in the same process instead of over HTTP.
 *
 * Throws when the admin app has not been built (`pnpm --filter @openportage/admin build`).
 */
export async function createAdminHandler(options = {}) {
  const entry = join(DIST, "server", "entry.mjs");
  try {
    await stat(entry);
  } catch {
    throw new Error(`the admin app is not built: ${entry} is missing (run pnpm --filter @openportage/admin build)`);
  }
  const { handler } = await import(pathToFileURL(entry).href);
  const locals = {};
  if (options.apiUrl) locals.apiUrl = options.apiUrl;
  if (options.apiFetch) locals.apiFetch = options.apiFetch;

  return function admin(req, res, next) {
    if (!isAdminPath(req.url)) {
      next();
      return;
    }
    const file = req.method === "GET" || req.method === "HEAD" ? staticFile(req.url) : null;
    // An address the app does not have gets its own "Page not found" page (404.astro), not the
    // API's problem document: Astro passes unmatched requests to `next`, so ask it for /404.
    const notFound = () => {
      if (req.url === `${ADMIN_BASE}/404`) {
        next();
        return;
      }
      req.url = `${ADMIN_BASE}/404`;
      handler(req, res, next, { ...locals });
    };
    const render = () => handler(req, res, (error) => (error ? next(error) : notFound()), { ...locals });
    if (!file) {
      render();
      return;
    }
    serveStatic(file, req, res).then(
      (served) => {
        if (!served) render();
      },
      () => render(),
    );
  };
}
