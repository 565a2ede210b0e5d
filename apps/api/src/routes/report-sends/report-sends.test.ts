// Sending reports and routine notices by email, through the outbox, to a stand-in for GOV.UK
// Notify over real HTTP (GOV.UK Notify's own client, document sending): refused without consent,
// sent with it (exactly once, even when the form is sent twice), stopped when consent is
// withdrawn before it leaves, refused after; a failed send retried and shown, never lost.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, deliverDue, MAX_ATTEMPTS, type Notifier, notifierFromConfig } from "../../lib/notify.js";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { notifyStandIn, standInKey } from "../../test-support/notify-stand-in.js";
import { mayStillSend } from "../consent/store.js";

// The harness's blocks start on 2026-11-23 and end on 2027-02-12; today is after, so a review can be saved.
const TODAY = "2027-02-25";
const KEY = standInKey();
const REPORT_TEMPLATE = randomUUID();
const NOTICE_TEMPLATE = randomUUID();
const WELLBEING = "cfws.north@council.example";

const notify = notifyStandIn(KEY);
let h: Harness;
let notifier: Notifier;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];
const deliver = () =>
  deliverDue({
    db: h.db,
    notifier,
    clock: h.clock,
    logger: h.logger,
    mayStillSend: mayStillSend(h.db, h.protocol, h.clock),
  });

/** Sends what the outbox holds (the referral's own emails) and forgets it. */
async function settle() {
  await deliver();
  notify.received.length = 0;
}

const SHARING = {
  kind: "sharing",
  givenBy: { name: "Sam Parent", relationship: "mother" },
  givenOn: "2027-02-01",
  recordedAs: "written",
  recipientIds: ["health-visitor"],
};

