import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

// The harness's cases start their block on 2026-11-23; it ends on 2027-02-12 (the last term day
// within twelve weeks). Today is after it, so its review is due.
const TODAY = "2027-02-25";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness({ now: `${TODAY}T10:00:00.000Z` });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const reviewPath = (c: TestCase) => `/api/cases/${c.childId}/plan/blocks/${c.blockId}/review`;

async function count(sql: string, ...args: string[]): Promise<number> {
  const result = await h.db.$client.execute({ sql, args });
  return Number(result.rows[0]?.n);
}

function reviewBody(c: TestCase, overrides: Json = {}): Json {
  return {
    version: c.version,
    reviewedOn: TODAY,
    celebrations: "She says 'more' at bath time now!\nShe loves the bubbles.",
    nextFocus: "Two words together at snack time.",
    outcomes: [{ targetId: c.targetId, result: "carried-forward" }],
    decision: "next-block",
    nextBlock: { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "10:00" },
    ...overrides,
  };
}

describe("block reviews", () => {
  it("says a review is due once the block has ended, with the records' draft", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const list = await call(`/api/cases/${c.childId}/reviews`, "GET", visitor.cookie);
    expect(list.status).toBe(200);
    expect(list.body.due).toEqual([expect.objectContaining({ id: c.blockId, number: 1, end: "2027-02-12" })]);
    expect(list.body.blockReviews).toEqual([]);
    expect(list.body.coordinators).toEqual([{ id: coordinator.id, name: "Cora Ordinator" }]);
    expect(list.body.goals[0]).toMatchObject({ id: c.goalId, nextReviewBy: "2027-05-20", due: false, reviews: [] });

    const draft = await call(reviewPath(c), "GET", visitor.cookie);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      due: true,
      notYet: null,
      planVersion: c.version,
      block: { id: c.blockId, status: "active" },
      nextBlock: { start: "2027-03-01", frequency: "weekly", weekday: "monday", time: "10:00" },
      review: null,
    });
    expect(draft.body.figures.targets).toEqual([
      expect.objectContaining({ targetId: c.targetId, suggestedOutcome: "carried-forward", decided: false }),
    ]);
    expect(draft.body.figures.visitsPlanned).toBeGreaterThan(0);
  });

  it("refuses bad input with the field named, and stores nothing", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const cases: [Json, string][] = [
      [{ celebrations: "" }, "celebrations"],
      [{ reviewedOn: "2027-02-30" }, "reviewedOn"],
      [{ decision: "holiday" }, "decision"],
      [{ surprise: true }, "surprise"],
      [{ reviewedOn: "2027-03-01" }, "reviewedOn"],
      [{ reviewedOn: "2027-02-01" }, "reviewedOn"],
      [{ outcomes: [] }, "outcomes"],
      [{ outcomes: [{ targetId: c.targetId, result: "stopped" }] }, "outcomes.0.reason"],
      [{ outcomes: [{ targetId: "no-such-target", result: "achieved" }] }, "outcomes.0.targetId"],
      [{ nextBlock: undefined }, "nextBlock"],
      [{ decision: "exit" }, "nextBlock"],
      [
        { nextBlock: { start: "2027-04-05", frequency: "weekly", weekday: "monday", time: "10:00" } },
        "nextBlock.start",
      ],
      [{ profileId: "7b0a1f3e-52a4-4b6e-9d0e-0f6c3e2a1b9c" }, "profileId"],
    ];
    for (const [overrides, field] of cases) {
      const res = await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c, overrides));
      expect(res.status, JSON.stringify(overrides)).toBe(422);
      expect(res.body.type).toBe("/api/problems/validation");
      expect(
        res.body.errors.map((e: Json) => e.field),
        JSON.stringify(overrides),
      ).toContain(field);
    }
    expect(await count("select count(*) as n from block_reviews where child_id = ?", c.childId)).toBe(0);
    const plan = await call(`/api/cases/${c.childId}/plan`, "GET", visitor.cookie);
    expect(plan.body.plan.version).toBe(c.version);
    expect(plan.body.plan.blocks).toHaveLength(1);
  });

  it("saves the review: ends the targets, completes the block, carries targets into a new draft block", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const res = await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      blockId: c.blockId,
      blockNumber: 1,
      reviewedOn: TODAY,
      decision: "next-block",
      version: 1,
      recordedBy: { id: visitor.id, name: "Harriet Visitor" },
      next: { decision: "next-block" },
    });
    expect(res.body.figures.targets[0]).toMatchObject({ suggestedOutcome: "carried-forward", decided: true });
    const headings = res.body.report.sections.map((s: Json) => s.heading);
    expect(headings).toEqual([
      "The block",
      "What you are celebrating",
      "What we are celebrating",
      "Targets",
      "Next focus",
      "What happens next",
    ]);
    expect(res.body.report.sections[1].items).toEqual(["She says 'more' at bath time now!", "She loves the bubbles."]);

    const { plan } = (await call(`/api/cases/${c.childId}/plan`, "GET", visitor.cookie)).body;
    expect(plan.status).toBe("active");
    expect(plan.version).toBe((c.version ?? 0) + 1);
    const [first, second] = plan.blocks;
    expect(first).toMatchObject({ status: "completed" });
    expect(first.targets[0]).toMatchObject({ status: "ended", outcome: { result: "carried-forward", on: TODAY } });
    expect(second).toMatchObject({ number: 2, status: "draft", start: "2027-03-01", end: "2027-05-23" });
    expect(res.body.next.blockId).toBe(second.id);
    const carried = second.targets[0];
    expect(carried.id).not.toBe(c.targetId);
    expect(carried).toMatchObject({ status: "open", does: first.targets[0].does });
    expect(carried.teachingSteps.map((s: Json) => s.text)).toEqual(
      first.targets[0].teachingSteps.map((s: Json) => s.text),
    );

    const revisions = (await call(`/api/cases/${c.childId}/plan/revisions`, "GET", visitor.cookie)).body.revisions;
    expect(revisions[0]).toMatchObject({ change: "block-reviewed" });
    expect(
      await count(
        "select count(*) as n from audit_events where record_type = 'child' and record_id = ? and reason = 'block-reviewed'",
        c.childId,
      ),
    ).toBe(1);

    // One review per block.
    const again = await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c, { version: plan.version }));
    expect(again.status).toBe(409);
    const list = (await call(`/api/cases/${c.childId}/reviews`, "GET", visitor.cookie)).body;
    expect(list.due).toEqual([]);
    expect(list.blockReviews).toEqual([expect.objectContaining({ blockId: c.blockId, decision: "next-block" })]);
    const saved = (await call(reviewPath(c), "GET", visitor.cookie)).body;
    expect(saved.review).toMatchObject({ id: res.body.id, version: 1 });
    expect(saved.notYet).toMatch(/reviewed already/);
  });

  it("refuses a stale plan version with what changed, and writes nothing", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    await call(`/api/cases/${c.childId}/plan/goals/${c.goalId}`, "PATCH", coordinator.cookie, {
      version: c.version,
      text: "Uses words to ask",
    });
    const res = await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: (c.version ?? 0) + 1,
      changedBy: "Cora Ordinator",
      changes: ["goal-changed"],
    });
    expect(await count("select count(*) as n from block_reviews where child_id = ?", c.childId)).toBe(0);
  });

  it("answers another visitor's child as not found, and stores nothing", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    expect((await call(reviewPath(c), "GET", otherVisitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}/reviews`, "GET", otherVisitor.cookie)).status).toBe(404);
    const res = await call(reviewPath(c), "POST", otherVisitor.cookie, reviewBody(c));
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain("bubbles");
    expect((await call(`${reviewPath(c)}.pdf`, "GET", otherVisitor.cookie)).status).toBe(404);
    expect(await count("select count(*) as n from block_reviews where child_id = ?", c.childId)).toBe(0);
  });

  it("stores a waiting-list or exit decision and says which route carries it out", async () => {
    const waiting = await caseWithPlan(h, coordinator, visitor);
    let res = await call(
      reviewPath(waiting),
      "POST",
      coordinator.cookie,
      reviewBody(waiting, {
        decision: "waiting-list",
        nextBlock: undefined,
        outcomes: [{ targetId: waiting.targetId, result: "achieved" }],
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.next).toMatchObject({
      decision: "waiting-list",
      route: `POST /api/cases/${waiting.childId}/return-to-waiting-list`,
    });
    expect(res.body.report.sections.at(-1).rows[0].value).toMatch(/back on the waiting list/);
    let plan = (await call(`/api/cases/${waiting.childId}/plan`, "GET", coordinator.cookie)).body.plan;
    expect(plan.blocks).toHaveLength(1);
    expect(plan.blocks[0].targets[0].outcome.result).toBe("achieved");

    const leaving = await caseWithPlan(h, coordinator, visitor);
    res = await call(
      reviewPath(leaving),
      "POST",
      visitor.cookie,
      reviewBody(leaving, {
        decision: "exit",
        nextBlock: undefined,
        outcomes: [{ targetId: leaving.targetId, result: "stopped", reason: "Moving to nursery" }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.next).toMatchObject({ decision: "exit", route: `POST /api/cases/${leaving.childId}/exit` });
    plan = (await call(`/api/cases/${leaving.childId}/plan`, "GET", visitor.cookie)).body.plan;
    expect(plan.blocks).toHaveLength(1);
    expect(plan.blocks[0]).toMatchObject({ status: "completed" });
    expect(plan.blocks[0].targets[0].outcome).toMatchObject({ result: "stopped", reason: "Moving to nursery" });
  });

  it("compares a new profile with the first, and corrects a saved review by its version", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const profiles = `/api/cases/${c.childId}/profiles`;
    await call(profiles, "POST", visitor.cookie, {
      recordedOn: "2026-11-20",
      entries: [{ areaId: "communication-and-language", mark: "emerging" }],
    });
    const later = await call(profiles, "POST", visitor.cookie, {
      recordedOn: TODAY,
      entries: [{ areaId: "communication-and-language", mark: "developing" }],
    });
    expect(later.status).toBe(201);
    const draft = (await call(reviewPath(c), "GET", visitor.cookie)).body;
    expect(draft.profiles).toMatchObject({ latest: { id: later.body.id }, comparison: { movedOn: 1 } });

    const saved = await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c, { profileId: later.body.id }));
    expect(saved.status).toBe(201);
    expect(saved.body.comparison).toMatchObject({ from: "2026-11-20", to: TODAY, movedOn: 1 });
    const table = saved.body.report.sections.find((s: Json) => s.heading.endsWith("developmental profile"));
    expect(table.rows).toContainEqual(["Communication and language", "Emerging", "Developing", "Moved on"]);

    const fixed = await call(reviewPath(c), "PUT", coordinator.cookie, {
      version: 1,
      nextFocus: "Two words at snack.",
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ version: 2, nextFocus: "Two words at snack." });
    const stale = await call(reviewPath(c), "PUT", visitor.cookie, { version: 1, celebrations: "Bubbles" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 2,
      changedBy: "Cora Ordinator",
    });
    const bad = await call(reviewPath(c), "PUT", visitor.cookie, { version: 2, decision: "exit" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("decision");
    expect((await call(reviewPath(c), "GET", visitor.cookie)).body.review).toMatchObject({
      version: 2,
      celebrations: expect.stringContaining("bath time"),
    });
  });

  it("gives the family's report as a PDF once the review is saved", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const before = await h.request(`${reviewPath(c)}.pdf`, { cookie: visitor.cookie });
    expect(before.status).toBe(409);
    await call(reviewPath(c), "POST", visitor.cookie, reviewBody(c));
    const res = await h.request(`${reviewPath(c)}.pdf`, { cookie: visitor.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");
    expect(
      await count(
        "select count(*) as n from audit_events where record_id = ? and action = 'read' and reason = 'review-report'",
        c.childId,
      ),
    ).toBe(1);
  });
});

describe("long-term goal reviews", () => {
  it("needs a coordinator named, and moves the next review on by the protocol's period", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/plan/goals/${c.goalId}/reviews`;
    let res = await call(path, "POST", visitor.cookie, {
      reviewedOn: TODAY,
      outcome: "continued",
      coordinatorId: visitor.id,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: Json) => e.field)).toEqual(["coordinatorId"]);
    res = await call(path, "POST", visitor.cookie, {
      reviewedOn: "2027-03-01",
      outcome: "continued",
      coordinatorId: "x",
    });
    expect(res.status).toBe(422);
    res = await call(path, "POST", visitor.cookie, {
      reviewedOn: "2027-03-01",
      outcome: "continued",
      coordinatorId: coordinator.id,
    });
    expect(res.body.errors.map((e: Json) => e.field)).toEqual(["reviewedOn"]);
    expect(await count("select count(*) as n from goal_reviews where child_id = ?", c.childId)).toBe(0);

    res = await call(path, "POST", visitor.cookie, {
      reviewedOn: TODAY,
      outcome: "continued",
      note: "Now using signs as well",
      coordinatorId: coordinator.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: c.goalId, nextReviewBy: "2027-08-25", due: false });
    expect(res.body.reviews[0]).toMatchObject({
      outcome: "continued",
      note: "Now using signs as well",
      coordinator: { id: coordinator.id, name: "Cora Ordinator" },
      recordedBy: { id: visitor.id },
    });
    res = await call(path, "POST", coordinator.cookie, {
      reviewedOn: TODAY,
      outcome: "achieved",
      coordinatorId: coordinator.id,
    });
    expect(res.body).toMatchObject({ nextReviewBy: null, due: false });
    expect(res.body.reviews.map((r: Json) => r.outcome)).toEqual(["achieved", "continued"]);
    const list = (await call(`/api/cases/${c.childId}/reviews`, "GET", visitor.cookie)).body;
    expect(list.goals[0].reviews).toHaveLength(2);
    expect(
      await count("select count(*) as n from audit_events where record_id = ? and reason = 'goal-reviewed'", c.childId),
    ).toBe(2);
    const other = await call(path, "POST", otherVisitor.cookie, {
      reviewedOn: TODAY,
      outcome: "continued",
      coordinatorId: coordinator.id,
    });
    expect(other.status).toBe(404);
  });
});
