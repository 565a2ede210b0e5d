import { lancashire, type Protocol } from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness({ now: "2026-12-08T16:00:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

const held = (version: number) => ({
  version,
  status: "held",
  familyFocus: "Mum wanted ideas for bath time",
  structuredTeaching: "Bubbles: pause and wait for a sound",
  childLedPlay: "Stacking cups; she chose the red one every time",
  practiseNext: "Bubbles three times a day, wait five seconds",
  durationMinutes: 55,
});

describe("a block's visits", () => {
  it("are planned on the weekday in term time, never in the holidays, once each", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const list = await call(`/api/cases/${c.childId}/visits`, "GET", visitor.cookie);
    const dates = list.body.visits.map((v: Json) => v.date);
    expect(dates).toEqual([
      "2026-11-23",
      "2026-11-30",
      "2026-12-07",
      "2026-12-14",
      "2027-01-04",
      "2027-01-11",
      "2027-01-18",
      "2027-01-25",
      "2027-02-01",
      "2027-02-08",
    ]);
    expect(list.body.visits.every((v: Json) => v.time === "10:00" && v.status === "planned")).toBe(true);
    const again = await call(`/api/cases/${c.childId}/plan/blocks/${c.blockId}/visits`, "POST", visitor.cookie, {});
    expect(again.status).toBe(201);
    expect(again.body.created).toBe(0);
    expect(again.body.visits).toHaveLength(10);
    expect(again.body.skipped.map((s: Json) => s.date)).toEqual(["2026-12-21", "2026-12-28"]);
    expect(await h.count("visits")).toBeGreaterThanOrEqual(10);
  });

  it("skip England's bank holidays from the maintained calendar, not only the protocol's closures", async () => {
    // A protocol whose term runs straight through Easter 2027 and lists no closures.
    const protocol: Protocol = {
      ...lancashire,
      visits: {
        ...lancashire.visits,
        terms: {
          ...lancashire.visits.terms,
          periods: [{ name: "All year", start: "2026-09-01", end: "2027-07-31" }] as never,
          closures: [],
        },
      },
    };
    const easter = await createHarness({ protocol, now: "2027-03-01T10:00:00.000Z" });
    try {
      const coord = await easter.staffMember("coordinator");
      const hv = await easter.staffMember("home-visitor");
      const referral = await easter.refer();
      await easter.request(`/api/referrals/${referral.id}/decision`, {
        method: "POST",
        cookie: coord.cookie,
        json: { outcome: "accepted", complexity: "high" },
      });
      await easter.request(`/api/referrals/${referral.id}/allocation`, {
        method: "POST",
        cookie: coord.cookie,
        json: { homeVisitorId: hv.id },
      });
      const child = String(
        (await easter.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [referral.id] }))
          .rows[0]?.child_id,
      );
      const base = `/api/cases/${child}/plan`;
      const post = async (path: string, json: unknown) =>
        (await easter.request(path, { method: "POST", cookie: hv.cookie, json })).json() as Promise<Json>;
      let a = await post(base, {});
      a = await post(`${base}/blocks`, {
        version: a.plan.version,
        start: "2027-03-19",
        end: "2027-04-09",
        frequency: "weekly",
        weekday: "friday",
        time: "11:00",
      });
      const blockId = a.plan.blocks[0].id;
      a = await post(`${base}/blocks/${blockId}/targets`, {
        version: a.plan.version,
        areaId: "physical",
        does: "roll",
        conditions: "on a mat",
        teachingSteps: ["one"],
        practice: { how: "daily", timesPerDay: 1 },
      });
      a = await post(`${base}/agreement`, { version: a.plan.version, agreedOn: "2027-03-01", agreedBy: ["Parent"] });
      const res = await easter.request(`${base}/blocks/${blockId}/visits`, {
        method: "POST",
        cookie: hv.cookie,
        json: {},
      });
      const generated = (await res.json()) as Json;
      expect(res.status).toBe(201);
      expect(generated.visits.map((v: Json) => v.date)).toEqual(["2027-03-19", "2027-04-02", "2027-04-09"]);
      expect(generated.skipped).toEqual([
        { date: "2027-03-26", reason: "closure", detail: "closure day: Good Friday (bank holiday)" },
      ]);
    } finally {
      await easter.close();
    }
  });

  it("are recorded held with the three elements, or missed; three missed in a row alert the coordinator", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const [first, second, third, fourth] = c.visitIds as string[];
    const record = (id: string, json: unknown, cookie = visitor.cookie) =>
      call(`/api/cases/${c.childId}/visits/${id}/record`, "PUT", cookie, json);
    let res = await record(first as string, { ...held(1), targetsWorkedOn: [c.targetId] });
    expect(res.status).toBe(200);
    expect(res.body.visit).toMatchObject({
      status: "held",
      familyFocus: "Mum wanted ideas for bath time",
      targetsWorkedOn: [c.targetId],
      durationMinutes: 55,
      version: 2,
      recordedBy: { name: "Harriet Visitor" },
    });
    expect(res.body.missedVisits.flagged).toBe(false);
    res = await record(second as string, { version: 1, status: "missed", note: "No answer at the door" });
    expect(res.body.missedVisits).toMatchObject({ flagged: false, runLength: 1, limit: 3 });
    // A visit in the future can be cancelled ahead, but not held or missed.
    const early = await record(fourth as string, { ...held(1) });
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ field: "status" });
    await record(third as string, { version: 1, status: "cancelled-by-service", note: "Visitor unwell" });
    const visits = await call(`/api/cases/${c.childId}/visits`, "GET", visitor.cookie);
    const later = visits.body.visits.filter((v: Json) => v.status === "planned").slice(0, 2);
    await record(later[0].id, { version: 1, status: "cancelled-by-family" });
    res = await record(later[1].id, { version: 1, status: "cancelled-by-family" });
    expect(res.body.missedVisits).toMatchObject({ flagged: true, runLength: 3 });
    expect(res.body.missedVisits.reason).toBe(
      "3 visits in a row missed since 30 November 2026; the protocol acts after 3.",
    );
    const alerts = await call("/api/cases/alerts", "GET", coordinator.cookie);
    const alert = alerts.body.alerts.find((a: Json) => a.child.id === c.childId);
    expect(alert).toMatchObject({ flaggedOn: "2026-12-08", homeVisitor: { id: visitor.id } });
    expect(alert.reason).toMatch(/^3 visits in a row missed\. /);
    // A held visit ends the run and clears the alert.
    res = await record(third as string, { ...held(2) });
    expect(res.status).toBe(200);
    expect(res.body.missedVisits.flagged).toBe(false);
    const cleared = await call("/api/cases/alerts", "GET", coordinator.cookie);
    expect(cleared.body.alerts.map((a: Json) => a.child.id)).not.toContain(c.childId);
  });

  it("refuse a stale version, bad input, and other visitors' children", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const [first] = c.visitIds as string[];
    const path = `/api/cases/${c.childId}/visits/${first}/record`;
    expect((await call(path, "PUT", visitor.cookie, held(1))).status).toBe(200);
    const stale = await call(path, "PUT", coordinator.cookie, { version: 1, status: "missed" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      type: "/api/problems/edit-conflict",
      currentVersion: 2,
      changedBy: "Harriet Visitor",
    });
    const bad = await call(path, "PUT", visitor.cookie, {
      version: 2,
      status: "missed",
      familyFocus: "x",
      targetsWorkedOn: ["nope"],
      durationMinutes: 999,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: Json) => e.field)).toContain("durationMinutes");
    const mixed = await call(path, "PUT", visitor.cookie, {
      version: 2,
      status: "missed",
      familyFocus: "x",
      targetsWorkedOn: ["nope"],
    });
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors.map((e: Json) => e.field).sort()).toEqual([
      "familyFocus",
      "targetsWorkedOn",
      "targetsWorkedOn.0",
    ]);
    expect((await call(`/api/cases/${c.childId}/visits/${first}`, "GET", visitor.cookie)).body.visit.status).toBe(
      "held",
    );
    expect((await call(path, "PUT", otherVisitor.cookie, held(2))).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}/visits`, "GET", otherVisitor.cookie)).status).toBe(404);
  });

  it("can be rearranged to another term day, keeping the date the rhythm gave", async () => {
    const c = await caseWithPlan(h, coordinator, visitor);
    const visits = await call(`/api/cases/${c.childId}/visits`, "GET", visitor.cookie);
    const next = visits.body.visits.find((v: Json) => v.date === "2026-12-14");
    const path = `/api/cases/${c.childId}/visits/${next.id}`;
    const holiday = await call(path, "PATCH", visitor.cookie, { version: 1, date: "2026-12-22", time: "10:00" });
    expect(holiday.status).toBe(422);
    expect(holiday.body.errors[0].message).toMatch(/school holiday/);
    const past = await call(path, "PATCH", visitor.cookie, { version: 1, date: "2026-12-01", time: "10:00" });
    expect(past.status).toBe(422);
    const moved = await call(path, "PATCH", visitor.cookie, {
      version: 1,
      date: "2026-12-16",
      time: "14:30",
      note: "Family asked for Wednesday",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.visit).toMatchObject({
      date: "2026-12-16",
      plannedDate: "2026-12-14",
      rearranged: true,
      time: "14:30",
      version: 2,
    });
    const stale = await call(path, "PATCH", visitor.cookie, { version: 1, date: "2026-12-17", time: "10:00" });
    expect(stale.status).toBe(409);
  });
});
