// The family's practice chart in the family app: the last 7 days of this week's targets, what is
// recorded and by whom; recording a day by the chart's rules (the domain's `checkPracticeDay`)
// and the family app's window; versions, and the home visitor's view of the same records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let c: TestCase;
let mum: TestFamilyMember;
let dad: TestFamilyMember;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const day = (date: string) => `/api/family/children/${c.childId}/practice/${c.targetId}/${date}`;
const count = async (sql: string, ...args: string[]) => Number((await h.db.$client.execute({ sql, args })).rows[0]?.n);

beforeAll(async () => {
  // Tuesday 1 December 2026, 10:30 in England: the last 7 days are 25 November to 1 December.
  h = await createHarness({ now: "2026-12-01T10:30:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  c = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Amira" });
  mum = await familyMemberFor(h, c.childId, { invitedBy: visitor.id, name: "Grace Example" });
  dad = await familyMemberFor(h, c.childId, { invitedBy: visitor.id, name: "Tom Example", relationship: "father" });
});
afterAll(() => h.close());

describe("the family's practice chart", () => {
  it("shows the last 7 days of this week's targets, none recorded yet", async () => {
    const res = await call(`/api/family/children/${c.childId}/practice`, "GET", mum.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      asOf: "2026-12-01",
      from: "2026-11-25",
      to: "2026-12-01",
      earliestChange: "2026-11-25",
    });
    const [target] = res.body.targets;
    expect(target).toMatchObject({
      id: c.targetId,
      goalText: "Amira will say 'more' to ask for more bubbles",
      howOften: "3 times a day",
    });
    expect(target.days.map((d: Json) => d.date)).toEqual([
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
    ]);
    expect(target.days[0]).toEqual({
      date: "2026-11-25",
      dateText: "Wednesday 25 November",
      canChange: true,
      whyNot: null,
      record: null,
    });
  });

  it("records a day, which the home visitor sees at once as entered by the family", async () => {
    const res = await call(day("2026-11-30"), "PUT", mum.cookie, {
      practised: true,
      tries: 4,
      successes: 3,
      note: "In the bath",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.day).toMatchObject({
      date: "2026-11-30",
      record: {
        practised: true,
        tries: 4,
        successes: 3,
        note: "In the bath",
        summaryText: "4 tries, 3 successes",
        enteredBy: { kind: "you", text: "you" },
        version: 1,
      },
    });
    const staffView = await call(`/api/cases/${c.childId}/practice-records?week=2026-11-30`, "GET", visitor.cookie);
    expect(staffView.body.targets[0].records).toEqual([
      expect.objectContaining({
        date: "2026-11-30",
        recordedBy: "family",
        tries: 4,
        successes: 3,
        enteredBy: { kind: "family", id: mum.accountId, name: "Grace Example" },
        earlierVersions: [],
        version: 1,
      }),
    ]);
    // Another carer sees who entered it by their first name.
    const theirs = await call(`/api/family/children/${c.childId}/practice`, "GET", dad.cookie);
    const cell = theirs.body.targets[0].days.find((d: Json) => d.date === "2026-11-30");
    expect(cell.record.enteredBy).toEqual({ kind: "family", text: "Grace" });
    const audited = await h.db.$client.execute({
      sql: "select actor_id, actor_role from audit_events where record_id = ? and reason = 'practice-recorded'",
      args: [c.childId],
    });
    expect(audited.rows).toEqual([expect.objectContaining({ actor_id: mum.accountId, actor_role: "family" })]);
  });

  it("records a day not practised, with a comment", async () => {
    const res = await call(day("2026-11-29"), "PUT", dad.cookie, { practised: false, note: "Poorly" });
    expect(res.status).toBe(200);
    expect(res.body.day.record).toMatchObject({ practised: false, tries: null, summaryText: "Not practised" });
  });

  it("changes a day only from its version; a stale or missing version is refused and nothing written", async () => {
    const missing = await call(day("2026-11-30"), "PUT", dad.cookie, { practised: true, tries: 5, successes: 5 });
    expect(missing.status).toBe(409);
    expect(missing.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 1,
      changedBy: "Grace Example",
    });
    const changed = await call(day("2026-11-30"), "PUT", dad.cookie, {
      practised: true,
      tries: 5,
      successes: 5,
      version: 1,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.day.record).toMatchObject({ tries: 5, version: 2, enteredBy: { kind: "you" } });
    const stale = await call(day("2026-11-30"), "PUT", mum.cookie, {
      practised: true,
      tries: 4,
      successes: 3,
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.changedBy).toBe("Tom Example");
    // The same again (a retried form) changes nothing.
    const again = await call(day("2026-11-30"), "PUT", dad.cookie, { practised: true, tries: 5, successes: 5 });
    expect(again.status).toBe(200);
    expect(again.body.day.record.version).toBe(2);
    const [row] = (
      await h.db.$client.execute({
        sql: "select id, tries from practice_records where target_id = ? and date = '2026-11-30'",
        args: [c.targetId ?? ""],
      })
    ).rows;
    expect(row?.tries).toBe(5);
    expect(
      await count("select count(*) as n from practice_record_revisions where record_id = ?", String(row?.id)),
    ).toBe(1);
  });

  it("keeps both versions when the home visitor corrects what the family entered", async () => {
    const staffPath = `/api/cases/${c.childId}/targets/${c.targetId}/practice-records`;
    const corrected = await call(staffPath, "PUT", visitor.cookie, {
      records: [{ date: "2026-11-30", tries: 5, successes: 4, note: "Checked with Grace", version: 2 }],
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const record = corrected.body.records.find((r: Json) => r.date === "2026-11-30");
    expect(record).toMatchObject({
      successes: 4,
      version: 3,
      enteredBy: { kind: "staff", id: visitor.id, name: "Harriet Visitor" },
    });
    expect(record.earlierVersions).toEqual([
      expect.objectContaining({
        version: 1,
        tries: 4,
        successes: 3,
        note: "In the bath",
        enteredBy: { kind: "family", id: mum.accountId, name: "Grace Example" },
      }),
      expect.objectContaining({
        version: 2,
        tries: 5,
        successes: 5,
        enteredBy: expect.objectContaining({ name: "Tom Example" }),
      }),
    ]);
    const family = await call(`/api/family/children/${c.childId}/practice`, "GET", mum.cookie);
    const cell = family.body.targets[0].days.find((d: Json) => d.date === "2026-11-30");
    expect(cell.record).toMatchObject({ successes: 4, enteredBy: { kind: "home-visitor", text: "your home visitor" } });
    // A day the family entered is corrected, never removed.
    const clear = await call(staffPath, "PUT", visitor.cookie, {
      records: [{ date: "2026-11-30", clear: true, version: 3 }],
    });
    expect(clear.status).toBe(422);
    expect(clear.body.errors[0].field).toBe("records.0.clear");
  });

  it("takes only the last 7 days up to today, naming the field", async () => {
    const old = await call(day("2026-11-24"), "PUT", mum.cookie, { practised: true, tries: 1, successes: 1 });
    expect(old.status).toBe(422);
    expect(old.body.errors).toEqual([
      expect.objectContaining({ field: "date", message: expect.stringContaining("one of the last 7 days") }),
    ]);
    const future = await call(day("2026-12-02"), "PUT", mum.cookie, { practised: true, tries: 1, successes: 1 });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([
      expect.objectContaining({ field: "date", message: "must be today or earlier" }),
    ]);
    const notReal = await call(day("2026-02-30"), "PUT", mum.cookie, { practised: true, tries: 1, successes: 1 });
    expect(notReal.status).toBe(422);
    expect(notReal.body.errors[0].field).toBe("date");
    expect((await call(day("yesterday"), "PUT", mum.cookie, { practised: true, tries: 1, successes: 1 })).status).toBe(
      404,
    );
    const older = await call(`/api/family/children/${c.childId}/practice?from=2026-11-22`, "GET", mum.cookie);
    expect(older.status).toBe(200);
    expect(older.body.targets[0].days.map((d: Json) => [d.date, d.canChange])).toEqual([
      ["2026-11-22", false],
      ["2026-11-23", false],
      ["2026-11-24", false],
      ["2026-11-25", true],
      ["2026-11-26", true],
      ["2026-11-27", true],
      ["2026-11-28", true],
    ]);
    expect(older.body.targets[0].days[0].whyNot).toContain("last 7 days");
    for (const from of ["2026-12-05", "2026-13-01", "soon"]) {
      const bad = await call(`/api/family/children/${c.childId}/practice?from=${from}`, "GET", mum.cookie);
      expect(bad.status, from).toBe(422);
      expect(bad.body.errors[0].field).toBe("from");
    }
  });

  it("names the field on bad input and stores nothing", async () => {
    const before = await count("select count(*) as n from practice_records where child_id = ?", c.childId);
    for (const [json, fields] of [
      [{ practised: true, tries: 2, successes: 5 }, ["successes"]],
      [{ practised: true, tries: 0, successes: 0 }, ["tries"]],
      [{ practised: true }, ["tries", "successes"]],
      [{ practised: false, tries: 2 }, ["tries"]],
      [{ practised: "yes", tries: 1, successes: 1 }, ["practised"]],
      [{ tries: 1, successes: 1 }, ["practised"]],
      [{ practised: true, tries: 1, successes: 1, note: "x".repeat(501) }, ["note"]],
      [{ practised: true, tries: 1.5, successes: 1 }, ["tries"]],
      [{ practised: true, tries: 1, successes: 1, enteredBy: "someone" }, ["enteredBy"]],
    ] as const) {
      const res = await call(day("2026-11-27"), "PUT", mum.cookie, json);
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(
        res.body.errors.map((e: Json) => e.field),
        JSON.stringify(json),
      ).toEqual(fields);
    }
    expect(await count("select count(*) as n from practice_records where child_id = ?", c.childId)).toBe(before);
  });

  it("takes only this week's targets", async () => {
    const res = await call(`/api/family/children/${c.childId}/practice/${c.blockId}/2026-11-30`, "PUT", mum.cookie, {
      practised: true,
      tries: 1,
      successes: 1,
    });
    expect(res.status).toBe(404);
  });
});
