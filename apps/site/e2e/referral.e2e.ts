// Referring a child through the real API: with JavaScript (a section at a time, keyboard only),
// without JavaScript (a plain form post), an invalid submission, a double submit and a retry
// after a lost answer. Each referral is then read back from the API with its eligibility.
import AxeBuilder from "@axe-core/playwright";
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApi } from "./api-server.ts";
import { expectSiteFrame, launch, newPage, origin, screenshot } from "./browser.ts";
import { referralRecord, referralsFor, signIn } from "./staff-api.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type Step =
  | { readonly id: string; readonly text: string }
  | { readonly id: string; readonly choice: number }
  | { readonly id: string; readonly tick: true };

function dateOfBirth(): [string, string, string] {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 1);
  return [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
}

/** A complete referral, section by section, for a child with this last name. */
function answers(lastName: string): Step[][] {
  const [day, month, year] = dateOfBirth();
  return [
    [
      { id: "childFirstName", text: "Robin" },
      { id: "childLastName", text: lastName },
      { id: "childDateOfBirth-day", text: day },
      { id: "childDateOfBirth-month", text: month },
      { id: "childDateOfBirth-year", text: year },
      { id: "childSex", choice: 1 },
      { id: "homeLanguages", text: "English" },
      { id: "interpreterNeeded", choice: 1 },
    ],
    [
      { id: "addressLine1", text: "1 Test Street" },
      { id: "addressTown", text: "Preston" },
      { id: "postcode", text: "PR1 2AB" },
      { id: "livesInArea", choice: 0 },
    ],
    [
      { id: "carerName", text: "Sam Example" },
      { id: "carerRelationship", text: "Parent" },
      { id: "carerPhone", text: "01632 960 001" },
    ],
    [
      { id: "helpWanted", text: "Help with play and talking" },
      { id: "diagnosis", text: "Down syndrome" },
      { id: "developmentalConcerns", text: "Not yet sitting on his own" },
    ],
    [
      { id: "earlyHelp", choice: 1 },
      { id: "ehcPlan", choice: 2 },
      { id: "dla", choice: 2 },
      { id: "attendsSetting", choice: 1 },
    ],
    [{ id: "availableForVisits", choice: 0 }],
    [
      { id: "consentToReferral", tick: true },
      { id: "consentToSharing", choice: 0 },
    ],
  ];
}

async function fillWithMouse(page: Page, steps: readonly Step[]) {
  for (const step of steps) {
    if ("text" in step) await page.fill(`#${step.id}`, step.text);
    else if ("tick" in step) await page.check(`#${step.id}`);
    else await page.check(step.choice === 0 ? `#${step.id}` : `#${step.id}-${step.choice + 1}`);
  }
}

/** Presses Tab until `matches` holds for the focused element; fails if it never does. */
async function tabTo(page: Page, description: string, matches: (el: Element) => boolean, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const ok = await page.evaluate((source) => {
      const el = document.activeElement;
      return el ? (new Function("el", `return (${source})(el)`) as (el: Element) => boolean)(el) : false;
    }, matches.toString());
    if (ok) return;
  }
  throw new Error(`could not reach ${description} with the Tab key`);
}

async function fillWithKeyboard(page: Page, steps: readonly Step[]) {
  for (const step of steps) {
    const id = step.id;
    await tabTo(page, id, new Function("el", `return el.id === ${JSON.stringify(id)}`) as (el: Element) => boolean);
    if ("text" in step) await page.keyboard.type(step.text);
    else if ("tick" in step) await page.keyboard.press("Space");
    else if (step.choice === 0) await page.keyboard.press("Space");
    else for (let i = 0; i < step.choice; i += 1) await page.keyboard.press("ArrowDown");
  }
}

async function pressButton(page: Page, name: string) {
  await tabTo(
    page,
    `the ${name} button`,
    new Function("el", `return el.tagName === "BUTTON" && el.textContent.trim() === ${JSON.stringify(name)}`) as (
      el: Element,
    ) => boolean,
  );
  await page.keyboard.press("Enter");
}

/** Fills every section with the mouse, pressing Continue after each, up to "check your answers". */
async function fillAllSections(page: Page, lastName: string) {
  for (const [index, section] of answers(lastName).entries()) {
    await fillWithMouse(page, section);
    await page.getByRole("button", { name: "Continue" }).click();
    const next = referralHeadings[index + 1] ?? "";
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""), { timeout: 5000 })
      .toBe(next);
  }
}

