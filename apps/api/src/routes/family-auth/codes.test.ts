// Signing in with a code sent by email: through the outbox to a stand-in for GOV.UK Notify over
// real HTTP; wrong, spent (5 wrong tries), expired (10 minutes) and reused codes refused naming
// the field; at most 3 codes an account each 15 minutes; the same answer for an unknown address
// and nothing sent; the caller's address throttled; never the address or the code in the audit
// trail or the logs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDue, type Notifier, notifierFromConfig } from "../../lib/notify.js";
import type { Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { familyRequest, invite, latestCode } from "../../test-support/family-sign-in.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { notifyStandIn, standInKey } from "../../test-support/notify-stand-in.js";
import { CODE_REQUESTS_PER_ADDRESS } from "./codes.js";

const KEY = standInKey();
const CODE_TEMPLATE = randomUUID();
const notify = notifyStandIn(KEY);
const START = "2026-11-20T10:00:00.000Z";
let h: Harness;
let notifier: Notifier;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };

const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];
const deliver = () => deliverDue({ db: h.db, notifier, clock: h.clock, logger: h.logger });

beforeAll(async () => {
  await notify.listen();
  h = await createHarness({
    now: START,
    env: {
      TRUST_PROXY: "true",
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
      NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
      NOTIFY_TEMPLATE_REPORT: randomUUID(),
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_CODE: CODE_TEMPLATE,
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
});
afterAll(async () => {
  await h.close();
  await notify.close();
});
beforeEach(() => {
  h.clock.set(START);
});

let n = 0;
/** A family member who took up their invitation (so has live access), and an address of their own to call from. */
async function member() {
  n += 1;
  const email = `code.member.${n}@example.com`;
  const c = await allocatedCase(h, coordinator, visitor, { carerEmail: `code.carer.${n}@example.com` });
  const { token, access } = await invite(h, visitor.cookie, c.childId, {
    kind: "carer",
    name: `Jo Member ${n}`,
    relationship: "dad",
    email,
  });
  const accepted = await familyRequest(h, `/api/family/invitations/${token}/accept`, { method: "POST" });
  expect(accepted.status).toBe(200);
  await deliver();
  notify.received.length = 0;
  return { email, access, childId: c.childId, address: `192.0.2.${n}` };
}

const ask = (email: string, address: string) =>
  familyRequest(h, "/api/family/sign-in/code", { json: { email }, address });
const verify = (email: string, code: string, address: string) =>
  familyRequest(h, "/api/family/sign-in/code/verify", { json: { email, code }, address });
const wrong = (code: string) => (code === "000000" ? "000001" : "000000");
const codes = (email: string) =>
  rows("select id from outbox where kind = 'family-code' and email_address = ?", email).then((r) => r.length);

describe("a sign-in code", () => {
  it("goes by email through GOV.UK Notify, and signs the family member in once", async () => {
    const m = await member();
    const asked = await ask(m.email.toUpperCase(), m.address);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({
      message: "If that email address can use the family app, a sign-in code is on its way. It works for 10 minutes.",
      minutes: 10,
    });
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(notify.received).toHaveLength(1);
    const email = notify.received[0];
    expect(email?.tokenValid).toBe(true);
    expect(email?.body).toMatchObject({
      template_id: CODE_TEMPLATE,
      email_address: m.email,
      personalisation: { service_name: h.protocol.serviceName, name: `Jo Member ${n}`, minutes: "10" },
    });
    const code = String(email?.body.personalisation.code);
    expect(code).toMatch(/^\d{6}$/);
    // Only a hash of the code is kept with it.
    expect(JSON.stringify(await rows("select * from family_codes"))).not.toContain(code);

    const signedIn = await verify(m.email, code, m.address);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body).toMatchObject({ member: { id: m.access.accountId }, method: "code" });
    const session = await familyRequest(h, "/api/family/session", { cookie: signedIn.cookie });
    expect(session.body).toMatchObject({ session: { method: "code" }, children: [{ childId: m.childId }] });

    const again = await verify(m.email, code, m.address);
    expect(again.status).toBe(401);
    expect(again.body.errors).toEqual([
      expect.objectContaining({ field: "code", message: expect.stringContaining("used already") }),
    ]);
    expect(again.setCookie).toBeNull();
  });

  it("refuses a wrong code naming the field, and after 5 wrong tries the right one no longer works", async () => {
    const m = await member();
    await ask(m.email, m.address);
    const code = (await latestCode(h, m.email)) ?? "";
    for (let i = 0; i < 5; i++) {
      const refused = await verify(m.email, wrong(code), m.address);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({
        type: "/api/problems/family-sign-in-failed",
        errors: [
          { field: "code", pointer: "/code", message: "The code is not right. Check the email we sent and try again." },
        ],
      });
    }
    const spent = await verify(m.email, code, m.address);
    expect(spent.status).toBe(401);
    expect(spent.body.errors[0].message).toContain("Too many wrong tries");
    // A new code works.
    await ask(m.email, m.address);
    expect((await verify(m.email, (await latestCode(h, m.email)) ?? "", m.address)).status).toBe(200);
  });

  it("counts 4 wrong tries and still lets the right code in", async () => {
    const m = await member();
    await ask(m.email, m.address);
    const code = (await latestCode(h, m.email)) ?? "";
    for (let i = 0; i < 4; i++) expect((await verify(m.email, wrong(code), m.address)).status).toBe(401);
    expect((await verify(m.email, code, m.address)).status).toBe(200);
  });

  it("runs out after 10 minutes", async () => {
    const m = await member();
    await ask(m.email, m.address);
    const code = (await latestCode(h, m.email)) ?? "";
    h.clock.advance(10 * 60_000);
    const late = await verify(m.email, code, m.address);
    expect(late.status).toBe(401);
    expect(late.body.errors[0].message).toContain("run out");
    await ask(m.email, m.address);
    const fresh = (await latestCode(h, m.email)) ?? "";
    h.clock.advance(10 * 60_000 - 1000);
    expect((await verify(m.email, fresh, m.address)).status).toBe(200);
  });

  it("is sent at most 3 times an account each 15 minutes, answering the same each time", async () => {
    const m = await member();
    for (let i = 0; i < 4; i++) {
      const asked = await ask(m.email, m.address);
      expect(asked.status).toBe(202);
      expect(asked.body.minutes).toBe(10);
    }
    expect(await codes(m.email)).toBe(3);
    expect(
      await rows(
        "select outcome, reason from audit_events where action = 'sign-in-code' and record_id = ? order by id",
        m.access.accountId,
      ),
    ).toEqual([
      { outcome: "success", reason: "code-sent" },
      { outcome: "success", reason: "code-sent" },
      { outcome: "success", reason: "code-sent" },
      { outcome: "denied", reason: "code-throttled" },
    ]);
    h.clock.advance(15 * 60_000 + 1000);
    await ask(m.email, m.address);
    expect(await codes(m.email)).toBe(4);
  });

  it("answers an unknown address the same, sends nothing, and refuses any code for it", async () => {
    const m = await member();
    const known = await ask(m.email, m.address);
    const unknown = await ask("nobody.here@example.com", m.address);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(await codes("nobody.here@example.com")).toBe(0);
    const refused = await verify("nobody.here@example.com", "123456", m.address);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toBe("The code is not right. Check the email we sent and try again.");
    expect(
      await rows("select reason, record_id from audit_events where reason like 'unknown-account' order by id"),
    ).toEqual([
      { reason: "unknown-account", record_id: null },
      { reason: "unknown-account", record_id: null },
    ]);
  });

  it("is not sent to an address whose only access was revoked, or not yet taken up", async () => {
    const m = await member();
    const revoked = await familyRequest(h, `/api/cases/${m.childId}/family-access/${m.access.id}/revocation`, {
      json: { version: 2 },
      cookie: visitor.cookie,
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect((await ask(m.email, m.address)).status).toBe(202);
    const c = await allocatedCase(h, coordinator, visitor, { carerEmail: "pending.carer@example.com" });
    await invite(h, visitor.cookie, c.childId, {
      kind: "carer",
      name: "Not Yet",
      relationship: "dad",
      email: "not.yet@example.com",
    });
    expect((await ask("not.yet@example.com", m.address)).status).toBe(202);
    expect(await codes(m.email)).toBe(0);
    expect(await codes("not.yet@example.com")).toBe(0);
  });

  it("refuses a body that is not an email and a 6-digit code with 422 naming the field", async () => {
    const m = await member();
    const bad = await ask("not an address", m.address);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("email");
    const short = await verify(m.email, "12345", m.address);
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe("code");
  });

  it("throttles requests from one address (429), and not another address's", async () => {
    const m = await member();
    const address = "198.51.100.7";
    for (let i = 0; i < CODE_REQUESTS_PER_ADDRESS; i++) {
      expect((await ask(`someone.${i}@example.com`, address)).status).toBe(202);
    }
    const throttled = await ask(m.email, address);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("900");
    expect(await codes(m.email)).toBe(0);
    expect((await ask(m.email, "198.51.100.8")).status).toBe(202);
    expect(await codes(m.email)).toBe(1);
  });

  it("keeps the email address and the code out of the audit trail and the logs", async () => {
    const m = await member();
    await ask(m.email, m.address);
    const code = (await latestCode(h, m.email)) ?? "";
    await verify(m.email, wrong(code), m.address);
    await verify(m.email, code, m.address);
    await ask("nobody.else@example.com", m.address);
    await deliver();
    const audit = JSON.stringify(await rows("select * from audit_events"));
    const logs = JSON.stringify(h.logger.lines);
    for (const secret of [m.email, code, "nobody.else@example.com"]) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(audit).toContain('"reason":"code-wrong"');
  });
});
