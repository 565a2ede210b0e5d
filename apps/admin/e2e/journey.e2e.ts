// The admin app end to end, on the real API and database: a parent refers their child on the
// public site (its static build, served by the API server), the referral reaches the coordinator's
// inbox by its reference, is accepted, takes its place on the waiting list with its breakdown and
// is allocated; the home visitor sees their own child and cannot open another visitor's. The other
// referrals the tests need are made through the public referral endpoint. Every screen is checked
// with axe and photographed; one journey is made by keyboard alone; the app meets an API that is
// down.
import { exampleReferralInput, type ReferralInput } from "@openportage/referral-form";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkScreen, launch, signIn } from "./browser.ts";
import { chooseOwnPassword } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;

interface Made {
  /** Known once the coordinator has seen the inbox (the family is given only the reference). */
  id: string;
  reference: string;
}
const made: Record<"ada" | "ben" | "cal" | "kay", Made> = {} as Record<"ada" | "ben" | "cal" | "kay", Made>;

async function refer(firstName: string, lastName: string): Promise<Made> {
  const response = await fetch(`${stack.apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput({ childFirstName: firstName, childLastName: lastName })),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  return { id: "", reference };
}

/**
 * Refers a child through the public site's referral form in Chromium, a section at a time, as a
 * parent would, and returns the reference the confirmation page gives.
 */
async function referOnTheSite(page: Page, input: ReferralInput): Promise<string> {
  await page.goto(`${stack.siteUrl}refer`);
  await page.getByText("Step 1 of 8").waitFor();
  const check = page.getByRole("heading", { name: "Check your answers before sending your referral" });
  for (let section = 1; section < 8 && (await check.count()) === 0; section++) {
    for (const [name, value] of Object.entries(input)) {
      if (Array.isArray(value)) {
        for (const one of value) {
          const box = page.locator(`input[name="${name}"][value="${one}"]`);
          if (await box.isVisible()) await box.check();
        }
      } else if (typeof value === "object" && value !== null) {
        for (const [part, text] of Object.entries(value)) {
          const field = page.locator(`#${name}-${part}`);
          if (await field.isVisible()) await field.fill(String(text));
        }
      } else {
        const choice = page.locator(`input[name="${name}"][value="${value}"]`);
        const text = page.locator(
          `input[type="text"][name="${name}"], input:not([type])[name="${name}"], input[type="email"][name="${name}"], input[type="tel"][name="${name}"], textarea[name="${name}"]`,
        );
        if (await choice.first().isVisible()) await choice.first().check();
        else if (await text.first().isVisible()) await text.first().fill(String(value));
      }
    }
    await page.getByRole("button", { name: "Continue" }).click();
    await expect
      .poll(async () =>
        (await page.locator(".govuk-error-summary").count()) > 0
          ? `refused: ${await page.locator(".govuk-error-summary").innerText()}`
          : (await check.count()) > 0 || (await page.getByText(`Step ${section + 1} of 8`).count()) > 0,
      )
      .toBe(true);
  }
  expect(await page.locator(".govuk-summary-list").first().textContent()).toContain(input.childLastName);
  await checkScreen(page, "00a-site-check-answers");
  await page.getByRole("button", { name: "Send referral" }).click();
  const reference = page.getByTestId("reference");
  await reference.waitFor();
  await checkScreen(page, "00b-site-confirmation");
  return ((await reference.textContent()) ?? "").trim();
}

/** Messages the browser logged as errors (a script refused by the Content-Security-Policy, say). */
const browserErrors: string[] = [];
/** Every icon the browser asked for, and how it was answered. */
const iconRequests: { path: string; status: number; type: string }[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  return newPageFor("admin");
}

