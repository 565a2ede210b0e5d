// Family sessions: their own `__Host-` cookie (Secure, HttpOnly, SameSite=Lax), 7 days idle and
// 30 days absolute, a new one at every sign-in, ended by signing out; and kept apart from staff
// sessions both ways: a staff session gets 401 on family routes, a family session 401 on staff routes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

const START = "2026-11-20T10:00:00.000Z";
const DAY = 86_400_000;
let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };

const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];

beforeAll(async () => {
  h = await createHarness({ now: START });
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
});
afterAll(() => h.close());
beforeEach(() => h.clock.set(START));

let n = 0;
/** A family member signed in by taking up their invitation. */
async function signedIn() {
  n += 1;
  const c = await allocatedCase(h, coordinator, visitor, { carerEmail: `s.carer.${n}@example.com` });
  const { token, access } = await invite(h, visitor.cookie, c.childId, {
    kind: "helper",
    name: `Ray Session ${n}`,
    relationship: "grandad",
    email: `s.member.${n}@example.com`,
    permissions: { practice: true, visits: false, reports: true, sharing: false },
  });
  const answer = await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
  expect(answer.status).toBe(200);
  return { childId: c.childId, access, answer, cookie: answer.cookie ?? "" };
}

const session = (cookie: string | null) => familyRequest(h, "/api/family/session", { cookie });

describe("the family session cookie", () => {
  it("is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, for 30 days, holding 256 random bits", async () => {
    const { answer } = await signedIn();
    const parts = (answer.setCookie ?? "").split("; ");
    expect(parts[0]).toMatch(/^__Host-openportage-family=[A-Za-z0-9_-]{43}$/);
    expect(parts.slice(1).sort()).toEqual(["HttpOnly", "Max-Age=2592000", "Path=/", "SameSite=Lax", "Secure"]);
    expect(answer.headers.get("cache-control")).toContain("no-store");
    // Only the token's hash is stored.
    const token = (parts[0] ?? "").split("=")[1] ?? "";
    expect(JSON.stringify(await rows("select * from family_sessions"))).not.toContain(token);
  });
});

describe("GET /api/family/session", () => {
  it("says who is signed in and the children they may see, with what they may see; audited as reads", async () => {
    const { childId, access, cookie } = await signedIn();
    const res = await session(cookie);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      member: { id: access.accountId, name: `Ray Session ${n}`, email: `s.member.${n}@example.com` },
      session: {
        method: "invitation",
        startedAt: START,
        expiresAt: "2026-12-20T10:00:00.000Z",
        idleDays: 7,
      },
      passkeys: 0,
      children: [
        {
          childId,
          firstName: "Ada",
          accessId: access.id,
          relationship: "grandad",
          kind: "helper",
          permissions: { practice: true, visits: false, reports: true, sharing: false },
          status: "active",
          endsAt: null,
        },
      ],
    });
    expect(
      await rows(
        "select actor_id, actor_role, reason from audit_events where action = 'read' and record_id = ? and reason = 'family-session'",
        childId,
      ),
    ).toEqual([{ actor_id: access.accountId, actor_role: "family", reason: "family-session" }]);
  });
});

describe("family and staff sessions are apart", () => {
  it("a staff session gets 401 on family routes", async () => {
    for (const [method, path] of [
      ["GET", "/api/family/session"],
      ["POST", "/api/family/sign-out"],
      ["POST", "/api/family/passkeys/options"],
    ] as const) {
      const res = await familyRequest(h, path, { method, cookie: coordinator.cookie });
      expect(res.status, path).toBe(401);
      expect(res.body.type).toBe("/api/problems/not-signed-in");
    }
    expect(await rows("select actor_id from audit_events where reason = 'not-signed-in-family' limit 1")).toEqual([
      { actor_id: null },
    ]);
  });

  it("a family session gets 401 on staff routes", async () => {
    const { cookie, childId } = await signedIn();
    for (const path of [
      "/api/cases",
      `/api/cases/${childId}`,
      "/api/auth/session",
      `/api/cases/${childId}/family-access`,
    ]) {
      const res = await familyRequest(h, path, { cookie });
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain("Ada");
    }
    // Both cookies at once: each route reads only its own.
    const both = `${cookie}; ${coordinator.cookie}`;
    expect((await familyRequest(h, "/api/cases", { cookie: both })).status).toBe(200);
    const family = await session(both);
    expect(family.status).toBe(200);
    expect(family.body.member.name).toMatch(/^Ray Session/);
  });
});

describe("how long a family session lasts", () => {
  it("ends after 7 days unused", async () => {
    const { cookie } = await signedIn();
    h.clock.advance(7 * DAY - 60_000);
    expect((await session(cookie)).status).toBe(200);
    h.clock.advance(7 * DAY);
    expect((await session(cookie)).status).toBe(401);
    // And stays ended, even were the clock to go back.
    h.clock.set(START);
    expect((await session(cookie)).status).toBe(401);
  });

  it("goes on while used, and ends 30 days after sign-in whatever happens", async () => {
    const { cookie } = await signedIn();
    for (let day = 6; day < 30; day += 6) {
      h.clock.set(new Date(new Date(START).getTime() + day * DAY));
      expect((await session(cookie)).status, `day ${day}`).toBe(200);
    }
    h.clock.set(new Date(new Date(START).getTime() + 30 * DAY - 60_000));
    expect((await session(cookie)).status).toBe(200);
    h.clock.set(new Date(new Date(START).getTime() + 30 * DAY));
    expect((await session(cookie)).status).toBe(401);
  });
});

describe("signing in and out", () => {
  it("signing out ends the session on the server and clears the cookie", async () => {
    const { cookie, access } = await signedIn();
    const out = await familyRequest(h, "/api/family/sign-out", { method: "POST", cookie });
    expect(out.status).toBe(204);
    expect(out.setCookie).toBe("__Host-openportage-family=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
    expect((await session(cookie)).status).toBe(401);
    expect(
      await rows("select action from audit_events where action = 'sign-out' and record_id = ?", access.accountId),
    ).toEqual([{ action: "sign-out" }]);
  });

  it("a new sign-in starts a new session and ends the one the browser held", async () => {
    const first = await signedIn();
    const second = await signedIn();
    // The second invitation taken up in the browser that holds the first session.
    const c = await allocatedCase(h, coordinator, visitor, { carerEmail: "third.carer@example.com" });
    const { token } = await invite(h, visitor.cookie, c.childId, {
      kind: "carer",
      name: "Third Person",
      relationship: "dad",
      email: "third@example.com",
    });
    const taken = await familyRequest(h, `/api/family/invitations/${token}/accept`, {
      method: "POST",
      cookie: first.cookie,
    });
    expect(taken.status).toBe(200);
    expect(taken.cookie).not.toBe(first.cookie);
    expect((await session(first.cookie)).status).toBe(401);
    expect((await session(taken.cookie)).status).toBe(200);
    expect((await session(second.cookie)).status).toBe(200);
  });

  it("state changes need the service's own origin, as staff routes do", async () => {
    const { cookie } = await signedIn();
    const res = await familyRequest(h, "/api/family/sign-out", {
      method: "POST",
      cookie,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect((await session(cookie)).status).toBe(200);
  });
});
