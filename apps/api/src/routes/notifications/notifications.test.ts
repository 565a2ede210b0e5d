// Notifications not sent, on a real database file and GOV.UK Notify's own client talking HTTP to
// the stand-in: an email that keeps failing ends in the list after the last attempt (one Notify
// refuses with a 400 at once); a coordinator corrects a mistyped carer email and sends it again,
// and it goes once, to the corrected address; one is set aside and stays for the record; two people
// acting at once: the second is told and nothing is overwritten; a secret is never sent again; a
// claim stuck past its lease is listed and can only be set aside; a home visitor is refused.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, deliverDue, MAX_ATTEMPTS, type Notifier, notifierFromConfig } from "../../lib/notify.js";
import { SESSION_COOKIE, startSession } from "../../lib/session.js";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { notifyStandIn, standInKey } from "../../test-support/notify-stand-in.js";
import type { NotificationsAnswer, NotificationView } from "./contract.js";
import { versionOf } from "./notifications.routes.js";

const KEY = standInKey();
const PARENT_TEMPLATE = randomUUID();
const TEAM_TEMPLATE = randomUUID();
const TEAM = "portage.team@council.example";

const notify = notifyStandIn(KEY);
let h: Harness;
let notifier: Notifier;
type Member = Awaited<ReturnType<Harness["staffMember"]>>;
let coordinator: Member;
let secondCoordinator: Member;
let administrator: Member;

/** A session started now: the test's clock moves on by hours, past the idle timeout. */
async function signedIn(member: Member): Promise<string> {
  const { token } = await startSession(h.db, member.id, h.clock.now(), h.config.SESSION_ABSOLUTE_HOURS);
  return `${SESSION_COOKIE}=${token}`;
}

