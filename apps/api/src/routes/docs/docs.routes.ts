// The API description: OpenAPI 3.1 at /api/openapi.json (generated from the routes' valibot
// schemas) and a reference page at /api/docs, served with its script from this app (no CDN).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../../lib/types.js";

const require = createRequire(import.meta.url);
let bundle: string | undefined;
function scalarBundle(): string {
  bundle ??= readFileSync(join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js"), "utf8");
  return bundle;
}

export const docsRoutes = new Hono<AppEnv>()
  .get("/docs/scalar.js", describeRoute({ hide: true }), (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(scalarBundle());
  })
  .get(
    "/docs",
    describeRoute({ hide: true }),
    async (c, next) => {
      await next();
      // The reference page needs its own inline start-up script (allowed by nonce) and inline styles.
      const nonce = c.get("secureHeadersNonce");
      c.res.headers.set(
        "Content-Security-Policy",
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
      );
    },
    Scalar((c) => ({
      url: "/api/openapi.json",
      pageTitle: "Open Portage API",
      cdn: "/api/docs/scalar.js",
      nonce: c.get("secureHeadersNonce") ?? "",
      hideClientButton: true,
      telemetry: false,
    })),
  );
