// Monitoring visits to waiting families, with a protocol that makes them (Lancashire's copy with
// `visits.monitoring.whileWaiting` true), and the default protocol, which makes none.
import { lancashire, type Protocol } from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

const protocol: Protocol = {
  ...lancashire,
  visits: {
    ...lancashire.visits,
    monitoring: { ...lancashire.visits.monitoring, whileWaiting: true, intervalWeeks: 8 },
  },
};

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  // The harness's clock: Friday 20 November 2026, in the autumn term.
  h = await createHarness({ protocol });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

let made = 0;
/** A child on the waiting list, accepted on `acceptedOn` (referred a week before). */
async function waiting(acceptedOn?: string) {
  made += 1;
  const r = await h.refer({ childLastName: `Monitor${String.fromCharCode(96 + made)}` });
  const res = await call(`/api/referrals/${r.id}/decision`, "POST", coordinator.cookie, {
    outcome: "accepted",
    complexity: "moderate",
  });
  expect(res.status).toBe(200);
  if (acceptedOn) {
    await h.db.$client.execute({
      sql: "update referrals set accepted_on = ?, received_at = ? where id = ?",
      args: [acceptedOn, `${acceptedOn}T08:00:00.000Z`, r.id],
    });
  }
  return { ...r, childId: String(res.body.child.id) };
}

async function listEntry(referralId: string): Promise<Json> {
  const list = await call("/api/waiting-list?pageSize=100", "GET", coordinator.cookie);
  expect(list.status).toBe(200);
  return list.body.entries.find((e: Json) => e.referralId === referralId);
}

const visitsPath = (id: string) => `/api/referrals/${id}/monitoring-visits`;

describe("the waiting list shows who is due a monitoring visit", () => {
  it("flags a family waiting past the interval, and not one accepted today", async () => {
    const longAgo = await waiting("2026-09-07");
    const today = await waiting();
    const overdue = await listEntry(longAgo.id);
    expect(overdue.monitoring).toMatchObject({
      kind: "due",
      dueNow: true,
      next: { date: "2026-11-02", overdue: true },
      lastHeldOn: null,
      clause: "monitoring-visits",
    });
    const fresh = await listEntry(today.id);
    expect(fresh.monitoring.dueNow).toBe(false);
    expect(fresh.monitoring.next.date > "2027-01-01").toBe(true);
    expect(fresh.monitoring.next.overdue).toBe(false);
  });
});

