// The family app end to end, on the real API server (with the family app mounted at /family) and a
// temp database. A referral is accepted and allocated, and the home visitor builds and starts a
// play plan (through the API). Then, in Chromium:
// - the visitor invites a carer; the invitation link is read from what the stand-in for GOV.UK
//   Notify received (and shown in the demo's mail viewer); the carer sets up a passkey with Chromium's virtual authenticator (CDP WebAuthn) and
//   lands on the child's page: this week's targets, the next visits and "Add to your calendar";
// - she records three days of practice (a mistake named and linked first), meets a kind conflict
//   when the visitor changed a day meanwhile, signs out, and signs back in with an emailed code
//   (a wrong code, a used code and expired and used links refused), and with her passkey;
// - the visitor sees the family's records;
// - a second carer does everything with JavaScript off (the invitation without a passkey, practice,
//   a message, stopping a sharing consent, asking to stop Portage, signing out and in by code);
// - one journey by keyboard alone; a helper who may see only the practice finds the rest hidden
//   and "Page not found"; the demo's mail viewer does not exist in production mode.
// Every family page is checked with axe at 390 and 1280 pixels wide, photographed and weighed.
import { createClient } from "@libsql/client";
import { exampleReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addVirtualAuthenticator, launch } from "./browser.ts";
import {
  type ApiCall,
  addDays,
  apiSession,
  banner,
  checkBoth,
  errorSummary,
  latestMail,
  mondayOf,
  today,
} from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
let asCoordinator: ApiCall;
let asVisitor: ApiCall;
let childId = "";
let targetIds: string[] = [];

const GRACE = { email: "grace@example.com", name: "Grace Example" };
/** Grace's phone: the browser with her passkey, used through the journeys that follow. */
let grace: { context: BrowserContext; page: Page };
let graceAccess: { id: string; version: number };
const SAM = { email: "sam@example.com", name: "Sam Example" };
const NAN = { email: "nan@example.com", name: "Nan Example" };

async function newPage(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  // Generous: a clean machine running the whole test command is slower than a warm one.
  context.setDefaultTimeout(30_000);
  return { context, page: await context.newPage() };
}

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

/** A referral made on the public endpoint, accepted and allocated to Harriet by the coordinator. */
async function referAndAllocate(childFirstName = "Ada"): Promise<string> {
  const referred = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput({ childFirstName, childLastName: "Family" })),
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
  expect(allocated.status, JSON.stringify(allocated.body)).toBeLessThan(300);
  return (await asCoordinator("GET", `/api/referrals/${id}`)).body.child.id;
}

/** A play plan through the API: a block that started three weeks ago, two targets, agreed and started, with its visits. */
async function buildPlan(): Promise<string[]> {
  const base = `/api/cases/${childId}/plan`;
  let answer = await asVisitor("POST", base, {});
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const step = async (path: string, body: Record<string, unknown>) => {
    answer = await asVisitor("POST", `${base}${path}`, { version: answer.body.plan.version, ...body });
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  };
  await step("/blocks", {
    start: addDays(mondayOf(today()), -21),
    frequency: "weekly",
    weekday: "monday",
    time: "10:00",
  });
  const blockId = answer.body.plan.blocks[0].id;
  const areas = answer.body.rules.areas;
  await step(`/blocks/${blockId}/targets`, {
    areaId: areas[0].id,
    does: "say 'more' to ask for more bubbles",
    conditions: "when a grown-up blows bubbles and waits",
    teachingSteps: ["Copies the word after you", "Says it when you start the word", "Says it on her own"],
    practice: { how: "Blow bubbles, then stop and wait. Count to five in your head before you help.", timesPerDay: 3 },
  });
  await step(`/blocks/${blockId}/targets`, {
    areaId: areas[1]?.id ?? areas[0].id,
    does: "roll a ball back",
    conditions: "sitting on the floor facing a grown-up",
    teachingSteps: ["Hand over hand", "On her own"],
    practice: { how: "At play time, roll the ball gently to her and hold out your hands.", timesPerDay: 2 },
  });
  await step("/agreement", { agreedOn: today(), agreedBy: [GRACE.name] });
  await step("/start", {});
  const generated = await asVisitor("POST", `${base}/blocks/${blockId}/visits`, {});
  expect(generated.status, JSON.stringify(generated.body)).toBe(201);
  return answer.body.plan.blocks[0].targets.map((t: { id: string }) => t.id);
}

