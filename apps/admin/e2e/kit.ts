// What the casework journeys share: England's date today and date arithmetic on YYYY-MM-DD,
// the success banner's words, and the axe check at a phone's and a desktop's width.
import { exampleReferralInput, type ReferralInput } from "@openportage/referral-form";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { checkScreen } from "./browser.ts";
import { STAFF } from "./stack.ts";

/** Today's date in England, YYYY-MM-DD (the server's "today" too). */
export function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

/** `date` moved by `days` (negative for earlier). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** Waits for the success banner and gives its words. */
export async function banner(page: Page): Promise<string> {
  await page.locator(".govuk-notification-banner--success").waitFor();
  return (await page.locator(".govuk-notification-banner--success").textContent()) ?? "";
}

/**
 * axe and a screenshot at a phone's width and a desktop's. On the phone nothing may widen the page
 * (a wide table scrolls inside its own region); what sticks out is named when something does.
 */
export async function checkBoth(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > 391)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `${name} is wider than a phone: ${wide.join(", ")}`,
  ).toBe(390);
  await checkScreen(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await checkScreen(page, `${name}-1280`);
}

/** An API call as one member of staff, outside the browser: the status and the parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: journeys read answers whose shapes they then assert.
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Signs in to the API at `apiUrl` outside the browser and returns a caller with the session
 * cookie. With `expectOk`, every call must succeed (set-up steps that are not under test).
 */
export async function apiSession(
  apiUrl: string,
  email: string,
  password: string,
  options: { expectOk?: boolean } = {},
): Promise<ApiCall> {
  const signedIn = await fetch(`${apiUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" },
    body: JSON.stringify({ email, password }),
  });
  expect(signedIn.status, await signedIn.clone().text()).toBeLessThan(300);
  const cookie = (signedIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  return async (method, path, body) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        Cookie: cookie,
        Accept: "application/json",
        ...(method === "GET" ? {} : { "Sec-Fetch-Site": "same-origin" }),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const answer = { status: response.status, body: text ? JSON.parse(text) : null };
    if (options.expectOk) expect(answer.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return answer;
  };
}

/** A referral on the public endpoint, as a family sends it: its id and reference. */
export async function refer(
  apiUrl: string,
  asCoordinator: ApiCall,
  answers: Partial<ReferralInput>,
): Promise<{ referralId: string; reference: string }> {
  const referred = await fetch(`${apiUrl}/api/referrals`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(exampleReferralInput(answers)),
  });
  expect(referred.status, await referred.clone().text()).toBe(201);
  // The family is given the reference only: the coordinator finds the referral by it.
  const { reference } = (await referred.json()) as { reference: string };
  const found = await asCoordinator("GET", `/api/referrals?${new URLSearchParams({ q: reference })}`);
  expect(found.body.referrals, JSON.stringify(found.body)).toHaveLength(1);
  return { referralId: String(found.body.referrals[0].id), reference };
}

/** A referral accepted to the waiting list by the coordinator (moderate needs): the child's id. */
export async function referAndAccept(
  apiUrl: string,
  asCoordinator: ApiCall,
  answers: Partial<ReferralInput>,
): Promise<{ childId: string; referralId: string; reference: string }> {
  const { referralId, reference } = await refer(apiUrl, asCoordinator, answers);
  const accepted = await asCoordinator("POST", `/api/referrals/${referralId}/decision`, {
    outcome: "accepted",
    complexity: "high",
    hadPortageBefore: false,
    otherSpecialistSupport: false,
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return { childId: String(accepted.body.child.id), referralId, reference };
}

/**
 * A referral made, accepted and allocated to a home visitor (Harriet unless named), as set-up for
 * a journey that starts after allocation. `overCaseloadReason` when she is at the caseload limit.
 */
export async function referAndAllocate(
  apiUrl: string,
  asCoordinator: ApiCall,
  answers: Partial<ReferralInput>,
  options: { visitor?: string; overCaseloadReason?: string } = {},
): Promise<{ childId: string; referralId: string; reference: string }> {
  const made = await referAndAccept(apiUrl, asCoordinator, answers);
  const visitors = await asCoordinator("GET", "/api/home-visitors");
  const name = options.visitor ?? STAFF.visitor.name;
  const visitor = visitors.body.homeVisitors.find((v: { name: string }) => v.name === name);
  const allocated = await asCoordinator("POST", `/api/referrals/${made.referralId}/allocation`, {
    homeVisitorId: visitor.id,
    ...(options.overCaseloadReason ? { overCaseloadReason: options.overCaseloadReason } : {}),
  });
  expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
  return made;
}

/**
 * The first sign-in with a password an administrator chose stops at "Choose a new password"
 * (ADR 0046): chooses `password` there and waits for the page the sign-in was going to.
 */
export async function chooseOwnPassword(page: Page, password: string): Promise<void> {
  await page.waitForURL("**/admin/sign-in/new-password**");
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.waitForLoadState("domcontentloaded");
}
