// Consent and sharing, end to end on the real API and database: Harriet records consent to the
// service with JavaScript off (refused first without a name), then consent to share with the
// health visitor, records a disclosure the sharing decision allows, records the family's
// withdrawal, and the next disclosure is refused with the domain's reason on the page. Every new
// screen is checked with axe at 390 and 1280 pixels.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { addDays, apiSession, banner, checkBoth, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let childId = "";

async function referAndAllocate(firstName: string, lastName: string): Promise<string> {
  const asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput({ childFirstName: firstName, childLastName: lastName })),
  });
  expect(referred.status, await referred.clone().text()).toBe(201);
  const { reference } = (await referred.json()) as { reference: string };
  const inbox = await asCoordinator("GET", "/api/referrals?status=received");
  const id = inbox.body.referrals.find((r: { reference: string }) => r.reference === reference).id;
  const accepted = await asCoordinator("POST", `/api/referrals/${id}/decision`, {
    outcome: "accepted",
    complexity: "high",
    hadPortageBefore: false,
    otherSpecialistSupport: false,
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const visitors = await asCoordinator("GET", "/api/home-visitors");
  const harriet = visitors.body.homeVisitors.find((v: { name: string }) => v.name === STAFF.visitor.name);
  const allocated = await asCoordinator("POST", `/api/referrals/${id}/allocation`, { homeVisitorId: harriet.id });
  expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
  return String(accepted.body.child.id);
}

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

async function fillDate(page: Page, name: string, date: string) {
  const [year, month, day] = date.split("-");
  await page.locator(`[name="${name}-day"]`).fill(String(Number(day)));
  await page.locator(`[name="${name}-month"]`).fill(String(Number(month)));
  await page.locator(`[name="${name}-year"]`).fill(year ?? "");
}

async function recordDisclosure(page: Page, on: string) {
  await page.getByRole("link", { name: "Record a disclosure" }).click();
  await page.waitForURL(`**/admin/cases/${childId}/sharing/disclosure`);
  await page.locator("#recipientId").selectOption("health-visitor");
  await page.getByLabel("Working together with the other professionals supporting the child").check();
  await page.getByLabel("A summary").check();
  await page.getByLabel("Secure email").check();
  await fillDate(page, "disclosedOn", on);
  await page.getByRole("button", { name: "Record the disclosure" }).click();
}

const sharingUrl = () => `${stack.adminUrl}cases/${childId}/sharing`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  childId = await referAndAllocate("Saffi", "Sharing");
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("consent and sharing", () => {
  it("Harriet records consent to the service with JavaScript off", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(`${stack.adminUrl}cases/${childId}`);
    expect(await page.locator("#service-consent").textContent()).toContain("No consent to the service recorded");
    await page.goto(sharingUrl());
    await page.getByRole("link", { name: "Record consent to the service" }).click();
    await page.getByLabel("On a signed form").check();
    await fillDate(page, "givenOn", addDays(today(), -10));
    await page.getByLabel("What the consent covers").fill("Home visits and keeping records");
    await page.getByRole("button", { name: "Record the consent" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("The name of who gave consent must not be empty");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#givenByName");
    await page.getByLabel("Name of the parent or carer who gave consent").fill("Sam Sharing");
    await page.getByLabel("Their relationship to the child").fill("mother");
    await page.getByRole("button", { name: "Record the consent" }).click();
    await page.waitForURL(`**/admin/cases/${childId}/sharing?done=consent-recorded`);
    expect(await page.locator("#service-consents").textContent()).toContain("Sam Sharing (mother)");
    await page.goto(`${stack.adminUrl}cases/${childId}`);
    expect(await page.locator("#service-consent").textContent()).toContain("by Sam Sharing (mother)");
    await context.close();
  });

  it("consent to share allows a disclosure; after the withdrawal the next one is refused with the reason", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(sharingUrl());
    await checkBoth(page, "s01-sharing");

    await page.getByRole("link", { name: "Record consent to share" }).click();
    await page.getByLabel("Name of the parent or carer who gave consent").fill("Sam Sharing");
    await page.getByLabel("Their relationship to the child").fill("mother");
    await fillDate(page, "givenOn", addDays(today(), -10));
    await page.getByLabel("Verbally, to a member of staff").check();
    await page.getByLabel("Health visitor", { exact: true }).check();
    await page.getByRole("button", { name: "Record the consent" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Who heard the consent is required");
    await checkBoth(page, "s02-consent-refused");
    await page.getByLabel("Who heard it (for verbal consent)").fill(STAFF.visitor.name);
    await page.getByRole("button", { name: "Record the consent" }).click();
    expect(await banner(page)).toContain("The consent has been recorded");

    await recordDisclosure(page, addDays(today(), -5));
    expect(await banner(page)).toContain("The disclosure has been recorded");
    expect(await page.locator("#disclosures").textContent()).toContain("Health visitor");

    await page.getByRole("link", { name: /Record a withdrawal of consent to share/ }).click();
    expect(await page.locator("h1").innerText()).toContain("Record a withdrawal of consent");
    await checkBoth(page, "s03-withdraw");
    await fillDate(page, "withdrawnOn", today());
    await page.getByRole("button", { name: "Record the withdrawal" }).click();
    expect(await banner(page)).toContain("The withdrawal has been recorded");
    expect(await page.locator("#sharing-consents").textContent()).toContain("Withdrawn");

    await recordDisclosure(page, today());
    expect(await page.locator("#refused").textContent()).toContain("withdrew consent to share with Health visitor");
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("withdrew consent");
    await checkBoth(page, "s04-disclosure-refused");
    await context.close();
  });

  it("a coordinator sees the exception fields", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${sharingUrl()}/disclosure`);
    expect(await page.getByLabel("The lawful basis, in words").count()).toBe(1);
    await checkBoth(page, "s05-disclosure-coordinator");
    await context.close();
  });
});
