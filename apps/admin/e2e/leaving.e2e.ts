// A child moving on, end to end on the real API and database: a child whose Lancashire support
// ends (funded early education after the third birthday) within 12 weeks is referred, accepted,
// allocated and given a play plan through the API. The coordinator sees them due to leave on the
// dashboard and on the case, records the transition plan (refused first), makes a visit a joint
// transition visit at the nursery, records the exit with a transition report (refused first) and
// downloads the report's PDF. The child is then gone from the home visitor's children and their
// case is "Page not found"; the closed case shows the destroy-after date, and the coordinator
// reopens it with JavaScript off. Every new screen is checked with axe at 390 and 1280 pixels.
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { type ApiCall, addDays, apiSession, banner, checkBoth, mondayOf, today } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let childId = "";
let reference = "";
/** The block's first visit from today, to become a transition visit. */
let upcomingVisitId = "";
/** The day Lancashire's support ends for the child: the next 1 January, 1 April or 1 September. */
let endsOn = "";
type Call = ApiCall;

/** "1 January 2027", as the screens write dates. */
function inWords(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/**
 * A date of birth whose funded early education (the term after the third birthday) starts on the
 * next 1 January, 1 April or 1 September after today, and that day.
 */
function bornToLeaveSoon(): { dateOfBirth: string; endsOn: string } {
  const now = today();
  const year = Number(now.slice(0, 4));
  const candidates = [year, year + 1].flatMap((y) => [
    { endsOn: `${y}-01-01`, dateOfBirth: `${y - 4}-10-02` },
    { endsOn: `${y}-04-01`, dateOfBirth: `${y - 3}-02-02` },
    { endsOn: `${y}-09-01`, dateOfBirth: `${y - 3}-06-02` },
  ]);
  const next = candidates.find((c) => c.endsOn > now);
  if (!next || next.endsOn > addDays(now, 84)) throw new Error(`no funded start within 12 weeks of ${now}`);
  return next;
}

/** The child referred, accepted, allocated to Harriet, with a started plan and its visits. */
async function setUpCase(coordinator: Call, visitor: Call, dateOfBirth: string): Promise<void> {
  const [year, month, day] = dateOfBirth.split("-").map((part) => String(Number(part)));
  const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(
      exampleReferralInput({
        childFirstName: "Lily",
        childLastName: "Leaving",
        childDateOfBirth: { day: day ?? "", month: month ?? "", year: year ?? "" },
      }),
    ),
  });
  expect(referred.status, await referred.clone().text()).toBe(201);
  ({ reference } = (await referred.json()) as { reference: string });
  const inbox = await coordinator("GET", "/api/referrals?status=received");
  const id = inbox.body.referrals.find((r: { reference: string }) => r.reference === reference).id;
  await coordinator("POST", `/api/referrals/${id}/decision`, {
    outcome: "accepted",
    complexity: "high",
    hadPortageBefore: false,
    otherSpecialistSupport: false,
  });
  const visitors = await coordinator("GET", "/api/home-visitors");
  const harriet = visitors.body.homeVisitors.find((v: { name: string }) => v.name === STAFF.visitor.name);
  await coordinator("POST", `/api/referrals/${id}/allocation`, { homeVisitorId: harriet.id });
  childId = (await coordinator("GET", `/api/referrals/${id}`)).body.child.id;

  const plan = `/api/cases/${childId}/plan`;
  let answer = (await visitor("POST", plan, {})).body;
  answer = (
    await visitor("POST", `${plan}/goals`, {
      version: answer.plan.version,
      areaId: "communication-and-language",
      text: "Lily asks for what she wants with single words",
      setOn: today(),
    })
  ).body;
  const goalId = answer.plan.longTermGoals[0].id;
  answer = (
    await visitor("POST", `${plan}/blocks`, {
      version: answer.plan.version,
      start: addDays(mondayOf(today()), -21),
      frequency: "weekly",
      weekday: "monday",
      time: "10:00",
    })
  ).body;
  const blockId = answer.plan.blocks[0].id;
  answer = (
    await visitor("POST", `${plan}/blocks/${blockId}/targets`, {
      version: answer.plan.version,
      areaId: "communication-and-language",
      longTermGoalId: goalId,
      does: "say 'more' to ask for more bubbles",
      conditions: "when an adult blows bubbles and pauses",
      teachingSteps: ["looks at the adult when the bubbles stop", "makes a sound to ask", "says 'more'"],
      practice: { how: "Blow bubbles, stop, and wait for her to ask", timesPerDay: 3 },
    })
  ).body;
  answer = (
    await visitor("POST", `${plan}/agreement`, {
      version: answer.plan.version,
      agreedOn: today(),
      agreedBy: ["Grace Example (parent)", STAFF.visitor.name],
    })
  ).body;
  await visitor("POST", `${plan}/start`, { version: answer.plan.version });
  const { body } = await visitor("POST", `${plan}/blocks/${blockId}/visits`, {});
  upcomingVisitId = body.visits.find((v: { date: string }) => v.date >= today()).id;
}

