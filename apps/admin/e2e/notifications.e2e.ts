// Notifications not sent, end to end: the real API server sends through GOV.UK Notify's own
// client to a Notify stand-in on 127.0.0.1 that refuses every email (400), so a family's referral
// leaves a parent's confirmation (to a mistyped address) and the team's alert failed for real. The
// coordinator sees the count on the dashboard and the list. With JavaScript off she corrects the
// address on the referral and sends the confirmation again, and it reaches Notify once, to the new
// address; with JavaScript on she sets the team's alert aside, and finds it under those set aside
// with her name. When the administrator sets one aside while she is deciding, she is told who did
// and nothing is sent. The administrator sees the list without children's names. Every screen is
// checked with axe at 390 and 1280 pixels (axe needs JavaScript: in a context with it on).
import { randomUUID } from "node:crypto";
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NotifyStandIn, notifyStandIn, standInKey } from "../../api/src/test-support/notify-stand-in.ts";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, apiSession, banner, checkBoth } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

const KEY = standInKey();
const TEAM = "portage.team@council.example";
let notify: NotifyStandIn;
let stack: Stack;
let browser: Browser;
let asCoordinator: ApiCall;
let asAdministrator: ApiCall;

interface Listed {
  id: string;
  kind: string;
  state: string;
  version: string;
  about: { reference: string | null; referralId: string | null } | null;
}

async function refer(firstName: string, carerEmail: string): Promise<{ reference: string; referralId: string }> {
  const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput({ childFirstName: firstName, childLastName: "Notsent", carerEmail })),
  });
  expect(referred.status, await referred.clone().text()).toBe(201);
  const { reference } = (await referred.json()) as { reference: string };
  const inbox = await asCoordinator("GET", "/api/referrals?status=received&pageSize=100");
  const referralId = inbox.body.referrals.find((r: { reference: string }) => r.reference === reference)?.id;
  return { reference, referralId };
}