beforeAll(async () => {
  await notify.listen();
  h = await createHarness({
    env: {
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: PARENT_TEMPLATE,
      NOTIFY_TEMPLATE_TEAM_ALERT: TEAM_TEMPLATE,
      NOTIFY_TEMPLATE_REPORT: randomUUID(),
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
      NOTIFY_TIMEOUT_SECONDS: "1",
      TEAM_EMAIL: TEAM,
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  secondCoordinator = await h.staffMember("coordinator", "Colin Ordinator");
  administrator = await h.staffMember("administrator", "Ada Ministrator");
});
afterAll(async () => {
  await h.close();
  await notify.close();
});
beforeEach(() => {
  notify.received.length = 0;
  notify.posts.length = 0;
  notify.answer(201);
  notify.answerLookups(200);
});

const deliver = () => deliverDue({ db: h.db, notifier, clock: h.clock, logger: h.logger, leaseMs: 2000 });

async function list(member: Member, query = ""): Promise<NotificationsAnswer> {
  const res = await h.request(`/api/notifications${query}`, { cookie: await signedIn(member) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as NotificationsAnswer;
}

async function listed(kind: string, reference: string, member = coordinator): Promise<NotificationView> {
  const found = (await list(member)).notifications.find((n) => n.kind === kind && n.about?.reference === reference);
  if (!found) throw new Error(`no ${kind} for ${reference} in the list`);
  return found;
}

async function decide(id: string, action: "send-again" | "set-aside", member: Member, body: unknown) {
  const r = await h.request(`/api/notifications/${id}/${action}`, {
    method: "POST",
    cookie: await signedIn(member),
    json: body,
  });
  return r;
}

async function outboxRow(id: string) {
  const result = await h.db.$client.execute({ sql: "select * from outbox where id = ?", args: [id] });
  return result.rows[0] as unknown as Record<string, string | number | null>;
}

/** Refers a child with a carer email, then lets Notify fail every attempt the outbox makes. */
async function referAndFailEveryAttempt(firstName: string, carerEmail: string) {
  notify.answer(500);
  const { reference, id } = await h.refer({ childFirstName: firstName, carerEmail });
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await deliver();
    h.clock.advance(backoffMs(attempt));
  }
  notify.answer(201);
  return { reference, id };
}

describe("an email that keeps failing", () => {
  it("is listed once every attempt is used, not before, with the address partly hidden", async () => {
    notify.answer(500);
    const { reference } = await h.refer({ childFirstName: "Failia", carerEmail: "jane.parent@gmial.example" });
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await deliver();
      h.clock.advance(backoffMs(attempt));
    }
    // Seven attempts in: still being retried, so not in the list.
    expect((await list(coordinator)).notifications.some((n) => n.about?.reference === reference)).toBe(false);
    await deliver();
    const answer = await list(coordinator);
    const parent = answer.notifications.find(
      (n) => n.kind === "parent-confirmation" && n.about?.reference === reference,
    );
    expect(parent).toMatchObject({
      state: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: "HTTP 500",
      recipient: "j•••@gmial.example",
      about: { reference, childName: "Failia Example" },
      canSendAgain: true,
      canSetAside: true,
      addressChanged: false,
    });
    expect(answer.notifications.find((n) => n.kind === "team-alert" && n.about?.reference === reference)).toMatchObject(
      {
        state: "failed",
        recipient: "p•••@council.example",
      },
    );
    // The full address is never in the list.
    expect(JSON.stringify(answer)).not.toContain("jane.parent");
    // The read is audited: the list, and the child it named.
    const audited = await h.db.$client.execute({
      sql: "select record_type, record_id from audit_events where actor_id = ? and action = 'read' order by id desc limit 5",
      args: [coordinator.id],
    });
    expect(audited.rows.map((r) => r.record_type)).toEqual(expect.arrayContaining(["notifications", "child"]));
  });

  it("fails at once when Notify refuses it for good (400), without using the other attempts", async () => {
    notify.answer(400);
    const { reference } = await h.refer({ childFirstName: "Refusa", carerEmail: "refused@example.com" });
    await deliver();
    expect(await listed("parent-confirmation", reference)).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: "HTTP 400",
    });
    expect(notify.posts.length).toBe(2);
    notify.answer(201);
    h.clock.advance(backoffMs(8));
    await deliver();
    expect(notify.posts.length).toBe(2); // not tried again by itself
  });

  it("shows administrators the reference but not the child's name, and counts what needs action", async () => {
    const { reference } = await h.refer({ childFirstName: "Adminia", carerEmail: "a.parent@example.com" });
    notify.answer(400);
    await deliver();
    const seen = await listed("parent-confirmation", reference, administrator);
    expect(seen.about).toMatchObject({ reference, childName: null });
    expect(JSON.stringify(await list(administrator))).not.toMatch(/Adminia|Failia/);
    const summary = await h.request("/api/notifications/summary", { cookie: await signedIn(administrator) });
    const counts = (await summary.json()) as { needsAction: number; failed: number; stuck: number };
    expect(counts.needsAction).toBe((await list(coordinator)).total);
    expect(counts.failed).toBeGreaterThanOrEqual(2);
  });
});

describe("send again", () => {
  it("goes once, to the carer email as corrected on the referral, with a fresh set of attempts", async () => {
    const { reference, id: referralId } = await referAndFailEveryAttempt("Resenda", "resenda@gmial.example");
    const corrected = await h.request(`/api/referrals/${referralId}`, {
      method: "PATCH",
      cookie: await signedIn(coordinator),
      json: { answers: { carerEmail: "resenda@gmail.example" } },
    });
    expect(corrected.status, await corrected.clone().text()).toBe(200);
    const failed = await listed("parent-confirmation", reference);
    expect(failed.addressChanged).toBe(true);
    const one = await h.request(`/api/notifications/${failed.id}`, { cookie: await signedIn(coordinator) });
    expect(await one.json()).toEqual(failed);

    const res = await decide(failed.id, "send-again", coordinator, { version: failed.version });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id: failed.id, state: "queued", attempts: 0, lastError: null });
    await deliver();
    await deliver();
    const sent = notify.received.filter((r) => r.body.reference === failed.id);
    expect(sent.map((r) => r.body.email_address)).toEqual(["resenda@gmail.example"]);
    expect(await outboxRow(failed.id)).toMatchObject({ status: "sent", attempts: 1 });
    expect((await list(coordinator)).notifications.some((n) => n.id === failed.id)).toBe(false);
    const audited = await h.db.$client.execute({
      sql: "select actor_id, action, reason from audit_events where record_type = 'notification' and record_id = ?",
      args: [failed.id],
    });
    expect(audited.rows.map((r) => [r.actor_id, r.action, r.reason])).toEqual([
      [coordinator.id, "read", null],
      [coordinator.id, "change", "send-again"],
    ]);
  });

  it("is refused for a stale version (edit-conflict), and for one that is not failed (conflict)", async () => {
    const { reference } = await referAndFailEveryAttempt("Stalea", "stalea@example.com");
    const failed = await listed("parent-confirmation", reference);
    const stale = await decide(failed.id, "send-again", coordinator, { version: "AAAAAAAAAAAAAAAA" });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ type: "/api/problems/edit-conflict", status: 409, state: "failed" });
    expect((await decide(failed.id, "send-again", coordinator, { version: failed.version })).status).toBe(200);
    const again = await decide(failed.id, "send-again", coordinator, { version: await versionNow(failed.id) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: "/api/problems/conflict" });
  });
});