/** Invites a person to the family app as the home visitor; answers the access. */
async function invite(body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const invited = await asVisitor("POST", `/api/cases/${childId}/family-access`, body);
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return invited.body.access;
}

/**
 * The path of the newest invitation emailed to `email`, as GOV.UK Notify (the stand-in) received
 * it from the outbox. The demo's mail viewer shows the same link (checked in the first test).
 */
async function invitationPath(email: string): Promise<string> {
  const mail = await latestMail(stack.apiUrl, "family-invitation", email);
  const link = mail.personalisation.link ?? "";
  const deadline = Date.now() + 15_000;
  for (;;) {
    const received = stack.notify.received.filter(
      (r) => r.body.template_id === stack.templates.familyInvitation && r.body.email_address === email,
    );
    const newest = received[received.length - 1];
    if (newest && newest.body.personalisation.link === link) {
      expect(newest.tokenValid).toBe(true);
      return new URL(String(newest.body.personalisation.link)).pathname;
    }
    if (Date.now() > deadline) throw new Error(`Notify never received the invitation to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Signs in with a code emailed to `email` (read from the demo's outbox), on the sign-in page. */
async function signInWithCode(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.familyUrl}sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await page
    .locator("h1", { hasText: "Check your email" })
    .waitFor()
    .catch(async (error) => {
      throw new Error(`${error}\n${page.url()}\n${(await page.content()).slice(0, 3000)}`);
    });
  const mail = await latestMail(stack.apiUrl, "family-code", email);
  await page.getByLabel("Code").fill(mail.personalisation.code ?? "");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.includes("/sign-in"));
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password);
  asVisitor = await apiSession(stack.apiUrl, STAFF.visitor.email, STAFF.visitor.password);
  childId = await referAndAllocate();
  targetIds = await buildPlan();
});

afterAll(async () => {
  await grace?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe("the server", () => {
  it("serves the family app at /family and says so at start-up", async () => {
    // The banner names the address to open: a loopback address as localhost (its session cookie).
    expect(stack.output()).toContain(`Family app      ${stack.apiUrl.replace("127.0.0.1", "localhost")}/family/`);
    const page = await fetch(`${stack.apiUrl}/family/sign-in`);
    expect(page.status).toBe(200);
    // Astro's policy (scripts and styles by hash, no unsafe-inline) and the app's own second one.
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self' 'sha256-");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("strict-transport-security")).toContain("max-age=31536000");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });
});

describe("Grace, a carer, on her phone", () => {
  let page: Page;
  let firstLink = "";
  beforeAll(async () => {
    grace = await newPage();
    page = grace.page;
    await addVirtualAuthenticator(grace.context, page);
  });

  it("reads the invitation in the demo's mail viewer", async () => {
    const carers = await asVisitor("GET", `/api/cases/${childId}/family-access`);
    const carer = carers.body.carersToInvite.find((c: { name: string }) => c.name === GRACE.name);
    graceAccess = await invite({ carerId: carer.carerId, kind: "carer" });
    firstLink = await invitationPath(GRACE.email);
    await page.goto(`${stack.familyUrl}demo-mail`);
    expect(await page.locator("h1").innerText()).toBe("Demo emails");
    const mail = page.locator(".family-mail", { hasText: GRACE.email }).first();
    expect(await mail.textContent()).toContain("You are invited to follow Ada's Portage");
    await checkBoth(page, "f01-demo-mail");
    await mail.getByRole("link").click();
    await page.waitForURL(`**${firstLink}`);
  });

  it("is welcomed in words and sets up a passkey on this phone", async () => {
    expect(await page.locator("h1").innerText()).toBe(`Welcome, ${GRACE.name}`);
    const setUp = page.getByRole("button", { name: "Set up a passkey on this phone" });
    await setUp.waitFor();
    expect(await page.getByRole("button", { name: "Continue without a passkey" }).isVisible()).toBe(true);
    await checkBoth(page, "f02-invitation");
    await setUp.click();
    await page.waitForURL(`**/family/children/${childId}?done=passkey`);
    expect(await banner(page)).toContain("Your passkey is set up");
  });

  it("sees this week's targets, the next visits and how to reach the service", async () => {
    expect(await page.locator("h1").innerText()).toBe("Ada's Portage");
    const cards = page.locator(".family-card");
    expect(await cards.count()).toBe(2);
    const bubbles = cards.filter({ hasText: "bubbles" });
    expect(await bubbles.locator("h3").innerText()).toContain("Ada will say 'more' to ask for more bubbles");
    expect(await bubbles.textContent()).toContain("3 times a day");
    expect(await bubbles.locator("ol li").count()).toBe(3);
    expect(await page.locator("#next-visits ~ ul li").count()).toBeGreaterThan(0);
    expect(await page.locator("main").textContent()).toContain(`Your home visitor is ${STAFF.visitor.name}`);
    // No passkey offer once she has one.
    expect(await page.getByRole("button", { name: "Set up a passkey on this phone" }).count()).toBe(0);
    await checkBoth(page, "f03-child");
    const calendar = await page.request.get(`${stack.familyUrl}children/${childId}/visits.ics`);
    expect(calendar.status()).toBe(200);
    expect(calendar.headers()["content-type"]).toContain("text/calendar");
    expect(await calendar.text()).toContain("BEGIN:VEVENT");
  });
});

describe("Grace records practice", () => {
  let page: Page;
  beforeAll(() => {
    page = grace.page;
  });

  it("names and links a mistake, then saves today", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.getByRole("link", { name: "Write down today's practice" }).click();
    await page.waitForURL(`**/family/children/${childId}/practice`);
    expect(await page.locator("h1").innerText()).toBe("Today");
    await checkBoth(page, "f04-practice-today");
    const bubbles = page.locator("fieldset", { hasText: "bubbles" });
    await bubbles.getByLabel("Times you tried").fill("4");
    await bubbles.getByLabel("Times Ada did it").fill("6");
    await page.locator("fieldset", { hasText: "roll a ball" }).getByLabel("We did not practise today").check();
    await page.getByRole("button", { name: "Save" }).click();
    const summary = await errorSummary(page);
    expect(summary).toContain("Times Ada did it cannot be more than the times you tried");
    // The summary links to the box, and what was typed is kept.
    expect(await page.locator(".govuk-error-summary a").first().getAttribute("href")).toBe("#t0-successes");
    expect(await bubbles.getByLabel("Times you tried").inputValue()).toBe("4");
    expect(await page.title()).toMatch(/^Error: /);
    await checkBoth(page, "f05-practice-refused");
    await bubbles.getByLabel("Times Ada did it").fill("3");
    await bubbles.getByLabel("Comment (optional)").fill("She said it twice on her own!");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await banner(page)).toContain("Saved");
    await checkBoth(page, "f06-practice-saved");
  });

  it("adds two earlier days from the list of the last 6", async () => {
    for (const back of [1, 2]) {
      const date = addDays(today(), -back);
      await page.goto(`${stack.familyUrl}children/${childId}/practice`);
      await page.locator(`a[href$="/practice/${date}"]`).click();
      await page.waitForURL(`**/practice/${date}`);
      const bubbles = page.locator("fieldset", { hasText: "bubbles" });
      await bubbles.getByLabel("Times you tried").fill(String(3 + back));
      await bubbles.getByLabel("Times Ada did it").fill(String(back));
      if (back === 1) await checkBoth(page, "f07-practice-other-day");
      await page.getByRole("button", { name: "Save" }).click();
      expect(await banner(page)).toContain("Saved");
    }
    const list = (await page.locator("#other-days ~ ul").textContent()) ?? "";
    expect(list).toContain("Yesterday");
  });

  it("keeps what she typed when the home visitor changed the day meanwhile, and saves it on the second go", async () => {
    const date = addDays(today(), -1);
    await page.goto(`${stack.familyUrl}children/${childId}/practice/${date}`);
    const bubbles = page.locator("fieldset", { hasText: "bubbles" });
    await bubbles.getByLabel("Times you tried").fill("8");
    await bubbles.getByLabel("Times Ada did it").fill("5");
    // Meanwhile, Harriet corrects the same day on the visitor's side.
    const week = await asVisitor("GET", `/api/cases/${childId}/practice-records?week=${mondayOf(date)}`);
    const record = week.body.targets
      .find((t: { target: { id: string } }) => t.target.id === targetIds[0])
      .records.find((r: { date: string }) => r.date === date);
    const changed = await asVisitor("PUT", `/api/cases/${childId}/targets/${targetIds[0]}/practice-records`, {
      records: [{ date, tries: 4, successes: 2, note: "Checked with Grace at the visit", version: record.version }],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await page.getByRole("button", { name: "Save" }).click();
    const summary = await errorSummary(page);
    expect(summary).toContain(`${STAFF.visitor.name} changed`);
    expect(summary).toContain("What you wrote is still below");
    expect(await bubbles.getByLabel("Times you tried").inputValue()).toBe("8");
    // What the home visitor wrote is shown beside what she typed.
    expect(await bubbles.locator(".govuk-inset-text").textContent()).toContain("Checked with Grace at the visit");
    await checkBoth(page, "f08-practice-conflict");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await banner(page)).toContain("Saved");
  });

  it("shows the home visitor what the family wrote down", async () => {
    const week = await asVisitor("GET", `/api/cases/${childId}/practice-records?week=${mondayOf(today())}`);
    const records = week.body.targets.flatMap((t: { records: unknown[] }) => t.records) as {
      date: string;
      tries: number | null;
      note: string | null;
      practised: boolean;
      enteredBy: { name: string } | null;
    }[];
    const todays = records.filter((r) => r.date === today());
    expect(todays.map((r) => r.practised).sort()).toEqual([false, true]);
    expect(todays.find((r) => r.practised)?.note).toBe("She said it twice on her own!");
  });
});

/** Runs SQL on the stack's database: only for time passing, which no route can do. */
async function sql(statement: string, args: (string | number)[] = []): Promise<void> {
  const db = createClient({ url: stack.databaseUrl });
  try {
    await db.execute({ sql: statement, args });
  } finally {
    db.close();
  }
}

describe("Grace signs out and back in", () => {
  let page: Page;
  beforeAll(() => {
    page = grace.page;
  });

  it("signs out from any page", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/family/sign-in?reason=signed-out");
    expect(await banner(page)).toContain("You have signed out");
    // The passkey button shows where the browser can use passkeys.
    expect(await page.getByRole("button", { name: "Use a passkey" }).isVisible()).toBe(true);
    await checkBoth(page, "f09-signed-out");
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.waitForURL("**/family/sign-in?**");
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe(`/family/children/${childId}`);
  });

  it("refuses a mistyped and a wrong code, then signs in with the emailed one, back where she was going", async () => {
    await page.getByLabel("Email address").fill("grace@example");
    await page.getByRole("button", { name: "Email me a code" }).click();
    expect(await errorSummary(page)).toContain("Enter an email address in the correct format");
    await checkBoth(page, "f10-sign-in-refused");
    await page.getByLabel("Email address").fill(GRACE.email);
    await page.getByRole("button", { name: "Email me a code" }).click();
    await page.locator("h1", { hasText: "Check your email" }).waitFor();
    expect(await page.locator("main").textContent()).toContain(GRACE.email);
    await checkBoth(page, "f11-check-your-email");
    const { personalisation } = await latestMail(stack.apiUrl, "family-code", GRACE.email);
    const code = personalisation.code ?? "";
    await page.getByLabel("Code").fill("12345");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorSummary(page)).toContain("The code must be 6 numbers");
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("Code").fill(wrong);
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorSummary(page)).toContain("The code is not right");
    expect(await page.locator(".govuk-error-summary a").first().getAttribute("href")).toBe("#code");
    await checkBoth(page, "f12-code-refused");
    await page.getByLabel("Code").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`**/family/children/${childId}`);
    expect(await page.locator("h1").innerText()).toBe("Ada's Portage");

    // The same code again, after signing out: used.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/family/sign-in?reason=signed-out");
    await page.goto(`${stack.familyUrl}sign-in/code`);
    await checkBoth(page, "f13-enter-your-code");
    await page.getByLabel("Email address").fill(GRACE.email);
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorSummary(page)).toContain("This code has been used already");
  });

  it("refuses a code that has run out", async () => {
    await page.goto(`${stack.familyUrl}sign-in`);
    await page.getByLabel("Email address").fill(GRACE.email);
    await page.getByRole("button", { name: "Email me a code" }).click();
    await page.locator("h1", { hasText: "Check your email" }).waitFor();
    const { personalisation } = await latestMail(stack.apiUrl, "family-code", GRACE.email);
    await sql("UPDATE family_codes SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL");
    await page.getByLabel("Code").fill(personalisation.code ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorSummary(page)).toContain("This code has run out");
  });

  it("signs in with her passkey", async () => {
    await page.goto(`${stack.familyUrl}sign-in`);
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await page.waitForURL(`**/family/children/${childId}`).catch(async (error) => {
      throw new Error(`${error}: ${await page.locator("[data-passkey-message]").textContent()}`);
    });
    expect(await page.locator("h1").innerText()).toBe("Ada's Portage");
  });

  it("finds used, run-out and unknown invitation links refused, each saying what to do", async () => {
    const used = await invitationPath(GRACE.email);
    const other = await newPage();
    await other.page.goto(`${stack.apiUrl.replace("127.0.0.1", "localhost")}${used}`);
    expect(await other.page.locator("h1").innerText()).toBe("This invitation has already been used");
    expect(await other.page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
    await checkBoth(other.page, "f14-invitation-used");
    // A fresh invitation, then time passes: it runs out.
    const again = await asVisitor("POST", `/api/cases/${childId}/family-access/${graceAccess.id}/invitations`, {
      via: "email",
    });
    expect(again.status, JSON.stringify(again.body)).toBeLessThan(300);
    const fresh = await invitationPath(GRACE.email);
    expect(fresh).not.toBe(used);
    await sql("UPDATE family_invitations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL");
    const answer = await other.page.goto(`${stack.familyUrl.replace(/\/family\/$/, "")}${fresh}`);
    expect(answer?.status()).toBe(410);
    expect(await other.page.locator("h1").innerText()).toBe("This invitation has run out");
    expect(await other.page.locator("main").textContent()).toContain("Ask your home visitor to send you a new one");
    await checkBoth(other.page, "f15-invitation-expired");
    const unknown = await other.page.goto(`${stack.familyUrl}invitation/${"x".repeat(43)}`);
    expect(unknown?.status()).toBe(404);
    expect(await other.page.locator("h1").innerText()).toBe("This link does not work");
    await other.context.close();
  });
});

describe("the home visitor", () => {
  it("sees the family's records in the admin app", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.adminUrl}sign-in`);
    await page.getByLabel("Email address").fill(STAFF.visitor.email);
    await page.getByLabel("Password").fill(STAFF.visitor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
    await page.goto(`${stack.adminUrl}cases/${childId}/practice`);
    expect(await page.locator("main").textContent()).toContain("She said it twice on her own!");
    await context.close();
  });
});

