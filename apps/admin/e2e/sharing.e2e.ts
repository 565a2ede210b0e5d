// Consent and sharing, end to end on the real API and database: Harriet records consent to the
// service with JavaScript off (refused first without a name), then consent to share with the
// health visitor, and records a disclosure the sharing decision allows. With JavaScript off she
// sends the saved review of block 1 (set up through the API) to the health visitor named among
// the professionals involved (refused first without an address; the same form sent twice sends
// once) and sees it sent through the outbox. She records the family's withdrawal, and the next
// disclosure and the next send are refused with the domain's reason on the page. The child then
// leaves with a transition report, and the coordinator sends it to the setting's SENCO from the
// closed case. Every new screen is checked with axe at 390 and 1280 pixels.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, addDays, apiSession, banner, checkBoth, mondayOf, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let childId = "";
let asCoordinator: ApiCall;

const HEALTH_VISITOR_EMAIL = "jo.health@nhs.example";

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

/**
 * A play plan whose first block ran for about twelve weeks, has ended and has its review saved
 * (its one target achieved), so block 1 has a review report; and a health visitor among the
 * professionals involved, with an email address. Through the API, as the coordinator.
 */
async function reviewedBlockAndProfessional(): Promise<void> {
  const call = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password, {
    expectOk: true,
  });
  const base = `/api/cases/${childId}/plan`;
  const start = addDays(mondayOf(today()), -84);
  let answer = await call("POST", base, {});
  answer = await call("POST", `${base}/goals`, {
    version: answer.body.plan.version,
    areaId: "communication-and-language",
    text: "Uses single words to ask for what she wants",
    setOn: addDays(start, -7),
  });
  const goalId = answer.body.plan.longTermGoals[0].id;
  // The block ends on the last term day before today.
  let block = answer;
  for (let back = 1; back < 30; back++) {
    block = await asCoordinator("POST", `${base}/blocks`, {
      version: answer.body.plan.version,
      start,
      end: addDays(today(), -back),
      frequency: "weekly",
      weekday: "monday",
      time: "10:00",
    });
    if (block.status === 200) break;
  }
  expect(block.status, JSON.stringify(block.body)).toBe(200);
  const blockId = block.body.plan.blocks[0].id;
  answer = await call("POST", `${base}/blocks/${blockId}/targets`, {
    version: block.body.plan.version,
    areaId: "communication-and-language",
    longTermGoalId: goalId,
    does: "say 'more' to ask for more bubbles",
    conditions: "when an adult blows bubbles and pauses",
    teachingSteps: ["looks at the adult when the bubbles stop", "makes a sound to ask", "says 'more'"],
    practice: { how: "Blow bubbles, stop, and wait for her to ask", timesPerDay: 3 },
  });
  const targetId = answer.body.plan.blocks[0].targets[0].id;
  answer = await call("POST", `${base}/agreement`, {
    version: answer.body.plan.version,
    agreedOn: addDays(start, -3),
    agreedBy: ["Sam Sharing (parent)", STAFF.visitor.name],
  });
  await call("POST", `${base}/start`, { version: answer.body.plan.version });
  const draft = await call("GET", `${base}/blocks/${blockId}/review`);
  await call("POST", `${base}/blocks/${blockId}/review`, {
    version: draft.body.planVersion,
    reviewedOn: today(),
    celebrations: "Saffi says 'more' at bath time.",
    nextFocus: "Two words together at snack time.",
    outcomes: [{ targetId, result: "achieved" }],
    decision: "exit",
  });
  await call("POST", `/api/cases/${childId}/professionals`, {
    role: "health-visitor",
    name: "Jo Health",
    organisation: "Lancashire Healthy Child Programme",
    contact: HEALTH_VISITOR_EMAIL,
  });
}

const sharingUrl = () => `${stack.adminUrl}cases/${childId}/sharing`;