/** A page for the admin app, or for the public site (whose own icon is not the admin app's). */
async function newPageFor(app: "admin" | "site"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (app === "admin" && /favicon|\.ico$/.test(path)) {
      iconRequests.push({ path, status: response.status(), type: response.headers()["content-type"] ?? "" });
    }
  });
  page.on("console", (message) => {
    // A refused form comes back with its 4xx status, which Chromium logs: that is not an error here.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      browserErrors.push(message.text());
    }
  });
  return { context, page };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
  made.ben = await refer("Ben", "Sample");
  made.cal = await refer("Cal", "Keyboard");
  made.kay = await refer("Kay", "Tabbing");
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("a parent", () => {
  it("refers their child on the public site and is given a reference", async () => {
    const { context, page } = await newPageFor("site");
    const reference = await referOnTheSite(
      page,
      exampleReferralInput({ childFirstName: "Ada", childLastName: "Example" }),
    );
    expect(reference).toMatch(/^[A-Z0-9-]{4,}$/);
    made.ada = { id: "", reference };
    await context.close();
  });
});

describe("a coordinator", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await newPage());
  });
  afterAll(async () => context.close());

  it("is sent to sign in, with a safe way back, and sees a refusal kept on the form", async () => {
    await page.goto(`${stack.adminUrl}waiting-list`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe("/admin/waiting-list");
    await checkScreen(page, "01-sign-in");
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("There is a problem");
    expect(await page.getByLabel("Email address").inputValue()).toBe(STAFF.coordinator.email);
    await checkScreen(page, "02-sign-in-error");
    await page.getByLabel("Password").fill(STAFF.coordinator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/admin/waiting-list");
  });

  it("sees new referrals on the dashboard and in the inbox", async () => {
    await page.goto(stack.adminUrl);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");
    expect(await page.locator(".admin-card").first().textContent()).toContain("4");
    expect(await page.locator(".admin-card").nth(1).textContent()).toContain("0");
    expect(await page.locator(".admin-card").nth(2).textContent()).toContain("None");
    await checkScreen(page, "03-coordinator-dashboard");

    await page.getByRole("link", { name: "Referrals", exact: true }).click();
    // The referral made on the public site, found by the reference the parent was given.
    expect(await page.getByRole("row", { name: new RegExp(made.ada.reference) }).textContent()).toContain(
      "Ada Example",
    );
    for (const referral of Object.values(made)) {
      const link = page.getByRole("link", { name: referral.reference });
      expect(await link.count()).toBe(1);
      referral.id = ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "";
    }
    await checkScreen(page, "04-referrals-inbox");

    // The table's island: once hydrated, the columns sort (the server's order stands without it).
    const child = page.getByRole("button", { name: "Child", exact: true });
    await child.click();
    await page.locator('th[aria-sort="ascending"]', { hasText: "Child" }).waitFor();
    // The child's name is the cell's first line (a "Possible duplicate" tag may follow).
    const names = (await page.locator("tbody tr td:nth-child(2)").allInnerTexts()).map((t) => t.split("\n")[0]);
    expect(names).toEqual(["Ada Example", "Cal Keyboard", "Ben Sample", "Kay Tabbing"]);
    await checkScreen(page, "04b-referrals-inbox-sorted");

    await page.getByLabel("Route").selectOption("early-help");
    await page.getByRole("button", { name: "Apply filters" }).click();
    expect(new URL(page.url()).searchParams.get("route")).toBe("early-help");
    expect(await page.locator(".govuk-inset-text").textContent()).toContain("No referrals match");
    await checkScreen(page, "05-referrals-inbox-empty");

    // The API filters by the days received: today's four, then none before today.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    await page.goto(`${stack.adminUrl}referrals?status=received&route=self-referral&from=${today}&to=${today}`);
    expect(await page.locator("tbody tr").count()).toBe(4);
    expect(await page.locator("table caption").textContent()).toContain("4 referrals matching the filters");
    await page.goto(`${stack.adminUrl}referrals?status=any&to=2020-01-01`);
    expect(await page.locator(".govuk-inset-text").textContent()).toContain("No referrals match");

    // Dates the API refuses (received to before received from): the error summary, the form kept.
    const refused = await page.goto(`${stack.adminUrl}referrals?status=any&from=2026-07-02&to=2026-07-01`);
    expect(refused?.status()).toBe(422);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Received to");
    expect(await page.getByLabel("Received from").inputValue()).toBe("2026-07-02");
    await checkScreen(page, "05b-referrals-inbox-filter-refused");
  });

  it("reads a referral's assessment with its clauses, and accepts it (after a refusal keeps the note)", async () => {
    await page.goto(`${stack.adminUrl}referrals`);
    await page.getByRole("link", { name: made.ada.reference }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Ada Example");
    expect(await page.locator("#eligibility + p").textContent()).toMatch(
      /Eligible|More information needed|Not eligible/,
    );
    expect(await page.locator("table").first().textContent()).toContain("age-window");
    await checkScreen(page, "06-referral");

    await page.getByRole("link", { name: "Accept to the waiting list" }).click();
    await page.getByLabel("Note (optional)").fill("Seen at the forum; high needs.");
    await page
      .locator("#complexity")
      .uncheck({ force: true })
      .catch(() => undefined);
    await page.getByRole("button", { name: "Add to the waiting list" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").textContent()).toMatch(/waiting list|how complex/i);
    expect(await page.getByLabel("Note (optional)").inputValue()).toBe("Seen at the forum; high needs.");
    await checkScreen(page, "07-decision-refused");

    await page.getByLabel("High").check();
    await page.getByRole("button", { name: "Add to the waiting list" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("added to the waiting list");
    await checkScreen(page, "08-referral-accepted");
  });

  it("accepts a second referral with lower needs, and asks for more information on a third", async () => {
    await page.goto(`${stack.adminUrl}referrals/${made.ben.id}/decision?outcome=accepted`);
    await page.getByLabel("Low").check();
    await page.getByRole("button", { name: "Add to the waiting list" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);

    await page.goto(`${stack.adminUrl}referrals/${made.cal.id}/decision?outcome=not-eligible`);
    await checkScreen(page, "09-decision-not-eligible");
    await page.goto(`${stack.adminUrl}referrals/${made.cal.id}/decision?outcome=more-information`);
    await checkScreen(page, "10-decision-more-information");
  });

  it("sees the waiting list ranked, with each breakdown and why one child is above the other", async () => {
    await page.getByRole("link", { name: "Waiting list" }).click();
    const places = page.locator("ol > li h2");
    await expect.poll(() => places.count()).toBe(2);
    expect(await places.nth(0).textContent()).toContain("Ada Example");
    expect(await places.nth(1).textContent()).toContain("Ben Sample");
    const first = page.locator("#place-1");
    expect(await first.locator("table").first().textContent()).toContain("Points");
    await first.getByText("Why is Ada Example above Ben Sample?").click();
    // The domain's words, from the API: names and references, never record ids.
    const why = first.locator("details", { hasText: "Why is Ada Example above Ben Sample?" });
    const answer = (await why.locator(".govuk-body").first().textContent()) ?? "";
    expect(answer).toContain(`Ada Example (${made.ada.reference}) is at position 1`);
    expect(answer).toMatch(/\d+ more for Ada Example/);
    expect(answer).not.toContain(made.ada.id);
    expect(await why.textContent()).toContain("more priority points are offered a home visitor first");
    await checkScreen(page, "11-waiting-list");

    // Any two children, chosen by place, in either order.
    await page.getByLabel("Child", { exact: true }).selectOption("2");
    await page.getByLabel("Compared with").selectOption("1");
    await page.getByRole("button", { name: "Explain the order" }).click();
    expect(await page.locator("#comparison").textContent()).toContain("Why is Ada Example above Ben Sample?");
    expect(await page.locator("#comparison .govuk-body").first().textContent()).toContain("20 more");
    await checkScreen(page, "11b-waiting-list-comparison");

    // The dashboard's figures come from the API's summary of the whole list.
    await page.goto(stack.adminUrl);
    expect(await page.locator(".admin-card").nth(1).textContent()).toContain("2");
    expect(await page.locator(".admin-card").nth(2).textContent()).toContain("0 days");
    expect(await page.getByRole("link", { name: "Allocate Ada Example" }).count()).toBe(1);
    await checkScreen(page, "11c-coordinator-dashboard-waiting");
    await page.getByRole("link", { name: "Waiting list", exact: true }).click();
  });

  it("allocates each child with the visitors' caseloads in view", async () => {
    await page.getByRole("link", { name: "Allocate Ada Example" }).click();
    expect(await page.getByText("Caseload: 0 children").count()).toBe(2);
    await checkScreen(page, "12-allocate");
    await page.getByRole("button", { name: "Allocate" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    await checkScreen(page, "13-allocate-error");
    await page.getByLabel(STAFF.visitor.name).check();
    await page.getByRole("button", { name: "Allocate" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("allocated to a home visitor");
    expect(await page.locator(".govuk-summary-list").first().textContent()).toContain(STAFF.visitor.name);

    await page.goto(`${stack.adminUrl}referrals/${made.ben.id}/allocate`);
    await page.getByLabel(STAFF.otherVisitor.name).check();
    await page.getByRole("button", { name: "Allocate" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);

    await page.goto(`${stack.adminUrl}children`);
    // The caseloads first, then every allocated child with their home visitor.
    expect(await page.locator("table").first().textContent()).toContain(STAFF.visitor.name);
    expect(await page.locator("table").nth(1).textContent()).toContain("Ada Example");
    await checkScreen(page, "14-caseloads");
  });

  it("corrects facts, which assesses the referral again", async () => {
    await page.goto(`${stack.adminUrl}referrals/${made.cal.id}/correct`);
    await checkScreen(page, "15-correct-facts");
    await page.locator("#triage-knownToPanel").check();
    await page
      .getByLabel("Town or city")
      .fill("Lancaster")
      .catch(() => undefined);
    await page.getByRole("button", { name: "Save and assess again" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("eligibility assessment worked out again");
  });

  it("enters a referral made another way, keeping every answer when the API refuses it", async () => {
    await page.goto(`${stack.adminUrl}referrals/new`);
    await checkScreen(page, "16-new-referral");
    await page.getByLabel("Name of the person who referred").fill("Pat Professional");
    await page.getByRole("button", { name: "Record the referral" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.getByLabel("Name of the person who referred").inputValue()).toBe("Pat Professional");
    await checkScreen(page, "17-new-referral-refused");

    // Now every answer, as the family's form has them.
    await page.getByLabel("Early Help Assessment and Plan (EHA/EHP)").check();
    await page.getByLabel("Their role").fill("Health visitor");
    for (const [name, value] of Object.entries(
      exampleReferralInput({ childFirstName: "Dot", childLastName: "Entered" }),
    )) {
      if (Array.isArray(value)) {
        for (const one of value) await page.locator(`input[name="${name}"][value="${one}"]`).check();
      } else if (typeof value === "object" && value !== null) {
        for (const [part, text] of Object.entries(value)) await page.locator(`#${name}-${part}`).fill(String(text));
      } else if (
        (await page.locator(`input[type="radio"][name="${name}"], input[type="checkbox"][name="${name}"]`).count()) > 0
      ) {
        await page.locator(`input[name="${name}"][value="${value}"]`).check();
      } else {
        await page.locator(`[name="${name}"]`).fill(String(value));
      }
    }
    await page.getByRole("button", { name: "Record the referral" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("The referral has been recorded");
    expect(await page.locator("h1").innerText()).toBe("Dot Entered");
    expect(await page.locator(".govuk-summary-list").first().textContent()).toContain("entered by staff");
  });

  it("opens the audit trail from a referral's record, filtered by that record", async () => {
    await page.goto(`${stack.adminUrl}referrals/${made.ada.id}`);
    await page.getByRole("link", { name: "See who has viewed or changed this record" }).click();
    await page.waitForURL("**/admin/audit?record=*");
    expect(new URL(page.url()).searchParams.get("record")).toBe(made.ada.reference);
    expect(await page.getByLabel("Record id or reference").inputValue()).toBe(made.ada.reference);
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBeGreaterThan(2);
    const trail = (await page.locator("table tbody").textContent()) ?? "";
    // Its acceptance, its allocation and the coordinator's looks at it; no other child's events.
    for (const action of ["Decided", "Allocated", "Looked at"]) expect(trail).toContain(action);
    expect(trail).toContain(STAFF.coordinator.name);
    for (const cell of await page.locator("table tbody tr a[href*='/referrals/']").all()) {
      expect(await cell.getAttribute("href")).toBe(`/admin/referrals/${made.ada.id}`);
    }
    expect(trail).not.toContain(made.ben.id.slice(-8));
    await checkScreen(page, "18a-audit-of-a-record");
  });

  it("searches the audit trail and meets a friendly not-found page", async () => {
    await page.goto(`${stack.adminUrl}audit?recordType=referral&action=allocate`);
    expect(await page.locator("table tbody tr").count()).toBe(2);
    expect(await page.locator("table caption").textContent()).toContain("2 matching events");
    expect(await page.locator("table tbody").textContent()).toContain(STAFF.coordinator.name);
    await checkScreen(page, "18-audit");

    // By a referral's reference (its events and its child's) and by part of a name.
    await page.goto(`${stack.adminUrl}audit`);
    await page.getByLabel("Record id or reference").fill(made.ada.reference);
    await page.getByLabel("Who").fill("cora");
    await page.getByLabel("Action").selectOption("allocate");
    await page.getByRole("button", { name: "Search" }).click();
    expect(await page.locator("table tbody tr").count()).toBe(1);
    expect(await page.locator("table tbody").textContent()).toContain(STAFF.coordinator.name);
    await checkScreen(page, "18b-audit-search");

    // Pages follow the API's total: 50 events a page.
    await page.goto(`${stack.adminUrl}audit`);
    const caption = (await page.locator("table caption").textContent()) ?? "";
    const total = Number(/(\d+) events/.exec(caption)?.[1]);
    expect(total).toBeGreaterThan(50);
    const lastPage = Math.ceil(total / 50);
    expect(await page.locator(".govuk-pagination").textContent()).toContain(`Page 1 of ${lastPage}`);
    await page.getByRole("link", { name: "Next page" }).click();
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    await page.goto(`${stack.adminUrl}audit?page=${lastPage}`);
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "Next page" }).count()).toBe(0);
    await checkScreen(page, "18c-audit-last-page");
    await page.goto(`${stack.adminUrl}referrals/00000000-0000-4000-8000-000000000000`);
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    await checkScreen(page, "19-not-found");
    // An address with no page: not found at once for someone signed out too, not after signing in.
    const signedOut = await browser.newContext();
    const stranger = await signedOut.newPage();
    const unknown = await stranger.goto(`${stack.adminUrl}no-such-page`);
    expect(unknown?.status()).toBe(404);
    expect(new URL(stranger.url()).pathname).toBe("/admin/no-such-page");
    expect(await stranger.locator("h1").innerText()).toBe("Page not found");
    // A page that exists still asks a signed-out person to sign in first.
    await stranger.goto(`${stack.adminUrl}waiting-list`);
    expect(new URL(stranger.url()).pathname).toBe("/admin/sign-in");
    await signedOut.close();
  });

  it("keeps a change sent after the session ended, and sends it once signed in again", async () => {
    await page.goto(`${stack.adminUrl}referrals/${made.cal.id}/decision?outcome=more-information`);
    const [cookie] = await context.cookies();
    await context.addCookies([{ ...(cookie as NonNullable<typeof cookie>), value: "y".repeat(43) }]);
    await page.getByLabel("What you have asked for").fill("Kept across sign-in: the nursery's report.");
    await page.getByRole("button", { name: "Record the request" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("before your changes were saved");
    await checkScreen(page, "20a-session-ended-with-changes");
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByLabel("Password").fill(STAFF.coordinator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Send your changes");
    await checkScreen(page, "20b-send-your-changes");
    await page.getByRole("button", { name: "Send your changes" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);
    expect(await page.locator(".moj-timeline").textContent()).toContain("Kept across sign-in: the nursery's report.");
  });

  it("comes back to where they were after the session ends", async () => {
    const [cookie] = await context.cookies();
    expect(cookie?.name).toBe("__Host-openportage-session");
    await context.addCookies([{ ...(cookie as NonNullable<typeof cookie>), value: "x".repeat(43) }]);
    await page.goto(`${stack.adminUrl}waiting-list?page=1`);
    expect(new URL(page.url()).searchParams.get("reason")).toBe("expired");
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("session ended");
    await checkScreen(page, "20-session-ended");
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByLabel("Password").fill(STAFF.coordinator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/admin/waiting-list?page=1");
    // The sign-out page itself (reached without the header's button), then the signed-out page.
    await page.goto(`${stack.adminUrl}sign-out`);
    await checkScreen(page, "20c-sign-out");
    await page.locator("main").getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("signed out");
    expect(new URL(page.url()).searchParams.get("reason")).toBe("signed-out");
    await checkScreen(page, "20d-signed-out");
  });
});

describe("a home visitor", () => {
  it("sees their own child and cannot open a child allocated to someone else", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your caseload");
    expect(await page.locator("main").textContent()).toContain("Ada Example");
    await checkScreen(page, "21-home-visitor-dashboard");

    await page.getByRole("link", { name: "My children", exact: true }).click();
    expect(await page.locator("table").textContent()).toContain("Ada Example");
    expect(await page.locator("table").textContent()).not.toContain("Ben Sample");
    await checkScreen(page, "22-my-children");

    await page.getByRole("link", { name: "Ada Example" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Ada Example");
    expect(await page.getByRole("link", { name: "Accept to the waiting list" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "See who has viewed or changed this record" }).count()).toBe(0);
    await checkScreen(page, "23-my-child");

    const response = await page.goto(`${stack.adminUrl}referrals/${made.ben.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    expect(await page.locator("main").textContent()).not.toContain("Ben");

    const waiting = await page.goto(`${stack.adminUrl}waiting-list`);
    expect(waiting?.status()).toBe(403);
    await checkScreen(page, "24-no-permission");
    await context.close();
  });
});

describe("an administrator", () => {
  it("adds a member of staff, changes their role and disables them", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Staff accounts");
    await checkScreen(page, "25-administrator-dashboard");

    await page.getByRole("link", { name: "Users" }).click();
    await checkScreen(page, "26-users");
    await page.getByRole("link", { name: "Add a member of staff" }).click();
    await checkScreen(page, "26b-new-user");
    await page.getByLabel("Full name").fill("Nia New");
    await page.getByLabel("Email address").fill("not an email");
    await page.getByLabel("Home visitor").check();
    await page.getByLabel("First password").fill("a long enough first password");
    await page.getByRole("button", { name: "Add the account" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.getByLabel("Full name").inputValue()).toBe("Nia New");
    await checkScreen(page, "27-new-user-refused");
    await page.getByLabel("Email address").fill("nia@council.example");
    await page.getByLabel("First password").fill("a long enough first password");
    await page.getByRole("button", { name: "Add the account" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);

    await page.getByRole("link", { name: "Nia New" }).click();
    await checkScreen(page, "28-user");
    await page.getByLabel("Coordinator").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").textContent()).toContain("changed");

    // Reset the password: a common one is refused with the reason, then a good one ends her sessions.
    const nia = await newPage();
    await signIn(nia.page, stack.adminUrl, "nia@council.example", "a long enough first password");
    // The administrator chose it: she chooses her own first (ADR 0046).
    await chooseOwnPassword(nia.page, "a password she chose herself");
    await expect.poll(() => nia.page.locator("h1").innerText()).toBe("Your service this week");
    await page.getByLabel("New password").fill("password1234");
    await page.getByRole("button", { name: "Reset password" }).click();
    // The API's reason, whichever of its checks refuses it (a common password, or a common word padded).
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toMatch(/common/);
    expect(await page.locator(".govuk-error-summary a").getAttribute("href")).toBe("#password");
    expect(await page.getByLabel("New password").inputValue()).toBe("");
    await checkScreen(page, "28b-reset-password-refused");
    await page.getByLabel("New password").fill("a brand new second password");
    await page.getByRole("button", { name: "Reset password" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("password has been reset");
    await checkScreen(page, "28c-reset-password-done");
    // Her session has ended; the old password no longer works and the new one does.
    await nia.page.goto(stack.adminUrl);
    expect(new URL(nia.page.url()).pathname).toBe("/admin/sign-in");
    await signIn(nia.page, stack.adminUrl, "nia@council.example", "a long enough first password");
    expect(await nia.page.locator(".govuk-error-summary").count()).toBe(1);
    await signIn(nia.page, stack.adminUrl, "nia@council.example", "a brand new second password");
    await chooseOwnPassword(nia.page, "another one she chose later");
    await expect.poll(() => nia.page.locator("h1").innerText()).toBe("Your service this week");
    await nia.context.close();
    await page.getByRole("button", { name: "Disable the account" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").textContent()).toContain("disabled");
    expect(await page.locator(".govuk-summary-list").textContent()).toContain("Disabled on");

    await page.getByRole("link", { name: "Audit" }).click();
    await checkScreen(page, "29-audit-administrator");
    await context.close();
  });
});

describe("passwords", () => {
  it("are sent exactly as typed, spaces at either end included, on every form that takes one", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await page.goto(`${stack.adminUrl}users/new`);
    await page.getByLabel("Full name").fill("Sol Spaces");
    await page.getByLabel("Email address").fill("sol@council.example");
    await page.getByLabel("Home visitor").check();
    await page.getByLabel("First password").fill("  sea glass harbour 85  ");
    await page.getByRole("button", { name: "Add the account" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);

    const sol = await newPage();
    // Without its spaces it is another password: refused.
    await signIn(sol.page, stack.adminUrl, "sol@council.example", "sea glass harbour 85");
    expect(await sol.page.locator(".govuk-error-summary").count()).toBe(1);
    await signIn(sol.page, stack.adminUrl, "sol@council.example", "  sea glass harbour 85  ");
    // The new password he chooses at the first sign-in is sent as typed too: spaces and all.
    await chooseOwnPassword(sol.page, "  driftwood lantern 31 ");
    await expect.poll(() => sol.page.locator("h1").innerText()).toBe("Your caseload");
    await signIn(sol.page, stack.adminUrl, "sol@council.example", "driftwood lantern 31");
    expect(await sol.page.locator(".govuk-error-summary").count()).toBe(1);
    await signIn(sol.page, stack.adminUrl, "sol@council.example", "  driftwood lantern 31 ");
    await expect.poll(() => sol.page.locator("h1").innerText()).toBe("Your caseload");

    await page.goto(`${stack.adminUrl}users`);
    await page.getByRole("link", { name: "Sol Spaces" }).click();
    await page.getByLabel("New password").fill(" tidal basin compass 96 ");
    await page.getByRole("button", { name: "Reset password" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("password has been reset");
    await signIn(sol.page, stack.adminUrl, "sol@council.example", "tidal basin compass 96");
    expect(await sol.page.locator(".govuk-error-summary").count()).toBe(1);
    await signIn(sol.page, stack.adminUrl, "sol@council.example", " tidal basin compass 96 ");
    await chooseOwnPassword(sol.page, "harbour ferry 12 lights");
    await expect.poll(() => sol.page.locator("h1").innerText()).toBe("Your caseload");
    await sol.context.close();
    await context.close();
  });
});

describe("a slow answer", () => {
  it("shows the form is sending, and a second press sends nothing more", async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.adminUrl}sign-in`);
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByLabel("Password").fill(STAFF.coordinator.password);
    // Stand in for a slow answer: the page's own handler runs, then the browser is kept from
    // leaving, and each submission is recorded with whether the page stopped it.
    await page.evaluate(() => {
      const seen: boolean[] = [];
      (window as unknown as { submissions: boolean[] }).submissions = seen;
      window.addEventListener("submit", (event) => {
        seen.push(event.defaultPrevented);
        event.preventDefault();
      });
    });
    const button = page.locator("main").getByRole("button", { name: "Sign in" });
    await button.click();
    const form = page.locator("main form[method='post']");
    expect(await form.getAttribute("aria-busy")).toBe("true");
    expect(await form.locator("button[type='submit']").getAttribute("aria-disabled")).toBe("true");
    expect(await form.locator("button[type='submit']").getAttribute("class")).toContain("admin-busy");
    expect(await page.locator("#admin-status").textContent()).toBe("Sending. This can take a few seconds.");
    await checkScreen(page, "30-sending");
    // Pressed again regardless (it is marked disabled, which Playwright would otherwise respect).
    await form.locator("button[type='submit']").click({ force: true });
    await page.getByLabel("Password").press("Enter");
    // The first was sent; the second and third were stopped by the page.
    expect(await page.evaluate(() => (window as unknown as { submissions: boolean[] }).submissions)).toEqual([
      false,
      true,
      true,
    ]);
    await context.close();
  });
});

describe("by keyboard alone", () => {
  /** Presses Tab until the focused element's text or label matches, and returns nothing. */
  async function tabTo(page: Page, name: RegExp, limit = 80): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : "";
        return `${el.textContent ?? ""} ${label ?? ""} ${el.getAttribute("aria-label") ?? ""}`.trim();
      });
      if (name.test(focused)) return;
    }
    throw new Error(`could not reach ${name} with the Tab key`);
  }

  it("a coordinator signs in, finds a new referral, asks for more information and signs out", async () => {
    const { context, page } = await newPage();
    await page.goto(stack.adminUrl);
    await tabTo(page, /Email address/);
    await page.keyboard.type(STAFF.coordinator.email);
    await tabTo(page, /Password/);
    await page.keyboard.type(STAFF.coordinator.password);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/admin/");

    await tabTo(page, /Triage new referrals/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/admin/referrals?status=received");
    // The reference's link itself (the table's scroll region, focusable too, holds it as well).
    await tabTo(page, new RegExp(`^${made.kay.reference}$`));
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Kay Tabbing");

    await tabTo(page, /Ask for more information/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/decision?outcome=more-information");
    await tabTo(page, /What you have asked for/);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("The health visitor's latest check, please.");
    await tabTo(page, /Record the request/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".govuk-notification-banner--success").count()).toBe(1);
    expect(await page.locator(".moj-timeline").textContent()).toContain("The health visitor's latest check");

    await tabTo(page, /Sign out/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("signed out");
    await context.close();
  });
});

describe("every page seen", () => {
  it("named the admin app's own icon, so the browser never asked for /favicon.ico", async () => {
    const home = await (await fetch(`${stack.adminUrl}sign-in`)).text();
    expect(home).toMatch(/<link rel="icon" href="\/admin\/favicon.svg" type="image\/svg\+xml"/);
    const icon = await fetch(new URL("/admin/favicon.svg", stack.adminUrl));
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    // Whatever icons the browser fetched (headless Chromium may fetch none), each was this one.
    for (const icon of iconRequests) {
      expect(icon).toMatchObject({ path: "/admin/favicon.svg", status: 200 });
      expect(icon.type).toContain("image/svg+xml");
    }
  });

  it("ran without a browser error, such as a script the Content-Security-Policy refused", () => {
    expect(browserErrors.join("\n")).toBe("");
  });
});

describe("when the API cannot be reached", () => {
  it("says the service is unavailable and what to do, on any page", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");
    await stack.stopApi();
    const response = await page.goto(`${stack.adminUrl}waiting-list`);
    expect(response?.status()).toBe(503);
    expect(await page.locator("h1").innerText()).toBe("Sorry, the service is unavailable");
    expect(await page.getByRole("link", { name: "go to the home page" }).count()).toBe(1);
    await checkScreen(page, "31-service-unavailable");
    await context.close();
  });
});
