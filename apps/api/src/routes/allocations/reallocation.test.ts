// Re-allocation with a handover note, return to the waiting list and allocating again (ADR 0041).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase, caseWithPlan } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let harriet: { id: string; cookie: string };
let hamid: { id: string; cookie: string };
let third: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  harriet = await h.staffMember("home-visitor", "Harriet Visitor");
  hamid = await h.staffMember("home-visitor", "Hamid Visitor");
  third = await h.staffMember("home-visitor", "Thea Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

async function allocationId(childId: string): Promise<string> {
  const view = await call(`/api/cases/${childId}`, "GET", coordinator.cookie);
  expect(view.status).toBe(200);
  return view.body.allocation.id;
}

async function caseload(visitorId: string): Promise<number> {
  const list = await call("/api/home-visitors", "GET", coordinator.cookie);
  return list.body.homeVisitors.find((v: Json) => v.id === visitorId)?.caseload;
}

async function rows(sql: string, args: string[]) {
  return (await h.db.$client.execute({ sql, args })).rows;
}

async function auditReasons(childId: string): Promise<string[]> {
  const found = await rows(
    "select reason from audit_events where record_type = 'child' and record_id = ? and action <> 'read' and outcome = 'success' order by id",
    [childId],
  );
  return found.map((r) => String(r.reason));
}

describe("re-allocation", () => {
  it("moves the child: the new visitor sees them with the handover note, the old one gets 404, caseloads follow", async () => {
    const c = await caseWithPlan(h, coordinator, harriet);
    const [harrietBefore, hamidBefore] = [await caseload(harriet.id), await caseload(hamid.id)];
    const moved = await call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, {
      allocationId: await allocationId(c.childId),
      homeVisitorId: hamid.id,
      handoverNote: "  Mum prefers mornings; the dog is friendly but jumps.  ",
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(moved.body).toMatchObject({
      childId: c.childId,
      referralId: c.referralId,
      homeVisitor: { id: hamid.id, name: "Hamid Visitor" },
      previous: { homeVisitor: { id: harriet.id, name: "Harriet Visitor" } },
    });

    const old = await call(`/api/cases/${c.childId}`, "GET", harriet.cookie);
    expect(old.status).toBe(404);
    expect(JSON.stringify(old.body)).not.toContain(c.reference);
    expect((await call(`/api/cases/${c.childId}/plan`, "GET", harriet.cookie)).status).toBe(404);
    expect((await call(`/api/referrals/${c.referralId}`, "GET", harriet.cookie)).status).toBe(404);

    const seen = await call(`/api/cases/${c.childId}`, "GET", hamid.cookie);
    expect(seen.status).toBe(200);
    expect(seen.body.allocation).toMatchObject({
      id: moved.body.id,
      homeVisitor: { id: hamid.id },
      handover: {
        reason: "reallocated",
        note: "Mum prefers mornings; the dog is friendly but jumps.",
        from: { id: harriet.id, name: "Harriet Visitor" },
      },
    });
    // The plan and its visits come with the child.
    expect(seen.body.plan?.id).toBe(c.planId);
    const diary = await call("/api/diary?from=2026-11-20&to=2026-12-31", "GET", hamid.cookie);
    expect(diary.body.visits.some((v: Json) => v.child.id === c.childId)).toBe(true);
    const oldDiary = await call("/api/diary?from=2026-11-20&to=2026-12-31", "GET", harriet.cookie);
    expect(oldDiary.body.visits.some((v: Json) => v.child.id === c.childId)).toBe(false);

    expect(await caseload(harriet.id)).toBe(harrietBefore - 1);
    expect(await caseload(hamid.id)).toBe(hamidBefore + 1);
    const ended = await rows("select end_reason, handover_note, ended_at from allocations where id = ?", [
      moved.body.previous.id,
    ]);
    expect(ended[0]).toMatchObject({ end_reason: "reallocated", handover_note: expect.stringContaining("mornings") });
    expect(await auditReasons(c.childId)).toContain("reallocated");
    const history = await call(`/api/cases/${c.childId}/history?pageSize=100`, "GET", coordinator.cookie);
    expect(history.body.entries.map((e: Json) => e.what)).toContain("reallocated");
  });

  it("refuses bad input with the field named, and stores nothing", async () => {
    const c = await allocatedCase(h, coordinator, harriet);
    const allocation = await allocationId(c.childId);
    const before = await h.count("allocations");
    const cases: [unknown, string][] = [
      [{ allocationId: allocation, homeVisitorId: hamid.id }, "handoverNote"],
      [{ allocationId: allocation, homeVisitorId: hamid.id, handoverNote: "   " }, "handoverNote"],
      [{ allocationId: allocation, homeVisitorId: "not-an-id", handoverNote: "Note" }, "homeVisitorId"],
      [{ allocationId: allocation, homeVisitorId: harriet.id, handoverNote: "Note" }, "homeVisitorId"],
      [{ allocationId: allocation, homeVisitorId: coordinator.id, handoverNote: "Note" }, "homeVisitorId"],
      [{ homeVisitorId: hamid.id, handoverNote: "Note" }, "allocationId"],
      [{ allocationId: allocation, homeVisitorId: hamid.id, handoverNote: "x".repeat(4001) }, "handoverNote"],
      [{ allocationId: allocation, homeVisitorId: hamid.id, handoverNote: "Note", extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.type).toBe("/api/problems/validation");
      expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
    }
    expect(await h.count("allocations")).toBe(before);
    expect((await call(`/api/cases/${c.childId}`, "GET", harriet.cookie)).status).toBe(200);
  });

  it("two re-allocations at once: one wins, the other is 409, and one current allocation remains", async () => {
    for (let round = 0; round < 4; round++) {
      const c = await allocatedCase(h, coordinator, harriet);
      const allocation = await allocationId(c.childId);
      const answers = await Promise.all(
        [hamid, third].map((to) =>
          call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, {
            allocationId: allocation,
            homeVisitorId: to.id,
            handoverNote: `Handover to ${to.id}`,
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const refused = answers.find((a) => a.status === 409);
      expect(refused?.body.type).toBe("/api/problems/conflict");
      const current = await rows("select home_visitor_id from allocations where child_id = ? and ended_at is null", [
        c.childId,
      ]);
      expect(current).toHaveLength(1);
      const winner = answers.find((a) => a.status === 201);
      expect(current[0]?.home_visitor_id).toBe(winner?.body.homeVisitor.id);
    }
  });

  it("a stale allocation id (the case moved meanwhile) is 409 and changes nothing", async () => {
    const c = await allocatedCase(h, coordinator, harriet);
    const stale = await allocationId(c.childId);
    expect(
      (
        await call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, {
          allocationId: stale,
          homeVisitorId: hamid.id,
          handoverNote: "First move",
        })
      ).status,
    ).toBe(201);
    const again = await call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, {
      allocationId: stale,
      homeVisitorId: third.id,
      handoverNote: "Second move, made from the old page",
    });
    expect(again.status).toBe(409);
    expect((await call(`/api/cases/${c.childId}`, "GET", hamid.cookie)).status).toBe(200);
    const back = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", coordinator.cookie, {
      allocationId: stale,
      reason: "From the old page",
    });
    expect(back.status).toBe(409);
  });

  it("is for coordinators: a home visitor is refused, and another visitor's child is 404 for them elsewhere", async () => {
    const c = await allocatedCase(h, coordinator, harriet);
    const body = { allocationId: await allocationId(c.childId), homeVisitorId: hamid.id, handoverNote: "Note" };
    expect((await call(`/api/cases/${c.childId}/reallocation`, "POST", harriet.cookie, body)).status).toBe(403);
    const otherReturn = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", hamid.cookie, {
      allocationId: body.allocationId,
      reason: "Not mine",
    });
    expect(otherReturn.status).toBe(404);
    expect(JSON.stringify(otherReturn.body)).not.toContain(c.reference);
  });
});