async function newPage(javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

async function fillDate(page: Page, name: string, date: string): Promise<void> {
  const [year, month, day] = date.split("-").map((part) => String(Number(part)));
  await page.locator(`#${name}-day`).fill(day ?? "");
  await page.locator(`#${name}-month`).fill(month ?? "");
  await page.locator(`#${name}-year`).fill(year ?? "");
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  const born = bornToLeaveSoon();
  endsOn = born.endsOn;
  const coordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password, {
    expectOk: true,
  });
  const visitor = await apiSession(stack.apiUrl, STAFF.visitor.email, STAFF.visitor.password, { expectOk: true });
  await setUpCase(coordinator, visitor, born.dateOfBirth);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("a child moving on", () => {
  let context: BrowserContext;
  let page: Page;
  const caseUrl = () => `${stack.adminUrl}cases/${childId}`;
  beforeAll(async () => {
    ({ context, page } = await newPage());
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  });
  afterAll(async () => context.close());

  it("shows the coordinator the child due to leave at the age limit, on the dashboard and the case", async () => {
    await page.goto(stack.adminUrl);
    const panel = page.locator("#due-to-leave ~ ul");
    const entry = (await panel.textContent()) ?? "";
    expect(entry).toContain("Lily Leaving");
    expect(entry).toContain(inWords(endsOn));
    expect(entry.toLowerCase()).toContain("reached the end of the age range");
    await checkBoth(page, "l01-dashboard-due-to-leave");

    await page.goto(caseUrl());
    const notice = (await page.locator("#due-to-leave").textContent()) ?? "";
    expect(notice).toContain(`Lily is due to leave on ${inWords(endsOn)}`);
    expect(notice).toContain("funded early education");
    await checkBoth(page, "l02-case-due-to-leave");

    await page.getByRole("link", { name: "Plan the move on" }).click();
    await page.waitForURL(`**/cases/${childId}/leaving`);
    expect(await page.locator("main").textContent()).toContain("No transition plan yet");
    await checkBoth(page, "l03-moving-on");
  });

  it("records the transition plan, refused first for a date that is not one", async () => {
    await page.getByRole("link", { name: "Record the transition plan" }).click();
    await page.getByLabel("The setting's name").fill("Little Acorns Nursery");
    await page.getByLabel("Nursery", { exact: true }).check();
    await fillDate(page, "startDate", "2027-02-30");
    await page.getByRole("button", { name: "Save the transition plan" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("The start date must be a real date");
    expect(await page.getByLabel("The setting's name").inputValue()).toBe("Little Acorns Nursery");
    await checkBoth(page, "l04-transition-plan-refused");
    await fillDate(page, "startDate", endsOn);
    await page.getByLabel("Who is involved (optional)").fill("Ms Patel, the nursery's SENCO; the health visitor");
    await page.getByRole("button", { name: "Save the transition plan" }).click();
    expect(await banner(page)).toContain("transition plan has been saved");
    expect(await page.locator("main").textContent()).toContain("Little Acorns Nursery (Nursery)");
  });

  it("makes a coming visit a joint transition visit at the nursery", async () => {
    await page.goto(`${caseUrl()}/visits/${upcomingVisitId}/rearrange`);
    await page.getByLabel("Transition visit", { exact: true }).check();
    await page.getByRole("button", { name: "Rearrange the visit" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("must say where the transition visit");
    await checkBoth(page, "l05-transition-visit-refused");
    await page.getByLabel(/Where the transition visit happens/).fill("Little Acorns Nursery");
    await page.getByRole("button", { name: "Rearrange the visit" }).click();
    await banner(page);
    expect(await page.locator("main").textContent()).toContain("Transition visit at Little Acorns Nursery");
    await page.goto(`${caseUrl()}/leaving`);
    expect(await page.locator("main").textContent()).toMatch(/Transition visits[\s\S]*at Little Acorns Nursery/);
  });

  it("records the exit with a transition report, refused first while the report is not written", async () => {
    await page.getByRole("link", { name: "Record Lily leaving" }).click();
    expect(await page.getByLabel("Reached the end of the age range").isChecked()).toBe(true);
    expect(await page.getByLabel("The setting or school the child goes on to (optional)").inputValue()).toBe(
      "Little Acorns Nursery",
    );
    expect(await page.locator("#targets").textContent()).toContain("say 'more' to ask for more bubbles");
    expect(await page.getByLabel("Professionals involved").inputValue()).toBe("Health visitor");
    await checkBoth(page, "l06-exit-form");
    await page.getByRole("button", { name: "Record the exit and close the case" }).click();
    const refused = (await page.locator(".govuk-error-summary").textContent()) ?? "";
    expect(refused).toContain("The child's strengths and interests");
    expect(refused).toContain("What the child can now do");
    await checkBoth(page, "l07-exit-refused");

    await page
      .getByLabel("The child's strengths and interests")
      .fill("Loves bubbles, songs with actions and the swing.");
    await page
      .getByLabel("Communication and language", { exact: true })
      .fill("Makes a sound to ask for more, and sometimes says 'more'.");
    await page.getByLabel("How the child learns best").fill("Short turns, shown first, with lots of praise.");
    await page.getByLabel("What the family wants the setting to know").fill("She naps after lunch.");
    await page.getByRole("button", { name: "Record the exit and close the case" }).click();
    expect(await page.locator(".govuk-panel__title").innerText()).toBe("Lily Leaving has left the service");
    expect(await page.locator("main").textContent()).toContain(reference);
    await checkBoth(page, "l08-exit-confirmation");
  });

  it("keeps the closed case with its destroy-after date and the report, printable and as a PDF", async () => {
    await page.getByRole("link", { name: "See the closed case and its transition report" }).click();
    const main = (await page.locator("main").textContent()) ?? "";
    const born = bornToLeaveSoon().dateOfBirth;
    const destroyAfter = inWords(`${Number(born.slice(0, 4)) + 25}${born.slice(4)}`);
    expect(main).toMatch(new RegExp(`Record destroyed after\\s*${destroyAfter}`));
    expect(main).toContain("Loves bubbles, songs with actions");
    expect(main).toContain("looks at the adult when the bubbles stop");
    await checkBoth(page, "l09-closed-case");
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("link", { name: /Download the transition report/ }).isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });

    const href = (await page.getByRole("link", { name: /Download the transition report/ }).getAttribute("href")) ?? "";
    const pdf = await context.request.get(new URL(href, stack.adminUrl).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect(pdf.headers()["cache-control"]).toBe("no-store");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    await page.getByRole("link", { name: "Reopen the case" }).click();
    expect(await page.locator("main").textContent()).toContain("back on the waiting list");
    await checkBoth(page, "l11-reopen");
    // Closed cases sit in the Children section: its sub navigation's second tab.
    await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Children" }).click();
    await page.getByRole("navigation", { name: "Children" }).getByRole("link", { name: "Closed cases" }).click();
    expect(await page.locator("tbody").textContent()).toContain("Lily Leaving");
    expect(
      await page.getByRole("navigation", { name: "Primary navigation" }).locator("a[aria-current=page]").textContent(),
    ).toBe("Children");
    await checkBoth(page, "l10-closed-cases");
  });

  it("is gone from the home visitor's children, and its case is not found for them", async () => {
    const visitor = await newPage();
    await signIn(visitor.page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await visitor.page.goto(`${stack.adminUrl}children`);
    expect(await visitor.page.locator("main").textContent()).not.toContain("Lily Leaving");
    const response = await visitor.page.goto(caseUrl());
    expect(response?.status()).toBe(404);
    expect(await visitor.page.locator("h1").innerText()).toBe("Page not found");
    await visitor.context.close();
  });
});

describe("without JavaScript", () => {
  // axe needs JavaScript: the reopen screen is checked above, with it on.
  it("reopens the closed case with a reason (refused first), as plain form posts", async () => {
    const { context, page } = await newPage(false);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}closed-cases/${childId}/reopen`);
    await page.getByRole("button", { name: "Reopen the case" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      "Why the case is reopened must not be empty",
    );
    await page.getByLabel("Why is the case reopened?").fill("The nursery place fell through");
    await page.getByRole("button", { name: "Reopen the case" }).click();
    expect(await banner(page)).toContain("The case has been reopened");
    expect(await page.locator("main").textContent()).not.toContain("Lily Leaving");
    const response = await page.goto(`${stack.adminUrl}closed-cases/${childId}`);
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
