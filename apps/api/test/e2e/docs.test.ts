// The API reference at /api/docs, in Chromium over real HTTP (the app on a temp database, served by
// Node): it renders the operations with its styles applied, under a policy with no
// 'unsafe-inline', and the browser reports no policy violation and no error.
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../src/test-support/harness.js";

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

let h: Harness;
let http: ServerType;
const server = { url: "" };
let browser: Browser;

beforeAll(async () => {
  h = await createHarness();
  await new Promise<void>((resolve) => {
    http = serve({ fetch: h.app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      server.url = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => http?.close(resolve));
  await h?.close();
});

it("keeps a strict policy on the reference page: nonces, no 'unsafe-inline', nothing from elsewhere", async () => {
  const res = await fetch(`${server.url}/api/docs`);
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toMatch(/https?:/);
  expect(csp).toContain("frame-ancestors 'none'");
  // The rest of the API keeps styles to its own files.
  const api = (await fetch(`${server.url}/api/health`)).headers.get("content-security-policy") ?? "";
  expect(api).toMatch(/style-src 'self';/);
});

it.each([
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
])("renders the reference with its operations and styles, with no policy violation, at $width px", async (viewport) => {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    // A failed load is reported below by its address (Chromium's own /favicon.ico probe is not the page's).
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
  page.on("response", (response) => {
    // Chromium asks for /favicon.ico by itself; the page links none.
    if (response.status() >= 400 && !response.url().endsWith("/favicon.ico"))
      problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(server.url) && !request.url().startsWith("data:"))
      problems.push(`elsewhere: ${request.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 300) : String(event.target);
      console.error(
        `CSP refused ${event.blockedURI || "inline"} (${event.violatedDirective}) ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${target}`,
      );
    });
  });
  await page.goto(`${server.url}/api/docs`);
  // An operation from the document, as the reference shows it.
  // The operations of the document, as the reference shows them: the first tag's at once, the
  // public referral further down (the reference renders sections as they come into view).
  await page
    .getByRole("heading", { name: /Health check/ })
    .first()
    .waitFor();
  await page.getByText("curl http").first().waitFor();
  // A later tag, by the reference's own link to it: its operations render as it opens.
  await page.goto(`${server.url}/api/docs#tag/referrals`);
  const referral = page.getByRole("heading", { name: /Refer a child \(public\)/ }).first();
  await referral.waitFor();
  // Scalar's stylesheet applied: its own custom properties are defined on the page.
  const styled = await page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const app = document.querySelector(".scalar-app, .scalar-api-reference");
    return {
      variable: root.getPropertyValue("--scalar-font").trim() || root.getPropertyValue("--scalar-color-1").trim(),
      appDisplay: app ? getComputedStyle(app).display : "missing",
      styleTags: [...document.querySelectorAll("style")].map((s) => Boolean(s.nonce)),
    };
  });
  expect(styled.variable).not.toBe("");
  expect(styled.appDisplay).not.toBe("missing");
  expect(styled.styleTags.length).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(tmpdir(), `openportage-docs-${viewport.width}.png`) });
  // Nothing on the page reaches out to an AI agent or an MCP generator.
  expect(await page.getByText("Ask AI").count()).toBe(0);
  expect(problems).toEqual([]);
  await context.close();
});
