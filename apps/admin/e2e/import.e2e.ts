// The caseload import, end to end on the real API and database: the administrator downloads a
// template, uploads the council's CSV files with JavaScript off, is shown each problem by file,
// row and column with nothing written, puts them right, checks again, imports, and sees the
// children on the coordinator's waiting list in the order of their original dates. A coordinator
// has no permission. Every screen is checked with axe at 390 and 1280 pixels.
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, apiSession, checkBoth } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let asCoordinator: ApiCall;

const CHILDREN_HEADER =
  "child_ref,child_first_name,child_last_name,child_date_of_birth,child_sex,home_languages,interpreter_needed,address_line1,address_line2,address_town,postcode,lives_in_area,carer_name,carer_relationship,carer_phone,carer_email";
const REFERRALS_HEADER =
  "child_ref,received_on,route,referrer_name,referrer_role,referrer_organisation,help_wanted,developmental_concerns,concern_areas,diagnosis,professionals_involved,professionals_details,early_help,ehc_plan,dla,attends_setting,setting_name,setting_hours_per_week,available_for_visits,home_visit_safety,consent_to_referral,consent_to_sharing";

const childRow = (ref: string, first: string, dob: string) =>
  `${ref},${first},Imported,${dob},female,English,no,1 Import Street,,Preston,PR1 2AB,yes,${first}'s dad,Father,01632 960 002,`;
const referralRow = (ref: string, receivedOn: string) =>
  `${ref},${receivedOn},self-referral,,,,Help with play,Not yet talking,communication,,,,no,no,no,no,,,yes,,yes,yes`;

const files = (dobOfSecond: string) => ({
  children: [CHILDREN_HEADER, childRow("WL-1", "Isla", "10/05/2024"), childRow("WL-2", "Jonah", dobOfSecond)].join(
    "\r\n",
  ),
  referrals: [REFERRALS_HEADER, referralRow("WL-1", "2025-03-03"), referralRow("WL-2", "2025-06-02")].join("\r\n"),
  "waiting-list": [
    "child_ref,accepted_on,complexity,had_portage_before,other_specialist_support",
    "WL-2,2025-06-09,moderate,no,no",
    "WL-1,2025-03-10,moderate,no,no",
  ].join("\r\n"),
});

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

async function choose(page: Page, set: Record<string, string>) {
  for (const [kind, text] of Object.entries(set)) {
    await page
      .locator(`#file-${kind}`)
      .setInputFiles({ name: `${kind}.csv`, mimeType: "text/csv", buffer: Buffer.from(text) });
  }
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("importing a caseload", () => {
  it("checks the files, lists each problem, then imports with the original dates (JavaScript off)", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await page.goto(`${stack.adminUrl}import`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Import a caseload");

    // The template downloads as a CSV file with its header row.
    await page.locator("summary", { hasText: "waiting-list.csv" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download waiting-list.csv (CSV)" }).click(),
    ]);
    const template = readFileSync((await download.path()) as string, "utf8");
    expect(template.split("\r\n")[0]).toBe(
      "child_ref,accepted_on,complexity,had_portage_before,other_specialist_support",
    );

    // Jonah's date of birth is not a date: the check says where, and writes nothing.
    await choose(page, files("31/02/2024"));
    await page.getByRole("button", { name: "Check the files" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("nothing was written");
    const problems = await page.locator("#problems tbody tr").allTextContents();
    expect(problems.map((p) => p.replace(/\s+/g, " ").trim())).toEqual([
      "children.csv, row 3, child_date_of_birth must be a real date written YYYY-MM-DD or DD/MM/YYYY",
    ]);
    // Import without putting it right: refused, still nothing written.
    await choose(page, files("31/02/2024"));
    await page.getByRole("button", { name: "Import" }).click();
    await expect.poll(() => page.locator("#problems tbody tr").count()).toBe(1);
    expect((await asCoordinator("GET", "/api/waiting-list")).body.total).toBe(0);

    // Put right: the check passes, then the import writes both children.
    await choose(page, files("22/11/2024"));
    await page.getByRole("button", { name: "Check the files" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("2 children to import");
    await choose(page, files("22/11/2024"));
    await page.getByRole("button", { name: "Import" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("Imported 2 children");

    // On the waiting list in the order of their original dates, not the order of the file.
    const list = await asCoordinator("GET", "/api/waiting-list");
    expect(list.body.total).toBe(2);
    const names = [];
    for (const entry of list.body.entries) {
      names.push((await asCoordinator("GET", `/api/referrals/${entry.referralId}`)).body.child.firstName);
    }
    expect(names).toEqual(["Isla", "Jonah"]);

    // The same files again: nothing new.
    await choose(page, files("22/11/2024"));
    await page.getByRole("button", { name: "Import" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("Imported 0 children");
    expect((await asCoordinator("GET", "/api/waiting-list")).body.total).toBe(2);
    await context.close();
  });

  it("passes axe at both widths, with problems shown and without", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await page.goto(`${stack.adminUrl}import`);
    await checkBoth(page, "import");
    await choose(page, { ...files("31/02/2024"), referrals: "child_ref,colour\r\nWL-1,blue" });
    await page.getByRole("button", { name: "Check the files" }).click();
    await page.locator("#problems").waitFor();
    await checkBoth(page, "import-problems");
    await context.close();
  });

  it("is not for coordinators", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}import`);
    await expect.poll(() => page.locator("h1").textContent()).toContain("permission");
    await context.close();
  });
});