/** The row's version now, as the list would give it. */
async function versionNow(id: string): Promise<string> {
  const row = await outboxRow(id);
  return versionOf({
    status: row.status as "pending",
    attempts: Number(row.attempts),
    nextAttemptAt: String(row.next_attempt_at),
    claimedAt: row.claimed_at === null ? null : String(row.claimed_at),
  });
}

describe("set aside", () => {
  it("is never sent, stays for the record with who set it aside, and leaves the list of those needing action", async () => {
    const { reference } = await referAndFailEveryAttempt("Asidea", "asidea@example.com");
    const team = await listed("team-alert", reference);
    const at = h.clock.now().toISOString();
    const res = await decide(team.id, "set-aside", secondCoordinator, { version: team.version });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ state: "set-aside", canSendAgain: false, canSetAside: false });
    const tried = notify.posts.filter((p) => p.body.reference === team.id).length;
    h.clock.advance(3_600_000);
    await deliver();
    expect(notify.posts.filter((p) => p.body.reference === team.id)).toHaveLength(tried);
    expect(await outboxRow(team.id)).toMatchObject({
      status: "set-aside",
      last_error: "HTTP 500",
      attempts: MAX_ATTEMPTS,
    });
    expect((await list(coordinator)).notifications.some((n) => n.id === team.id)).toBe(false);
    const aside = (await list(coordinator, "?show=set-aside")).notifications.find((n) => n.id === team.id);
    expect(aside?.setAside).toEqual({ by: "Colin Ordinator", at });
  });
});

