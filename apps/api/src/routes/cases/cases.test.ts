import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, caseWithPlan } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

describe("the child's case", () => {
  it("shows the child, family, safety notes, this week's targets and the next visits", async () => {
    const c = await caseWithPlan(h, coordinator, visitor, { homeVisitSafety: "Two dogs; park on the street" });
    const res = await call(`/api/cases/${c.childId}`, "GET", visitor.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      asOf: "2026-11-20",
      referral: { id: c.referralId, reference: c.reference },
      allocation: { homeVisitor: { id: visitor.id, name: "Harriet Visitor" } },
      homeVisitNotes: { text: "Two dogs; park on the street", version: 0 },
      plan: { status: "active", currentBlock: { id: c.blockId, status: "active" } },
      missedVisits: { flagged: false },
      profiles: { count: 0, latestOn: null },
    });
    expect(res.body.child.lastName).toMatch(/^Casework/);
    expect(res.body.carers[0]).toMatchObject({ relationship: expect.any(String) });
    expect(res.body.plan.targetsThisWeek.map((t: Json) => t.id)).toEqual([c.targetId]);
    expect(res.body.nextVisits.map((v: Json) => v.date)).toEqual([
      "2026-11-23",
      "2026-11-30",
      "2026-12-07",
      "2026-12-14",
      "2027-01-04",
    ]);
    const read = await h.db.$client.execute({
      sql: "select count(*) as n from audit_events where action = 'read' and record_type = 'child' and record_id = ?",
      args: [c.childId],
    });
    expect(Number(read.rows[0]?.n)).toBeGreaterThan(0);
  });

  it("is 404 for another visitor's child and for a child not allocated, 403 for administrators", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    expect((await call(`/api/cases/${c.childId}`, "GET", otherVisitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}`, "GET", coordinator.cookie)).status).toBe(200);
    const waiting = await h.refer({ childLastName: "Waitingchild" });
    const row = await h.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [waiting.id] });
    expect((await call(`/api/cases/${String(row.rows[0]?.child_id)}`, "GET", coordinator.cookie)).status).toBe(404);
    const admin = await h.staffMember("administrator");
    expect((await call(`/api/cases/${c.childId}`, "GET", admin.cookie)).status).toBe(403);
    expect((await call("/api/cases", "GET", admin.cookie)).status).toBe(403);
  });

  it("keeps the home-visit notes versioned", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/home-visit-notes`;
    const saved = await call(path, "PUT", visitor.cookie, { version: 0, text: "Cat; steep steps to the door" });
    expect(saved.body).toMatchObject({ text: "Cat; steep steps to the door", version: 1 });
    const stale = await call(path, "PUT", coordinator.cookie, { version: 0, text: "Overwrite" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 1,
      changedBy: "Harriet Visitor",
    });
    const tooLong = await call(path, "PUT", visitor.cookie, { version: 1, text: "x".repeat(2001) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].field).toBe("text");
    const now = await call(`/api/cases/${c.childId}`, "GET", coordinator.cookie);
    expect(now.body.homeVisitNotes).toMatchObject({ text: "Cat; steep steps to the door", version: 1 });
  });

  it("lists a visitor's own cases, every case for a coordinator, and the case's history", async () => {
    const mine = await caseWithPlan(h, coordinator, visitor);
    const theirs = await allocatedCase(h, coordinator, otherVisitor);
    const own = await call("/api/cases", "GET", visitor.cookie);
    const ids = own.body.cases.map((e: Json) => e.child.id);
    expect(ids).toContain(mine.childId);
    expect(ids).not.toContain(theirs.childId);
    const entry = own.body.cases.find((e: Json) => e.child.id === mine.childId);
    expect(entry).toMatchObject({ planStatus: "active", nextVisit: { date: "2026-11-23", time: "10:00" } });
    const all = await call("/api/cases", "GET", coordinator.cookie);
    expect(all.body.cases.map((e: Json) => e.child.id)).toEqual(expect.arrayContaining([mine.childId, theirs.childId]));
    const filtered = await call(`/api/cases?homeVisitorId=${otherVisitor.id}`, "GET", coordinator.cookie);
    expect(filtered.body.cases.every((e: Json) => e.homeVisitor.id === otherVisitor.id)).toBe(true);
    const history = await call(`/api/cases/${mine.childId}/history?pageSize=100`, "GET", coordinator.cookie);
    const what = history.body.entries.map((e: Json) => e.what);
    expect(what).toEqual(
      expect.arrayContaining([
        "plan-started",
        "goal-added",
        "block-added",
        "target-added",
        "plan-agreed",
        "visits-planned",
      ]),
    );
    expect(history.body.entries.find((e: Json) => e.what === "plan-agreed").actor).toMatchObject({
      name: "Harriet Visitor",
      role: "home-visitor",
    });
    expect(history.body.total).toBe(history.body.entries.length);
    expect(history.body.entries.some((e: Json) => e.action === "read")).toBe(true);
    const changes = await call(
      `/api/cases/${mine.childId}/history?show=changes&pageSize=100`,
      "GET",
      coordinator.cookie,
    );
    expect(changes.body.entries.length).toBeGreaterThanOrEqual(7);
    expect(changes.body.entries.every((e: Json) => e.action !== "read")).toBe(true);
    expect(changes.body.total).toBe(changes.body.entries.length);
    expect((await call(`/api/cases/${mine.childId}/history?show=some`, "GET", coordinator.cookie)).status).toBe(422);
    expect((await call(`/api/cases/${mine.childId}/history`, "GET", otherVisitor.cookie)).status).toBe(404);
  });
});
