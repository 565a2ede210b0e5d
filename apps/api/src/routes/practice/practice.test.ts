import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan } from "../../test-support/casework.js";
import { familyMemberFor } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness({ now: "2026-11-29T18:00:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

describe("practice records", () => {
  it("take a week of the family's chart, and say when the target reaches its criterion", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/targets/${c.targetId}/practice-records`;
    let res = await call(path, "PUT", visitor.cookie, {
      records: [
        { date: "2026-11-23", tries: 4, successes: 3 },
        { date: "2026-11-24", practised: false, note: "Poorly" },
        { date: "2026-11-25", tries: 5, successes: 2, note: "Tired" },
        { date: "2026-11-26", tries: 4, successes: 4 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.reachedCriterion).toBe(false);
    expect(res.body.target.progress).toMatchObject({
      status: "developing",
      daysMet: ["2026-11-23", "2026-11-26"],
      daysNeeded: 3,
    });
    expect(res.body.records).toHaveLength(4);
    expect(res.body.records[1]).toMatchObject({ practised: false, tries: null, note: "Poorly", version: 1 });
    res = await call(path, "PUT", visitor.cookie, { records: [{ date: "2026-11-27", tries: 6, successes: 5 }] });
    expect(res.body.reachedCriterion).toBe(true);
    expect(res.body.target.progress).toMatchObject({ status: "achieved", achievedOn: "2026-11-27" });
    // Sending the same again (a retried form) stores nothing twice and is not "reached" again.
    res = await call(path, "PUT", visitor.cookie, { records: [{ date: "2026-11-27", tries: 6, successes: 5 }] });
    expect(res.status).toBe(200);
    expect(res.body.reachedCriterion).toBe(false);
    expect(res.body.records).toHaveLength(5);
    const week = await call(`/api/cases/${c.childId}/practice-records?week=2026-11-25`, "GET", visitor.cookie);
    expect(week.body).toMatchObject({ from: "2026-11-23", to: "2026-11-29" });
    expect(week.body.targets[0].records.map((r: Json) => r.date)).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
    ]);
    const plan = await call(`/api/cases/${c.childId}/plan`, "GET", visitor.cookie);
    expect(plan.body.plan.blocks[0].targets[0].progress.status).toBe("achieved");
  });

  it("change a day only from its version, and can clear a day entered by mistake", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/targets/${c.targetId}/practice-records`;
    await call(path, "PUT", visitor.cookie, { records: [{ date: "2026-11-24", tries: 3, successes: 1 }] });
    const stale = await call(path, "PUT", coordinator.cookie, {
      records: [{ date: "2026-11-24", tries: 3, successes: 2 }],
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 1,
      changedBy: "Harriet Visitor",
    });
    const changed = await call(path, "PUT", coordinator.cookie, {
      records: [{ date: "2026-11-24", tries: 3, successes: 2, version: 1 }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.records[0]).toMatchObject({ successes: 2, version: 2, enteredBy: { name: "Cora Ordinator" } });
    // The version it replaced is kept, with who entered it.
    expect(changed.body.records[0].earlierVersions).toEqual([
      {
        version: 1,
        tries: 3,
        successes: 1,
        practised: true,
        note: null,
        enteredBy: { kind: "staff", id: visitor.id, name: "Harriet Visitor" },
        enteredAt: expect.any(String),
      },
    ]);
    const cleared = await call(path, "PUT", visitor.cookie, {
      records: [{ date: "2026-11-24", clear: true, version: 2 }],
    });
    expect(cleared.body.records).toEqual([]);
    const revisions = await h.db.$client.execute("select count(*) as n from practice_record_revisions");
    expect(Number(revisions.rows[0]?.n)).toBe(0);
  });

  it("show what the family entered in the family app, marked as theirs, and correct it keeping both versions", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const family = await familyMemberFor(h, c.childId, { invitedBy: visitor.id, name: "Grace Example" });
    const entered = await h.request(`/api/family/children/${c.childId}/practice/${c.targetId}/2026-11-28`, {
      method: "PUT",
      cookie: family.cookie,
      json: { practised: true, tries: 4, successes: 2 },
    });
    expect(entered.status).toBe(200);
    const week = await call(`/api/cases/${c.childId}/practice-records`, "GET", visitor.cookie);
    const [record] = week.body.targets[0].records;
    expect(record).toMatchObject({
      date: "2026-11-28",
      tries: 4,
      successes: 2,
      enteredBy: { kind: "family", id: family.accountId, name: "Grace Example" },
      earlierVersions: [],
      version: 1,
    });
    const path = `/api/cases/${c.childId}/targets/${c.targetId}/practice-records`;
    const corrected = await call(path, "PUT", coordinator.cookie, {
      records: [{ date: "2026-11-28", tries: 4, successes: 3, version: 1 }],
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.records[0]).toMatchObject({
      successes: 3,
      version: 2,
      enteredBy: { kind: "staff", id: coordinator.id, name: "Cora Ordinator" },
      earlierVersions: [
        expect.objectContaining({ version: 1, successes: 2, enteredBy: expect.objectContaining({ kind: "family" }) }),
      ],
    });
    const removed = await call(path, "PUT", coordinator.cookie, {
      records: [{ date: "2026-11-28", clear: true, version: 2 }],
    });
    expect(removed.status).toBe(422);
    expect(removed.body.errors).toEqual([expect.objectContaining({ field: "records.0.clear" })]);
  });

  it("name the day and field on bad input, and store none of it", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/targets/${c.targetId}/practice-records`;
    const res = await call(path, "PUT", visitor.cookie, {
      records: [
        { date: "2026-11-23", tries: 4, successes: 3 },
        { date: "2026-11-24", tries: 2, successes: 5 },
        { date: "2026-11-30", tries: 1, successes: 1 },
        { date: "2026-11-20", tries: 1, successes: 1 },
        { date: "2026-11-25", practised: false, tries: 2 },
        { date: "2026-11-26", successes: 1 },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: Json) => e.field)).toEqual([
      "records.1.successes",
      "records.2.date",
      "records.3.date",
      "records.4.tries",
      "records.5.tries",
    ]);
    const stored = await h.db.$client.execute({
      sql: "select count(*) as n from practice_records where target_id = ?",
      args: [c.targetId ?? ""],
    });
    expect(Number(stored.rows[0]?.n)).toBe(0);
    const other = await call(path, "PUT", otherVisitor.cookie, {
      records: [{ date: "2026-11-23", tries: 1, successes: 1 }],
    });
    expect(other.status).toBe(404);
    const noTarget = await call(
      `/api/cases/${c.childId}/targets/${c.childId}/practice-records`,
      "PUT",
      visitor.cookie,
      {
        records: [{ date: "2026-11-23", tries: 1, successes: 1 }],
      },
    );
    expect(noTarget.status).toBe(404);
  });
});