describe("recording a monitoring visit", () => {
  it("stores a held visit, audits it on the child, and the next is due a full interval later", async () => {
    const r = await waiting("2026-09-07");
    const saved = await call(visitsPath(r.id), "POST", coordinator.cookie, {
      date: "2026-11-19",
      time: "14:30",
      status: "held",
      note: "  Playing well with stacking cups; mum asked about nursery.  ",
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({
      referralId: r.id,
      childId: r.childId,
      status: "waiting",
      whileWaiting: true,
      intervalWeeks: 8,
      due: { dueNow: false, lastHeldOn: "2026-11-19", next: { overdue: false } },
      visits: [
        {
          date: "2026-11-19",
          time: "14:30",
          status: "held",
          note: "Playing well with stacking cups; mum asked about nursery.",
          recordedBy: { id: coordinator.id, name: "Cora Ordinator" },
        },
      ],
    });
    // 8 weeks from 19 November is 14 January 2027, in the spring term.
    expect(saved.body.due.next.date).toBe("2027-01-14");
    expect((await listEntry(r.id)).monitoring).toMatchObject({ dueNow: false, lastHeldOn: "2026-11-19" });
    const read = await call(visitsPath(r.id), "GET", coordinator.cookie);
    expect(read.status).toBe(200);
    expect(read.body.visits).toHaveLength(1);
    const audit = await h.db.$client.execute({
      sql: "select action, reason from audit_events where record_type = 'child' and record_id = ? and action = 'create' and reason is not null",
      args: [r.childId],
    });
    expect(audit.rows.map((row) => row.reason)).toEqual(["monitoring-visit-recorded"]);
  });

  it("a missed visit is kept but does not reset the interval", async () => {
    const r = await waiting("2026-09-07");
    const saved = await call(visitsPath(r.id), "POST", coordinator.cookie, { date: "2026-11-18", status: "missed" });
    expect(saved.status).toBe(201);
    expect(saved.body.due).toMatchObject({ dueNow: true, lastHeldOn: null });
    expect(saved.body.visits[0]).toMatchObject({ status: "missed", time: null, note: null });
  });

  it("refuses bad input with the field named, and stores nothing", async () => {
    const r = await waiting("2026-10-05");
    const before = await h.count("monitoring_visits");
    const cases: [unknown, string][] = [
      [{ status: "held" }, "date"],
      [{ date: "2026-11-21", status: "held" }, "date"],
      [{ date: "2026-02-30", status: "held" }, "date"],
      [{ date: "20/11/2026", status: "held" }, "date"],
      [{ date: "2026-10-01", status: "held" }, "date"],
      [{ date: "2026-11-19" }, "status"],
      [{ date: "2026-11-19", status: "planned" }, "status"],
      [{ date: "2026-11-19", status: "held", time: "2pm" }, "time"],
      [{ date: "2026-11-19", status: "held", note: "x".repeat(2001) }, "note"],
      [{ date: "2026-11-19", status: "held", recordedBy: coordinator.id }, "recordedBy"],
    ];
    for (const [body, field] of cases) {
      const res = await call(visitsPath(r.id), "POST", coordinator.cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.type).toBe("/api/problems/validation");
      expect(res.body.errors.map((e: Json) => e.field)).toContain(field);
    }
    expect(await h.count("monitoring_visits")).toBe(before);
  });

  it("the same day twice, sent at once: one is recorded, the other is 409", async () => {
    const r = await waiting("2026-09-07");
    const body = { date: "2026-11-20", status: "held" };
    const answers = await Promise.all([1, 2].map(() => call(visitsPath(r.id), "POST", coordinator.cookie, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const stored = await h.db.$client.execute({
      sql: "select count(*) as n from monitoring_visits where referral_id = ?",
      args: [r.id],
    });
    expect(Number(stored.rows[0]?.n)).toBe(1);
  });

  it("is for waiting children only: an allocated child is 409; the visitor reads their own child's, not another's", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const refused = await call(visitsPath(c.referralId), "POST", coordinator.cookie, {
      date: "2026-11-20",
      status: "held",
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe("/api/problems/conflict");
    const own = await call(visitsPath(c.referralId), "GET", visitor.cookie);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: "allocated", due: null, visits: [] });
    const other = await call(visitsPath(c.referralId), "GET", otherVisitor.cookie);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(c.reference);
    const waitingChild = await waiting();
    expect((await call(visitsPath(waitingChild.id), "GET", visitor.cookie)).status).toBe(404);
    expect(
      (await call(visitsPath(waitingChild.id), "POST", visitor.cookie, { date: "2026-11-20", status: "held" })).status,
    ).toBe(403);
  });
});

describe("with the default protocol (no monitoring visits while waiting)", () => {
  it("the waiting list carries no monitoring field and a visit is refused", async () => {
    const plain = await createHarness();
    try {
      const coord = await plain.staffMember("coordinator");
      const r = await plain.refer();
      await callApi(plain, `/api/referrals/${r.id}/decision`, "POST", coord.cookie, {
        outcome: "accepted",
        complexity: "low",
      });
      const list = await callApi(plain, "/api/waiting-list", "GET", coord.cookie);
      expect(list.body.entries[0]).not.toHaveProperty("monitoring");
      const refused = await callApi(plain, visitsPath(r.id), "POST", coord.cookie, {
        date: "2026-11-20",
        status: "held",
      });
      expect(refused.status).toBe(409);
      const read = await callApi(plain, visitsPath(r.id), "GET", coord.cookie);
      expect(read.body).toMatchObject({ whileWaiting: false, due: { kind: "none", dueNow: false, next: null } });
      expect(await plain.count("monitoring_visits")).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
