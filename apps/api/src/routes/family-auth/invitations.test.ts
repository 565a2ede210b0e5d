// Invitation links from the family's side: usable once, for 14 days; expired, used, voided and
// unknown links refused with one problem shape that says nothing of the child, and audited
// without the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite, latestInvitationEmail } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
const START = "2026-11-20T10:00:00.000Z";

const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];

beforeAll(async () => {
  h = await createHarness({ now: START });
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
});
afterAll(() => h.close());

let n = 0;
async function invited() {
  h.clock.set(START);
  n += 1;
  const c = await allocatedCase(h, coordinator, visitor, { carerEmail: `inv.carer.${n}@example.com` });
  const made = await invite(h, visitor.cookie, c.childId, {
    kind: "helper",
    name: `Pat Helper ${n}`,
    relationship: "grandparent",
    email: `inv.helper.${n}@example.com`,
    permissions: { practice: true, visits: false, reports: false, sharing: false },
  });
  return { ...c, ...made };
}

/** The three ways of using a link, each refused the same way for a link that cannot be used. */
async function everyUse(token: string) {
  return [
    await familyRequest(h, `/api/family/invitations/${token}`),
    await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" }),
    await familyRequest(h, `/api/family/invitations/${token}/passkey-options`, { method: "POST" }),
  ];
}

function expectRefused(answers: Awaited<ReturnType<typeof everyUse>>, status: number, invitation: string) {
  for (const answer of answers) {
    expect(answer.status).toBe(status);
    expect(Object.keys(answer.body).sort()).toEqual(["detail", "invitation", "status", "title", "type"]);
    expect(answer.body).toMatchObject({ type: "/api/problems/invitation-unusable", status, invitation });
    expect(answer.setCookie).toBeNull();
  }
}

describe("an invitation link", () => {
  it("can be used once: the second time it is refused as used", async () => {
    const { token, childId } = await invited();
    const first = await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ method: "invitation", expiresAt: "2026-12-20T10:00:00.000Z" });
    expect(first.cookie).toMatch(/^__Host-openportage-family=[A-Za-z0-9_-]{43}$/);
    const answers = await everyUse(token);
    expectRefused(answers, 410, "used");
    expect(answers[0]?.body.detail).toContain("Sign in with your passkey");
    // The child is not named in the refusal.
    expect(JSON.stringify(answers.map((a) => a.body))).not.toContain("Ada");
    expect(
      await rows(
        "select reason from audit_events where action = 'sign-in-failed' and reason like 'invitation-%' order by id",
      ),
    ).toEqual([{ reason: "invitation-used" }, { reason: "invitation-used" }]);
    expect(await rows("select status from family_access where child_id = ?", childId)).toEqual([{ status: "active" }]);
  });

  it("runs out after 14 days", async () => {
    const { token } = await invited();
    h.clock.advance(14 * 86_400_000 - 60_000);
    expect((await familyRequest(h, `/api/family/invitations/${token}`)).status).toBe(200);
    h.clock.set(new Date(new Date(START).getTime() + 15 * 86_400_000));
    expectRefused(await everyUse(token), 410, "expired");
    expect(
      await rows("select action, outcome from audit_events where reason = 'invitation-expired' order by id"),
    ).toEqual([
      { action: "denied", outcome: "denied" },
      { action: "sign-in-failed", outcome: "failure" },
      { action: "sign-in-failed", outcome: "failure" },
    ]);
  });

  it("is voided when another invitation for the same access is used", async () => {
    const { token, childId, access } = await invited();
    const fresh = await h.request(`/api/cases/${childId}/family-access/${access.id}/invitations`, {
      method: "POST",
      cookie: visitor.cookie,
      json: { via: "email" },
    });
    expect(fresh.status).toBe(202);
    const second = (await latestInvitationEmail(h, childId)).token;
    expect(second).not.toBe(token);
    expect((await familyRequest(h, `/api/family/invitations/${second}/accept`, { method: "POST" })).status).toBe(200);
    expectRefused(await everyUse(token), 410, "voided");
  });

  it("is refused when unknown or malformed, as 404 with the same shape", async () => {
    expectRefused(await everyUse("A".repeat(43)), 404, "unknown");
    expectRefused(await everyUse("not-a-token"), 404, "unknown");
    expect(
      await rows("select reason, record_id, actor_id from audit_events where reason = 'invitation-unknown'"),
    ).toEqual(Array.from({ length: 6 }, () => ({ reason: "invitation-unknown", record_id: null, actor_id: null })));
  });

  it("never puts the token in the audit trail or the logs", async () => {
    const { token } = await invited();
    await familyRequest(h, `/api/family/invitations/${token}`);
    await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
    await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
    const audit = JSON.stringify(await rows("select * from audit_events"));
    expect(audit).toContain("/api/family/invitations/:token/accept");
    expect(audit).not.toContain(token);
    expect(JSON.stringify(h.logger.lines)).not.toContain(token);
  });

  it("shows who it is for and the child's first name only while it can be used, audited as the family member", async () => {
    const { token, childId, access } = await invited();
    const shown = await familyRequest(h, `/api/family/invitations/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      name: `Pat Helper ${n}`,
      childFirstName: "Ada",
      serviceName: h.protocol.serviceName,
      expiresAt: "2026-12-04T10:00:00.000Z",
      expiresOn: "4 December 2026",
      hasPasskey: false,
    });
    expect(shown.headers.get("cache-control")).toContain("no-store");
    expect(
      await rows(
        "select actor_id, actor_role from audit_events where record_id = ? and reason = 'family-invitation'",
        childId,
      ),
    ).toEqual([{ actor_id: access.accountId, actor_role: "family" }]);
  });
});
