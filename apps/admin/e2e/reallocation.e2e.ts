// Moving a case on, end to end on the real API and database: the coordinator moves a child from
// Harriet to Hamid with a handover note (refused first without a visitor and without a note);
// Hamid sees the child and the note, Harriet gets "Page not found"; the coordinator returns
// another child to the waiting list with JavaScript off (refused first without a reason), finds
// them on the waiting list by their original date, and allocates them again, and the new home
// visitor reads why they went back. Every new screen is checked with axe at 390 and 1280 pixels.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, apiSession, banner, checkBoth } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
type Call = ApiCall;
let asCoordinator: Call;
let moving = { childId: "", referralId: "" };
let returning = { childId: "", referralId: "" };

/** A referral made on the public endpoint, accepted and allocated to Harriet by the coordinator. */
async function referAndAllocate(firstName: string, lastName: string) {
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
  return { childId: String(accepted.body.child.id), referralId: String(id) };
}

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

const caseUrl = (childId: string) => `${stack.adminUrl}cases/${childId}`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  moving = await referAndAllocate("Rosa", "Moving");
  returning = await referAndAllocate("Theo", "Waiting");
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("moving a child to another home visitor", () => {
  it("the coordinator moves Rosa from Harriet to Hamid with a handover note", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(caseUrl(moving.childId));
    await page.getByRole("link", { name: "Move to another home visitor" }).click();
    await page.waitForURL(`**/admin/cases/${moving.childId}/reallocate`);
    expect(await page.locator("h1").innerText()).toBe("Move to another home visitor");
    // Harriet holds the child now, so she is not offered; Hamid is, with his caseload.
    expect(await page.locator("main").textContent()).not.toContain(`${STAFF.visitor.name}Caseload`);
    expect(await page.getByLabel(STAFF.otherVisitor.name).count()).toBe(1);
    await checkBoth(page, "r01-reallocate");

    await page.getByRole("button", { name: "Move the child" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      "Select the home visitor who will take the child on",
    );
    await page.getByLabel(STAFF.otherVisitor.name).check();
    await page.getByRole("button", { name: "Move the child" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("The handover note must not be empty");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#handoverNote");
    await checkBoth(page, "r02-reallocate-refused");

    await page
      .getByLabel("Handover note")
      .fill("Mum prefers mornings. Rosa is close to saying 'more' with bubbles; keep the pause long.");
    await page.getByRole("button", { name: "Move the child" }).click();
    await page.waitForURL(`**/admin/cases/${moving.childId}?done=reallocated`);
    expect(await banner(page)).toContain("moved to another home visitor");
    expect(await page.locator(".admin-case-header").textContent()).toContain(STAFF.otherVisitor.name);
    await context.close();
  });

  it("Hamid sees Rosa and the handover note; Harriet gets Page not found", async () => {
    const hamid = await newPage();
    await signIn(hamid.page, stack.adminUrl, STAFF.otherVisitor.email, STAFF.otherVisitor.password);
    await hamid.page.goto(`${stack.adminUrl}children`);
    await hamid.page.getByRole("link", { name: "Rosa Moving" }).click();
    await hamid.page.waitForURL(`**/admin/cases/${moving.childId}`);
    const handover = hamid.page.locator("#handover");
    expect(await handover.textContent()).toContain(`Handover note from ${STAFF.visitor.name}`);
    expect(await handover.textContent()).toContain("Mum prefers mornings.");
    await checkBoth(hamid.page, "r03-case-with-handover");
    await hamid.context.close();

    const harriet = await newPage();
    await signIn(harriet.page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    const response = await harriet.page.goto(caseUrl(moving.childId));
    expect(response?.status()).toBe(404);
    expect(await harriet.page.locator("h1").innerText()).toBe("Page not found");
    expect(await harriet.page.locator("main").textContent()).not.toContain("Rosa");
    await harriet.context.close();
  });
});

describe("returning a child to the waiting list, and allocating again", () => {
  it("the return screen passes axe", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(caseUrl(returning.childId));
    await page.getByRole("link", { name: "Return to the waiting list" }).click();
    await page.waitForURL(`**/admin/cases/${returning.childId}/return`);
    await checkBoth(page, "r04-return");
    await context.close();
  });

  it("works without JavaScript: refused without a reason, then Theo is back on the list", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${caseUrl(returning.childId)}/return`);
    await page.getByRole("button", { name: "Return to the waiting list" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("The reason must not be empty");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#reason");
    await page
      .getByLabel("Why is the child going back to the waiting list?")
      .fill("The family is away for the spring term and wants to carry on after.");
    await page.getByRole("button", { name: "Return to the waiting list" }).click();
    await page.waitForURL(`**/admin/referrals/${returning.referralId}?done=returned`);
    expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain(
      "back on the waiting list",
    );
    await context.close();
  });

  it("Theo is on the waiting list and is allocated again; Hamid reads why he went back", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}waiting-list`);
    const entry = page.locator("li", { has: page.getByRole("link", { name: "Theo Waiting" }) });
    expect(await entry.textContent()).toContain("Waited");
    // The default protocol makes no monitoring visits while waiting: nothing about them is shown.
    expect(await page.locator("main").textContent()).not.toContain("Monitoring visit");
    await checkBoth(page, "r05-waiting-list");
    // The monitoring-visit screen, reached by its address: with this protocol it says none are made.
    await page.goto(`${stack.adminUrl}referrals/${returning.referralId}/monitoring`);
    expect(await page.locator("main").textContent()).toContain("makes no monitoring visits");
    await checkBoth(page, "r06-monitoring-none");
    await page.goto(`${stack.adminUrl}waiting-list`);
    await entry.getByRole("link", { name: /Allocate/ }).click();
    await page.getByLabel(STAFF.otherVisitor.name).check();
    await page.getByRole("button", { name: "Allocate" }).click();
    expect(await banner(page)).toContain("allocated to a home visitor");
    await context.close();

    const hamid = await newPage();
    await signIn(hamid.page, stack.adminUrl, STAFF.otherVisitor.email, STAFF.otherVisitor.password);
    await hamid.page.goto(caseUrl(returning.childId));
    const handover = hamid.page.locator("#handover");
    expect(await handover.textContent()).toContain("Why Theo went back to the waiting list");
    expect(await handover.textContent()).toContain("away for the spring term");
    // The child's history tells the story.
    await hamid.page.goto(`${caseUrl(returning.childId)}/history`);
    const history = (await hamid.page.locator("main").textContent()) ?? "";
    expect(history).toContain("Returned to the waiting list");
    expect(history).toContain("Allocated to a home visitor");
    await hamid.context.close();
  });
});
