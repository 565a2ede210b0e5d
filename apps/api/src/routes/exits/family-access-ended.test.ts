// When a child leaves, the family app's access ends: the family is emailed, their sessions end,
// and for 28 days only the reports (the block reviews and the transition report) stay; then
// nothing does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAMILY_COOKIE, startFamilySession } from "../../lib/family-session.js";
import { SESSION_COOKIE, startSession } from "../../lib/session.js";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let c: TestCase;
let stays: TestCase;
let carer: TestFamilyMember;
let helper: TestFamilyMember;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const rows = async (sql: string, ...args: string[]): Promise<Json[]> =>
  (await h.db.$client.execute({ sql, args })).rows as Json[];
const family = (rest = "") => `/api/family/children/${c.childId}${rest}`;

beforeAll(async () => {
  h = await createHarness({ now: "2026-11-29T18:00:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  c = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Amira" });
  stays = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Stays" });
  carer = await familyMemberFor(h, c.childId, {
    invitedBy: visitor.id,
    name: "Grace Example",
    email: "grace@example.com",
  });
  helper = await familyMemberFor(h, c.childId, {
    invitedBy: visitor.id,
    kind: "helper",
    name: "Nana Example",
    permissions: { reports: false },
  });
  // The same carer for a child who stays: that access is untouched.
  await familyMemberFor(h, stays.childId, { invitedBy: visitor.id, accountId: carer.accountId, email: carer.email });
  const practised = await call(family(`/practice/${c.targetId}/2026-11-28`), "PUT", carer.cookie, {
    practised: true,
    tries: 4,
    successes: 3,
  });
  expect(practised.status).toBe(200);
  // The block ended on 12 February 2027: review it, deciding the child leaves.
  h.clock.set("2027-02-25T10:00:00.000Z");
  for (const member of [coordinator, visitor]) {
    const { token } = await startSession(h.db, member.id, h.clock.now(), h.config.SESSION_ABSOLUTE_HOURS);
    member.cookie = `${SESSION_COOKIE}=${token}`;
  }
  const review = await call(`/api/cases/${c.childId}/plan/blocks/${c.blockId}/review`, "POST", visitor.cookie, {
    version: c.version,
    reviewedOn: "2027-02-25",
    celebrations: "She says 'more' at bath time now!",
    nextFocus: "Settling in at nursery.",
    outcomes: [{ targetId: c.targetId, result: "achieved" }],
    decision: "exit",
  });
  expect(review.status, JSON.stringify(review.body)).toBe(201);
  // Three months on, the family members sign in afresh.
  for (const member of [carer, helper]) {
    const { token } = await startFamilySession(h.db, member.accountId, "passkey", h.clock.now());
    member.cookie = `${FAMILY_COOKIE}=${token}`;
  }
});
afterAll(() => h.close());

