// Shared set-up for the browser tests: Debian's Chromium through playwright-core.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/** The flags that keep headless Chromium quiet on a machine with no network beyond its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Where screenshots go (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

/** The origin the site is served from in this run. */
export const origin = (): string => inject("origin");

/** Launches Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: inject("chromiumPath"), args: CHROMIUM_ARGS });
}

/** A new page in its own context (axe needs one made with `newContext`). */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

/** Saves a full-page screenshot as `name.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The paths listed in the site's sitemap. */
export async function sitemapPaths(): Promise<string[]> {
  const xml = await (await fetch(`${origin()}/sitemap.xml`)).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "").pathname);
}

/**
 * The page has the site's header, navigation and footer, and no template marker left (the pages
 * the API writes into the site's frame); the navigation marks `current` as the page's section.
 */
export async function expectSiteFrame(page: Page, current: string) {
  expect(await page.locator("header.council-header").count()).toBe(1);
  expect(await page.locator("nav[aria-label=Menu]").count()).toBe(1);
  expect(await page.locator("footer.council-footer").count()).toBe(1);
  expect(await page.content()).not.toContain("@@OPENPORTAGE");
  const marked = page.locator("nav[aria-label=Menu] a[aria-current=page]");
  expect(await marked.count()).toBe(1);
  expect((await marked.textContent())?.trim()).toBe(current);
}