beforeAll(async () => {
  await notify.listen();
  h = await createHarness({
    now: `${TODAY}T10:00:00.000Z`,
    env: {
      NOTIFY_API_KEY: KEY.apiKey,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
      NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
      NOTIFY_TEMPLATE_REPORT: REPORT_TEMPLATE,
      NOTIFY_TEMPLATE_ROUTINE_NOTICE: NOTICE_TEMPLATE,
      NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
      NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
      NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
      ROUTINE_NOTICE_EMAILS: `family-wellbeing-service=${WELLBEING}`,
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
  // Referral emails are not what these tests are about: send them now, out of the way.
  await deliver();
});
afterAll(async () => {
  await h.close();
  await notify.close();
});
beforeEach(async () => {
  await deliver();
  notify.received.length = 0;
  notify.posts.length = 0;
  notify.answer(201);
});

/** A case with a saved review of its first block. */
async function reviewedCase(): Promise<TestCase> {
  const c = await caseWithPlan(h, coordinator, visitor);
  const saved = await call(`/api/cases/${c.childId}/plan/blocks/${c.blockId}/review`, "POST", visitor.cookie, {
    version: c.version,
    reviewedOn: TODAY,
    celebrations: "She says 'more' at bath time now!",
    nextFocus: "Two words together at snack time.",
    outcomes: [{ targetId: c.targetId, result: "carried-forward" }],
    decision: "next-block",
    nextBlock: { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "10:00" },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  await settle();
  return c;
}

const sendPath = (c: TestCase) => `/api/cases/${c.childId}/report-sends`;
const sendBody = (c: TestCase, extra: Json = {}) => ({
  blockId: c.blockId,
  recipientId: "health-visitor",
  purpose: "coordinating-support",
  emailAddress: "hv.team@nhs.example",
  ...extra,
});
const outboxOf = (childId: string) =>
  rows(
    "select kind, status, attempts, email_address, last_error from outbox where child_id = ? order by created_at",
    childId,
  );

describe("sending a review report", () => {
  it("is refused without consent, with the domain's reason, and nothing is queued or recorded", async () => {
    const c = await reviewedCase();
    const res = await call(sendPath(c), "POST", visitor.cookie, sendBody(c));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("No consent to share with Health visitor");
    expect(res.body.errors[0]).toMatchObject({ field: "recipientId" });
    expect(res.body.decision).toMatchObject({ allowed: false, basis: "none" });
    expect(await outboxOf(c.childId)).toEqual([]);
    expect(await rows("select id from disclosures where child_id = ?", c.childId)).toEqual([]);
    expect(
      await rows("select outcome from audit_events where record_id = ? and action = 'disclose'", c.childId),
    ).toEqual([{ outcome: "denied" }]);
  });

  it("with consent, goes once as Notify's document sending, and is a disclosure in the history and audit trail", async () => {
    const c = await reviewedCase();
    expect((await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING)).status).toBe(201);
    const key = randomUUID();
    const res = await call(sendPath(c), "POST", visitor.cookie, sendBody(c, { idempotencyKey: key }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.repeated).toBe(false);
    expect(res.body.decision).toMatchObject({ allowed: true, basis: "consent" });
    expect(res.body.disclosure).toMatchObject({
      recipient: { id: "health-visitor", name: "Health visitor" },
      what: "report",
      description: "Review report for block 1",
      purpose: "coordinating-support",
      basis: "consent",
      flagged: false,
      channel: "notify-email",
      disclosedOn: TODAY,
      disclosedBy: { id: visitor.id, name: "Harriet Visitor" },
      delivery: {
        status: "pending",
        emailAddress: "hv.team@nhs.example",
        attempts: 0,
        documentName: "review-block-1.pdf",
      },
    });
    // The same form sent again: answered with the first, nothing more stored or sent.
    const again = await call(sendPath(c), "POST", visitor.cookie, sendBody(c, { idempotencyKey: key }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      repeated: true,
      disclosure: { id: res.body.disclosure.id },
      decision: { allowed: true, basis: "consent", on: TODAY },
    });
    expect(again.body.decision.reason).toContain("not sent again");

    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(notify.received).toHaveLength(1);
    const email = notify.received[0];
    expect(email?.tokenValid).toBe(true);
    expect(email?.body).toMatchObject({
      template_id: REPORT_TEMPLATE,
      email_address: "hv.team@nhs.example",
      personalisation: {
        service_name: h.protocol.serviceName,
        report_name: "Review report for block 1",
        recipient_name: "Health visitor",
        sent_by: "Harriet Visitor",
        link_to_file: {
          filename: "review-block-1.pdf",
          confirm_email_before_download: true,
          retention_period: "4 weeks",
        },
      },
    });
    const file = (email?.body.personalisation.link_to_file as { file: string } | undefined)?.file ?? "";
    expect(Buffer.from(file, "base64").subarray(0, 5).toString()).toBe("%PDF-");

    const listed = await call(`/api/cases/${c.childId}/disclosures`, "GET", visitor.cookie);
    expect(listed.body.disclosures).toHaveLength(1);
    expect(listed.body.disclosures[0].delivery).toMatchObject({
      status: "sent",
      attempts: 1,
      sentAt: expect.any(String),
    });
    const history = await call(`/api/cases/${c.childId}/history?show=changes`, "GET", visitor.cookie);
    expect(history.body.entries.map((e: Json) => e.what)).toContain("report-queued");
    expect(
      await rows("select outcome, reason from audit_events where record_id = ? and action = 'disclose'", c.childId),
    ).toEqual([{ outcome: "success", reason: "report-queued" }]);
  });

  it("uses the chosen professional's address, and names the field when there is none or it is bad", async () => {
    const c = await reviewedCase();
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING);
    const withEmail = await call(`/api/cases/${c.childId}/professionals`, "POST", visitor.cookie, {
      role: "health-visitor",
      name: "Sam Lee",
      contact: "sam.lee@nhs.example",
    });
    expect(withEmail.status, JSON.stringify(withEmail.body)).toBe(201);
    const byPhone = await call(`/api/cases/${c.childId}/professionals`, "POST", visitor.cookie, {
      role: "health-visitor",
      name: "Pat Phone",
      contact: "01234 567890",
    });
    const noAddress = await call(sendPath(c), "POST", visitor.cookie, {
      ...sendBody(c, { professionalId: byPhone.body.id }),
      emailAddress: undefined,
    });
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.errors).toEqual([
      expect.objectContaining({
        field: "emailAddress",
        message: expect.stringContaining("no email address is recorded"),
      }),
    ]);
    for (const [extra, field] of [
      [{ emailAddress: "not an address" }, "emailAddress"],
      [{ recipientId: "no-such-recipient" }, "recipientId"],
      [{ professionalId: randomUUID() }, "professionalId"],
      [{ blockId: "not-a-block" }, "blockId"],
      [{ blockId: randomUUID() }, "blockId"],
      [{ surprise: true }, "surprise"],
    ] as const) {
      const bad = await call(sendPath(c), "POST", visitor.cookie, sendBody(c, extra));
      expect(bad.status, field).toBe(422);
      expect(bad.body.errors.map((e: Json) => e.field)).toContain(field);
    }
    expect(await outboxOf(c.childId)).toEqual([]);
    const sent = await call(sendPath(c), "POST", visitor.cookie, {
      ...sendBody(c, { professionalId: withEmail.body.id }),
      emailAddress: undefined,
    });
    expect(sent.status).toBe(202);
    expect(sent.body.disclosure.delivery.emailAddress).toBe("sam.lee@nhs.example");
    // A block without a saved review has no report to send.
    const unreviewed = await caseWithPlan(h, coordinator, visitor);
    await call(`/api/cases/${unreviewed.childId}/consents`, "POST", visitor.cookie, SHARING);
    expect((await call(sendPath(unreviewed), "POST", visitor.cookie, sendBody(unreviewed))).status).toBe(409);
  });

  it("is stopped, not sent, when consent is withdrawn before it leaves; and refused after, with the reason", async () => {
    const c = await reviewedCase();
    const consent = await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING);
    const queued = await call(sendPath(c), "POST", visitor.cookie, sendBody(c));
    expect(queued.status).toBe(202);
    const withdrawn = await call(
      `/api/cases/${c.childId}/consents/${consent.body.id}/withdrawal`,
      "POST",
      visitor.cookie,
      { version: consent.body.version, withdrawnOn: TODAY },
    );
    expect(withdrawn.status).toBe(200);
    expect(await deliver()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(notify.received).toHaveLength(0);
    const listed = await call(`/api/cases/${c.childId}/disclosures`, "GET", visitor.cookie);
    expect(listed.body.disclosures[0].delivery).toMatchObject({ status: "cancelled" });
    expect(listed.body.disclosures[0].delivery.lastError).toContain("withdrew");

    const refused = await call(sendPath(c), "POST", visitor.cookie, sendBody(c));
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/withdr/i);
    expect(refused.body.detail).toContain("on 25 February 2027");
  });

  it("retries a failure with back-off, shows it, and lets staff try again after the last attempt", async () => {
    const c = await reviewedCase();
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING);
    const queued = await call(sendPath(c), "POST", visitor.cookie, sendBody(c));
    const disclosureId = queued.body.disclosure.id as string;
    const retryPath = `/api/cases/${c.childId}/disclosures/${disclosureId}/retry`;
    expect((await call(retryPath, "POST", visitor.cookie)).status).toBe(409); // not failed
    notify.answer(500);
    expect(await deliver()).toMatchObject({ failed: 1 });
    let shown = (await call(`/api/cases/${c.childId}/disclosures`, "GET", visitor.cookie)).body.disclosures[0];
    expect(shown.delivery).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    expect(Date.parse(shown.delivery.nextAttemptAt) - h.clock.now().getTime()).toBe(backoffMs(1));
    // Every attempt but the last used up (without moving the clock past the sessions' lifetime).
    await h.db.$client.execute({
      sql: "update outbox set attempts = ?, next_attempt_at = ? where disclosure_id = ?",
      args: [MAX_ATTEMPTS - 1, h.clock.now().toISOString(), disclosureId],
    });
    expect(await deliver()).toMatchObject({ failed: 1 });
    shown = (await call(`/api/cases/${c.childId}/disclosures`, "GET", visitor.cookie)).body.disclosures[0];
    expect(shown.delivery).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: "HTTP 500",
      nextAttemptAt: null,
    });
    expect(notify.received).toHaveLength(0);
    notify.answer(201);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0 }); // failed rows are not retried on their own
    expect((await call(retryPath, "POST", otherVisitor.cookie)).status).toBe(404);
    const retried = await call(retryPath, "POST", visitor.cookie);
    expect(retried.status).toBe(200);
    expect(retried.body.delivery).toMatchObject({ status: "pending", attempts: 0 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(notify.received).toHaveLength(1);
    expect(
      await rows("select reason from audit_events where record_id = ? and action = 'disclose' order by id", c.childId),
    ).toEqual([{ reason: "report-queued" }, { reason: "retry" }]);
  });

  it("is only for the child's own home visitor, or a coordinator", async () => {
    const c = await reviewedCase();
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING);
    expect((await call(sendPath(c), "POST", otherVisitor.cookie, sendBody(c))).status).toBe(404);
    expect((await call(sendPath(c), "POST", coordinator.cookie, sendBody(c))).status).toBe(202);
  });
});

