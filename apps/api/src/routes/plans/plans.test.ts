import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, BLOCK_START, caseWithPlan } from "../../test-support/casework.js";
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

describe("the play plan", () => {
  it("goes from a draft with goals, a block and targets to agreed and active, versioned all the way", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const base = `/api/cases/${c.childId}/plan`;
    const none = await call(base, "GET", visitor.cookie);
    expect(none.status).toBe(200);
    expect(none.body.plan).toBeNull();
    expect(none.body.rules.areas.map((a: Json) => a.id)).toContain("physical");

    let res = await call(base, "POST", visitor.cookie, {});
    expect(res.status).toBe(201);
    expect(res.body.plan).toMatchObject({ status: "draft", version: 1, longTermGoals: [], blocks: [] });
    expect((await call(base, "POST", visitor.cookie, {})).status).toBe(409);

    res = await call(`${base}/goals`, "POST", visitor.cookie, {
      version: 1,
      areaId: "physical",
      text: "Walks with one hand held",
      setOn: "2026-11-20",
    });
    expect(res.status).toBe(200);
    // Review date from the protocol: six months after the goal was set.
    expect(res.body.plan.longTermGoals[0]).toMatchObject({ area: "Physical development", reviewBy: "2027-05-20" });
    res = await call(`${base}/goals`, "POST", visitor.cookie, {
      version: 2,
      areaId: "communication-and-language",
      text: "Asks for things with a word or sign",
      setOn: "2026-11-20",
    });
    const [walk, talk] = res.body.plan.longTermGoals;

    res = await call(`${base}/blocks`, "POST", visitor.cookie, {
      version: 3,
      start: BLOCK_START,
      frequency: "weekly",
      weekday: "monday",
      time: "09:30",
    });
    expect(res.status).toBe(200);
    const block = res.body.plan.blocks[0];
    // Twelve weeks from 23 November end in the February half-term: the block ends on the term's last day.
    expect(block).toMatchObject({ number: 1, start: BLOCK_START, end: "2027-02-12", status: "draft", targets: [] });

    const target = (version: number, goal: string, does: string) =>
      call(`${base}/blocks/${block.id}/targets`, "POST", visitor.cookie, {
        version,
        areaId: goal === walk.id ? "physical" : "communication-and-language",
        longTermGoalId: goal,
        does,
        conditions: "with an adult beside her",
        teachingSteps: ["first step", "second step"],
        practice: { how: "At bath time", timesPerDay: 2 },
      });
    await target(4, walk.id, "stand holding the sofa for ten seconds");
    await target(5, walk.id, "take two steps to a parent");
    res = await target(6, talk.id, "sign 'more' at snack time");
    expect(res.status).toBe(200);
    const targets = res.body.plan.blocks[0].targets;
    expect(targets).toHaveLength(3);
    // The protocol's "achieved" criterion by default, in words.
    expect(targets[0]).toMatchObject({
      criterion: { successes: 3, outOf: 4, days: 3 },
      criterionText: "3 out of 4 times, on 3 different days",
      practiceText: "2 times a day",
      status: "open",
      progress: { status: "not-started" },
      longTermGoalId: walk.id,
    });
    expect(targets[0].teachingSteps.map((s: Json) => s.text)).toEqual(["first step", "second step"]);

    res = await call(`${base}/agreement`, "POST", visitor.cookie, {
      version: 7,
      agreedOn: "2026-11-20",
      agreedBy: ["Grace Example (parent)", "Harriet Visitor (home visitor)"],
    });
    expect(res.status).toBe(200);
    expect(res.body.plan).toMatchObject({ status: "agreed", agreedOn: "2026-11-20", version: 8 });
    expect(res.body.plan.blocks[0]).toMatchObject({
      status: "agreed",
      agreedBy: ["Grace Example (parent)", "Harriet Visitor (home visitor)"],
    });

    res = await call(`${base}/start`, "POST", visitor.cookie, { version: 8 });
    expect(res.status).toBe(200);
    expect(res.body.plan.status).toBe("active");
    expect(res.body.plan.blocks[0].status).toBe("active");

    // A change after agreement is a new version; every version is kept.
    res = await call(`${base}/targets/${targets[2].id}`, "PATCH", visitor.cookie, {
      version: 9,
      does: "sign 'more' at every meal",
    });
    expect(res.status).toBe(200);
    expect(res.body.plan.version).toBe(10);
    const revisions = await call(`${base}/revisions`, "GET", visitor.cookie);
    expect(revisions.body.revisions.map((r: Json) => r.change)).toEqual([
      "target-changed",
      "plan-started-visits",
      "plan-agreed",
      "target-added",
      "target-added",
      "target-added",
      "block-added",
      "goal-added",
      "goal-added",
      "plan-started",
    ]);
    expect(revisions.body.revisions[0]).toMatchObject({ version: 10, changedBy: { name: "Harriet Visitor" } });
    const stored = await h.db.$client.execute({
      sql: "select count(*) as n from play_plan_revisions where plan_id = ?",
      args: [res.body.plan.id],
    });
    expect(Number(stored.rows[0]?.n)).toBe(10);
  });

  it("refuses a stale version with what changed since, and stores nothing", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const base = `/api/cases/${c.childId}/plan`;
    const first = await call(`${base}/targets/${c.targetId}`, "PATCH", visitor.cookie, {
      version: c.version,
      conditions: "when the bubbles stop",
    });
    expect(first.status).toBe(200);
    const stale = await call(`${base}/targets/${c.targetId}`, "PATCH", coordinator.cookie, {
      version: c.version,
      conditions: "something else",
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: (c.version ?? 0) + 1,
      changedBy: "Harriet Visitor",
      changes: ["target-changed"],
    });
    expect(stale.body.detail).toMatch(/changed by Harriet Visitor/);
    const now = await call(base, "GET", visitor.cookie);
    expect(now.body.plan.blocks[0].targets[0].conditions).toBe("when the bubbles stop");
  });

  it("names the field and stores nothing on bad input", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const base = `/api/cases/${c.childId}/plan`;
    const count = () => h.count("play_plan_revisions");
    const before = await count();
    const unknownArea = await call(`${base}/blocks/${c.blockId}/targets`, "POST", visitor.cookie, {
      version: c.version,
      areaId: "juggling",
      does: "juggle",
      conditions: "always",
      teachingSteps: ["one"],
      practice: { how: "daily", timesPerDay: 1 },
    });
    expect(unknownArea.status).toBe(422);
    expect(unknownArea.body.detail).toMatch(/not one of the protocol's developmental areas/);
    const missing = await call(`${base}/blocks/${c.blockId}/targets`, "POST", visitor.cookie, {
      version: c.version,
      areaId: "physical",
      does: "",
      conditions: "always",
      teachingSteps: [],
      practice: { how: "daily" },
      extra: true,
    });
    expect(missing.status).toBe(422);
    const fields = missing.body.errors.map((e: Json) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["does", "teachingSteps", "extra"]));
    const noFrequency = await call(`${base}/blocks/${c.blockId}/targets`, "POST", visitor.cookie, {
      version: c.version,
      areaId: "physical",
      does: "roll over",
      conditions: "on the mat",
      teachingSteps: ["one"],
      practice: { how: "daily" },
    });
    expect(noFrequency.status).toBe(422);
    expect(noFrequency.body.errors.map((e: Json) => e.field)).toContain("practice.howOften");
    const holidayBlock = await call(`${base}/blocks`, "POST", visitor.cookie, {
      version: c.version,
      start: "2026-12-21",
      frequency: "monthly",
      weekday: "monday",
      time: "25:00",
    });
    expect(holidayBlock.status).toBe(422);
    expect(holidayBlock.body.errors.map((e: Json) => e.field).sort()).toEqual(["frequency", "time"]);
    const inHoliday = await call(`${base}/blocks`, "POST", visitor.cookie, {
      version: c.version,
      start: "2026-12-21",
      end: "2027-01-29",
      frequency: "weekly",
      weekday: "monday",
      time: "10:00",
    });
    expect(inHoliday.status).toBe(422);
    expect(inHoliday.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "start", message: expect.stringMatching(/school holiday/) }),
      ]),
    );
    const stopped = await call(`${base}/targets/${c.targetId}/outcome`, "POST", visitor.cookie, {
      version: c.version,
      result: "stopped",
      on: "2026-11-20",
    });
    expect(stopped.status).toBe(422);
    expect(stopped.body.errors.map((e: Json) => e.field)).toEqual(["reason"]);
    expect(await count()).toBe(before);
  });

  it("refuses agreement without a target, and ends a target once", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const base = `/api/cases/${c.childId}/plan`;
    await call(base, "POST", visitor.cookie, {});
    await call(`${base}/blocks`, "POST", visitor.cookie, {
      version: 1,
      start: BLOCK_START,
      frequency: "fortnightly",
      weekday: "tuesday",
      time: "13:30",
    });
    const refused = await call(`${base}/agreement`, "POST", visitor.cookie, {
      version: 2,
      agreedOn: "2026-11-20",
      agreedBy: ["A parent"],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/at least one target/);
    const future = await call(`${base}/agreement`, "POST", visitor.cookie, {
      version: 2,
      agreedOn: "2026-12-20",
      agreedBy: ["A parent"],
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe("agreedOn");

    const withPlan = await caseWithPlan(h, coordinator, visitor);
    const planBase = `/api/cases/${withPlan.childId}/plan`;
    const ended = await call(`${planBase}/targets/${withPlan.targetId}/outcome`, "POST", visitor.cookie, {
      version: withPlan.version,
      result: "achieved",
      on: "2026-11-20",
      note: "Says more every time",
    });
    expect(ended.status).toBe(200);
    expect(ended.body.plan.blocks[0].targets[0]).toMatchObject({
      status: "ended",
      outcome: { result: "achieved", note: "Says more every time" },
    });
    const again = await call(`${planBase}/targets/${withPlan.targetId}/outcome`, "POST", visitor.cookie, {
      version: ended.body.plan.version,
      result: "stopped",
      on: "2026-11-20",
      reason: "changed mind",
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already ended/);
  });

  it("is reached only by the child's own home visitor and coordinators", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    expect((await call(`/api/cases/${c.childId}/plan`, "GET", otherVisitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}/plan`, "GET", coordinator.cookie)).status).toBe(200);
    const change = await call(`/api/cases/${c.childId}/plan/goals`, "POST", otherVisitor.cookie, {
      version: c.version,
      areaId: "physical",
      text: "x",
      setOn: "2026-11-20",
    });
    expect(change.status).toBe(404);
    const admin = await h.staffMember("administrator");
    expect((await call(`/api/cases/${c.childId}/plan`, "GET", admin.cookie)).status).toBe(403);
  });
});
