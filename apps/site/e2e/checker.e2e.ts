// The eligibility checker: runs the protocol's rules in the browser, and explains them in text
// without JavaScript.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectSiteFrame, launch, newPage, origin, screenshot } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function axeIds(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Opens the checker and waits for the island: its form has no action (it posts nowhere). */
async function openChecker(page: Page) {
  await page.goto(`${origin()}/check-eligibility`);
  await expect.poll(() => page.locator("main form[action]").count()).toBe(0);
}

async function fillDateOfBirth(page: Page, day: string, month: string, year: string) {
  await page.getByLabel("Day", { exact: true }).fill(day);
  await page.getByLabel("Month", { exact: true }).fill(month);
  await page.getByLabel("Year", { exact: true }).fill(year);
}

function yearsAgo(years: number, months = 0): [string, string, string] {
  const d = new Date();
  d.setMonth(d.getMonth() - years * 12 - months);
  return [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
}

describe("the eligibility checker", () => {
  it("says a young child with a diagnosis, in no setting, living in the area is likely to be eligible", async () => {
    const page = await newPage(browser);
    await openChecker(page);
    await fillDateOfBirth(page, ...yearsAgo(1));
    await page
      .getByRole("group", { name: /diagnosed/ })
      .getByLabel("Yes")
      .check();
    await page
      .getByRole("group", { name: /nursery, pre-school or childminder/ })
      .getByLabel("No")
      .check();
    await page
      .getByRole("group", { name: /live in/ })
      .getByLabel("Yes")
      .check();
    await page
      .getByRole("group", { name: /at home with your child/ })
      .getByLabel("Yes")
      .check();
    await page.getByRole("button", { name: "Check" }).click();
    const heading = page.getByRole("heading", { name: "Your child is likely to be eligible for Portage", exact: true });
    await expect.poll(() => heading.isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toContain("likely to be eligible");
    expect(await page.getByRole("link", { name: "Refer your child" }).first().getAttribute("href")).toBe("/refer");
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await screenshot(page, "desktop-check-eligibility-result");
    await page.context().close();
  });

  it("says an older child is not likely to be eligible and suggests other help", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await openChecker(page);
    await fillDateOfBirth(page, ...yearsAgo(4));
    await page.getByRole("button", { name: "Check" }).click();
    await expect
      .poll(() =>
        page.getByRole("heading", { name: "Your child is not likely to be eligible for Portage" }).isVisible(),
      )
      .toBe(true);
    expect(await page.getByRole("heading", { name: "Where else you can get help" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Change your answers" }).click();
    expect(await page.getByLabel("Year", { exact: true }).inputValue()).toBe(yearsAgo(4)[2]);
    await page.context().close();
  });

  it("shows the error summary for a date of birth that is not a real date", async () => {
    const page = await newPage(browser);
    await openChecker(page);
    await fillDateOfBirth(page, "31", "2", "2025");
    await page.getByRole("button", { name: "Check" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain("Date of birth must be a real date");
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain("govuk-error-summary");
    await page.context().close();
  });

  it("works without JavaScript: a plain form the API answers with the result, in the site's frame", async () => {
    for (const [label, viewport] of [
      ["phone", { width: 390, height: 844 }],
      ["desktop", { width: 1280, height: 900 }],
    ] as const) {
      // No script of the site's runs (as when scripts fail to load); axe still can, from outside.
      const page = await newPage(browser, { viewport });
      await page.route("**/*.js", (route) => route.abort());
      await page.goto(`${origin()}/check-eligibility`);
      expect(await page.getByRole("heading", { name: "The rules" }).isVisible()).toBe(true);
      const form = page.locator("main form");
      expect(await form.getAttribute("method")).toBe("post");
      expect(await form.getAttribute("action")).toBe("/api/eligibility-check");
      expect(await axeIds(page)).toEqual([]);
      // A date that does not exist: the questions again with the problem and the answers kept.
      await fillDateOfBirth(page, "31", "2", "2025");
      await page
        .getByRole("group", { name: /live in/ })
        .getByLabel("Yes")
        .check();
      await page.getByRole("button", { name: "Check" }).click();
      await page.locator(".govuk-error-summary").waitFor();
      expect(new URL(page.url()).pathname).toBe("/api/eligibility-check");
      expect(await page.locator(".govuk-error-summary").textContent()).toContain("Date of birth must be a real date");
      expect(await page.getByLabel("Day", { exact: true }).inputValue()).toBe("31");
      expect(
        await page
          .getByRole("group", { name: /live in/ })
          .getByLabel("Yes")
          .isChecked(),
      ).toBe(true);
      await expectSiteFrame(page, "Check eligibility");
      expect(await axeIds(page)).toEqual([]);
      await screenshot(page, `${label}-check-eligibility-nojs-errors`);
      // A child who is too old: the result, its reasons and the help, once each.
      await fillDateOfBirth(page, ...yearsAgo(4));
      await page.getByRole("button", { name: "Check" }).click();
      await page.getByRole("heading", { name: "Your child is not likely to be eligible for Portage" }).waitFor();
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain("When Portage ended");
      expect(main).toContain("Support ended");
      expect(main.match(/health visitor or GP/g)?.length).toBe(1);
      expect(await page.getByRole("heading", { name: "Where else you can get help" }).count()).toBe(1);
      await expectSiteFrame(page, "Check eligibility");
      expect(await axeIds(page)).toEqual([]);
      await screenshot(page, `${label}-check-eligibility-nojs-result`);
      await page.context().close();
    }
  });

  it("with JavaScript, tells an older child's end of support in the past tense, and the help once", async () => {
    const page = await newPage(browser);
    await openChecker(page);
    await fillDateOfBirth(page, ...yearsAgo(4));
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByRole("heading", { name: "When Portage ended" }).waitFor();
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).not.toContain("Support ends when");
    expect(main.match(/health visitor or GP/g)?.length).toBe(1);
    expect(main.match(/local offer/gi)?.length).toBe(1);
    await page.context().close();
  });
});