describe("sending the transition report", () => {
  it("goes from the closed case, by a coordinator, when consent covers the setting", async () => {
    const c = await caseWithPlan(h, coordinator, visitor, { childLastName: "Mover" });
    const plan = await call(`/api/cases/${c.childId}/transition-plan`, "PUT", visitor.cookie, {
      version: 0,
      settingName: "Little Acorns Nursery",
      settingType: "nursery",
      startDate: "2027-03-08",
      peopleInvolved: "Ms Patel (SENCO)",
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    const exit = await call(`/api/cases/${c.childId}/exit`, "POST", visitor.cookie, {
      reasonId: "started-setting",
      exitedOn: TODAY,
      withReport: true,
      report: {
        strengthsAndInterests: "Loves bubbles and songs with actions",
        howChildLearnsBest: "Short turns, shown first",
        familyWantsSettingToKnow: "She naps after lunch",
        canNowDo: [{ areaId: "communication-and-language", summary: "Asks for more with a sound" }],
      },
    });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
    await settle();
    const path = `/api/closed-cases/${c.childId}/report-sends`;
    const body = {
      recipientId: "setting-senco",
      purpose: "transition-to-setting",
      emailAddress: "senco@acorns.example",
    };
    expect((await call(path, "POST", visitor.cookie, body)).status).toBe(403);
    const refused = await call(path, "POST", coordinator.cookie, body);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain("No consent to share with");
    // The family agreed before the child left; the consent is still on the record.
    await h.db.$client.execute({
      sql: `insert into consents (id, child_id, kind, given_by_name, given_by_relationship, given_on, recorded_as,
            recipient_ids, recorded_by, version, created_at, updated_at)
            values (?, ?, 'sharing', 'Sam Parent', 'mother', '2027-02-01', 'written', '["setting-senco"]', ?, 1, ?, ?)`,
      args: [randomUUID(), c.childId, visitor.id, `${TODAY}T09:00:00.000Z`, `${TODAY}T09:00:00.000Z`],
    });
    const sent = await call(path, "POST", coordinator.cookie, body);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.disclosure).toMatchObject({
      what: "report",
      description: "Progress and transition report",
      recipient: { id: "setting-senco" },
      delivery: { status: "pending", documentName: "transition-report.pdf" },
    });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(notify.received[0]?.body).toMatchObject({
      email_address: "senco@acorns.example",
      personalisation: {
        report_name: "Progress and transition report",
        link_to_file: { filename: "transition-report.pdf" },
      },
    });
    const listed = await call(path, "GET", coordinator.cookie);
    expect(listed.body.disclosures).toEqual([
      expect.objectContaining({ delivery: expect.objectContaining({ status: "sent" }) }),
    ]);
    expect((await call(path, "GET", visitor.cookie)).status).toBe(403);
  });
});

describe("the routine notice to the wellbeing service", () => {
  it("is queued once the family has started and consent covers it, once only, and delivered once", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { childFirstName: "Nora", childLastName: "Notice" });
    await settle(); // the referral's own emails
    // Consent to share with others only: no notice.
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, SHARING);
    expect(await outboxOf(c.childId)).toEqual([]);
    const consent = await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recipientIds: ["family-wellbeing-service"],
    });
    expect(consent.status).toBe(201);
    expect(await outboxOf(c.childId)).toEqual([
      expect.objectContaining({ kind: "routine-notice", status: "pending", email_address: WELLBEING }),
    ]);
    // Another consent covering it again does not tell them twice.
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recipientIds: ["family-wellbeing-service", "health-visitor"],
    });
    expect(await outboxOf(c.childId)).toHaveLength(1);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(notify.received).toHaveLength(1);
    expect(notify.received[0]?.body).toMatchObject({
      template_id: NOTICE_TEMPLATE,
      email_address: WELLBEING,
      personalisation: {
        service_name: h.protocol.serviceName,
        recipient_name: "Children and Family Wellbeing Service",
        child_name: "Nora Notice",
        home_visitor: "Harriet Visitor",
      },
    });
    const listed = await call(`/api/cases/${c.childId}/disclosures`, "GET", visitor.cookie);
    expect(listed.body.disclosures).toEqual([
      expect.objectContaining({
        what: "routine-notice",
        recipient: { id: "family-wellbeing-service", name: "Children and Family Wellbeing Service" },
        purpose: "informing-involvement",
        basis: "consent",
        consentId: consent.body.id,
        delivery: expect.objectContaining({ status: "sent", emailAddress: WELLBEING }),
      }),
    ]);
    expect(
      await rows("select reason from audit_events where record_id = ? and action = 'disclose'", c.childId),
    ).toEqual([{ reason: "routine-notice-queued" }]);
  });

  it("stopped by a withdrawal before it left, is not a disclosure made, and goes once consent is given again", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { childLastName: "Changedmind" });
    await settle();
    const first = await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recipientIds: ["family-wellbeing-service"],
    });
    await call(`/api/cases/${c.childId}/consents/${first.body.id}/withdrawal`, "POST", visitor.cookie, {
      version: first.body.version,
      withdrawnOn: TODAY,
    });
    expect(await deliver()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(notify.received).toHaveLength(0);
    expect(await rows("select cancelled_at from disclosures where child_id = ?", c.childId)).toEqual([
      { cancelled_at: `${TODAY}T10:00:00.000Z` },
    ]);
    // The family agrees again: the service is told now, once.
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      givenOn: TODAY,
      recipientIds: ["family-wellbeing-service"],
    });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(notify.received.map((r) => r.body.template_id)).toEqual([NOTICE_TEMPLATE]);
    const statuses = await rows(
      "select o.status, d.cancelled_at from disclosures d join outbox o on o.disclosure_id = d.id where d.child_id = ? order by o.created_at",
      c.childId,
    );
    expect(statuses).toEqual([
      { status: "cancelled", cancelled_at: `${TODAY}T10:00:00.000Z` },
      { status: "sent", cancelled_at: null },
    ]);
  });

  it("is queued at allocation when the child comes back from the waiting list with consent already given", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { childLastName: "Returner" });
    // Recorded straight in the database, as if the notice was cancelled: the next allocation queues it.
    await call(`/api/cases/${c.childId}/consents`, "POST", visitor.cookie, {
      ...SHARING,
      recipientIds: ["family-wellbeing-service"],
    });
    await h.db.$client.execute({ sql: "delete from outbox where child_id = ?", args: [c.childId] });
    await h.db.$client.execute({ sql: "delete from disclosures where child_id = ?", args: [c.childId] });
    const [allocation] = await rows("select id from allocations where child_id = ? and ended_at is null", c.childId);
    const returned = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", coordinator.cookie, {
      allocationId: allocation?.id,
      reason: "Family asked to pause until the new baby arrives",
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(await outboxOf(c.childId)).toEqual([]);
    const again = await call(`/api/referrals/${c.referralId}/allocation`, "POST", coordinator.cookie, {
      homeVisitorId: visitor.id,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(await outboxOf(c.childId)).toEqual([expect.objectContaining({ kind: "routine-notice" })]);
  });
});
