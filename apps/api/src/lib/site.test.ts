// The built public site served by the app: each page under a CSP that allows its own inline
// scripts and styles by hash and nothing else; only files in the build are ever served.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { createApp } from "./create-app.js";
import { fillTemplate, inlineHashes, loadSite, templateFor } from "./site.js";

const HYDRATE = "(()=>{var a=1;window.island=a})();";
const STYLE = "astro-island{display:contents}";
const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

const dir = mkdtempSync(join(tmpdir(), "openportage-site-"));
let h: Harness;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  mkdirSync(join(dir, "check-eligibility"), { recursive: true });
  mkdirSync(join(dir, "_astro"), { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    '<!DOCTYPE html><html><head><script type="module" src="/_astro/a.js"></script></head><body>Home</body></html>',
  );
  writeFileSync(
    join(dir, "check-eligibility", "index.html"),
    `<!DOCTYPE html><html><head><style>${STYLE}</style><script>${HYDRATE}</script><script type="application/ld+json">{}</script></head><body><astro-island></astro-island></body></html>`,
  );
  writeFileSync(join(dir, "_astro", "a.js"), "export {};");
  writeFileSync(join(dir, "404.html"), "<!DOCTYPE html><title>Page not found</title>");
  writeFileSync(join(dir, "secret.env"), "NOT=SERVED");
  writeFileSync(
    join(dir, "page-template.html"),
    "<title>@@OPENPORTAGE_TITLE@@</title><main>@@OPENPORTAGE_MAIN@@</main>",
  );
  mkdirSync(join(dir, "page-templates"), { recursive: true });
  writeFileSync(
    join(dir, "page-templates", "refer.html"),
    '<a href="/refer" aria-current="page">Refer</a><title>@@OPENPORTAGE_TITLE@@</title><main>@@OPENPORTAGE_MAIN@@</main>',
  );
  writeFileSync(join(dir, "page-templates", "refer.html.br"), "compressed");
  h = await createHarness();
  const { db, config, protocol, clock, notifier, logger } = h;
  app = createApp({ db, config, protocol, clock, notifier, logger }, { site: loadSite(dir) });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the page template", () => {
  it("is read for the API's pages and never served itself", async () => {
    const site = loadSite(dir);
    expect(site.template).toContain("@@OPENPORTAGE_MAIN@@");
    expect(site.files.has("/page-template.html")).toBe(false);
    const res = await app.request("/page-template.html");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  it("is read for each section, with that section current, falling back to the plain one; none is served", async () => {
    const site = loadSite(dir);
    expect(templateFor(site, "/refer")).toContain('aria-current="page"');
    expect(templateFor(site, "/check-eligibility")).toBe(site.template);
    expect(templateFor(undefined, "/refer")).toBeUndefined();
    expect([...site.files.keys()].filter((path) => path.includes("page-templates"))).toEqual([]);
    expect((await app.request("/page-templates/refer.html")).status).toBe(404);
  });

  it("fills the title and main content, keeping a $ in the content as it is", () => {
    expect(
      fillTemplate("<title>@@OPENPORTAGE_TITLE@@</title><main>@@OPENPORTAGE_MAIN@@</main>", "T", "$& costs $1"),
    ).toBe("<title>T</title><main>$& costs $1</main>");
  });
});

describe("inlineHashes", () => {
  it("hashes inline scripts and styles, not scripts loaded from files", () => {
    const { scripts, styles } = inlineHashes(
      `<script src="/x.js"></script><script>${HYDRATE}</script><style>${STYLE}</style><script>${HYDRATE}</script>`,
    );
    expect(scripts).toEqual([hash(HYDRATE)]);
    expect(styles).toEqual([hash(STYLE)]);
  });
});

describe("the site's files", () => {
  it("serves a page with its own hashes in the CSP, and no unsafe-inline", async () => {
    for (const path of ["/check-eligibility", "/check-eligibility/", "/check-eligibility/index.html"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain(hash(HYDRATE));
      expect(csp).toContain(`style-src 'self' ${hash(STYLE)}`);
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=31536000");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("gives a page without inline code script-src 'self' only", async () => {
    const res = await app.request("/");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'; style-src 'self';");
    expect(await res.text()).toContain("Home");
  });

  it("serves built assets as immutable, and HEAD without a body", async () => {
    const res = await app.request("/_astro/a.js");
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("immutable");
    const head = await app.request("/_astro/a.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("answers unknown paths with the site's 404 page, never files outside the build's known types", async () => {
    for (const path of ["/nowhere", "/secret.env", "/../package.json", "/%2e%2e/package.json"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Page not found");
    }
  });

  it("leaves /api to the API, with the API's strict CSP", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'; style-src 'self';");
    const missing = await app.request("/api/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    const post = await app.request("/check-eligibility", { method: "POST" });
    expect(post.status).toBe(404);
  });
});
