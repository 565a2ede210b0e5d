// The rough edges of triage and allocation, end to end on the real API and database: the inbox's
// search (with and without JavaScript) and its flag for possible duplicates; the referral's list of
// them, linked; the words of the referral and the decision; the caseload limit (a limit of 2 for
// this stack) warned of before allocating and refused without a reason, the reason shown on the
// referral and on the child's case with who allocated and when; the primary navigation on one row
// at 1280 pixels for every role; the audit trail naming the child to a coordinator and not to an
// administrator; the coordinator's children by name, each visitor's linked; the waiting list with
// its breakdowns a click away. The forms are used without JavaScript; every changed page is checked with axe at 390
// and 1280 pixels (with JavaScript, which axe needs), and none may be wider than a phone, even with
// a long name without spaces.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, apiSession, banner, checkBoth, refer, referAndAccept, referAndAllocate } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let asCoordinator: ApiCall;
const LONG = "Bartholomewalexanderkonstantinfriedrichmaximilian";
/** A family with nothing in common with any other: its own phone, email and home. */
const lone = (n: number) => ({
  carerPhone: `01632 960 7${String(n).padStart(2, "0")}`,
  carerEmail: `family${n}@example.com`,
  addressLine1: `${n} Quiet Row`,
  postcode: "LA2 7QR",
});
let poppy: { referralId: string; reference: string };
let poppyAgain: { referralId: string; reference: string };
let waiting: { childId: string; referralId: string; reference: string };
let withinLimit: { childId: string; referralId: string; reference: string };

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

async function asStaff(who: keyof typeof STAFF, options: { javaScriptEnabled?: boolean } = {}) {
  const opened = await newPage(options);
  await signIn(opened.page, stack.adminUrl, STAFF[who].email, STAFF[who].password);
  return opened;
}

const mainText = async (page: Page) => (await page.locator("main").innerText()).replace(/\s+/g, " ");
/** The case page's allocation details, in one line. */
const allocationText = async (page: Page) =>
  (await page.locator("#allocation + .govuk-summary-list").innerText()).replace(/\s+/g, " ");
