// Delivery through GOV.UK Notify's own client (notifications-node-client) to a stand-in for
// Notify on 127.0.0.1: real HTTP, answered as Notify's POST /v2/notifications/email answers, each
// request recorded and its bearer token checked. A referral with a parent's email gives a
// confirmation to the parent and an alert to the team; a 500 is retried with back-off; the
// referral is never affected.
import { randomUUID } from "node:crypto";
import { exampleReferralInput } from "@openportage/referral-form";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { notifyStandIn, standInKey } from "../test-support/notify-stand-in.js";
import {
  backoffMs,
  deliverDue,
  MAX_ATTEMPTS,
  NOTIFY_TIMEOUT_MS,
  type Notifier,
  notifierFromConfig,
  notifyNotifier,
} from "./notify.js";

const KEY = standInKey();
const PARENT_TEMPLATE = randomUUID();
const TEAM_TEMPLATE = randomUUID();
const REPORT_TEMPLATE = randomUUID();
const NOTICE_TEMPLATE = randomUUID();
const TEAM = "portage.team@council.example";

const notify = notifyStandIn(KEY);
let h: Harness;
let notifier: Notifier;

beforeAll(async () => {
  await notify.listen();
  h = await createHarness({
    env: {
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: PARENT_TEMPLATE,
      NOTIFY_TEMPLATE_TEAM_ALERT: TEAM_TEMPLATE,
      NOTIFY_TEMPLATE_REPORT: REPORT_TEMPLATE,
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: NOTICE_TEMPLATE,
      NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
      TEAM_EMAIL: TEAM,
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
});
afterAll(async () => {
  await h.close();
  await notify.close();
});
beforeEach(() => {
  notify.received.length = 0;
  notify.posts.length = 0;
  notify.lookups.length = 0;
  notify.answer(201);
  notify.answerLookups(200);
});

const deliver = () => deliverDue({ db: h.db, notifier, clock: h.clock, logger: h.logger });

async function submit(firstName: string, carerEmail: string | undefined) {
  const res = await h.request("/api/referrals", {
    method: "POST",
    json: exampleReferralInput({ childFirstName: firstName, carerEmail }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

async function outboxFor(reference: string) {
  return (
    await h.db.$client.execute({
      sql: "select o.id, o.kind, o.status, o.attempts, o.last_error, o.next_attempt_at from outbox o join referrals r on r.id = o.referral_id where r.reference = ? order by o.kind",
      args: [reference],
    })
  ).rows;
}

describe("delivery through GOV.UK Notify's client", () => {
  it("sends the parent a confirmation and the team an alert, over HTTP, with a valid token", async () => {
    expect(notifier.name).toBe("gov-uk-notify");
    const reference = await submit("Notifya", "parent.one@example.com");
    expect(await deliver()).toMatchObject({ sent: 2, failed: 0, cancelled: 0, confirmed: 0 });

    expect(notify.received).toHaveLength(2);
    for (const r of notify.received) {
      expect(r).toMatchObject({ method: "POST", path: "/v2/notifications/email", tokenValid: true });
      expect(r.body.personalisation).toEqual(expect.objectContaining({ reference }));
    }
    const rows = await outboxFor(reference);
    const parent = notify.received.find((r) => r.body.template_id === PARENT_TEMPLATE);
    const team = notify.received.find((r) => r.body.template_id === TEAM_TEMPLATE);
    expect(parent?.body).toMatchObject({
      email_address: "parent.one@example.com",
      personalisation: { reference, service_name: h.protocol.serviceName },
      reference: rows.find((r) => r.kind === "parent-confirmation")?.id,
    });
    // The team's email says only that a referral arrived: no child's or family's details.
    expect(team?.body).toMatchObject({
      email_address: TEAM,
      personalisation: { reference, service_name: h.protocol.serviceName, route: "self-referral" },
    });
    expect(JSON.stringify(team?.body)).not.toMatch(/Notifya|parent\.one/);
    expect(rows.map((r) => [r.kind, r.status, Number(r.attempts)])).toEqual([
      ["parent-confirmation", "sent", 1],
      ["team-alert", "sent", 1],
    ]);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 }); // nothing sent twice
  });

  it("alerts only the team when the parent gave no email address", async () => {
    const reference = await submit("Notifyb", undefined);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0, cancelled: 0, confirmed: 0 });
    expect(notify.received.map((r) => r.body.template_id)).toEqual([TEAM_TEMPLATE]);
    expect((await outboxFor(reference)).map((r) => r.kind)).toEqual(["team-alert"]);
  });

  it("retries a 500 with growing back-off, never touching the referral, and gives up after the last attempt", async () => {
    notify.answer(500);
    const reference = await submit("Notifyc", "parent.three@example.com");
    const referral = async () =>
      (
        await h.db.$client.execute({
          sql: "select status, eligibility_outcome from referrals where reference = ?",
          args: [reference],
        })
      ).rows[0];
    const stored = await referral();
    expect(stored?.status).toBe("received");

    // First attempt fails: both rows wait 30 s, with only the status code kept.
    expect(await deliver()).toMatchObject({ sent: 0, failed: 2, cancelled: 0, confirmed: 0 });
    let rows = await outboxFor(reference);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", last_error: "HTTP 500" });
      expect(Number(row.attempts)).toBe(1);
      expect(Date.parse(String(row.next_attempt_at)) - h.clock.now().getTime()).toBe(backoffMs(1));
    }
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 }); // not due yet
    h.clock.advance(backoffMs(1));
    expect(await deliver()).toMatchObject({ sent: 0, failed: 2, cancelled: 0, confirmed: 0 });
    rows = await outboxFor(reference);
    expect(rows.map((r) => Number(r.attempts))).toEqual([2, 2]);
    expect(Date.parse(String(rows[0]?.next_attempt_at)) - h.clock.now().getTime()).toBe(backoffMs(2));
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));

    // Notify recovers: the next due attempt delivers both.
    notify.answer(201);
    h.clock.advance(backoffMs(2));
    expect(await deliver()).toMatchObject({ sent: 2, failed: 0, cancelled: 0, confirmed: 0 });
    rows = await outboxFor(reference);
    expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual([
      ["sent", 3],
      ["sent", 3],
    ]);
    expect(await referral()).toEqual(stored);

    // A notification that never gets through is marked failed after the last attempt.
    notify.answer(500);
    const doomed = await submit("Notifyd", undefined);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliver();
      h.clock.advance(backoffMs(attempt));
    }
    expect((await outboxFor(doomed)).map((r) => [r.status, Number(r.attempts)])).toEqual([["failed", MAX_ATTEMPTS]]);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 });
  });

  it("settles a delivery interrupted after Notify received it: marked sent, not sent again", async () => {
    const reference = await submit("Notifye", undefined);
    const [row] = await outboxFor(reference);
    // A worker claimed it and reached Notify, then died before it could mark the row sent.
    notify.hold();
    const arrived = notify.nextArrival();
    const dying = deliver();
    await arrived;
    expect(notify.received).toHaveLength(1);
    // Its claim stands until the lease runs out: nobody else sends it meanwhile.
    const other = { db: h.db, notifier, clock: h.clock, logger: h.logger };
    expect(await deliverDue(other)).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 });
    h.clock.advance(2 * NOTIFY_TIMEOUT_MS);
    expect(await deliverDue(other)).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 1 });
    expect(notify.lookups).toEqual([row?.id]);
    expect((await outboxFor(reference)).map((r) => r.status)).toEqual(["sent"]);
    // The first worker's late answer changes nothing: the row is not its claim any more.
    notify.release();
    await dying;
    expect(notify.received).toHaveLength(1);
    expect((await outboxFor(reference)).map((r) => [r.status, Number(r.attempts)])).toEqual([["sent", 0]]);
  });

  it("sends again, once, a delivery interrupted before Notify received it; waits while Notify cannot be asked", async () => {
    const reference = await submit("Notifyf", undefined);
    const [row] = await outboxFor(reference);
    await h.db.$client.execute({
      sql: "update outbox set status = 'sending', claimed_at = ? where id = ?",
      args: [h.clock.now().toISOString(), String(row?.id)],
    });
    h.clock.advance(2 * NOTIFY_TIMEOUT_MS);
    notify.answerLookups(503);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 });
    expect((await outboxFor(reference)).map((r) => r.status)).toEqual(["sending"]);
    notify.answerLookups(200);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0, cancelled: 0, confirmed: 0 });
    expect(notify.received.map((r) => r.body.reference)).toEqual([row?.id]);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 });
    expect(notify.received).toHaveLength(1);
  });

  it("does not send again an email whose answer timed out: Notify is asked after the lease", async () => {
    const impatient = notifyNotifier({
      apiKey: KEY.apiKey,
      baseUrl: notify.url(),
      timeoutMs: 200,
      templates: {
        "parent-confirmation": PARENT_TEMPLATE,
        "team-alert": TEAM_TEMPLATE,
        report: REPORT_TEMPLATE,
        "routine-notice": NOTICE_TEMPLATE,
        "family-invitation": PARENT_TEMPLATE,
        "family-code": PARENT_TEMPLATE,
        "family-access-ended": PARENT_TEMPLATE,
        "staff-password-reset": PARENT_TEMPLATE,
      },
    });
    const round = () => deliverDue({ db: h.db, notifier: impatient, clock: h.clock, logger: h.logger });
    const reference = await submit("Notifyg", undefined);
    notify.hold();
    expect(await round()).toMatchObject({ sent: 0, failed: 1, cancelled: 0, confirmed: 0 });
    notify.release();
    expect(notify.received).toHaveLength(1); // it arrived; only the answer was late
    expect((await outboxFor(reference)).map((r) => [r.status, r.last_error])).toEqual([
      ["sending", "no answer from the email service"],
    ]);
    expect(await round()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 0 }); // within the lease
    h.clock.advance(2 * NOTIFY_TIMEOUT_MS);
    expect(await round()).toMatchObject({ sent: 0, failed: 0, cancelled: 0, confirmed: 1 });
    expect(notify.received).toHaveLength(1);
    expect((await outboxFor(reference)).map((r) => r.status)).toEqual(["sent"]);
  });

  it("keeps email addresses out of the logs", () => {
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain("notification not delivered");
    expect(logged).not.toMatch(/@example\.com|portage\.team@/);
  });
});
