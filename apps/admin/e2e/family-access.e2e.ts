// The family app, the staff side, end to end on the real API and database: Harriet invites Grace
// (the carer on the referral) to the family app with JavaScript off (refused first with nothing
// chosen) and sees her invited; invites Grace's mother as a helper (a bad address refused first,
// what was typed kept); prints Grace's invitation as a letter (a PDF) and emails it again; changes
// what the helper can see (someone else's change first met as an edit conflict). Grace takes up
// her invitation over HTTP, as the family app does, and sends a question, a request to stop and a
// day of practice; Harriet sees the unread count on the case, reads and marks the question read,
// sees Grace as using the app, finds Grace's day of practice marked as the family's and corrects
// it with the family's version kept; she removes the helper's access after a confirmation. The
// coordinator sees the request to stop on the dashboard and marks it read. Every new screen is
// checked with axe at 390 and 1280 pixels, and its screenshots copied to /tmp/shots-admin-family/.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, addDays, apiSession, banner, checkBoth, mondayOf, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let childId = "";
let targetId = "";
let asCoordinator: ApiCall;
let graceCookie = "";

const GRACE = { name: "Grace Example", relationship: "Mum", email: "grace@example.com" };
const NANA = { name: "Nana Example", relationship: "grandparent", email: "nana@example.com" };
const SHOTS = "/tmp/shots-admin-family/";
const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

/** axe at both widths, and the two screenshots copied where they are looked at. */
async function check(page: Page, name: string): Promise<void> {
  await checkBoth(page, name);
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [390, 1280]) copyFileSync(`${SCREENSHOTS}${name}-${width}.png`, `${SHOTS}${name}-${width}.png`);
}

async function referAndAllocate(firstName: string, lastName: string): Promise<string> {
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

/** A started play plan with a block running this week and one target, so the family can record practice. */
async function runningPlan(): Promise<void> {
  const call = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password, {
    expectOk: true,
  });
  const base = `/api/cases/${childId}/plan`;
  const start = addDays(mondayOf(today()), -21);
  let answer = await call("POST", base, {});
  answer = await call("POST", `${base}/goals`, {
    version: answer.body.plan.version,
    areaId: "communication-and-language",
    text: "Uses single words to ask for what she wants",
    setOn: addDays(start, -7),
  });
  const goalId = answer.body.plan.longTermGoals[0].id;
  answer = await call("POST", `${base}/blocks`, {
    version: answer.body.plan.version,
    start,
    frequency: "weekly",
    weekday: "monday",
    time: "10:00",
  });
  const blockId = answer.body.plan.blocks[0].id;
  answer = await call("POST", `${base}/blocks/${blockId}/targets`, {
    version: answer.body.plan.version,
    areaId: "communication-and-language",
    longTermGoalId: goalId,
    does: "say 'more' to ask for more bubbles",
    conditions: "when an adult blows bubbles and pauses",
    teachingSteps: ["looks at the adult when the bubbles stop", "says 'more'"],
    practice: { how: "Blow bubbles, stop, and wait for her to ask", timesPerDay: 3 },
  });
  targetId = answer.body.plan.blocks[0].targets[0].id;
  answer = await call("POST", `${base}/agreement`, {
    version: answer.body.plan.version,
    agreedOn: addDays(start, -3),
    agreedBy: [`${GRACE.name} (parent)`, STAFF.visitor.name],
  });
  await call("POST", `${base}/start`, { version: answer.body.plan.version });
}

/** The family app's requests, as its pages make them: same origin, the family cookie. */
async function asFamily(method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      Accept: "application/json",
      Cookie: graceCookie,
      ...(method === "GET" ? {} : { "Sec-Fetch-Site": "same-origin" }),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : null;
}

/**
 * Grace takes up her invitation without a passkey, as the family app does without JavaScript: the
 * link from the email (read in the demo's mail viewer) signs her in once.
 */