describe("before the child leaves", () => {
  it("lists the saved block review, with its PDF", async () => {
    const reports = await call(family("/reports"), "GET", carer.cookie);
    expect(reports.status).toBe(200);
    expect(reports.body).toEqual({
      reviews: [
        {
          blockId: c.blockId,
          blockNumber: 1,
          title: "Review of block 1",
          reviewedOn: "2027-02-25",
          reviewedOnText: "25 February 2027",
          href: family(`/reports/review-${c.blockId}.pdf`),
        },
      ],
      transitionReport: null,
      availableUntil: null,
      availableUntilText: null,
    });
    const pdf = await h.request(reports.body.reviews[0].href, { cookie: carer.cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("no-store");
    expect((await h.request(family("/reports/transition-report.pdf"), { cookie: carer.cookie })).status).toBe(404);
    const other = await h.request(family(`/reports/review-${stays.blockId}.pdf`), { cookie: carer.cookie });
    expect(other.status).toBe(404);
  });
});

describe("when the child leaves", () => {
  let again: string;

  beforeAll(async () => {
    const exit = await call(`/api/cases/${c.childId}/exit`, "POST", visitor.cookie, {
      reasonId: "family-withdrew",
      exitedOn: "2027-02-19",
      destination: "Little Acorns Nursery",
      withReport: true,
      report: {
        strengthsAndInterests: "Loves bubbles and songs with actions",
        howChildLearnsBest: "Short turns, shown first, with lots of praise",
        familyWantsSettingToKnow: "She naps after lunch",
        canNowDo: [{ areaId: "communication-and-language", summary: "Asks for more with a sound" }],
      },
    });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
    const { token } = await startFamilySession(h.db, carer.accountId, "code", h.clock.now());
    again = `${FAMILY_COOKIE}=${token}`;
  });

  it("ends every access for the child, 28 days from the day it is recorded, and not another child's", async () => {
    const access = await rows(
      "select account_id, status, ends_at, end_reason from family_access where child_id = ? order by invited_at",
      c.childId,
    );
    expect(access).toHaveLength(2);
    for (const a of access) {
      // Recorded on 25 February 2027 (backdated to the 19th): reports until 25 March 2027 inclusive.
      expect(a).toMatchObject({ status: "ended", ends_at: "2027-03-26T00:00:00.000Z", end_reason: "case-closed" });
    }
    const [kept] = await rows("select status, ends_at from family_access where child_id = ?", stays.childId);
    expect(kept).toMatchObject({ status: "active", ends_at: null });
  });

  it("emails each family member, and ends their sessions", async () => {
    const emails = await rows(
      "select email_address, personalisation from outbox where kind = 'family-access-ended' and child_id = ?",
      c.childId,
    );
    expect(emails).toHaveLength(2);
    const toCarer = emails.find((e) => e.email_address === "grace@example.com");
    expect(JSON.parse(String(toCarer?.personalisation))).toEqual({
      service_name: "Lancashire Portage Service",
      name: "Grace Example",
      child_first_name: "Amira",
      reports_until: "25 March 2027",
      link: "http://localhost/family",
    });
    expect(
      await rows("select ended_at from family_sessions where account_id = ? and ended_at is null", carer.accountId),
    ).toHaveLength(1);
    expect((await call("/api/family/children", "GET", carer.cookie)).status).toBe(401);
    expect((await call("/api/family/children", "GET", helper.cookie)).status).toBe(401);
  });

  it("leaves only the reports: the overview, practice, visits, sharing and messages answer 404", async () => {
    const list = await call("/api/family/children", "GET", again);
    const amira = list.body.children.find((x: Json) => x.id === c.childId);
    expect(amira).toMatchObject({
      status: "ended",
      reportsUntil: "2027-03-25",
      statusText: "Portage has ended for Amira. You can download Amira's reports until 25 March 2027.",
      may: { practice: false, visits: false, reports: true, sharing: false, askToLeave: false, sendMessages: false },
    });
    for (const [method, rest, json] of [
      ["GET", "", undefined],
      ["GET", "/practice", undefined],
      ["PUT", `/practice/${c.targetId}/2027-02-24`, { practised: false }],
      ["GET", "/visits.ics", undefined],
      ["GET", "/sharing", undefined],
      ["GET", "/messages", undefined],
      ["POST", "/messages", { body: "Hello" }],
      ["POST", "/leave-request", {}],
    ] as const) {
      const res = await call(family(rest), method, again, json);
      expect(res.status, `${method} ${rest}`).toBe(404);
    }
    const denied = await rows(
      "select count(*) as n from audit_events where record_id = ? and action = 'denied' and actor_id = ?",
      c.childId,
      carer.accountId,
    );
    expect(Number(denied[0]?.n)).toBe(8);
    const reports = await call(family("/reports"), "GET", again);
    expect(reports.status).toBe(200);
    expect(reports.body).toMatchObject({
      transitionReport: {
        title: "Progress and transition report",
        leftOnText: "Written when Portage ended on 19 February 2027",
        href: family("/reports/transition-report.pdf"),
      },
      availableUntil: "2027-03-25",
      availableUntilText: "You can download these until 25 March 2027.",
    });
    expect(reports.body.reviews).toHaveLength(1);
    for (const path of [reports.body.transitionReport.href, reports.body.reviews[0].href]) {
      const pdf = await h.request(path, { cookie: again });
      expect(pdf.status, path).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
    }
    // A helper without `reports` has nothing left.
    const { token } = await startFamilySession(h.db, helper.accountId, "code", h.clock.now());
    const helperAgain = `${FAMILY_COOKIE}=${token}`;
    expect((await call(family("/reports"), "GET", helperAgain)).status).toBe(404);
  });

  it("keeps the reports until the last day, then nothing", async () => {
    h.clock.set("2027-03-25T23:59:00.000Z");
    const { token } = await startFamilySession(h.db, carer.accountId, "code", h.clock.now());
    again = `${FAMILY_COOKIE}=${token}`;
    expect((await call(family("/reports"), "GET", again)).status).toBe(200);
    h.clock.set("2027-03-26T00:00:00.000Z");
    expect((await call(family("/reports"), "GET", again)).status).toBe(404);
    expect((await h.request(family("/reports/transition-report.pdf"), { cookie: again })).status).toBe(404);
    const list = await call("/api/family/children", "GET", again);
    expect(list.body.children.map((x: Json) => x.id)).toEqual([stays.childId]);
  });
});