describe("return to the waiting list, and allocating again", () => {
  it("keeps accepted_on, ranks by the original date, and the plan continues after allocating again", async () => {
    const c = await caseWithPlan(h, coordinator, harriet);
    const [before] = await rows("select accepted_on from referrals where id = ?", [c.referralId]);
    // Accepted long ago: the return must not reset the wait to today.
    await h.db.$client.execute({
      sql: "update referrals set accepted_on = '2026-03-02', received_at = '2026-02-16T10:00:00.000Z' where id = ?",
      args: [c.referralId],
    });
    expect(before?.accepted_on).toBeTruthy();
    const harrietBefore = await caseload(harriet.id);

    const bad = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", harriet.cookie, {
      allocationId: await allocationId(c.childId),
      reason: "",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(["reason"]);

    // The child's own home visitor may return them (a block review's "waiting list" decision).
    const back = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", harriet.cookie, {
      allocationId: await allocationId(c.childId),
      reason: "The family moves house for three months; they want to carry on after.",
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: "waiting", acceptedOn: "2026-03-02", referralId: c.referralId });
    expect(await caseload(harriet.id)).toBe(harrietBefore - 1);
    expect((await call(`/api/cases/${c.childId}`, "GET", harriet.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}`, "GET", coordinator.cookie)).status).toBe(404);
    const [row] = await rows("select status, accepted_on from referrals where id = ?", [c.referralId]);
    expect(row).toMatchObject({ status: "waiting", accepted_on: "2026-03-02" });
    expect(await auditReasons(c.childId)).toContain("returned-to-waiting-list");

    // Back on the list, ranked by the original date: it has waited since March, so it is above a
    // child with the same needs accepted today.
    const fresh = await h.refer({ childFirstName: "Newcomer" });
    await call(`/api/referrals/${fresh.id}/decision`, "POST", coordinator.cookie, {
      outcome: "accepted",
      complexity: "moderate",
    });
    const list = await call("/api/waiting-list?pageSize=100", "GET", coordinator.cookie);
    expect(list.body.setAside).toEqual([]);
    const entry = list.body.entries.find((e: Json) => e.referralId === c.referralId);
    const newcomer = list.body.entries.find((e: Json) => e.referralId === fresh.id);
    expect(entry).toMatchObject({ acceptedOn: "2026-03-02" });
    expect(entry.daysWaited).toBeGreaterThan(200);
    expect(entry.position).toBeLessThan(newcomer.position);
    expect(entry.monitoring).toBeUndefined();

    // Returning twice is refused: the case is no longer there.
    const twice = await call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", coordinator.cookie, {
      allocationId: back.body.referralId,
      reason: "Again",
    });
    expect(twice.status).toBe(404);

    // Allocated again, to another home visitor: the same plan carries on, with the reason shown.
    const again = await call(`/api/referrals/${c.referralId}/allocation`, "POST", coordinator.cookie, {
      homeVisitorId: hamid.id,
    });
    expect(again.status).toBe(201);
    const view = await call(`/api/cases/${c.childId}`, "GET", hamid.cookie);
    expect(view.status).toBe(200);
    expect(view.body.plan).toMatchObject({ id: c.planId, status: "active" });
    expect(view.body.allocation.handover).toMatchObject({
      reason: "returned-to-waiting-list",
      note: expect.stringContaining("moves house"),
      from: { id: harriet.id },
    });
    const plan = await call(`/api/cases/${c.childId}/plan`, "GET", hamid.cookie);
    expect(plan.body.plan.blocks[0].targets[0].id).toBe(c.targetId);
    const [referral] = await rows("select status, accepted_on from referrals where id = ?", [c.referralId]);
    expect(referral).toMatchObject({ status: "allocated", accepted_on: "2026-03-02" });
    expect(await auditReasons(c.childId)).toEqual(
      expect.arrayContaining(["allocated", "returned-to-waiting-list", "allocated"]),
    );
    const history = await call(`/api/cases/${c.childId}/history?pageSize=100`, "GET", hamid.cookie);
    const codes = history.body.entries.map((e: Json) => e.what).filter(Boolean);
    expect(codes).toEqual(expect.arrayContaining(["allocated", "returned-to-waiting-list"]));
  });

  it("a return racing a re-allocation: exactly one wins", async () => {
    for (let round = 0; round < 4; round++) {
      const c = await allocatedCase(h, coordinator, harriet);
      const allocation = await allocationId(c.childId);
      const [moved, returned] = await Promise.all([
        call(`/api/cases/${c.childId}/reallocation`, "POST", coordinator.cookie, {
          allocationId: allocation,
          homeVisitorId: hamid.id,
          handoverNote: "Moving",
        }),
        call(`/api/cases/${c.childId}/return-to-waiting-list`, "POST", harriet.cookie, {
          allocationId: allocation,
          reason: "Waiting",
        }),
      ]);
      // The visitor's return may find the case already gone (404) or moved within its transaction (409).
      if (moved.status === 201) expect([404, 409]).toContain(returned.status);
      else expect([moved.status, returned.status]).toEqual([409, 200]);
      const [referral] = await rows("select status from referrals where id = ?", [c.referralId]);
      const current = await rows("select id from allocations where child_id = ? and ended_at is null", [c.childId]);
      if (moved.status === 201) {
        expect(referral?.status).toBe("allocated");
        expect(current).toHaveLength(1);
      } else {
        expect(referral?.status).toBe("waiting");
        expect(current).toHaveLength(0);
      }
    }
  });
});