describe("two people acting at once", () => {
  it("lets the first act; the second is told who did what, and nothing is overwritten", async () => {
    const { reference } = await referAndFailEveryAttempt("Twoa", "twoa@example.com");
    const seenByCora = await listed("parent-confirmation", reference);
    const seenByColin = await listed("parent-confirmation", reference, secondCoordinator);
    expect(seenByColin.version).toBe(seenByCora.version);
    const first = await decide(seenByCora.id, "set-aside", coordinator, { version: seenByCora.version });
    expect(first.status).toBe(200);
    const second = await decide(seenByColin.id, "send-again", secondCoordinator, {
      version: seenByColin.version,
    });
    expect(second.status).toBe(409);
    expect(second.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await second.json()) as { type: string; detail: string; changedBy: string };
    expect(problem.type).toBe("/api/problems/edit-conflict");
    expect(problem.changedBy).toBe("Cora Ordinator");
    expect(problem.detail).toContain("set aside by Cora Ordinator");
    expect(await outboxRow(seenByCora.id)).toMatchObject({ status: "set-aside" });
    const tried = notify.posts.filter((p) => p.body.reference === seenByCora.id).length;
    await deliver();
    expect(notify.posts.filter((p) => p.body.reference === seenByCora.id)).toHaveLength(tried);
  });

  it("sends once when both send it again in the same moment", async () => {
    const { reference } = await referAndFailEveryAttempt("Twob", "twob@example.com");
    const seen = await listed("parent-confirmation", reference);
    const answers = await Promise.all([
      decide(seen.id, "send-again", coordinator, { version: seen.version }),
      decide(seen.id, "send-again", secondCoordinator, { version: seen.version }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    await deliver();
    await deliver();
    expect(notify.received.filter((r) => r.body.reference === seen.id)).toHaveLength(1);
    const audited = await h.db.$client.execute({
      sql: "select count(*) as n from audit_events where record_type = 'notification' and record_id = ? and reason = 'send-again'",
      args: [seen.id],
    });
    expect(Number(audited.rows[0]?.n)).toBe(1);
  });
});

describe("a secret", () => {
  it("is never sent again: set aside only, and it keeps the secret no more", async () => {
    notify.answer(400);
    const asked = await h.request("/api/auth/password-reset", {
      method: "POST",
      headers: { origin: "http://localhost" },
      json: { email: administrator.email },
    });
    expect(asked.status, await asked.clone().text()).toBeLessThan(300);
    await deliver();
    const reset = (await list(coordinator)).notifications.find((n) => n.kind === "staff-password-reset");
    expect(reset).toMatchObject({ state: "failed", canSendAgain: false, canSetAside: true, about: null });
    expect(reset?.sendAgainRefusal).toContain("ask for a new link");
    const refused = await decide(reset?.id ?? "", "send-again", coordinator, { version: reset?.version });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: "/api/problems/conflict" });
    expect(JSON.parse(String((await outboxRow(reset?.id ?? "")).personalisation))).toHaveProperty("link");
    const aside = await decide(reset?.id ?? "", "set-aside", coordinator, { version: reset?.version });
    expect(aside.status).toBe(200);
    expect(JSON.parse(String((await outboxRow(reset?.id ?? "")).personalisation))).toEqual({ forgotten: "set-aside" });
  });
});

describe("a report that failed", () => {
  it("set aside, is recorded on its disclosure as never having left", async () => {
    const visitor = await h.staffMember("home-visitor");
    const testCase = await allocatedCase(
      h,
      { id: coordinator.id, cookie: await signedIn(coordinator) },
      { id: visitor.id, cookie: await signedIn(visitor) },
      { childFirstName: "Reporta" },
    );
    const disclosureId = randomUUID();
    const outboxId = randomUUID();
    const at = h.clock.now().toISOString();
    await h.db.$client.execute({
      sql: "insert into disclosures (id, child_id, recipient_id, what, purpose, basis, channel, email_address, disclosed_on, disclosed_by, created_at) values (?, ?, 'health-visitor', 'report', 'coordinating-support', 'consent', 'notify-email', 'jo.health@nhs.example', '2026-11-20', ?, ?)",
      args: [disclosureId, testCase.childId, coordinator.id, at],
    });
    await h.db.$client.execute({
      sql: "insert into outbox (id, kind, email_address, personalisation, child_id, disclosure_id, status, attempts, last_error, next_attempt_at, created_at) values (?, 'report', 'jo.health@nhs.example', '{}', ?, ?, 'failed', 8, 'HTTP 500', ?, ?)",
      args: [outboxId, testCase.childId, disclosureId, at, at],
    });
    const report = (await list(coordinator)).notifications.find((n) => n.id === outboxId);
    expect(report).toMatchObject({
      kind: "report",
      state: "failed",
      recipient: "j•••@nhs.example",
      about: { childId: testCase.childId, reference: testCase.reference, childName: "Reporta Caseworka" },
      canSendAgain: true,
    });
    const res = await decide(outboxId, "set-aside", coordinator, { version: report?.version });
    expect(res.status, await res.clone().text()).toBe(200);
    const disclosures = await h.request(`/api/cases/${testCase.childId}/disclosures`, {
      cookie: await signedIn(coordinator),
    });
    const sent = ((await disclosures.json()) as { disclosures: { id: string; delivery: { status: string } | null }[] })
      .disclosures;
    expect(sent.find((d) => d.id === disclosureId)?.delivery?.status).toBe("set-aside");
    const row = await h.db.$client.execute({
      sql: "select cancelled_at from disclosures where id = ?",
      args: [disclosureId],
    });
    expect(row.rows[0]?.cancelled_at).toBe(h.clock.now().toISOString());
  });
});

describe("a delivery stuck past its lease", () => {
  it("is listed while Notify cannot be asked whether it arrived, can be set aside, and is not sent again", async () => {
    const { reference } = await h.refer({ childFirstName: "Stucka", carerEmail: "stucka@example.com" });
    // The request leaves and no answer comes back (a time-out): the claim stays.
    notify.hold();
    await deliver();
    notify.release();
    notify.answerLookups(500);
    h.clock.advance(5_000);
    await deliver(); // Notify cannot be asked: the claim stands
    const stuck = await listed("parent-confirmation", reference);
    expect(stuck).toMatchObject({ state: "stuck", canSendAgain: false, canSetAside: true });
    expect((await decide(stuck.id, "send-again", coordinator, { version: stuck.version })).status).toBe(409);
    expect((await decide(stuck.id, "set-aside", coordinator, { version: stuck.version })).status).toBe(200);
    notify.answerLookups(200);
    const before = notify.posts.length;
    await deliver();
    expect(notify.posts.length).toBe(before);
    expect(await outboxRow(stuck.id)).toMatchObject({ status: "set-aside" });
  });
});

describe("an email sent that did not arrive", () => {
  /** The parent's confirmation of a new referral, sent: its outbox id. */
  async function sentConfirmation(firstName: string, carerEmail: string) {
    const { reference, id } = await h.refer({ childFirstName: firstName, carerEmail });
    await deliver();
    const rows = await h.db.$client.execute({
      sql: "select id from outbox where referral_id = ? and kind = 'parent-confirmation' and status = 'sent'",
      args: [id],
    });
    const outboxId = String(rows.rows[0]?.id);
    expect(outboxId).not.toBe("undefined");
    return { reference, referralId: id, outboxId };
  }

  it("is listed as not sent once Notify says it bounced, and goes again to the corrected address", async () => {
    const { reference, referralId, outboxId } = await sentConfirmation("Bouncea", "bouncea@gmial.example");
    notify.becomes(outboxId, "permanent-failure");
    // Not asked about before two minutes have passed; then it is failed, with the reason.
    await deliver();
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: null });
    h.clock.advance(3 * 60_000);
    const round = await deliver();
    expect(round.notDelivered).toBeGreaterThanOrEqual(1);
    expect(await outboxRow(outboxId)).toMatchObject({
      status: "failed",
      delivery: "not-delivered",
      last_error: "not delivered: permanent-failure",
    });
    const failed = await listed("parent-confirmation", reference);
    expect(failed).toMatchObject({
      state: "failed",
      lastError: "not delivered: permanent-failure",
      sendAgainRefusal: null,
    });
    // The team's alert about the same referral arrived.
    const team = await h.db.$client.execute({
      sql: "select delivery from outbox where referral_id = ? and kind = 'team-alert'",
      args: [referralId],
    });
    expect(team.rows[0]?.delivery).toBe("delivered");

    // A coordinator corrects the address and sends it again: it goes, and is followed afresh.
    const corrected = await h.request(`/api/referrals/${referralId}`, {
      method: "PATCH",
      cookie: await signedIn(coordinator),
      json: { answers: { carerEmail: "bouncea@gmail.example" } },
    });
    expect(corrected.status).toBe(200);
    const again = await decide(outboxId, "send-again", coordinator, { version: await versionNow(outboxId) });
    expect(again.status, await again.clone().text()).toBe(200);
    await deliver();
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: null, delivery_checked_at: null });
    expect(notify.received.filter((r) => r.body.reference === outboxId).map((r) => r.body.email_address)).toEqual([
      "bouncea@gmial.example",
      "bouncea@gmail.example",
    ]);
    h.clock.advance(3 * 60_000);
    await deliver();
    // The newest notification with the reference is the one asked about: delivered.
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: "delivered" });
    expect((await list(coordinator)).notifications.some((n) => n.id === outboxId)).toBe(false);
  });

  it("is asked about at most every two minutes while on its way, and left unknown after four days", async () => {
    const { outboxId } = await sentConfirmation("Slowa", "slowa@example.com");
    notify.becomes(outboxId, "sending");
    h.clock.advance(3 * 60_000);
    notify.lookups.length = 0;
    await deliver();
    expect(notify.lookups.filter((r) => r === outboxId)).toHaveLength(1);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: null });
    await deliver();
    expect(notify.lookups.filter((r) => r === outboxId)).toHaveLength(1);
    h.clock.advance(4 * 86_400_000);
    await deliver();
    expect(notify.lookups.filter((r) => r === outboxId)).toHaveLength(1);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: "unknown" });
  });

  it("waits while Notify cannot be asked, changing nothing", async () => {
    const { outboxId } = await sentConfirmation("Waita", "waita@example.com");
    notify.becomes(outboxId, "permanent-failure");
    h.clock.advance(3 * 60_000);
    notify.answerLookups(500);
    await deliver();
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: null });
    notify.answerLookups(200);
    await deliver();
    // Asked again only after the wait.
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent", delivery: null });
    h.clock.advance(3 * 60_000);
    await deliver();
    expect(await outboxRow(outboxId)).toMatchObject({ status: "failed", delivery: "not-delivered" });
  });

  it("sends again, rather than taking as received, one whose only notification at Notify bounced", async () => {
    const { outboxId } = await sentConfirmation("Staleb", "staleb@example.com");
    notify.becomes(outboxId, "permanent-failure");
    h.clock.advance(3 * 60_000);
    await deliver();
    const again = await decide(outboxId, "send-again", coordinator, { version: await versionNow(outboxId) });
    expect(again.status).toBe(200);
    // A worker claims it and dies before it reaches Notify.
    await h.db.$client.execute({
      sql: "update outbox set status = 'sending', claimed_at = ? where id = ?",
      args: [h.clock.now().toISOString(), outboxId],
    });
    h.clock.advance(5000);
    await deliver();
    expect(notify.received.filter((r) => r.body.reference === outboxId)).toHaveLength(2);
    expect(await outboxRow(outboxId)).toMatchObject({ status: "sent" });
  });
});

