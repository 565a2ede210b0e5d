// For the family sign-in and family access tests: requests as the family app's pages make them
// (same origin, the family cookie, a caller's address), invitations made through the staff API
// with the token read back from the email queued, and the latest code sent to an address.
import { expect } from "vitest";
import type { Json } from "./calls.js";
import { type Harness, ORIGIN } from "./harness.js";

/** An answer, with the family cookie it set (as a `Cookie` header value) and its raw `Set-Cookie`. */
export interface FamilyAnswer {
  status: number;
  body: Json;
  setCookie: string | null;
  cookie: string | null;
  headers: Headers;
}

/** Sends a request from the family app's origin; with `address`, as that caller (the harness trusts the proxy). */
export async function familyRequest(
  h: Harness,
  path: string,
  init: { method?: string; json?: unknown; cookie?: string | null; address?: string; origin?: string | null } = {},
): Promise<FamilyAnswer> {
  const headers: Record<string, string> = {};
  if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
  if (init.address) headers["x-forwarded-for"] = init.address;
  const res = await h.request(path, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    ...(init.json !== undefined ? { json: init.json } : {}),
    ...(init.cookie ? { cookie: init.cookie } : {}),
  });
  const text = await res.text();
  const setCookie = res.headers.get("set-cookie");
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : {},
    setCookie,
    cookie: setCookie ? (setCookie.split(";")[0] ?? null) : null,
    headers: res.headers,
  };
}

/** The token in an invitation link. */
export function tokenOf(link: string): string {
  const token = /\/family\/invitation\/([A-Za-z0-9_-]{43})$/.exec(link)?.[1];
  if (!token) throw new Error(`not an invitation link: ${link}`);
  return token;
}

/** The newest invitation email queued for a child: its address and personalisation. */
export async function latestInvitationEmail(h: Harness, childId: string) {
  const result = await h.db.$client.execute({
    sql: "select email_address, personalisation from outbox where kind = 'family-invitation' and child_id = ? order by rowid desc limit 1",
    args: [childId],
  });
  const row = result.rows[0];
  if (!row) throw new Error("no invitation email queued");
  const personalisation = JSON.parse(String(row.personalisation)) as Record<string, string>;
  return { emailAddress: String(row.email_address), personalisation, token: tokenOf(personalisation.link ?? "") };
}

/** The newest sign-in code queued for an address, or undefined. */
export async function latestCode(h: Harness, email: string): Promise<string | undefined> {
  const result = await h.db.$client.execute({
    sql: "select personalisation from outbox where kind = 'family-code' and email_address = ? order by rowid desc limit 1",
    args: [email],
  });
  const row = result.rows[0];
  return row ? (JSON.parse(String(row.personalisation)) as { code: string }).code : undefined;
}

/** Invites a person through the staff API; returns the access and the invitation's token. */
export async function invite(
  h: Harness,
  staffCookie: string,
  childId: string,
  body: Json = {
    kind: "helper",
    name: "Pat Helper",
    relationship: "grandparent",
    email: "pat@example.com",
    permissions: { practice: true, visits: true, reports: false, sharing: false },
  },
) {
  const res = await h.request(`/api/cases/${childId}/family-access`, {
    method: "POST",
    cookie: staffCookie,
    json: body,
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const answer = JSON.parse(text) as Json;
  const email = await latestInvitationEmail(h, childId);
  return { access: answer.access as Json, token: email.token, email };
}
