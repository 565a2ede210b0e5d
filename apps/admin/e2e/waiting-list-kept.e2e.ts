// The waiting list page keeps the API's answer (and the list's markup) for a session while the API
// says it is unchanged (src/lib/kept.ts, ADR 0057), and learns who is signed in from that call.
// End to end on the real API and database, both ways the admin app runs: in the API's own process
// (the embedded default, where the API says who is signed in) and on its own port over HTTP (where
// the page's frame asks the session route). Every change to the list shows at once; a session that
// ended, or a role that may not see the list, never sees what was kept; the page still passes axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkScreen, launch, signIn } from "./browser.ts";
import { type ApiCall, apiSession, referAndAccept } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let asCoordinator: ApiCall;
/** Families referred by the tests so far, so each is new. */
let families = 0;

/** A family with nothing in common with any other: its own phone, email and home. */
const lone = (n: number) => ({
  carerPhone: `01632 960 8${String(n).padStart(2, "0")}`,
  carerEmail: `kept${n}@example.com`,
  addressLine1: `${n} Kept Lane`,
  postcode: "LA2 7QS",
});

/** Signs in to the API outside the browser: the session's Cookie header. */
async function sessionCookie(email: string, password: string): Promise<string> {
  const signedIn = await fetch(`${stack.apiUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" },
    body: JSON.stringify({ email, password }),
  });
  expect(signedIn.status, await signedIn.clone().text()).toBeLessThan(300);
  return (signedIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
}

/** The waiting list page as the browser would get it: status, where it sends, and its HTML. */
async function waitingList(base: string, cookie: string) {
  const response = await fetch(`${base}waiting-list`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

beforeAll(async () => {
  stack = await startStack();
  asCoordinator = await apiSession(stack.apiUrl, STAFF.coordinator.email, STAFF.coordinator.password, {
    expectOk: true,
  });
  await referAndAccept(stack.apiUrl, asCoordinator, { childFirstName: "Keptava", ...lone(1) });
  await referAndAccept(stack.apiUrl, asCoordinator, { childFirstName: "Keptbea", ...lone(2) });
});
afterAll(async () => {
  await stack?.stop();
});

describe.each([
  ["in the API's own process", () => `${stack.apiUrl}/admin/`],
  ["on its own port", () => stack.adminUrl],
])("the waiting list page %s", (_, base) => {
  it("shows every change to the list at once, and who is signed in", async () => {
    const cookie = await sessionCookie(STAFF.coordinator.email, STAFF.coordinator.password);
    const first = await waitingList(base(), cookie);
    expect(first.status).toBe(200);
    expect(first.html).toContain(STAFF.coordinator.name);
    expect(first.html).toContain("Keptava");
    expect(first.html).toContain("Keptbea");
    const shown = (first.html.match(/id="place-\d+"/g) ?? []).length;
    // The same list again (from what was kept): the same children, in the same order.
    const again = await waitingList(base(), cookie);
    expect(again.status).toBe(200);
    expect(again.html).toContain(STAFF.coordinator.name);
    expect(again.html.match(/id="place-\d+"/g) ?? []).toHaveLength(shown);
    expect(again.html.indexOf("Keptava") < again.html.indexOf("Keptbea")).toBe(
      first.html.indexOf("Keptava") < first.html.indexOf("Keptbea"),
    );
    // A child accepted: on the list at the next look.
    families += 1;
    const name = `Keptcal${"x".repeat(families)}`;
    const accepted = await referAndAccept(stack.apiUrl, asCoordinator, {
      childFirstName: name,
      ...lone(10 + families),
    });
    const added = await waitingList(base(), cookie);
    expect(added.html).toContain(name);
    expect(added.html.match(/id="place-\d+"/g) ?? []).toHaveLength(shown + 1);
    // The child allocated: off the list at the next look.
    const visitors = await asCoordinator("GET", "/api/home-visitors");
    const harriet = visitors.body.homeVisitors.find((v: { name: string }) => v.name === STAFF.visitor.name);
    await asCoordinator("POST", `/api/referrals/${accepted.referralId}/allocation`, { homeVisitorId: harriet.id });
    const allocated = await waitingList(base(), cookie);
    expect(allocated.html).not.toContain(name);
    expect(allocated.html.match(/id="place-\d+"/g) ?? []).toHaveLength(shown);
  });

  it("sends a session that ended to sign in, never showing what was kept for it", async () => {
    const cookie = await sessionCookie(STAFF.coordinator.email, STAFF.coordinator.password);
    expect((await waitingList(base(), cookie)).html).toContain("Keptava");
    expect((await waitingList(base(), cookie)).html).toContain("Keptava");
    const signedOut = await fetch(`${stack.apiUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(signedOut.status).toBeLessThan(300);
    const after = await waitingList(base(), cookie);
    expect(after.status).toBe(303);
    expect(after.location).toBe(`/admin/sign-in?returnTo=${encodeURIComponent("/admin/waiting-list")}&reason=expired`);
    expect(after.html).not.toContain("Keptava");
  });

  it("shows a home visitor no list, whoever looked before", async () => {
    const cookie = await sessionCookie(STAFF.visitor.email, STAFF.visitor.password);
    const refused = await waitingList(base(), cookie);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("You do not have permission to see this page");
    expect(refused.html).toContain(STAFF.visitor.name);
    expect(refused.html).not.toContain("Keptava");
  });
});

it("passes axe at 390 and 1280 pixels when shown from what was kept", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.goto(`${stack.adminUrl}waiting-list`);
    await page.reload();
    expect(await page.locator("h1").textContent()).toContain("Waiting list");
    expect(await page.locator("ol.govuk-list > li").count()).toBeGreaterThanOrEqual(2);
    await checkScreen(page, "waiting-list-kept-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await checkScreen(page, "waiting-list-kept-390");
    await context.close();
  } finally {
    await browser.close();
  }
});