describe("refusals and bad input", () => {
  it("refuses a home visitor and anyone signed out, and names the field that is wrong", async () => {
    const visitor = await h.staffMember("home-visitor");
    expect((await h.request("/api/notifications", { cookie: await signedIn(visitor) })).status).toBe(403);
    expect((await h.request("/api/notifications")).status).toBe(401);
    const { reference } = await referAndFailEveryAttempt("Badinput", "bad.input@example.com");
    const failed = await listed("parent-confirmation", reference);
    expect((await decide(failed.id, "send-again", visitor, { version: failed.version })).status).toBe(403);
    const missing = await decide(failed.id, "send-again", coordinator, {});
    expect(missing.status).toBe(422);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect(await missing.json()).toMatchObject({
      errors: [{ field: "version", message: "must be the version you read" }],
    });
    const extra = await decide(failed.id, "set-aside", coordinator, { version: failed.version, status: "sent" });
    expect(extra.status).toBe(422);
    expect(((await extra.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["status"]);
    expect((await decide(randomUUID(), "set-aside", coordinator, { version: failed.version })).status).toBe(404);
    expect(
      (await h.request("/api/notifications?show=everything", { cookie: await signedIn(coordinator) })).status,
    ).toBe(422);
    expect(await outboxRow(failed.id)).toMatchObject({ status: "failed" }); // nothing changed
  });
});
