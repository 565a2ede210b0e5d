// What the family journeys share: England's date today and date arithmetic, the success banner's
// words, the axe check at a phone's and a desktop's width (with each page's weight noted), staff
// calls to the API outside the browser, and the demo's mail (invitation links and codes).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { checkScreen } from "./browser.ts";

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

/** The error summary's words, once it shows. */
export async function errorSummary(page: Page): Promise<string> {
  await page.locator(".govuk-error-summary").waitFor();
  return (await page.locator(".govuk-error-summary").textContent()) ?? "";
}

/** What a page cost to download, by kind: the HTML, its CSS and its JavaScript, in bytes (uncompressed). */
export interface PageWeight {
  readonly html: number;
  readonly css: number;
  readonly js: number;
}

const WEIGHTS = fileURLToPath(new URL("../reports/page-weights.json", import.meta.url));
const weights: Record<string, PageWeight & { total: number }> = {};

/** The page's weight from the browser's own resource timing. */
export async function pageWeight(page: Page): Promise<PageWeight> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const sum = (test: (name: string) => boolean) =>
      resources.filter((r) => test(new URL(r.name).pathname)).reduce((n, r) => n + r.decodedBodySize, 0);
    return {
      html: nav?.decodedBodySize ?? 0,
      css: sum((p) => p.endsWith(".css")),
      js: sum((p) => p.endsWith(".js") || p.endsWith(".mjs")),
    };
  });
}

/**
 * axe and a screenshot at a phone's width and a desktop's. On the phone nothing may widen the page;
 * what sticks out is named when something does. The page's weight is noted (reports/page-weights.json)
 * and kept under a phone's budget.
 */
export async function checkBoth(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
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
  const weight = await pageWeight(page);
  const total = weight.html + weight.css + weight.js;
  weights[name] = { ...weight, total };
  mkdirSync(fileURLToPath(new URL("../reports/", import.meta.url)), { recursive: true });
  writeFileSync(WEIGHTS, `${JSON.stringify(weights, null, 2)}\n`);
  // A phone on a slow connection: every page well under 100 KB before compression.
  expect(total, `${name} weighs ${total} bytes`).toBeLessThan(100_000);
}

/** An API call as one member of staff, outside the browser: the status and the parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: journeys read answers whose shapes they then assert.
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Signs in to the API at `apiUrl` outside the browser and returns a caller with the session cookie. */
export async function apiSession(apiUrl: string, email: string, password: string): Promise<ApiCall> {
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
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** One email the demo's outbox holds for families. */
export interface Mail {
  readonly kind: "family-invitation" | "family-code";
  readonly emailAddress: string;
  readonly personalisation: Record<string, string>;
  readonly createdAt: string;
}

/** The newest family email of `kind` to `email`, from the demo's mail viewer (`GET /api/family/demo-mail`). */
export async function latestMail(apiUrl: string, kind: Mail["kind"], email: string): Promise<Mail> {
  const response = await fetch(`${apiUrl}/api/family/demo-mail`, { headers: { Accept: "application/json" } });
  expect(response.status).toBe(200);
  const { mail } = (await response.json()) as { mail: Mail[] };
  const found = mail.find((m) => m.kind === kind && m.emailAddress === email);
  if (!found) throw new Error(`no ${kind} email to ${email} in the demo's outbox`);
  return found;
}
