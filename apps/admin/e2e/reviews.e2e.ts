// Block reviews and long-term goal reviews end to end, on the real API and database: a child's
// first block ran for about twelve weeks and has ended (set up through the API, as the coordinator,
// with a first developmental profile). The home visitor sees on the case that its review is due,
// opens the review (refused once without the family's words), records a new profile and sees it
// compared with the first, saves the review with a target carried forward and another block, finds
// the carried target in the new draft block, prints the family's report and downloads its PDF,
// corrects the review, and records a long-term goal's review with the coordinator without
// JavaScript. Every new screen is checked with axe at 390 and 1280 pixels wide, and photographed.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, addDays, apiSession, banner, checkBoth, mondayOf, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let childId = "";
let blockId = "";
let goalId = "";
type Call = ApiCall;
let asCoordinator: Call;

const TARGET = "say 'more' to ask for more bubbles";

/** A child referred, accepted and allocated to Harriet, with a plan whose first block has ended. */
async function caseWithEndedBlock(): Promise<void> {
  const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput({ childFirstName: "Rosa", childLastName: "Review" })),
  });
  expect(referred.status).toBe(201);
  const { reference } = (await referred.json()) as { reference: string };
  const inbox = await asCoordinator("GET", "/api/referrals?status=received");
  const id = inbox.body.referrals.find((r: { reference: string }) => r.reference === reference).id;
  const ok = (res: { status: number; body: unknown }, status = 200) =>
    expect(res.status, JSON.stringify(res.body)).toBe(status);
  ok(await asCoordinator("POST", `/api/referrals/${id}/decision`, { outcome: "accepted", complexity: "moderate" }));
  const visitors = await asCoordinator("GET", "/api/home-visitors");
  const harriet = visitors.body.homeVisitors.find((v: { name: string }) => v.name === STAFF.visitor.name);
  ok(await asCoordinator("POST", `/api/referrals/${id}/allocation`, { homeVisitorId: harriet.id }), 201);
  childId = (await asCoordinator("GET", `/api/referrals/${id}`)).body.child.id;

  const base = `/api/cases/${childId}/plan`;
  const start = addDays(mondayOf(today()), -84);
  let answer = await asCoordinator("POST", base, {});
  ok(answer, 201);
  answer = await asCoordinator("POST", `${base}/goals`, {
    version: answer.body.plan.version,
    areaId: "communication-and-language",
    text: "Uses single words to ask for what she wants",
    setOn: addDays(start, -7),
  });
  ok(answer);
  goalId = answer.body.plan.longTermGoals[0].id;
  // The block ended on the last term day before today.
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
  ok(block);
  answer = block;
  blockId = answer.body.plan.blocks[0].id;
  answer = await asCoordinator("POST", `${base}/blocks/${blockId}/targets`, {
    version: answer.body.plan.version,
    areaId: "communication-and-language",
    longTermGoalId: goalId,
    does: TARGET,
    conditions: "when an adult blows bubbles and pauses",
    teachingSteps: ["looks at the adult when the bubbles stop", "makes a sound to ask", "says 'more'"],
    practice: { how: "Blow bubbles, stop, and wait for her to ask", timesPerDay: 3 },
  });
  ok(answer);
  answer = await asCoordinator("POST", `${base}/agreement`, {
    version: answer.body.plan.version,
    agreedOn: addDays(start, -3),
    agreedBy: ["Grace Example (parent)", STAFF.visitor.name],
  });
  ok(answer);
  ok(await asCoordinator("POST", `${base}/start`, { version: answer.body.plan.version }));
  ok(
    await asCoordinator("POST", `/api/cases/${childId}/profiles`, {
      recordedOn: start,
      entries: [
        { areaId: "communication-and-language", mark: "emerging" },
        { areaId: "physical", mark: "emerging" },
      ],
    }),
    201,
  );
}

