import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
});
afterAll(() => h.close());

async function accept(id: string, complexity: "low" | "moderate" | "high") {
  const res = await h.request(`/api/referrals/${id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity },
  });
  expect(res.status).toBe(200);
}

it("triage: the stored assessment, a decision with who and when, facts that re-run the rules", async () => {
  const r = await h.refer({ childFirstName: "Triage", diagnosis: "", livesInArea: "not-sure" });
  const record = (await (await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie })).json()) as {
    eligibility: { outcome: string; missing: unknown[] };
  };
  expect(record.eligibility.outcome).toBe("more-information-needed");
  // A delay in an area the protocol does not have is refused, naming the field.
  const unknownArea = await h.request(`/api/referrals/${r.id}`, {
    method: "PATCH",
    cookie: coordinator.cookie,
    json: { triageFacts: { developmentalDelays: [{ areaId: "communication", delayMonths: 9 }] } },
  });
  expect(unknownArea.status).toBe(422);
  expect(await unknownArea.text()).toContain("developmentalDelays.0.areaId");
  const changed = await h.request(`/api/referrals/${r.id}`, {
    method: "PATCH",
    cookie: coordinator.cookie,
    json: {
      answers: { livesInArea: "yes" },
      triageFacts: {
        developmentalDelays: [
          { areaId: "communication-and-language", delayMonths: 9 },
          { areaId: "physical", delayMonths: 9 },
        ],
      },
    },
  });
  expect(changed.status).toBe(200);
  const after = (await changed.json()) as { eligibility: { outcome: string }; answers: { livesInArea: string } };
  expect(after.answers.livesInArea).toBe("yes");
  expect(after.eligibility.outcome).toBe("eligible");
  const refused = await h.request(`/api/referrals/${r.id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "not-eligible" },
  });
  expect(refused.status).toBe(422);
  const decided = await h.request(`/api/referrals/${r.id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "not-eligible", signposting: "Family hub", note: "Lives outside the area" },
  });
  const body = (await decided.json()) as {
    status: string;
    decisions: { outcome: string; decidedBy: { name: string }; decidedAt: string }[];
  };
  expect(body.status).toBe("not-eligible");
  expect(body.decisions[0]).toMatchObject({ outcome: "not-eligible", decidedAt: h.clock.now().toISOString() });
});

it("ranks the waiting list with the domain's rules, with breakdowns, days waited and pages", async () => {
  const low = await h.refer({ childFirstName: "Low" });
  await accept(low.id, "low");
  h.clock.advance(7 * 86_400_000);
  coordinator = await h.staffMember("coordinator"); // a week later: a new session
  const high = await h.refer({ childFirstName: "High" });
  await accept(high.id, "high");
  const res = await h.request("/api/waiting-list?pageSize=1", { cookie: coordinator.cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("pragma")).toBe("no-cache");
  // A refused query is not stored either.
  const refused = await h.request("/api/waiting-list?pageSize=many", { cookie: coordinator.cookie });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect(refused.headers.get("cache-control")).toBe("no-store");
  const list = (await res.json()) as {
    total: number;
    entries: {
      position: number;
      referralId: string;
      total: number;
      daysWaited: number;
      breakdown: { criterionId: string; points: number; why: string }[];
    }[];
  };
  expect(list.total).toBe(2);
  expect(list.entries).toHaveLength(1);
  expect(list.entries[0]?.referralId).toBe(high.id);
  expect(list.entries[0]?.breakdown.length).toBeGreaterThan(0);
  expect(list.entries[0]?.breakdown[0]?.why).toBeTruthy();
  const page2 = (await (
    await h.request("/api/waiting-list?pageSize=1&page=2", { cookie: coordinator.cookie })
  ).json()) as typeof list;
  expect(page2.entries[0]).toMatchObject({ position: 2, referralId: low.id, daysWaited: 7 });
  const reads = await h.db.$client.execute(
    "select count(*) as n from audit_events where action = 'read' and record_type = 'child' and request = 'GET /api/waiting-list'",
  );
  expect(Number(reads.rows[0]?.n)).toBe(2);
});

it("allocates to a home visitor and shows caseloads", async () => {
  const visitor = await h.staffMember("home-visitor", "Vera Visitor");
  const r = await h.refer({ childFirstName: "Alloc" });
  await accept(r.id, "moderate");
  const before = (await (await h.request("/api/home-visitors", { cookie: coordinator.cookie })).json()) as {
    homeVisitors: { id: string; caseload: number }[];
  };
  expect(before.homeVisitors.find((v) => v.id === visitor.id)?.caseload).toBe(0);
  const res = await h.request(`/api/referrals/${r.id}/allocation`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { homeVisitorId: visitor.id },
  });
  expect(res.status).toBe(201);
  const after = (await (await h.request("/api/home-visitors", { cookie: coordinator.cookie })).json()) as typeof before;
  expect(after.homeVisitors.find((v) => v.id === visitor.id)?.caseload).toBe(1);
  const caseload = (await (await h.request("/api/caseload", { cookie: visitor.cookie })).json()) as {
    caseload: { referralId: string }[];
  };
  expect(caseload.caseload.map((c) => c.referralId)).toEqual([r.id]);
  expect((await h.request(`/api/referrals/${r.id}`, { cookie: visitor.cookie })).status).toBe(200);
  const again = await h.request(`/api/referrals/${r.id}/allocation`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { homeVisitorId: visitor.id },
  });
  expect(again.status).toBe(409);
});

it("records staff-entered referrals with their route", async () => {
  const { exampleReferralInput } = await import("../../test-support/harness.js");
  const res = await h.request("/api/referrals/entered", {
    method: "POST",
    cookie: coordinator.cookie,
    json: {
      route: "early-help",
      referrer: { name: "Pat Worker", role: "Family support worker" },
      answers: exampleReferralInput({ childFirstName: "Staffy" }),
    },
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const record = (await (await h.request(`/api/referrals/${id}`, { cookie: coordinator.cookie })).json()) as {
    route: string;
    source: string;
  };
  expect(record).toMatchObject({ route: "early-help", source: "staff" });
  const bad = await h.request("/api/referrals/entered", {
    method: "POST",
    cookie: coordinator.cookie,
    json: { route: "carrier-pigeon", referrer: { name: "P", role: "R" }, answers: exampleReferralInput() },
  });
  expect(bad.status).toBe(422);
});

it("lets coordinators query the audit trail, which never holds personal data", async () => {
  const res = await h.request("/api/audit?recordType=child&action=read", { cookie: coordinator.cookie });
  const body = (await res.json()) as { events: Record<string, unknown>[] };
  expect(body.events.length).toBeGreaterThan(0);
  const all = await h.db.$client.execute("select * from audit_events");
  const text = JSON.stringify(all.rows);
  for (const secret of ["Triage", "Alloc", "Grace Example", "PR1 2AB", "grace@example.com", "2025-03-14"])
    expect(text).not.toContain(secret);
  await expect(h.db.$client.execute("delete from audit_events")).rejects.toThrow(/append-only/);
  await expect(h.db.$client.execute("update audit_events set action = 'x'")).rejects.toThrow(/append-only/);
});
