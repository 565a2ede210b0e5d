// The embedded default serves the whole service from one process and one origin: the API at /api,
// the public site at / (each page under a CSP that allows exactly its own scripts), the admin app
// at /admin calling the API in the same process. Checked in Chromium: no CSP refusals, the site's
// islands hydrate, a demo coordinator signs in to the admin app.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type Running, startServer } from "./server.js";

const SITE_DIST = fileURLToPath(new URL("../../../site/dist/", import.meta.url));
const ADMIN_ENTRY = fileURLToPath(new URL("../../../admin/dist/server/entry.mjs", import.meta.url));
const siteBuilt = existsSync(join(SITE_DIST, "index.html"));
const adminBuilt = existsSync(ADMIN_ENTRY);
if (!siteBuilt)
  console.warn("one-origin: apps/site/dist is missing, so the site checks are skipped (build it: pnpm build)");
if (!adminBuilt)
  console.warn("one-origin: apps/admin/dist is missing, so the admin checks are skipped (build it: pnpm build)");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function chromiumPath(): string {
  const script = fileURLToPath(new URL("../../../../scripts/ensure-chromium.mjs", import.meta.url));
  const result = spawnSync(process.execPath, [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const path = result.stdout.trim();
  if (result.status !== 0 || !path)
    throw new Error("no Chromium for the browser tests (see scripts/ensure-chromium.mjs)");
  return path;
}

/** The site's pages that hold React islands, as URL paths. */
function islandPages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".html") ? [path] : [];
    });
  return walk(SITE_DIST)
    .filter((file) => readFileSync(file, "utf8").includes("<astro-island"))
    .map((file) => `/${relative(SITE_DIST, file).split(sep).join("/")}`.replace(/index\.html$/, ""));
}

const dir = mkdtempSync(join(tmpdir(), "openportage-one-origin-"));
const dbUrl = `file:${join(dir, "demo.db")}`;
let server: Running;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: dbUrl, SEED_DEMO: "true" }, await freePort());
  if (siteBuilt || adminBuilt) browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill("SIGTERM");
  if (server) await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** A page that records console errors and CSP refusals. */
async function openPage() {
  const context = await (browser as Browser).newContext({ viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    // Failed loads are caught below by URL (Chromium's own /favicon.ico probe is not the page's).
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP refused ${event.blockedURI || "inline"} (${event.violatedDirective})`);
    });
  });
  return { context, page, errors };
}

async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("astro-island[ssr]").length === 0, undefined, {
    timeout: 10_000,
  });
}

it("keeps the API's strict CSP on /api", async () => {
  const res = await fetch(`${server.url}/api/health`);
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'; style-src 'self';");
  expect(csp).not.toContain("sha256-");
  expect(csp).not.toContain("unsafe-inline");
  expect(server.output()).toContain("Sign in to the staff app with a demo account");
});

describe.skipIf(!siteBuilt)("the public site at /", () => {
  it("serves each page with a CSP allowing exactly its own scripts", async () => {
    for (const path of ["/", ...islandPages()]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("nonce-");
      const html = await res.text();
      const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter(([, attrs]) => !/\bsrc=/.test(attrs ?? ""));
      expect(csp.match(/'sha256-/g)?.length ?? 0, path).toBeGreaterThanOrEqual(inline.length > 0 ? 1 : 0);
    }
  });

  it("loads the home page and hydrates every island page in Chromium with no CSP refusal", async () => {
    const pages = islandPages();
    expect(pages.length).toBeGreaterThan(0);
    const { context, page, errors } = await openPage();
    try {
      await page.goto(`${server.url}/`);
      expect(await page.locator("h1").first().textContent()).toBeTruthy();
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        await hydrated(page);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("answers a path the site does not have with 404, and /api paths with the API's problem", async () => {
    expect((await fetch(`${server.url}/no-such-page`)).status).toBe(404);
    const api = await fetch(`${server.url}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe.skipIf(!adminBuilt)("the admin app at /admin", () => {
  it("renders sign-in, and a demo coordinator signs in and sees the waiting list", async () => {
    const { context, page, errors } = await openPage();
    try {
      await page.goto(`${server.url}/admin/`);
      expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
      await page.getByLabel("Email address").fill("coordinator@demo.openportage.invalid");
      await page.getByLabel("Password").fill("cora demo password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/");
      const cookie = (await context.cookies()).find((c) => c.name === "__Host-openportage-session");
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: "/" });
      await page.goto(`${server.url}/admin/waiting-list`);
      expect(new URL(page.url()).pathname).toBe("/admin/waiting-list");
      await expect.poll(() => page.locator("table tbody tr").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // The admin app calls the API in the same process, passing on the browser's address for the
    // audit trail and the sign-in throttle.
    const db = createClient({ url: dbUrl });
    try {
      const rows = (
        await db.execute("select address from audit_events where action = 'sign-in' and outcome = 'success'")
      ).rows;
      expect(rows.map((r) => r.address)).toContain("127.0.0.1");
    } finally {
      db.close();
    }
  });
});