async function graceSignsIn(): Promise<void> {
  const { mail } = (await (await fetch(`${stack.apiUrl}/api/family/demo-mail`)).json()) as {
    mail: { kind: string; emailAddress: string; personalisation: Record<string, string> }[];
  };
  const invitation = mail.find((m) => m.kind === "family-invitation" && m.emailAddress === GRACE.email);
  const token = /\/family\/invitation\/([A-Za-z0-9_-]{43})$/.exec(invitation?.personalisation.link ?? "")?.[1];
  expect(token, JSON.stringify(invitation)).toBeTruthy();
  const accepted = await fetch(`${stack.apiUrl}/api/family/invitations/${token}/accept`, {
    method: "POST",
    headers: { Accept: "application/json", "Sec-Fetch-Site": "same-origin" },
  });
  expect(accepted.status, await accepted.clone().text()).toBe(200);
  graceCookie = (accepted.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  expect(graceCookie).toMatch(/^__Host-openportage-family=/);
}

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

const familyUrl = () => `${stack.adminUrl}cases/${childId}/family`;
const card = (page: Page, name: string) => page.locator(".govuk-summary-card", { hasText: name });

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  childId = await referAndAllocate("Fern", "Family");
  await runningPlan();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the family app, the staff side", () => {
  it("Harriet invites Grace from the referral with JavaScript off, refused first with nothing chosen", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(`${stack.adminUrl}cases/${childId}`);
    await page.getByRole("link", { name: "Family app", exact: true }).click();
    await page.waitForURL(`**/admin/cases/${childId}/family`);
    expect(await page.locator("main").textContent()).toContain("Nobody in Fern's family has been invited yet");
    expect(await page.locator("#not-invited").textContent()).toContain(`${GRACE.name} (${GRACE.relationship})`);
    await page.getByRole("link", { name: "Invite someone to the app" }).click();
    await page.getByRole("button", { name: "Send the invitation" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
      "#who",
      "#kind",
    ]);
    await page.getByLabel(`${GRACE.name} (${GRACE.relationship})`).check();
    await page.getByLabel("Parent or carer", { exact: true }).check();
    await page.getByRole("button", { name: "Send the invitation" }).click();
    expect(await banner(page)).toContain(`${GRACE.name} has been invited`);
    const grace = card(page, GRACE.name);
    expect(await grace.locator(".govuk-tag").textContent()).toBe("Invited");
    const text = (await grace.textContent()) ?? "";
    expect(text).toContain(`Invited by ${STAFF.visitor.name}`);
    expect(text).toMatch(/The invitation expires on \d+ \w+ \d{4} at/);
    expect(text).toContain(`Parent or carer (${GRACE.relationship})`);
    expect(text).toContain(GRACE.email);
    expect(await page.locator("#not-invited").count()).toBe(0);
    // The letter downloads without JavaScript too, and the page stays.
    const [letter] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Print a letter with a QR code (PDF) for ${GRACE.name}` }).click(),
    ]);
    expect(
      readFileSync(await letter.path())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");
    await context.close();
  });

  it("invites Grace's mother as a helper, a bad address refused first with what was typed kept", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(familyUrl());
    await check(page, "f01-family-app-invited");
    await page.getByRole("link", { name: "Invite someone to the app" }).click();
    await check(page, "f02-invite");
    await page.getByLabel("Someone else", { exact: true }).check();
    await page.getByLabel("Their full name").fill(NANA.name);
    await page.getByLabel("Their relationship to the child").fill(NANA.relationship);
    await page.getByLabel("Email address").fill("nana@");
    await page.getByLabel("Helper", { exact: true }).check();
    await page.getByLabel("This week's targets and the practice chart").check();
    await page.getByLabel("The visits").check();
    await page.getByRole("button", { name: "Send the invitation" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("Their email address must be an email address");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#email");
    expect(await page.getByLabel("Their full name").inputValue()).toBe(NANA.name);
    expect(await page.getByLabel("The visits").isChecked()).toBe(true);
    await check(page, "f03-invite-refused");
    await page.getByLabel("Email address").fill(NANA.email);
    await page.getByRole("button", { name: "Send the invitation" }).click();
    expect(await banner(page)).toContain(`${NANA.name} has been invited`);
    const nana = (await card(page, NANA.name).textContent()) ?? "";
    expect(nana).toContain(`Helper (${NANA.relationship})`);
    expect(nana).toContain("This week's targets and the practice chart");
    expect(nana).toContain("The visits");
    expect(nana).not.toContain("Reviews and reports");
    await context.close();
  });

  it("prints Grace's invitation as a letter (a PDF) and emails it again", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(familyUrl());
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Print a letter with a QR code (PDF) for ${GRACE.name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("family-app-invitation.pdf");
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The page stays as it was, and the button can be pressed again (a download leaves no busy state).
    expect(page.url()).toBe(familyUrl());
    const [again] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Print a letter with a QR code (PDF) for ${GRACE.name}` }).click(),
    ]);
    expect(again.suggestedFilename()).toBe("family-app-invitation.pdf");

    await page.getByRole("button", { name: `Send the invitation again by email to ${GRACE.name}` }).click();
    expect(await banner(page)).toContain(`A new invitation has been emailed to ${GRACE.name}`);
    await check(page, "f04-invitation-sent");
    await context.close();
  });

  it("changes what the helper can see, meeting someone else's change first", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(familyUrl());
    await page.getByRole("link", { name: `Change what they can see (${NANA.name})` }).click();
    expect(await page.locator("h1").innerText()).toBe(`Change what ${NANA.name} can see`);
    expect(await page.getByLabel("This week's targets and the practice chart").isChecked()).toBe(true);
    await check(page, "f05-permissions");

    // Meanwhile the coordinator lets her see the sharing choices too.
    const list = await asCoordinator("GET", `/api/cases/${childId}/family-access`);
    const nana = list.body.access.find((a: { name: string }) => a.name === NANA.name);
    const changed = await asCoordinator("PATCH", `/api/cases/${childId}/family-access/${nana.id}`, {
      version: nana.version,
      permissions: { practice: true, visits: true, reports: false, sharing: true },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    await page.getByLabel("The visits").uncheck();
    await page.getByLabel("Reviews and reports").check();
    await page.getByRole("button", { name: "Save the changes" }).click();
    const summary = (await page.locator(".govuk-error-summary").textContent()) ?? "";
    expect(summary).toContain("Someone else changed this family access while you were editing");
    expect(summary).toContain("the sharing choices");
    // What was ticked is kept, and saving again goes through.
    expect(await page.getByLabel("Reviews and reports").isChecked()).toBe(true);
    expect(await page.getByLabel("The visits").isChecked()).toBe(false);
    await check(page, "f06-permissions-conflict");
    await page.getByRole("button", { name: "Save the changes" }).click();
    expect(await banner(page)).toContain(`What ${NANA.name} can see has been changed`);
    const text = (await card(page, NANA.name).textContent()) ?? "";
    expect(text).toContain("Reviews and reports");
    expect(text).not.toContain("The visits");
    expect(text).not.toContain("The sharing choices");
    await context.close();
  });

  it("Grace takes up her invitation and writes; Harriet sees the unread count, reads and marks the question read", async () => {
    await graceSignsIn();
    await asFamily("POST", `/api/family/children/${childId}/messages`, {
      body: "Can we move Thursday's visit to the afternoon?\nFern has nursery in the morning.",
    });
    await asFamily("POST", `/api/family/children/${childId}/leave-request`, {
      body: "We are moving to Leeds in January.",
    });

    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(`${stack.adminUrl}cases/${childId}`);
    const unread = (await page.locator("#family-unread").textContent()) ?? "";
    expect(unread).toContain("2 unread messages from the family");
    expect(unread).toContain(`${GRACE.name} (${GRACE.relationship}, parent or carer) asked to stop Portage on`);
    await check(page, "f07-case-unread");
    await page.getByRole("link", { name: "Read the messages" }).click();
    await page.waitForURL(`**/admin/cases/${childId}/family#messages`);
    expect(await page.locator("#messages-unread").textContent()).toContain("2 messages have not been read yet");
    const items = page.locator(".moj-timeline__item");
    // Newest first: the request to stop, then the question.
    expect(await items.first().textContent()).toContain("Asked to stop Portage");
    expect(await items.first().textContent()).toContain("We are moving to Leeds in January.");
    expect(await items.nth(1).textContent()).toContain("Question or note");
    expect(await items.nth(1).textContent()).toContain(`from ${GRACE.name} (${GRACE.relationship}, parent or carer)`);
    expect(await items.locator(".govuk-tag", { hasText: "Unread" }).count()).toBe(2);
    // Grace uses the app now.
    const grace = (await card(page, GRACE.name).textContent()) ?? "";
    expect(grace).toContain("Using the app");
    expect(grace).toMatch(/Last signed in on \d+ \w+ \d{4} at/);
    await check(page, "f08-messages");

    await items
      .nth(1)
      .getByRole("button", { name: /^Mark as read \(Question or note from Grace Example, / })
      .click();
    expect(await banner(page)).toContain("The message has been marked as read");
    const question = page.locator(".moj-timeline__item", { hasText: "Question or note" });
    expect(await question.textContent()).toContain(`Read by ${STAFF.visitor.name} on`);
    expect(await question.getByRole("button").count()).toBe(0);
    expect(await page.locator("#messages-unread").textContent()).toContain("1 message has not been read yet");
    await page.goto(`${stack.adminUrl}cases/${childId}`);
    expect(await page.locator("#family-unread").textContent()).toContain("1 unread message from the family");
    await context.close();
  });

  it("shows Grace's day of practice as the family's, and keeps it when Harriet corrects it", async () => {
    await asFamily("PUT", `/api/family/children/${childId}/practice/${targetId}/${today()}`, {
      practised: true,
      tries: 4,
      successes: 2,
      note: "At bath time",
    });
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    const weekUrl = `${stack.adminUrl}cases/${childId}/practice?week=${mondayOf(today())}`;
    await page.goto(weekUrl);
    const row = () => page.locator("table tbody tr", { hasText: "At bath time" });
    expect(await row().textContent()).toContain(`Entered by the family (${GRACE.name})`);
    await page.getByRole("link", { name: /Enter this week's chart for: Fern will say/ }).click();
    const day = (new Date(`${today()}T12:00:00Z`).getUTCDay() + 6) % 7;
    expect(await page.locator(`#day-${day}-hint`).textContent()).toBe(`Entered by the family (${GRACE.name})`);
    expect(await page.locator(`#day-${day}-successes`).inputValue()).toBe("2");
    await page.locator(`#day-${day}-successes`).fill("3");
    await page.getByRole("button", { name: "Save the week" }).click();
    expect(await banner(page)).toMatch(/saved|criterion/);
    await page.goto(weekUrl);
    const corrected = (await row().textContent()) ?? "";
    expect(corrected).toContain(`Corrected by ${STAFF.visitor.name} on`);
    await row().getByText("Earlier versions").click();
    expect(await row().locator(".govuk-details__text").textContent()).toContain(
      `4 tries, 2 successes: "At bath time". Entered by the family (${GRACE.name}) on`,
    );
    await check(page, "f09-practice-corrected");
    await context.close();
  });

  it("removes the helper's access after a confirmation", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(familyUrl());
    await page.getByRole("link", { name: `Remove access for ${NANA.name}` }).click();
    expect(await page.locator("h1").innerText()).toBe(`Remove ${NANA.name}'s access to the app?`);
    await check(page, "f10-remove");
    await page.getByRole("button", { name: "Remove access" }).click();
    expect(await banner(page)).toContain(`${NANA.name}'s access has been removed`);
    const nana = card(page, NANA.name);
    expect(await nana.locator(".govuk-tag").textContent()).toBe("Removed");
    expect(await nana.textContent()).toContain("Access removed on");
    expect(await nana.getByRole("link", { name: /Invite again/ }).count()).toBe(1);
    expect(await nana.getByRole("button").count()).toBe(0);
    await check(page, "f11-family-app-removed");
    // Invited again, the form starts from who she was.
    await nana.getByRole("link", { name: /Invite again/ }).click();
    expect(await page.getByLabel("Their full name").inputValue()).toBe(NANA.name);
    expect(await page.getByLabel("Helper", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Reviews and reports").isChecked()).toBe(true);
    await context.close();
  });

  it("the coordinator sees the request to stop on the dashboard and marks it read", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(stack.adminUrl);
    const panel = page.locator("section", { has: page.locator("#family-requests") });
    const text = (await panel.textContent()) ?? "";
    expect(text).toContain("1 request has not been read yet");
    expect(text).toContain("Fern Family");
    expect(text).toContain("Asked to stop Portage");
    expect(text).toContain(`From ${GRACE.name} (${GRACE.relationship}, parent or carer) on`);
    expect(text).toContain(`Home visitor: ${STAFF.visitor.name}.`);
    expect(text).toContain("In their words: We are moving to Leeds in January.");
    expect(await panel.getByRole("link", { name: "Fern Family" }).getAttribute("href")).toBe(
      `/admin/cases/${childId}/family#messages`,
    );
    await check(page, "f12-dashboard-requests");
    await panel.getByRole("button", { name: "Mark as read (Fern Family: Asked to stop Portage)" }).click();
    expect(await banner(page)).toContain("The request has been marked as read");
    expect(await panel.textContent()).toContain("No family has asked to stop Portage");
    await context.close();
  });
});