async function axeIds(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const referralHeadings = [
  "About your child",
  "Where your child lives",
  "About you",
  "Your child's needs",
  "Support your child already has",
  "Home visits",
  "Agreeing to the referral",
  "Check your answers before sending your referral",
];

let browser: Browser;
let cookie: string;
const withApi = inject("api");

beforeAll(async () => {
  browser = await launch();
  if (withApi) cookie = await signIn();
});
afterAll(async () => {
  await browser?.close();
});

describe.runIf(withApi)("referring a child", () => {
  it("with JavaScript, using only the keyboard, a section at a time, and gets a reference", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/refer`);
    await page.getByText("Step 1 of 8").waitFor();
    for (const [index, section] of answers("Keyboard").entries()) {
      await fillWithKeyboard(page, section);
      await pressButton(page, "Continue");
      await page
        .locator("h2", { hasText: index === 6 ? "Check your answers" : /./ })
        .first()
        .waitFor();
    }
    await page.getByRole("heading", { name: "Check your answers before sending your referral" }).waitFor();
    expect(await page.locator(".govuk-summary-list").first().textContent()).toContain("Keyboard");
    await screenshot(page, "desktop-refer-check-answers");
    const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Nothing typed is kept in the browser: no storage, no cookies, nothing in the address.
    const kept = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
      url: location.href,
    }));
    expect(kept).toEqual({ local: 0, session: 0, cookies: "", url: `${origin()}/refer` });
    await pressButton(page, "Send referral");
    const reference = page.getByTestId("reference");
    await reference.waitFor();
    const shown = (await reference.textContent())?.trim() ?? "";
    expect(shown).not.toBe("");
    await screenshot(page, "desktop-refer-confirmation");

    const stored = await referralsFor(cookie, "Keyboard");
    expect(stored.map((r) => r.reference)).toEqual([shown]);
    const record = await referralRecord(cookie, stored[0]?.id ?? "");
    expect(record.eligibility?.outcome).toBeDefined();
    expect(record.eligibility?.reasons.length).toBeGreaterThan(0);
    await page.context().close();
  });

  it("with JavaScript, shows the error summary for a section with problems and keeps the answers", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${origin()}/refer`);
    await page.getByText("Step 1 of 8").waitFor();
    await page.fill("#childFirstName", "Robin");
    await page.fill("#childDateOfBirth-day", "31");
    await page.fill("#childDateOfBirth-month", "2");
    await page.fill("#childDateOfBirth-year", "2025");
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor();
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain("Enter the child's last name");
    expect(text).toContain("Date of birth must be a real date");
    expect(text).not.toContain("Enter the child's first name");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")))
      .toBe(true);
    expect(await page.inputValue("#childFirstName")).toBe("Robin");
    expect(await page.locator("#childLastName-error").textContent()).toContain("Enter the child's last name");
    await screenshot(page, "phone-refer-errors");
    const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Fixing an answer takes its message away.
    await page.fill("#childLastName", "Errors");
    await expect.poll(() => page.locator("#childLastName-error").count()).toBe(0);
    await page.context().close();
  });

  it("with JavaScript, stores one referral when the button is pressed twice and when a lost answer is retried", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/refer`);
    await page.getByText("Step 1 of 8").waitFor();
    for (const [index, section] of answers("Twice").entries()) {
      await fillWithMouse(page, section);
      await page.getByRole("button", { name: "Continue" }).click();
      // The next step's heading takes focus once it shows.
      const next = referralHeadings[index + 1] ?? "";
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""), { timeout: 5000 })
        .toBe(next);
    }
    await page.getByRole("heading", { name: "Check your answers before sending your referral" }).waitFor();
    // The first answer is lost on its way back: the referral is stored, the page hears nothing.
    let lost = false;
    await page.route("**/api/referrals", async (route) => {
      if (!lost) {
        lost = true;
        await route.fetch();
        await route.abort("connectionreset");
        return;
      }
      await route.continue();
    });
    const send = page.getByRole("button", { name: "Send referral" });
    await send.dblclick();
    await page.getByText("Your referral has not been sent").waitFor();
    await page.getByRole("button", { name: "Send referral" }).click();
    await page.getByTestId("reference").waitFor();
    const shown = (await page.getByTestId("reference").textContent())?.trim();
    const stored = await referralsFor(cookie, "Twice");
    expect(stored.map((r) => r.reference)).toEqual([shown]);
    await page.context().close();
  });

  it("without JavaScript, posts the plain form to the API and shows the reference", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin()}/refer`);
    expect(await page.locator("form[method=post][novalidate]").getAttribute("action")).toBe("/api/referrals");
    expect(await page.getByRole("heading", { name: "Agreeing to the referral" }).isVisible()).toBe(true);
    for (const section of answers("Nojs")) await fillWithMouse(page, section);
    await page.getByRole("button", { name: "Send referral" }).click();
    await page.getByRole("heading", { name: "Referral sent" }).waitFor();
    const body = (await page.locator(".govuk-panel__body").textContent()) ?? "";
    const stored = await referralsFor(cookie, "Nojs");
    expect(stored).toHaveLength(1);
    expect(body).toContain(stored[0]?.reference);
    const record = await referralRecord(cookie, stored[0]?.id ?? "");
    expect(record.eligibility?.outcome).toBeDefined();
    await page.context().close();
  });

  it("without JavaScript, an invalid submission shows the error summary and keeps the answers", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin()}/refer`);
    await page.fill("#childFirstName", "Robin");
    await page.fill("#childLastName", "Invalid");
    await page.fill("#postcode", "not a postcode");
    await page.getByRole("button", { name: "Send referral" }).click();
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Enter a full UK postcode");
    expect(await page.inputValue("#childFirstName")).toBe("Robin");
    expect(await page.inputValue("#postcode")).toBe("not a postcode");
    expect(await referralsFor(cookie, "Invalid")).toHaveLength(0);
    await page.context().close();
  });

  it("with JavaScript, Back and Forward move between the steps, keeping the answers and nothing in history", async () => {
    const page = await newPage(browser);
    await page.goto(`${origin()}/refer`);
    await page.getByText("Step 1 of 8").waitFor();
    const [first, second] = answers("History");
    await fillWithMouse(page, first ?? []);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Step 2 of 8").waitFor();
    await fillWithMouse(page, second ?? []);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Step 3 of 8").waitFor();
    // The browser's Back: the step before, with its answers; again: the first step.
    await page.goBack();
    await page.getByText("Step 2 of 8").waitFor();
    expect(await page.inputValue("#addressTown")).toBe("Preston");
    await page.goBack();
    await page.getByText("Step 1 of 8").waitFor();
    expect(await page.inputValue("#childLastName")).toBe("History");
    // Forward: the step again, with what was typed.
    await page.goForward();
    await page.getByText("Step 2 of 8").waitFor();
    expect(await page.inputValue("#postcode")).toBe("PR1 2AB");
    await page.goForward();
    await page.getByText("Step 3 of 8").waitFor();
    // Only the step number is in the history; nothing in the address or storage.
    const kept = await page.evaluate(() => ({
      state: JSON.stringify(history.state),
      url: location.href,
      local: localStorage.length,
      session: sessionStorage.length,
    }));
    expect(kept).toEqual({ state: '{"referralStep":2}', url: `${origin()}/refer`, local: 0, session: 0 });
    await page.context().close();
  });

  it("with JavaScript, a refused submission (too many from one address) keeps the answers", async () => {
    // A server of its own, allowing one referral per address: a first referral stored uses it up
    // (only stored referrals count).
    const api = await startApi({ REFERRAL_RATE_LIMIT: "1" });
    try {
      const first = await fetch(`${api.origin}/api/referrals`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(exampleReferralInput({ childFirstName: "First" })),
      });
      expect(first.status).toBe(201);
      const page = await newPage(browser);
      await page.goto(`${api.origin}/refer`);
      await page.getByText("Step 1 of 8").waitFor();
      await fillAllSections(page, "Refused");
      await page.getByRole("button", { name: "Send referral" }).click();
      await page.getByText("Your referral has not been sent").waitFor();
      expect(await page.locator(".govuk-error-summary").first().textContent()).toContain("Too many referrals");
      // Every answer is still there, on "check your answers" and behind each Change link.
      const list = (await page.locator("main").textContent()) ?? "";
      for (const answer of ["Robin", "Refused", "Preston", "PR1 2AB", "Sam Example", "Help with play and talking"]) {
        expect(list).toContain(answer);
      }
      await page.getByRole("button", { name: /Change.*last name/i }).click();
      expect(await page.inputValue("#childLastName")).toBe("Refused");
      await page.context().close();
    } finally {
      await api.stop();
    }
  });

  it("without JavaScript, the confirmation and the error pages are in the site's frame (axe at 390 and 1280)", async () => {
    for (const [label, viewport] of [
      ["phone", { width: 390, height: 844 }],
      ["desktop", { width: 1280, height: 900 }],
    ] as const) {
      // No script of the site's runs; axe still can, from outside.
      const page = await newPage(browser, { viewport });
      await page.route("**/*.js", (route) => route.abort());
      await page.goto(`${origin()}/refer`);
      await page.fill("#childFirstName", "Robin");
      await page.fill("#childLastName", `Framed${label}`);
      await page.getByRole("button", { name: "Send referral" }).click();
      await page.locator(".govuk-error-summary").waitFor();
      const summary = (await page.locator(".govuk-error-summary").textContent()) ?? "";
      expect(summary).toContain("Select yes if your child lives in Lancashire");
      expect(summary).not.toMatch(/\{[A-Za-z]+\}/);
      await expectSiteFrame(page, "Refer your child");
      expect(await axeIds(page)).toEqual([]);
      await screenshot(page, `${label}-refer-nojs-errors`);
      for (const section of answers(`Framed${label}`)) await fillWithMouse(page, section);
      await page.getByRole("button", { name: "Send referral" }).click();
      await page.getByRole("heading", { name: "Referral sent" }).waitFor();
      await expectSiteFrame(page, "Refer your child");
      // No email was given and the demo has no Notify key: no email is promised.
      expect(await page.locator("main").textContent()).not.toMatch(/confirmation email/i);
      expect(await page.locator("main").getByRole("link", { name: "What happens after you refer" }).count()).toBe(1);
      expect(await axeIds(page)).toEqual([]);
      await screenshot(page, `${label}-refer-nojs-confirmation`);
      await page.context().close();
    }
  });
});