/** Reloads until the row of `list` holding `words` says the email was sent; 10 s at most (the outbox runs every 2 s). */
async function untilSent(page: Page, list: string, words: string): Promise<string> {
  const row = page.locator(`${list} .govuk-summary-list__row`, { hasText: words });
  let text = "";
  for (let tries = 0; tries < 40; tries++) {
    text = (await row.textContent()) ?? "";
    if (text.includes("Sent on ")) return text;
    await page.waitForTimeout(250);
    await page.reload();
  }
  throw new Error(`not sent within 10 s: ${text}`);
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  childId = await referAndAllocate("Saffi", "Sharing");
  await reviewedBlockAndProfessional();
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

  it("consent to share allows a disclosure", async () => {
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
    await context.close();
  });

  it("Harriet sends block 1's review report by email with JavaScript off, once, and sees it sent", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(sharingUrl());
    await page.getByRole("link", { name: "Send a report" }).click();
    await page.waitForURL(`**/admin/cases/${childId}/sharing/send-report`);
    // The one saved review is chosen, and the usual purpose.
    expect(await page.getByLabel(/Block 1, reviewed on/).isChecked()).toBe(true);
    expect(
      await page.getByLabel("Working together with the other professionals supporting the child").isChecked(),
    ).toBe(true);
    await page.locator("#recipientId").selectOption("health-visitor");
    await page.getByRole("button", { name: "Send the report" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("The email address is needed");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#emailAddress");
    expect(await page.locator("#recipientId").inputValue()).toBe("health-visitor");

    const key = await page.locator("input[name='idempotencyKey']").inputValue();
    const blockId = await page.getByLabel(/Block 1, reviewed on/).inputValue();
    const professionalId = await page
      .locator("#professionalId option", { hasText: HEALTH_VISITOR_EMAIL })
      .getAttribute("value");
    await page.locator("#professionalId").selectOption(professionalId ?? "");
    await page.getByRole("button", { name: "Send the report" }).click();
    expect(await banner(page)).toContain("The report is on its way");
    const list = (await page.locator("#disclosures").textContent()) ?? "";
    for (const words of ["Review report for block 1", "email through GOV.UK Notify", HEALTH_VISITOR_EMAIL]) {
      expect(list).toContain(words);
    }
    expect(list).toContain("review-block-1.pdf");

    // The same form sent again (a double press, a page sent again): sent once, and said so.
    const again = await context.request.post(`${sharingUrl()}/send-report`, {
      form: {
        idempotencyKey: key,
        blockId,
        recipientId: "health-visitor",
        purpose: "coordinating-support",
        professionalId: professionalId ?? "",
        emailAddress: "",
      },
      headers: { Origin: new URL(stack.adminUrl).origin },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toContain("done=report-repeated");
    await page.goto(new URL(again.headers().location ?? "", stack.adminUrl).toString());
    expect(await banner(page)).toContain("the report was not sent again");
    const { body } = await asCoordinator("GET", `/api/cases/${childId}/disclosures`);
    expect(body.disclosures.filter((d: { what: string }) => d.what === "report")).toHaveLength(1);

    const sent = await untilSent(page, "#disclosures", "Review report for block 1");
    expect(sent).toMatch(/Sent on \d+ \w+ \d{4} at/);
    await context.close();

    // The same screens, for axe (which needs JavaScript).
    const checked = await newPage();
    await signIn(checked.page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await checked.page.goto(`${sharingUrl()}/send-report`);
    await checkBoth(checked.page, "s03-send-report");
    await checked.page.locator("#recipientId").selectOption("health-visitor");
    await checked.page.getByRole("button", { name: "Send the report" }).click();
    await checked.page.locator(".govuk-error-summary").waitFor();
    await checkBoth(checked.page, "s04-send-report-refused");
    await checked.page.goto(sharingUrl());
    expect(await checked.page.locator("#disclosures .govuk-tag", { hasText: /^Sent$/ }).count()).toBe(1);
    await checkBoth(checked.page, "s05-sharing-report-sent");
    await checked.context.close();
  });

  it("after the withdrawal the next disclosure, and the next send, are refused with the reason", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(sharingUrl());
    await page.getByRole("link", { name: /Record a withdrawal of consent to share/ }).click();
    expect(await page.locator("h1").innerText()).toContain("Record a withdrawal of consent");
    await checkBoth(page, "s06-withdraw");
    await fillDate(page, "withdrawnOn", today());
    await page.getByRole("button", { name: "Record the withdrawal" }).click();
    expect(await banner(page)).toContain("The withdrawal has been recorded");
    expect(await page.locator("#sharing-consents").textContent()).toContain("Withdrawn");

    await recordDisclosure(page, today());
    expect(await page.locator("#refused").textContent()).toContain("withdrew consent to share with Health visitor");
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("withdrew consent");
    await checkBoth(page, "s07-disclosure-refused");

    await page.goto(`${sharingUrl()}/send-report`);
    await page.locator("#recipientId").selectOption("health-visitor");
    await page.getByLabel("Email address").fill(HEALTH_VISITOR_EMAIL);
    await page.getByRole("button", { name: "Send the report" }).click();
    expect(await page.locator("#refused").textContent()).toContain("withdrew consent to share with Health visitor");
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#recipientId");
    expect(await summary.textContent()).toContain("withdrew consent to share with Health visitor");
    // What was typed is kept.
    expect(await page.getByLabel("Email address").inputValue()).toBe(HEALTH_VISITOR_EMAIL);
    await checkBoth(page, "s08-send-report-refused-consent");
    const { body } = await asCoordinator("GET", `/api/cases/${childId}/disclosures`);
    expect(body.disclosures.filter((d: { what: string }) => d.what === "report")).toHaveLength(1);
    await context.close();
  });

  it("a coordinator sees the exception fields", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${sharingUrl()}/disclosure`);
    expect(await page.getByLabel("The lawful basis, in words").count()).toBe(1);
    await checkBoth(page, "s12-disclosure-coordinator");
    await context.close();
  });

  it("the coordinator sends the closed case's transition report to the setting's SENCO", async () => {
    // The family consents to share with the nursery's SENCO; Saffi leaves for the nursery.
    const consent = await asCoordinator("POST", `/api/cases/${childId}/consents`, {
      kind: "sharing",
      givenBy: { name: "Sam Sharing", relationship: "mother" },
      givenOn: addDays(today(), -1),
      recordedAs: "written",
      recipientIds: ["setting-senco"],
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const exit = await asCoordinator("POST", `/api/cases/${childId}/exit`, {
      reasonId: "started-setting",
      exitedOn: today(),
      destination: "Little Acorns Nursery",
      withReport: true,
      report: {
        strengthsAndInterests: "Loves bubbles, songs with actions and the swing.",
        howChildLearnsBest: "Short turns, shown first, with lots of praise.",
        familyWantsSettingToKnow: "She naps after lunch.",
      },
    });
    expect(exit.status, JSON.stringify(exit.body)).toBeLessThan(300);

    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}closed-cases/${childId}`);
    // The review report sent earlier is listed with the case's sends.
    expect(await page.locator("#sends").textContent()).toContain("Review report for block 1");
    await page.getByRole("link", { name: "Send the transition report" }).click();
    await page.waitForURL(`**/admin/closed-cases/${childId}/send-report`);
    expect(await page.locator("#recipientId").inputValue()).toBe("setting-senco");
    expect(await page.getByLabel(/Passing on the child's progress/).isChecked()).toBe(true);
    await checkBoth(page, "s09-send-transition-report");
    await page.getByRole("button", { name: "Send the report" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("Enter the email address to send it to");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#emailAddress");
    await checkBoth(page, "s10-send-transition-report-refused");
    await page.getByLabel("Email address").fill("senco@acorns.example");
    await page.getByRole("button", { name: "Send the report" }).click();
    expect(await banner(page)).toContain("The report is on its way");
    const sent = await untilSent(page, "#sends", "senco@acorns.example");
    expect(sent).toContain("Nursery or setting SENCO");
    expect(sent).toContain("transition-report");
    await checkBoth(page, "s11-closed-case-sends");
    await context.close();
  });
});