/** Waits until the outbox has given up on `count` emails about `reference` (the worker runs every 2 s). */
async function failedFor(reference: string, count: number): Promise<Listed[]> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listed = await asCoordinator("GET", "/api/notifications");
    const mine = (listed.body.notifications as Listed[]).filter((n) => n.about?.reference === reference);
    if (mine.length === count && mine.every((n) => n.state === "failed")) return mine;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the outbox did not give up on ${count} emails about ${reference} within 30 s`);
}

async function newPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** The summary card for one kind of email about a reference. */
function card(page: Page, kindName: string, reference: string) {
  return page
    .locator(".govuk-summary-card")
    .filter({ has: page.locator(".govuk-summary-card__title", { hasText: kindName }) })
    .filter({ hasText: reference });
}

beforeAll(async () => {
  notify = notifyStandIn(KEY);
  await notify.listen();
  // Notify refuses every email until a test says otherwise: each fails at the first attempt.
  notify.answer(400);
  stack = await startStack({
    env: {
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
      NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
      NOTIFY_TEMPLATE_REPORT: randomUUID(),
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
      NOTIFY_TIMEOUT_SECONDS: "2",
      TEAM_EMAIL: TEAM,
    },
  });
  browser = await launch();
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password, {
    expectOk: true,
  });
  asAdministrator = await apiSession(stack.apiUrl, STAFF.administrator.email, STAFF.administrator.password);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await notify?.close();
});

describe("notifications not sent", () => {
  let first: { reference: string; referralId: string };

  it("are counted on the dashboard and listed; sent again without JavaScript after the address is corrected", async () => {
    first = await refer("Amira", "amira.parent@gmial.example");
    const failed = await failedFor(first.reference, 2);
    const confirmation = failed.find((n) => n.kind === "parent-confirmation");
    expect(confirmation).toBeDefined();

    const { context, page } = await newPage(false);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(stack.adminUrl);
    await expect.poll(() => page.locator(".govuk-warning-text").textContent()).toContain("2 emails were not sent");
    await page.getByRole("link", { name: "See notifications not sent" }).click();
    await page.waitForURL("**/admin/notifications");
    // The screen is a section of its own in the navigation, marked as the current one.
    const current = page.locator("nav[aria-label='Primary navigation'] a[aria-current=page]");
    expect(await current.textContent()).toBe("Notifications");
    const parent = card(page, "Confirmation of a referral to the parent or carer", first.reference);
    await expect.poll(() => parent.textContent()).toContain("a•••@gmial.example");
    expect(await parent.textContent()).toContain("GOV.UK Notify refused it (400)");
    expect(await parent.textContent()).toContain("Amira Notsent");
    // The full address is not on the page.
    expect(await page.content()).not.toContain("amira.parent");

    // The address was mistyped: corrected on the referral (set-up, through the API).
    const corrected = await asCoordinator("PATCH", `/api/referrals/${first.referralId}`, {
      answers: { carerEmail: "amira.parent@gmail.example" },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    notify.answer(201);
    await page.reload();
    expect(await parent.textContent()).toContain("The address has been changed since");
    await parent.getByRole("link", { name: /^Send again/ }).click();
    await page.waitForURL(`**/admin/notifications/${confirmation?.id}/send-again`);
    expect(await page.locator("main").textContent()).toContain("It will go to the email address on the referral now");
    await page.getByRole("button", { name: "Send it again" }).click();
    expect(await banner(page)).toContain("The email will be sent again within a minute.");

    await expect
      .poll(() => notify.received.filter((r) => r.body.reference === confirmation?.id).length, { timeout: 15_000 })
      .toBe(1);
    expect(notify.received.find((r) => r.body.reference === confirmation?.id)?.body.email_address).toBe(
      "amira.parent@gmail.example",
    );
    // Sent once: a few more rounds of the worker send nothing more.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(notify.received.filter((r) => r.body.reference === confirmation?.id)).toHaveLength(1);
    await page.reload();
    expect(await card(page, "Confirmation of a referral", first.reference).count()).toBe(0);
    await context.close();
  });

  it("are set aside with JavaScript on, after a confirmation, and kept with who set them aside", async () => {
    const { context, page } = await newPage(true);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}notifications`);
    await checkBoth(page, "notifications-list");
    const team = card(page, "Alert to the team about a new referral", first.reference);
    // From the keyboard: the card's "Set aside" link takes focus and opens with Enter.
    const setAside = team.getByRole("link", { name: /^Set aside/ });
    await setAside.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/set-aside");
    expect(await page.locator("h1").textContent()).toBe("Set this email aside?");
    await checkBoth(page, "notifications-set-aside-confirm");
    await page.getByRole("button", { name: "Set it aside" }).click();
    expect(await banner(page)).toContain("The email has been set aside. It will not be sent.");
    expect(await page.locator("main").textContent()).toContain("Every email has been sent.");
    await page.getByRole("link", { name: "See the emails set aside" }).click();
    await page.waitForURL("**/notifications?show=set-aside");
    const aside = card(page, "Alert to the team about a new referral", first.reference);
    expect(await aside.textContent()).toContain(`By ${STAFF.coordinator.name}`);
    expect(await aside.locator(".govuk-summary-card__actions").count()).toBe(0);
    await checkBoth(page, "notifications-set-aside-list");
    await context.close();
  });

  it("tell the second person who acted first, and send nothing", async () => {
    notify.answer(400);
    const second = await refer("Bilal", "bilal.parent@example.com");
    const failed = await failedFor(second.reference, 2);
    const confirmation = failed.find((n) => n.kind === "parent-confirmation");
    notify.answer(201);
    const { context, page } = await newPage(true);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(stack.adminUrl);
    expect(await page.locator(".govuk-warning-text").textContent()).toContain("2 emails were not sent");
    await checkBoth(page, "notifications-dashboard");
    await page.goto(`${stack.adminUrl}notifications/${confirmation?.id}/send-again`);
    await checkBoth(page, "notifications-send-again");
    // Meanwhile the administrator sets it aside.
    const meanwhile = await asAdministrator("POST", `/api/notifications/${confirmation?.id}/set-aside`, {
      version: confirmation?.version,
    });
    expect(meanwhile.status, JSON.stringify(meanwhile.body)).toBe(200);
    await page.getByRole("button", { name: "Send it again" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      `set aside by ${STAFF.administrator.name}`,
    );
    expect(await page.getByRole("button", { name: "Send it again" }).count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("Set aside");
    await checkBoth(page, "notifications-conflict");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(notify.posts.filter((p) => p.body.reference === confirmation?.id)).toHaveLength(1); // the first, refused
    await context.close();
  });

  it("show the administrator the reference, but not the child's name", async () => {
    const { context, page } = await newPage(false);
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await page.goto(stack.adminUrl);
    await page.getByRole("link", { name: "See notifications not sent" }).click();
    await page.waitForURL("**/admin/notifications");
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Alert to the team about a new referral");
    expect(main).not.toMatch(/Bilal|Amira|Notsent/);
    await context.close();
    // The same screen, for axe (which needs JavaScript).
    const checked = await newPage(true);
    await signIn(checked.page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await checked.page.goto(`${stack.adminUrl}notifications`);
    await checkBoth(checked.page, "notifications-list-administrator");
    await checked.context.close();
  });
});
