// Reports, end to end on the real API and database: seven families refer their child through
// the public API; the coordinator accepts six (one not eligible) and allocates five to Harriet.
// The coordinator opens the reports and changes the period with JavaScript off (a date typed wrong
// refused first), reads the referrals chart and its table, breaks the eligibility decisions down by
// route (the one refusal shown as "fewer than 5"), downloads a CSV and parses it, is refused a
// period longer than the API allows, and opens the printable annual summary. Harriet sees only the
// caseload reports, for her own children, and "no permission" for the others. Every new page is
// checked with axe at 390 and 1280 pixels.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, addDays, apiSession, checkBoth, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let asCoordinator: ApiCall;

const FAMILIES = ["Ada", "Ben", "Cleo", "Dev", "Esme", "Finn", "Gus"];

/** Seven referrals; six accepted (five allocated to Harriet), one not eligible. */
async function seed(): Promise<void> {
  const ids: string[] = [];
  for (const firstName of FAMILIES) {
    const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(exampleReferralInput({ childFirstName: firstName, childLastName: "Report" })),
    });
    expect(referred.status, await referred.clone().text()).toBe(201);
    const { reference } = (await referred.json()) as { reference: string };
    const inbox = await asCoordinator("GET", "/api/referrals?status=received&pageSize=50");
    ids.push(inbox.body.referrals.find((r: { reference: string }) => r.reference === reference).id);
  }
  const visitors = await asCoordinator("GET", "/api/home-visitors");
  const harriet = visitors.body.homeVisitors.find((v: { name: string }) => v.name === STAFF.visitor.name);
  for (const [i, id] of ids.entries()) {
    const decision =
      i === ids.length - 1
        ? { outcome: "not-eligible", signposting: "The local children's centre's stay and play sessions." }
        : { outcome: "accepted", complexity: "high", hadPortageBefore: false, otherSpecialistSupport: false };
    const decided = await asCoordinator("POST", `/api/referrals/${id}/decision`, decision);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    if (i < 5) {
      const allocated = await asCoordinator("POST", `/api/referrals/${id}/allocation`, { homeVisitorId: harriet.id });
      expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    }
  }
}

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

async function fillDate(page: Page, name: string, date: string) {
  const [year, month, day] = date.split("-");
  await page.locator(`[name="${name}-day"]`).fill(String(Number(day)));
  await page.locator(`[name="${name}-month"]`).fill(String(Number(month)));
  await page.locator(`[name="${name}-year"]`).fill(year ?? "");
}

/** A CSV file's rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Follows the download link as the browser would (with its session): the file's name and text. */
async function download(page: Page, title: string): Promise<{ name: string; text: string }> {
  const link = page.getByRole("link", { name: new RegExp(`^Download this table \\(CSV\\)\\s+of ${title}$`) });
  const href = (await link.getAttribute("href")) ?? "";
  expect(await link.getAttribute("download")).not.toBeNull();
  const file = await page.context().request.get(new URL(href, page.url()).toString());
  expect(file.status()).toBe(200);
  const headers = file.headers();
  expect(headers["content-type"]).toContain("text/csv");
  expect(headers["cache-control"]).toBe("no-store");
  const name = /filename="([^"]+)"/.exec(headers["content-disposition"] ?? "")?.[1] ?? "";
  expect(headers["content-disposition"]).toMatch(/^attachment;/);
  return { name, text: await file.text() };
}

/**
 * axe needs JavaScript in the page: a page seen with JavaScript off is checked again, at both
 * widths, in a context with it on, signed in as the same member of staff.
 */
async function checkAs(who: keyof typeof STAFF, url: string, name: string): Promise<void> {
  const { context, page } = await newPage();
  await signIn(page, stack.adminUrl, STAFF[who].email, STAFF[who].password);
  await page.goto(url);
  await checkBoth(page, name);
  await context.close();
}