describe("Sam, a carer, with JavaScript off", () => {
  let context: BrowserContext;
  let page: Page;
  let consentId = "";
  /**
   * axe needs JavaScript: each page Sam sees is photographed as he sees it, and checked in a twin
   * browser with JavaScript on, signed in as him, at the same address (`act` repeats a form's
   * refusal there).
   */
  async function checkAsSam(name: string, act?: (twin: Page) => Promise<void>): Promise<void> {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `/tmp/shots-family/${name}-nojs-390.png`, fullPage: true });
    const twin = await newPage();
    try {
      await twin.context.addCookies(await context.cookies());
      await twin.page.goto(page.url());
      if (act) await act(twin.page);
      await checkBoth(twin.page, name);
    } finally {
      await twin.context.close();
    }
  }
  beforeAll(async () => {
    ({ context, page } = await newPage({ javaScriptEnabled: false }));
    const access = await invite({ name: SAM.name, relationship: "Dad", email: SAM.email, kind: "carer" });
    const second = await asVisitor("POST", `/api/cases/${childId}/family-access/${access.id}/invitations`, {
      via: "email",
    });
    expect(second.status, JSON.stringify(second.body)).toBeLessThan(300);
    // Consent to share with the protocol's first recipient, given by Sam, for him to stop.
    const protocol = await asVisitor("GET", "/api/protocol");
    const recipient = protocol.body.sharing.recipients[0].id;
    const consent = await asVisitor("POST", `/api/cases/${childId}/consents`, {
      kind: "sharing",
      givenBy: { name: SAM.name, relationship: "Dad" },
      givenOn: addDays(today(), -7),
      recordedAs: "written",
      recipientIds: [recipient],
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    consentId = consent.body.consent?.id ?? consent.body.id;
  });
  afterAll(async () => context.close());

  it("takes up the invitation without a passkey, and the other link no longer works", async () => {
    const mail = await fetch(`${stack.apiUrl}/api/family/demo-mail`).then((r) => r.json());
    const links = (mail.mail as { kind: string; emailAddress: string; personalisation: { link: string } }[])
      .filter((m) => m.kind === "family-invitation" && m.emailAddress === SAM.email)
      .map((m) => new URL(m.personalisation.link).pathname);
    expect(links).toHaveLength(2);
    await page.goto(`${stack.familyUrl.replace(/\/family\/$/, "")}${links[0]}`);
    expect(await page.locator("h1").innerText()).toBe(`Welcome, ${SAM.name}`);
    // No passkey without JavaScript: the button stays hidden.
    expect(await page.getByRole("button", { name: "Set up a passkey on this phone" }).isVisible()).toBe(false);
    await checkAsSam("f16-invitation-no-javascript");
    await page.getByRole("button", { name: "Continue without a passkey" }).click();
    await page.waitForURL(`**/family/children/${childId}?done=welcome`);
    expect(await banner(page)).toContain("You are signed in");
    await page.goto(`${stack.familyUrl.replace(/\/family\/$/, "")}${links[1]}`);
    expect(await page.locator("h1").innerText()).toBe("This invitation no longer works");
    await checkAsSam("f17-invitation-voided");
  });

  it("writes down a day's practice", async () => {
    const date = addDays(today(), -3);
    await page.goto(`${stack.familyUrl}children/${childId}/practice/${date}`);
    const ball = page.locator("fieldset", { hasText: "roll a ball" });
    await ball.getByLabel("Times you tried").fill("6");
    await ball.getByLabel("Times Ada did it").fill("2");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await banner(page)).toContain("Saved");
  });

  it("messages the home visitor", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.getByRole("link", { name: /Message your home visitor/ }).click();
    await page.getByRole("button", { name: "Send message" }).click();
    expect(await errorSummary(page)).toContain("Write your message");
    await checkAsSam("f18-message-refused", async (twin) => {
      await twin.getByRole("button", { name: "Send message" }).click();
      await errorSummary(twin);
    });
    await page.getByLabel("Your message").fill("Can we move next Monday's visit to the afternoon?");
    await page.getByRole("button", { name: "Send message" }).click();
    expect(await banner(page)).toContain("Your message has been sent");
    expect(await page.locator(".family-message").first().textContent()).toContain("move next Monday's visit");
    await checkAsSam("f19-messages");
  });

  it("stops sharing with someone, after confirming", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}/sharing`);
    await checkAsSam("f20-sharing");
    await page.getByRole("link", { name: /^Stop sharing with / }).click();
    await page.waitForURL(`**/sharing/${consentId}/stop`);
    await checkAsSam("f21-stop-sharing");
    await page.getByRole("button", { name: "Yes, stop sharing" }).click();
    expect(await banner(page)).toContain("You have stopped sharing");
    expect(await page.locator("main").textContent()).toContain("Not in place now");
  });

  it("reads the reports page", async () => {
    const started = Date.now();
    const response = await page.goto(`${stack.familyUrl}children/${childId}/reports`);
    const took = Date.now() - started;
    // Said in full if it ever fails: the status, how long it took, and the page's start.
    const seen = `${response?.status()} after ${took} ms: ${(await page.content()).slice(0, 600)}`;
    expect(response?.status(), seen).toBe(200);
    expect(await page.locator("h1").innerText(), seen).toBe("Reports");
    await checkAsSam("f22-reports");
  });

  it("asks to stop Portage, and is thanked", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.getByRole("link", { name: "I want to stop Portage" }).click();
    await checkAsSam("f23-stop-portage");
    await page.getByLabel("Why do you want to stop? (optional)").fill("We are moving to Cumbria in January.");
    await page.getByRole("button", { name: "Send my request to stop" }).click();
    await page.waitForURL(`**/children/${childId}/stop-portage/sent`);
    expect(await page.locator("h1").innerText()).toBe("We have your request");
    expect(await page.locator("main").textContent()).toContain("coordinator will be in touch");
    await checkAsSam("f24-stop-portage-sent");
    const messages = await asVisitor("GET", `/api/cases/${childId}/family-messages`);
    if (messages.status === 200) expect(JSON.stringify(messages.body)).toContain("moving to Cumbria");
  });

  it("signs out and back in with an emailed code", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/family/sign-in?reason=signed-out");
    // No passkey button without JavaScript.
    expect(await page.getByRole("button", { name: "Use a passkey" }).isVisible()).toBe(false);
    await signInWithCode(page, SAM.email);
    expect(await page.locator("h1").innerText()).toBe("Ada's Portage");
  });
});

describe("Nan, a helper who may see the practice only, by keyboard alone", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await newPage());
    await invite({
      name: NAN.name,
      relationship: "Grandmother",
      email: NAN.email,
      kind: "helper",
      permissions: { practice: true, visits: false, reports: false, sharing: false },
    });
  });
  afterAll(async () => context.close());

  it("takes up the invitation and writes down today's practice with the keyboard", async () => {
    await page.goto(`${stack.familyUrl.replace(/\/family\/$/, "")}${await invitationPath(NAN.email)}`);
    await tabTo(page, "button.govuk-button--secondary");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Continue without a passkey");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/family/children/${childId}?done=welcome`);
    await tabTo(page, 'a[href$="/practice"].govuk-button');
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/children/${childId}/practice`);
    await tabTo(page, "#t0-tries");
    await page.keyboard.type("2");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1");
    await tabTo(page, "button[type=submit].govuk-button");
    await page.keyboard.press("Enter");
    expect(await banner(page)).toContain("Saved");
  });

  it("does not see the visits, reports, sharing or stopping, and finds them not there", async () => {
    await page.goto(`${stack.familyUrl}children/${childId}`);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).not.toContain("Next visits");
    for (const name of ["Reports", "Sharing choices", "I want to stop Portage"]) {
      expect(await page.getByRole("link", { name: new RegExp(`^${name}`) }).count()).toBe(0);
    }
    await checkBoth(page, "f25-helper-child");
    for (const part of ["reports", "sharing", "stop-portage", "visits.ics"]) {
      const answer = await page.goto(`${stack.familyUrl}children/${childId}/${part}`);
      expect(answer?.status(), part).toBe(404);
    }
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    await checkBoth(page, "f26-not-found");
  });

  it("sets up a passkey later, from the child's page", async () => {
    await addVirtualAuthenticator(context, page);
    await page.goto(`${stack.familyUrl}children/${childId}`);
    await page.getByRole("button", { name: "Set up a passkey on this phone" }).click();
    await page.waitForURL(`**/family/children/${childId}?done=passkey`);
    expect(await banner(page)).toContain("Your passkey is set up");
    expect(await page.getByRole("button", { name: "Set up a passkey on this phone" }).count()).toBe(0);
  });
});

describe("Grace with two children", () => {
  it("takes up a second invitation while signed in, and chooses a child on the home page", async () => {
    const boId = await referAndAllocate("Bo");
    const invited = await asVisitor("POST", `/api/cases/${boId}/family-access`, {
      name: GRACE.name,
      relationship: "Mum",
      email: GRACE.email,
      kind: "carer",
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const { page } = grace;
    await page.goto(`${stack.familyUrl.replace(/\/family\/$/, "")}${await invitationPath(GRACE.email)}`);
    expect(await page.locator("h1").innerText()).toBe(`Welcome, ${GRACE.name}`);
    // She has a passkey already: one button.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL("**/family/?done=welcome");
    expect(await banner(page)).toContain("You are signed in");
    expect(await page.locator("h1").innerText()).toBe("Your children");
    const names = (await page.locator(".family-tasks__link").allInnerTexts()).join(" ");
    expect(names).toContain("Ada's Portage");
    expect(names).toContain("Bo's Portage");
    await checkBoth(page, "f28-home-two-children");
    await page.getByRole("link", { name: /Bo's Portage/ }).click();
    await page.waitForURL(`**/family/children/${boId}`);
    // No plan yet: the page says so in words.
    expect(await page.locator("main").textContent()).toContain(
      "Your home visitor will agree a play plan for Bo with you",
    );
    await checkBoth(page, "f29-child-without-plan");
  });
});

describe("a service that is not working, and production mode", () => {
  it("says so kindly when the API cannot be reached", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.familyUrl}service-unavailable`);
    expect(await page.locator("h1").innerText()).toBe("Sorry, the service is not working");
    await checkBoth(page, "f27-service-unavailable");
    await context.close();
  });

  it("has no demo mail viewer in production mode", async () => {
    const production = await startStack({
      mode: "production",
      staff: false,
      env: { ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=wellbeing@council.example" },
    });
    try {
      const viewer = await fetch(`${production.apiUrl}/family/demo-mail`);
      expect(viewer.status).toBe(404);
      expect(await viewer.text()).not.toContain("Demo emails");
      expect((await fetch(`${production.apiUrl}/api/family/demo-mail`)).status).toBe(404);
      expect((await fetch(`${production.apiUrl}/family/sign-in`)).status).toBe(200);
    } finally {
      await production.stop();
    }
  });
});
