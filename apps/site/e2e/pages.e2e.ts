// Every page in the sitemap: no accessibility failures (axe, WCAG 2.2 A and AA), no
// JavaScript on content pages, and screenshots of the main pages at phone and desktop widths.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newPage, origin, screenshot, sitemapPaths } from "./browser.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const dist = fileURLToPath(new URL("../dist", import.meta.url));

function builtPages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_astro" ? [] : builtPages(path);
    if (name !== "index.html") return [];
    const page = `/${relative(dist, dir)}`;
    return [page === "/" ? "/" : page.replace(/\/$/, "")];
  });
}

let browser: Browser;
let paths: string[];
beforeAll(async () => {
  browser = await launch();
  paths = await sitemapPaths();
});
afterAll(async () => {
  await browser?.close();
});

describe("the sitemap", () => {
  it("lists every page the build made, and nothing else", () => {
    expect([...paths].sort()).toEqual(builtPages().sort());
  });
});

describe("accessibility", () => {
  // Every page at desktop width; the pages with islands at phone width too, where their layout
  // differs most. (Each scan takes about a second on a two-core machine.)
  it("has no axe violations on any page in the sitemap", async () => {
    const failures: string[] = [];
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await newPage(browser, { viewport });
      const scanned =
        viewport.width === 1280 ? paths : paths.filter((p) => ["/", "/check-eligibility", "/refer"].includes(p));
      for (const path of scanned) {
        const response = await page.goto(`${origin()}${path}`);
        expect(response?.status(), path).toBe(200);
        const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
        for (const v of results.violations) {
          failures.push(
            `${path} @${viewport.width}px: ${v.id} (${v.impact}): ${v.help} - ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
        }
      }
      await page.context().close();
    }
    expect(failures).toEqual([]);
  });
});

describe("content pages", () => {
  it("have one h1, a title naming the service, a skip link that works and no scripts", async () => {
    const page = await newPage(browser);
    for (const path of paths.filter((p) => !["/check-eligibility", "/refer"].includes(p))) {
      await page.goto(`${origin()}${path}`);
      expect(await page.locator("h1").count(), path).toBe(1);
      expect(await page.title(), path).toContain("Portage");
      expect(await page.locator("script").count(), path).toBe(0);
    }
    await page.goto(`${origin()}/how-portage-works`);
    await page.keyboard.press("Tab");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).toBe("#main-content");
    await page.context().close();
  });

  it("publish the protocol from the protocol object, and the Open Referral UK record", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/protocol`);
    await expect.poll(() => page.locator("#priority").isVisible()).toBe(true);
    const rows = await page.locator("table.govuk-table tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(1);
    const service = await (await fetch(`${origin()}/open-referral/service.json`)).json();
    expect(service).toMatchObject({ status: "active", fees_description: "Free" });
    await page.context().close();
  });
});

describe("what a new user meets", () => {
  it("answers an unknown address with a real page not found, on the site and in the family and staff apps", async () => {
    for (const [label, viewport] of [
      ["phone", { width: 390, height: 844 }],
      ["desktop", { width: 1280, height: 900 }],
    ] as const) {
      const page = await newPage(browser, { viewport });
      const response = await page.goto(`${origin()}/no-such-page`);
      expect(response?.status()).toBe(404);
      expect(response?.headers()["content-type"]).toContain("text/html");
      expect(await page.locator("h1").textContent()).toBe("Page not found");
      expect(await page.locator("footer.council-footer").count()).toBe(1);
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      expect(results.violations.map((v) => v.id)).toEqual([]);
      await screenshot(page, `${label}-not-found`);
      await page.context().close();
    }
    const family = await fetch(`${origin()}/family/no-such-page`);
    expect(family.status).toBe(404);
    expect(family.headers.get("content-type")).toContain("text/html");
    expect(await family.text()).toContain("Page not found");
    // The staff app sends a visitor who is not signed in to sign in first; never raw JSON.
    const admin = await fetch(`${origin()}/admin/no-such-page`);
    expect(admin.headers.get("content-type")).toContain("text/html");
    expect(admin.headers.get("content-type")).not.toContain("json");
  });

  it("leaves no {placeholder} unfilled in any page", async () => {
    const page = await newPage(browser);
    for (const path of [...paths, "/no-such-page"]) {
      await page.goto(`${origin()}${path}`);
      const text = await page.evaluate(() => `${document.title}\n${document.body.textContent}`);
      expect(text.match(/\{[A-Za-z][A-Za-z-]*\}/g) ?? [], path).toEqual([]);
    }
    await page.context().close();
  });

  it("underlines no space: a link in a paragraph starts and ends with its words", async () => {
    const page = await newPage(browser);
    for (const path of [...paths, "/no-such-page"]) {
      await page.goto(`${origin()}${path}`);
      const padded = await page.evaluate(() =>
        [...document.querySelectorAll("p a")]
          .map((a) => a.textContent ?? "")
          .filter((text) => text.trim() !== "" && text !== text.trim()),
      );
      expect(padded, path).toEqual([]);
    }
    await page.context().close();
  });

  it("gives the council's contact details, and somewhere to say what you think", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/`);
    const feedback = page.getByRole("link", { name: "Tell us what you think" });
    expect(await feedback.getAttribute("href")).toBe("/contact#feedback");
    await feedback.click();
    await page.waitForURL(/\/contact#feedback$/);
    const main = (await page.locator("main").textContent()) ?? "";
    // The demo's details say they are a demo (packages/council, DEMO_CONTACT).
    expect(main).toContain("01632 960 000");
    expect(main).toContain("portage@demo.openportage.invalid");
    expect(main).toContain("demo address");
    expect((await page.locator("#feedback").textContent())?.trim()).toBe("Tell us what you think of this website");
    expect(await page.locator('#feedback + p a[href^="mailto:"]').count()).toBe(1);
    await page.context().close();
  });

  it("shows the protocol with one demo notice, no per-value tags, and a contents list that works", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${origin()}/protocol`);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(await page.locator("#demo-notice").count()).toBe(1);
    expect(main).toContain("This is a demonstration.");
    expect(main).not.toContain("Council to confirm");
    expect(main).not.toContain("Open Portage default");
    const links = page.locator("nav.council-contents a");
    expect(await links.count()).toBeGreaterThanOrEqual(8);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
      expect(await page.locator(href).count(), href).toBe(1);
    }
    expect(await page.getByRole("link", { name: "Back to contents" }).count()).toBeGreaterThanOrEqual(7);
    await page.context().close();
  });
});

describe("screenshots", () => {
  it("saves the main pages at phone (390px) and desktop (1280px) widths", async () => {
    const main = [
      "/",
      "/what-is-portage",
      "/how-portage-works",
      "/protocol",
      ...paths.filter((p) => p === "/check-eligibility" || p === "/refer"),
    ];
    for (const [label, viewport] of [
      ["phone", { width: 390, height: 844 }],
      ["desktop", { width: 1280, height: 900 }],
    ] as const) {
      const page = await newPage(browser, { viewport });
      for (const path of main) {
        await page.goto(`${origin()}${path}`);
        await screenshot(page, `${label}${path === "/" ? "-home" : path.replaceAll("/", "-")}`);
      }
      await page.context().close();
    }
  });
});