/** The table's cells, row by row, as the page shows them. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator(".admin-report-table tr")
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())));
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  await seed();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const thisYear = Number(today().slice(0, 4));

describe("reports", () => {
  it("the coordinator opens the reports and changes the period with JavaScript off", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.waitForURL("**/admin/reports");
    expect((await page.locator("h1").textContent())?.trim()).toBe("Reports");
    const titles = (await page.locator(".admin-report-list > li > a").allTextContents()).map((t) => t.trim());
    expect(titles).toHaveLength(10);
    expect(titles).toContain("Referrals received");
    expect(titles).toContain("Waiting times");
    // The last 12 months by default: from the first of the month eleven months back.
    expect(await page.locator("#from-day").inputValue()).toBe("1");
    expect(await page.locator("#to-year").inputValue()).toBe(String(thisYear));
    await checkAs("coordinator", page.url(), "r01-reports");

    // A date typed wrong is refused, what was typed kept.
    await page.locator("#from-day").fill("31");
    await page.locator("#from-month").fill("2");
    await page.getByRole("button", { name: "Show the figures" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("The start date must be a real date");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#from-day");
    expect(await page.locator("#from-day").inputValue()).toBe("31");
    expect(await page.title()).toMatch(/^Error: /);
    await checkAs("coordinator", page.url(), "r02-reports-error");

    const from = `${thisYear - 1}-01-01`;
    await fillDate(page, "from", from);
    await fillDate(page, "to", today());
    await page.getByRole("button", { name: "Show the figures" }).click();
    expect(page.url()).toContain(`from-year=${thisYear - 1}`);
    expect(await page.locator("#reports-heading").textContent()).toContain(`1 January ${thisYear - 1}`);
    await page.getByRole("link", { name: "Referrals received" }).click();
    expect(page.url()).toContain(`/admin/reports/referrals?from=${from}&to=${today()}`);
    await context.close();
  });

  it("reads a chart and its table, and breaks the figures down with JavaScript off", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}reports/referrals`);
    expect((await page.locator("h1").textContent())?.trim()).toBe("Referrals received");
    // The chart: an image with its title and a description in words, then its table.
    const chart = page.locator("svg[role=img]");
    expect(await chart.count()).toBe(1);
    expect(await chart.locator("title").textContent()).toBe("Referrals received");
    const description = (await chart.locator("desc").textContent()) ?? "";
    expect(description).toMatch(/^Line chart of referrals received, /);
    expect(description).not.toContain("NaN");
    expect(await page.locator(".admin-report-table caption").textContent()).toContain("Referrals received, ");
    const rows = await tableRows(page);
    const header = rows[0] ?? [];
    expect(header[0]).toBe("Referral route");
    expect(header.at(-1)).toBe("Total");
    const thisMonth = new Intl.DateTimeFormat("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "Europe/London",
    }).format(new Date());
    expect(header).toContain(thisMonth);
    // Seven referrals this month, all from families.
    const family = rows.find((r) => r.at(-1) === "7");
    expect(family, JSON.stringify(rows)).toBeDefined();
    expect(family?.[header.indexOf(thisMonth)]).toBe("7");
    await checkAs("coordinator", page.url(), "r03-referrals");

    // Eligibility decisions by route: the one not eligible is "fewer than 5", as in the download.
    await page.goto(`${stack.adminUrl}reports/eligibility`);
    await page.getByRole("radio", { name: "Referral route" }).check();
    await page.getByRole("button", { name: "Show the figures" }).click();
    expect(page.url()).toContain("by=route");
    const decided = await tableRows(page);
    expect(decided[0]?.slice(0, 3)).toEqual(["Referral route", "Accepted onto the waiting list", "Not eligible"]);
    const byFamily = decided.find((r) => r[1] === "6");
    expect(byFamily?.[2]).toBe("fewer than 5");
    expect(await page.locator("#report-eligibility-suppressed").textContent()).toContain('shown as "fewer than 5"');
    expect(await page.getByRole("radio", { name: "Referral route" }).isChecked()).toBe(true);
    await checkAs("coordinator", page.url(), "r04-eligibility-by-route");
    await context.close();
  });

  it("downloads a table as CSV, small numbers suppressed", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}reports/eligibility?by=route`);
    const { name, text } = await download(page, "eligibility decisions");
    expect(name).toMatch(/^eligibility-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parseCsv(text);
    expect(csv[0]?.slice(0, 3)).toEqual(["Referral route", "Accepted onto the waiting list", "Not eligible"]);
    const row = csv.find((r) => r[1] === "6");
    expect(row, text).toBeDefined();
    expect(row?.[2]).toBe("[c]");

    await page.goto(`${stack.adminUrl}reports/referrals`);
    const referrals = parseCsv((await download(page, "referrals received")).text);
    expect(referrals[0]?.[0]).toBe("Referral route");
    expect(referrals.some((r) => r.at(-1) === "7")).toBe(true);
    await context.close();
  });

  it("says when the API refuses the period", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}reports/visits?from=${thisYear - 7}-01-01&to=${today()}`);
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.count()).toBe(1);
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#to-day");
    // The default period is shown meanwhile.
    expect(await page.locator(".admin-report-table").count()).toBe(1);
    await context.close();
  });

  it("the annual summary has every report on one page, to print", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}reports`);
    await page.getByRole("link", { name: "Every report for a year on one page, to print" }).click();
    await page.waitForURL("**/admin/reports/annual-summary");
    expect((await page.locator("h1").textContent())?.trim()).toBe("Annual summary");
    expect(await page.locator("section.admin-report").count()).toBe(10);
    expect((await page.locator(".admin-report h2").allTextContents()).map((t) => t.trim())).toContain(
      "Time in the service",
    );
    const ids = await page.locator("[id]").evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(new Set(ids).size, "ids are unique on the page").toBe(ids.length);
    await checkBoth(page, "r05-annual-summary");
    // Printed: no navigation, no form, no download links; each report on a new page.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".moj-primary-navigation").first().isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Show the year" }).isVisible()).toBe(false);
    expect(
      await page
        .getByRole("link", { name: /Download this table/ })
        .first()
        .isVisible(),
    ).toBe(false);
    const breaks = await page
      .locator(".admin-annual-summary .admin-report")
      .evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).breakBefore));
    expect(breaks.slice(1).every((b) => b === "page")).toBe(true);
    await page.emulateMedia({ media: "screen" });
    // An earlier year, by the form.
    await page.locator("#year").selectOption(String(Number(addDays(today(), -400).slice(0, 4))));
    await page.getByRole("button", { name: "Show the year" }).click();
    await page.waitForURL("**/annual-summary?year=*");
    expect(await page.locator(".govuk-body-l").first().textContent()).toMatch(/^1 April \d{4} to 31 March \d{4}$/);
    await context.close();
  });

  it("a home visitor sees only the caseload reports, for her own children", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.waitForURL("**/admin/reports");
    expect(await page.locator("main").textContent()).toContain("Figures for the children allocated to you.");
    const titles = (await page.locator(".admin-report-list > li > a").allTextContents()).map((t) => t.trim());
    expect(titles).toContain("Caseloads");
    expect(titles).toContain("Visits");
    expect(titles).not.toContain("Referrals received");
    expect(titles).not.toContain("Waiting times");
    await checkBoth(page, "r06-reports-home-visitor");
    await page.getByRole("link", { name: "Caseloads" }).click();
    expect(await page.locator(".admin-report-table caption").textContent()).toContain("(your caseload)");
    const rows = await tableRows(page);
    expect(rows.some((r) => r[0] === STAFF.visitor.name)).toBe(true);
    expect(rows.some((r) => r[0] === STAFF.otherVisitor.name)).toBe(false);
    await checkBoth(page, "r07-caseloads-home-visitor");
    await page.goto(`${stack.adminUrl}reports/referrals`);
    expect(await page.locator("h1").textContent()).toContain("You do not have permission");
    await context.close();
  });

  it("an administrator has no reports", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    expect(await page.getByRole("link", { name: "Reports", exact: true }).count()).toBe(0);
    await page.goto(`${stack.adminUrl}reports`);
    expect(await page.locator("h1").textContent()).toContain("You do not have permission");
    await context.close();
  });
});