async function newPage(javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  await caseWithEndedBlock();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("a block's review with the family", () => {
  let context: BrowserContext;
  let page: Page;
  const caseUrl = () => `${stack.adminUrl}cases/${childId}`;
  beforeAll(async () => {
    ({ context, page } = await newPage());
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
  });
  afterAll(async () => context.close());

  it("says on the case that the block's review is due, and lists it under Reviews", async () => {
    await page.goto(caseUrl());
    const due = page.locator(".govuk-notification-banner", { hasText: "Review due" });
    expect(await due.textContent()).toContain("A review of block 1 is due");
    await checkBoth(page, "rv01-case-review-due");
    await page.locator(".moj-sub-navigation").getByRole("link", { name: "Reviews" }).click();
    expect(await page.locator("main").textContent()).toContain("No block has been reviewed yet.");
    await checkBoth(page, "rv02-reviews-due");
    await page.getByRole("link", { name: "Review block 1" }).click();
    await page.waitForURL(`**/reviews/blocks/${blockId}`);
  });

  it("refuses a review without the family's words, naming the field", async () => {
    // The records' suggestion is chosen for the target: no practice recorded, so carried forward.
    expect(await page.locator("input[name='result-0'][value='carried-forward']").isChecked()).toBe(true);
    await checkBoth(page, "rv03-review-form");
    await page.getByRole("button", { name: "Save the review" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("What the family and child are celebrating");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#celebrations");
    await checkBoth(page, "rv04-review-refused");
  });

  it("records a new profile and shows it compared with the first", async () => {
    await page.getByRole("link", { name: "Record a new profile" }).click();
    await page.locator("input[name='mark-communication-and-language']").nth(1).check();
    await page.locator("input[name='mark-physical']").nth(1).check();
    await page.getByRole("button", { name: "Record the profile" }).click();
    expect(await banner(page)).toContain("profile has been recorded");
    await page.goto(`${caseUrl()}/reviews/blocks/${blockId}`);
    expect(await page.getByRole("heading", { name: "First and latest profiles compared" }).count()).toBe(1);
    expect(await page.locator("main").textContent()).toContain("Moved on");
    expect(await page.locator("#profileId").isChecked()).toBe(true);
  });

  it("saves the review and starts the next block with the target carried forward", async () => {
    await page
      .getByLabel("What the family and child are celebrating")
      .fill("Rosa says 'more' at bath time!\nShe waves bye-bye.");
    await page.getByLabel("The focus for the next block").fill("Two words together at snack time.");
    await page.getByLabel("Another block of visits").check();
    await page.getByRole("button", { name: "Save the review" }).click();
    expect(await banner(page)).toContain("review of block 1 has been saved");
    const report = page.locator(".admin-review-report");
    const text = (await report.textContent()) ?? "";
    for (const words of [
      "What you are celebrating",
      "Rosa says 'more' at bath time!",
      "developmental profile",
      "Next focus",
      "What happens next",
    ]) {
      expect(text).toContain(words);
    }
    await checkBoth(page, "rv05-review-report");

    // Printed, only the report shows.
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: "test-results/screenshots/rv05-review-report-print.png", fullPage: true });
    expect(await page.locator(".council-header").isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "Download the report as a PDF" }).isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    const href = (await page.getByRole("link", { name: "Download the report as a PDF" }).getAttribute("href")) ?? "";
    const pdf = await context.request.get(new URL(href, stack.adminUrl).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect(pdf.headers()["cache-control"]).toBe("no-store");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The next block is a draft on the play plan, holding the carried target as a new one.
    await page.getByRole("link", { name: "Go to the next block on the play plan" }).click();
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Block 2");
    const plan = (await asCoordinator("GET", `/api/cases/${childId}/plan`)).body.plan;
    expect(plan.blocks.map((b: { status: string }) => b.status)).toEqual(["completed", "draft"]);
    const [first, second] = plan.blocks;
    expect(second.targets).toHaveLength(1);
    expect(second.targets[0].does).toBe(TARGET);
    expect(second.targets[0].id).not.toBe(first.targets[0].id);
    expect(first.targets[0].outcome.result).toBe("carried-forward");
  });

  it("lists the review as done and corrects the family's words", async () => {
    await page.goto(`${caseUrl()}/reviews`);
    expect(await page.locator("main").textContent()).toContain("Another block of visits");
    await checkBoth(page, "rv06-reviews-done");
    await page.locator("main table").getByRole("link", { name: "Block 1" }).click();
    await page.getByRole("link", { name: "Correct the family's words or the next focus" }).click();
    await checkBoth(page, "rv07-review-correct");
    await page.getByLabel("The focus for the next block").fill("Two words together at snack and bath time.");
    await page.getByRole("button", { name: "Save the correction" }).click();
    expect(await banner(page)).toContain("review has been corrected");
    expect(await page.locator(".admin-review-report").textContent()).toContain("snack and bath time");
    // No review is due now.
    await page.goto(caseUrl());
    expect(await page.locator(".govuk-notification-banner", { hasText: "Review due" }).count()).toBe(0);
  });

  it("shows the long-term goal's review form", async () => {
    await page.goto(`${caseUrl()}/reviews/goals/${goalId}`);
    await checkBoth(page, "rv08-goal-review");
    await page.getByRole("button", { name: "Record the review" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await checkBoth(page, "rv09-goal-review-refused");
  });
});

describe("a long-term goal's review, without JavaScript", () => {
  it("is refused without a coordinator, then recorded with one, as plain form posts", async () => {
    const { context, page } = await newPage(false);
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.goto(`${stack.adminUrl}cases/${childId}/reviews`);
    await page.getByRole("link", { name: /Record a review/ }).click();
    await page.waitForURL(`**/reviews/goals/${goalId}`);
    await page.getByLabel("Continued").check();
    await page.getByRole("button", { name: "Record the review" }).click();
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("coordinator");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#coordinatorId");
    await page.getByLabel("Reviewed with which coordinator?").selectOption({ label: STAFF.coordinator.name });
    await page.getByLabel("Note (optional)").fill("Now using signs as well as words.");
    await page.getByRole("button", { name: "Record the review" }).click();
    expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain(
      "long-term goal's review has been recorded",
    );
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain(`with ${STAFF.coordinator.name}`);
    expect(main).toContain("Now using signs as well as words.");
    await context.close();
  });
});
