// The API description: OpenAPI 3.1 at /api/openapi.json (generated from the routes' valibot
// schemas) and a reference page at /api/docs: Scalar's standalone bundle, served from this app
// (no CDN), under the API's own strict policy (ADR 0048). Every script is a file from this app (no
// inline script); styles are allowed by the request's nonce, which `docs/setup.js` gives to each
// style element a script of the page creates. Styles in markup, and style attributes, stay refused.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../../lib/types.js";

const require = createRequire(import.meta.url);
let bundle: string | undefined;
function scalarBundle(): string {
  bundle ??= readFileSync(join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js"), "utf8");
  return bundle;
}

/**
 * Runs before Scalar's bundle. Style elements made by a script get the page's nonce (Scalar's
 * components, CodeMirror and Vue make several), and a style set with `setAttribute` goes through
 * the CSSOM instead, which the policy allows; neither reaches markup injected into the page (the
 * one exception, Scalar's own line-count attribute on code blocks, is matched exactly). The
 * bundle's copy of zod is told not to probe for `eval` (`jitless`), which the policy refuses.
 */
const SETUP = `(() => {
  const nonce = document.querySelector('meta[property="csp-nonce"]')?.getAttribute("content") ?? "";
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === "style") element.nonce = nonce;
    return element;
  };
  const createElementNS = Document.prototype.createElementNS;
  Document.prototype.createElementNS = function (namespace, name, options) {
    const element = createElementNS.call(this, namespace, name, options);
    if (String(name).toLowerCase() === "style") element.nonce = nonce;
    return element;
  };
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && this.style) {
      this.style.cssText = String(value);
      return;
    }
    return setAttribute.call(this, name, value);
  };
  // Scalar's code blocks come as markup with one style attribute of its own, the line count for
  // the line numbers: that attribute alone is taken out and set through the CSSOM.
  const LINES = / style="(--line-count: \\d+; --line-digits: \\d+;)"/g;
  const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: true,
    get() {
      return innerHTML.get.call(this);
    },
    set(html) {
      const text = String(html);
      if (!text.includes("--line-count")) return innerHTML.set.call(this, text);
      innerHTML.set.call(this, text.replace(LINES, ' data-openportage-lines="$1"'));
      for (const element of this.querySelectorAll("[data-openportage-lines]")) {
        element.style.cssText = element.getAttribute("data-openportage-lines");
        element.removeAttribute("data-openportage-lines");
      }
    },
  });
  globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });
})();
`;

/** Starts the reference: the same options the Hono integration would write into an inline script. */
const START = `Scalar.createApiReference("#app", ${JSON.stringify({
  _integration: "hono",
  url: "/api/openapi.json",
  hideClientButton: true,
  telemetry: false,
  // Scalar's default fonts come from its CDN: the page uses the system's fonts instead.
  withDefaultFonts: false,
  // Nothing that reaches out: the developer toolbar, the MCP generator, the AI agent.
  showDeveloperTools: "never",
  showToolbar: "never",
  mcp: { disabled: true },
  agent: { disabled: true },
})});
`;

function page(nonce: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Open Portage API</title>
    <meta property="csp-nonce" content="${nonce}">
  </head>
  <body>
    <div id="app"></div>
    <script src="/api/docs/setup.js"></script>
    <script src="/api/docs/scalar.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`;
}

export const docsRoutes = new Hono<AppEnv>()
  .get("/docs/scalar.js", describeRoute({ hide: true }), (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(scalarBundle());
  })
  .get("/docs/setup.js", describeRoute({ hide: true }), (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(SETUP);
  })
  .get("/docs/start.js", describeRoute({ hide: true }), (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(START);
  })
  .get("/docs", describeRoute({ hide: true }), (c) => {
    // The nonce is the one lib/create-app.ts put in this response's policy (style-src only).
    c.header("Cache-Control", "no-store");
    return c.html(page(c.get("secureHeadersNonce") ?? ""));
  });
