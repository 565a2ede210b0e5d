// The eligibility checker: runs the protocol's rules in the browser, and explains them in text
// without JavaScript.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newPage, origin, screenshot } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function fillDateOfBirth(page: Page, day: string, month: string, year: string) {
  await page.getByLabel("Day").fill(day);
  await page.getByLabel("Month").fill(month);
  await page.getByLabel("Year").fill(year);
}

function yearsAgo(years: number, months = 0): [string, string, string] {
  const d = new Date();
  d.setMonth(d.getMonth() - years * 12 - months);
  return [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
}

describe("the eligibility checker", () => {
  it("says a young child with a diagnosis, in no setting, living in the area is likely to be eligible", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/check-eligibility`);
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
    await page.goto(`${origin()}/check-eligibility`);
    await fillDateOfBirth(page, ...yearsAgo(4));
    await page.getByRole("button", { name: "Check" }).click();
    await expect
      .poll(() =>
        page.getByRole("heading", { name: "Your child is not likely to be eligible for Portage" }).isVisible(),
      )
      .toBe(true);
    expect(await page.getByRole("heading", { name: "Where else you can get help" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Change your answers" }).click();
    expect(await page.getByLabel("Year").inputValue()).toBe(yearsAgo(4)[2]);
    await page.context().close();
  });

  it("shows the error summary for a date of birth that is not a real date", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/check-eligibility`);
    await fillDateOfBirth(page, "31", "2", "2025");
    await page.getByRole("button", { name: "Check" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain("Date of birth must be a real date");
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain("govuk-error-summary");
    await page.context().close();
  });

  it("explains the rules in text without JavaScript", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin()}/check-eligibility`);
    expect(await page.getByRole("heading", { name: "The rules" }).isVisible()).toBe(true);
    expect(await page.locator("form").count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("funded early education");
    await page.context().close();
  });
});