/** "Allocated 2 December 2026 by Cora Ordinator": the day (in words) and who. */
const allocatedBy = (name: string) => new RegExp(`Allocated \\d{1,2} [A-Z][a-z]+ \\d{4} by ${name}`);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ env: { OPENPORTAGE_CASELOAD_LIMIT: "2" } }), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  // Poppy is referred twice: by her mum, and by her health visitor from another address.
  poppy = await refer(stack.apiUrl, asCoordinator, {
    childFirstName: "Poppy",
    childLastName: "Walkthrough",
    carerPhone: "07700 900 321",
    carerEmail: "mum.walkthrough@example.org",
    addressLine1: "3 Canal Side",
    postcode: "PR3 3CS",
  });
  poppyAgain = await refer(stack.apiUrl, asCoordinator, {
    childFirstName: "poppy",
    childLastName: "Walkthrough",
    carerName: "Helen Visitor",
    carerPhone: "01632 960 404",
    carerEmail: "hv@nhs.example",
    addressLine1: "Health Centre",
    postcode: "PR1 1HC",
  });
  // A child with a very long name without spaces, and nothing in common with anyone.
  await refer(stack.apiUrl, asCoordinator, { childFirstName: LONG, childLastName: `${LONG}son`, ...lone(1) });
  // Harriet reaches the limit of 2; one more child waits.
  withinLimit = await referAndAllocate(stack.apiUrl, asCoordinator, {
    childFirstName: "Ada",
    childLastName: "Limit",
    ...lone(2),
  });
  await referAndAllocate(stack.apiUrl, asCoordinator, { childFirstName: LONG, childLastName: "Allocated", ...lone(3) });
  waiting = await referAndAccept(stack.apiUrl, asCoordinator, {
    childFirstName: "Wren",
    childLastName: "Waiting",
    ...lone(4),
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the referrals inbox", () => {
  it("searches by name or reference without JavaScript, and shows a refused search on the form", async () => {
    const { context, page } = await asStaff("coordinator", { javaScriptEnabled: false });
    await page.goto(`${stack.adminUrl}referrals`);
    await page.getByLabel("Search by child's name or reference").fill("walkthrough");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === "walkthrough");
    const found = await page.locator("tbody tr").allInnerTexts();
    expect(found).toHaveLength(2);
    expect(found.every((text) => text.includes("Walkthrough"))).toBe(true);

    await page.getByLabel("Search by child's name or reference").fill(poppyAgain.reference.toLowerCase());
    await page.getByRole("button", { name: "Search" }).click();
    expect(await page.locator("tbody tr").allInnerTexts()).toHaveLength(1);
    expect(await page.locator("tbody").innerText()).toContain(poppyAgain.reference);

    // A search the API refuses is shown on the form, linked to the box, with the page's status.
    const refused = await page.goto(`${stack.adminUrl}referrals?q=${"x".repeat(101)}`);
    expect(refused?.status()).toBe(422);
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#q");
    expect(await summary.textContent()).toContain("The search must be 100 characters or fewer");
    await context.close();
  });

  it("flags possible duplicates and fits a phone, searched, sorted and refused", async () => {
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}referrals`);
    const row = (name: string) => page.locator("tbody tr", { hasText: name });
    expect(await row(poppy.reference).textContent()).toContain("Possible duplicate");
    expect(await row(poppyAgain.reference).textContent()).toContain("Possible duplicate");
    expect(await row(`${LONG}son`).textContent()).not.toContain("Possible duplicate");
    await checkBoth(page, "t01-inbox");
    await page.goto(`${stack.adminUrl}referrals?q=walkthrough&status=any`);
    await page.getByRole("button", { name: "Reference" }).click();
    expect(await page.locator("th[aria-sort='ascending']").count()).toBe(1);
    await checkBoth(page, "t02-inbox-search-sorted");
    await page.goto(`${stack.adminUrl}referrals?q=${"x".repeat(101)}`);
    await checkBoth(page, "t03-inbox-search-refused");
    await context.close();
  });
});

describe("a referral", () => {
  it("lists its possible duplicates, linked, and speaks plainly", async () => {
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}referrals/${poppy.referralId}`);
    const duplicates = page.locator("#possible-duplicates");
    expect(await duplicates.innerText()).toContain("1 other referral has details in common with this one");
    expect(await duplicates.innerText()).toContain("the same child's name and date of birth");
    const text = await mainText(page);
    expect(text).toContain("under Lancashire County Council's protocol");
    expect(text).toMatch(/The last day of support would be \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toContain("protocol “lancashire”");
    expect(text).not.toContain("would end on");
    await checkBoth(page, "t05-referral-duplicates");

    await duplicates.getByRole("link", { name: new RegExp(poppyAgain.reference) }).click();
    await page.waitForURL(`**/admin/referrals/${poppyAgain.referralId}`);
    expect(await page.locator("#possible-duplicates").innerText()).toContain(poppy.reference);
    await context.close();
  });

  it("asks for the complexity of needs in GOV.UK words", async () => {
    const decision = `${stack.adminUrl}referrals/${poppy.referralId}/decision?outcome=accepted`;
    const noScript = await asStaff("coordinator", { javaScriptEnabled: false });
    await noScript.page.goto(decision);
    await noScript.page.getByRole("button", { name: "Add to the waiting list" }).click();
    const summary = noScript.page.locator(".govuk-error-summary");
    expect((await summary.innerText()).replace(/\s+/g, " ")).toContain("Select how complex the child's needs are");
    expect(await summary.innerText()).not.toContain("is needed");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#complexity");
    await noScript.context.close();
    const { context, page } = await asStaff("coordinator");
    await page.goto(decision);
    await page.getByRole("button", { name: "Add to the waiting list" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await checkBoth(page, "t06-decision-refused");
    await context.close();
  });

  it("fits a phone with a long name without spaces", async () => {
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}referrals?q=${LONG}son`);
    await page
      .getByRole("link", { name: /^[A-Z0-9]{4}-[A-Z0-9]{4}$/ })
      .first()
      .click();
    await page.waitForURL("**/admin/referrals/*");
    expect(await page.locator("h1").innerText()).toContain(LONG);
    await checkBoth(page, "t07-referral-long-name");
    await context.close();
  });
});

describe("the caseload limit", () => {
  it("warns before allocating to a visitor at the limit", async () => {
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}referrals/${waiting.referralId}/allocate`);
    const harriet = page.locator(".govuk-radios__item", { hasText: STAFF.visitor.name });
    expect(await harriet.innerText()).toContain("At or over the limit");
    const hamid = page.locator(".govuk-radios__item", { hasText: STAFF.otherVisitor.name });
    expect(await hamid.innerText()).not.toContain("At or over the limit");
    expect(await page.locator("#caseload-warning").innerText()).toContain(
      `${STAFF.visitor.name} already has 2 children: the service's caseload limit is 2.`,
    );
    await checkBoth(page, "t08-allocate-warning");
    await page.getByLabel(STAFF.visitor.name).check();
    await page.getByRole("button", { name: "Allocate" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await checkBoth(page, "t09-allocate-refused");
    await context.close();
  });

  it("refuses without a reason and keeps the reason given, without JavaScript", async () => {
    const { context, page } = await asStaff("coordinator", { javaScriptEnabled: false });
    await page.goto(`${stack.adminUrl}referrals/${waiting.referralId}/allocate`);
    await page.getByLabel(STAFF.visitor.name).check();
    await page.getByRole("button", { name: "Allocate" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.innerText()).toContain(
      `Enter why you are allocating to ${STAFF.visitor.name}, who already has 2 children`,
    );
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#overCaseloadReason");
    expect(await page.getByLabel(STAFF.visitor.name).isChecked()).toBe(true);
    await page
      .getByLabel("Why are you allocating over the caseload limit?")
      .fill("Harriet knows the family from their first child.");
    await page.getByRole("button", { name: "Allocate" }).click();
    await page.waitForURL(`**/admin/referrals/${waiting.referralId}?done=allocated`);
    expect(await banner(page)).toContain("allocated");
    expect(await mainText(page)).toContain(
      "Why allocated over the caseload limit Harriet knows the family from their first child.",
    );
    await context.close();
    const shown = await asStaff("coordinator");
    await shown.page.goto(`${stack.adminUrl}referrals/${waiting.referralId}`);
    await checkBoth(shown.page, "t10-referral-allocated-over-limit");
    // The child's case shows it in its allocation details: who allocated, when, over the limit and why.
    await shown.page.goto(`${stack.adminUrl}cases/${waiting.childId}`);
    const details = await allocationText(shown.page);
    expect(details).toContain(`Home visitor ${STAFF.visitor.name}`);
    expect(details).toMatch(allocatedBy(STAFF.coordinator.name));
    expect(details).toContain("Why allocated over the caseload limit Harriet knows the family from their first child.");
    await checkBoth(shown.page, "t10b-case-allocated-over-limit");
    // A child allocated within the limit: who and when, and nothing about the limit.
    await shown.page.goto(`${stack.adminUrl}cases/${withinLimit.childId}`);
    const within = await allocationText(shown.page);
    expect(within).toMatch(allocatedBy(STAFF.coordinator.name));
    expect(within).not.toContain("caseload limit");
    await shown.context.close();
    // The home visitor whose case it is sees the same on it.
    const harriet = await asStaff("visitor");
    await harriet.page.goto(`${stack.adminUrl}cases/${waiting.childId}`);
    expect(await allocationText(harriet.page)).toContain("Harriet knows the family from their first child.");
    await harriet.context.close();
  });
});
describe("the caseload limit when a child moves", () => {
  it("warns, refuses without a reason and moves the child with one", async () => {
    const moving = await referAndAllocate(
      stack.apiUrl,
      asCoordinator,
      { childFirstName: "Milo", childLastName: "Moving", ...lone(6) },
      { visitor: STAFF.otherVisitor.name },
    );
    const reallocate = `${stack.adminUrl}cases/${moving.childId}/reallocate`;
    const { context, page } = await asStaff("coordinator");
    await page.goto(reallocate);
    expect(await page.locator(".govuk-radios__item", { hasText: STAFF.visitor.name }).innerText()).toContain(
      "At or over the limit",
    );
    expect(await page.locator("#caseload-warning").innerText()).toContain(
      `${STAFF.visitor.name} already has 3 children: the service's caseload limit is 2.`,
    );
    await checkBoth(page, "t16-reallocate-warning");
    await context.close();

    const noScript = await asStaff("coordinator", { javaScriptEnabled: false });
    await noScript.page.goto(reallocate);
    await noScript.page.getByLabel(STAFF.visitor.name).check();
    await noScript.page.getByLabel("Handover note").fill("Milo likes the bubble machine.");
    await noScript.page.getByRole("button", { name: "Move the child" }).click();
    const summary = noScript.page.locator(".govuk-error-summary");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#overCaseloadReason");
    expect(await noScript.page.getByLabel("Handover note").inputValue()).toBe("Milo likes the bubble machine.");
    await noScript.page.getByLabel("Why are you allocating over the caseload limit?").fill("Hamid is on leave.");
    await noScript.page.getByRole("button", { name: "Move the child" }).click();
    await noScript.page.waitForURL(`**/admin/cases/${moving.childId}?done=reallocated`);
    // The case now shows the new allocation's reason, with who made it.
    const details = await allocationText(noScript.page);
    expect(details).toContain(`Home visitor ${STAFF.visitor.name}`);
    expect(details).toMatch(allocatedBy(STAFF.coordinator.name));
    expect(details).toContain("Why allocated over the caseload limit Hamid is on leave.");
    await noScript.context.close();
  });
});

describe("the audit trail", () => {
  it("names the child to a coordinator, and gives an administrator the reference only", async () => {
    const coordinator = await asStaff("coordinator");
    await coordinator.page.goto(`${stack.adminUrl}audit?record=${poppy.reference}`);
    const text = await mainText(coordinator.page);
    expect(text).toContain(`Poppy Walkthrough (${poppy.reference})`);
    expect(text).not.toMatch(/Child [0-9a-f]{8}/);
    await checkBoth(coordinator.page, "t11-audit-coordinator");
    await coordinator.context.close();

    const administrator = await asStaff("administrator");
    await administrator.page.goto(`${stack.adminUrl}audit?record=${poppy.reference}`);
    const adminText = await mainText(administrator.page);
    expect(adminText).toContain(poppy.reference);
    expect(adminText).not.toContain("Poppy");
    await checkBoth(administrator.page, "t12-audit-administrator");
    await administrator.page.goto(`${stack.adminUrl}users`);
    await checkBoth(administrator.page, "t13-users");
    await administrator.context.close();
  });
});

describe("the primary navigation", () => {
  it("fits on one row at 1280 pixels for every role, a coordinator's closed cases grouped under Children", async () => {
    for (const who of ["coordinator", "visitor", "administrator"] as const) {
      const { context, page } = await asStaff(who);
      await page.goto(stack.adminUrl);
      const rows = await page
        .locator("nav[aria-label='Primary navigation'] li")
        .evaluateAll((items) => [...new Set(items.map((item) => Math.round(item.getBoundingClientRect().top)))]);
      expect(rows, `${who}'s navigation rows`).toHaveLength(1);
      await context.close();
    }
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}children`);
    const primary = page.getByRole("navigation", { name: "Primary navigation" });
    expect(await primary.getByRole("link", { name: "Closed cases" }).count()).toBe(0);
    await page.getByRole("navigation", { name: "Children" }).getByRole("link", { name: "Closed cases" }).click();
    await page.waitForURL("**/admin/closed-cases");
    expect(await primary.locator("a[aria-current=page]").textContent()).toBe("Children");
    await checkBoth(page, "t13-closed-cases");
    await context.close();
  });
});

describe("children and the waiting list", () => {
  it("shows the coordinator every child by name, linked, and each visitor's children", async () => {
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}children`);
    expect(await page.getByRole("link", { name: "Ada Limit" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Wren Waiting" }).count()).toBe(1);
    await checkBoth(page, "t14-children");
    await page.getByRole("link", { name: `Children allocated to ${STAFF.visitor.name}` }).click();
    await page.waitForURL((url) => url.searchParams.has("homeVisitorId"));
    expect(await mainText(page)).toContain(`4 children allocated to ${STAFF.visitor.name}`);
    await page.getByRole("link", { name: "Ada Limit" }).click();
    await page.waitForURL("**/admin/cases/*");
    await context.close();
  });

  it("keeps each child's breakdown a click away on the waiting list", async () => {
    await referAndAccept(stack.apiUrl, asCoordinator, { childFirstName: "Ivy", childLastName: "Later", ...lone(5) });
    const { context, page } = await asStaff("coordinator");
    await page.goto(`${stack.adminUrl}waiting-list`);
    const breakdown = page.locator("details", { hasText: "points are made up" }).first();
    expect(await breakdown.getAttribute("open")).toBeNull();
    expect(await breakdown.locator("table").isVisible()).toBe(false);
    await breakdown.locator("summary").click();
    expect(await breakdown.locator("table").isVisible()).toBe(true);
    await checkBoth(page, "t15-waiting-list");
    await context.close();
  });
});
