// GET /api/referrals: the inbox's filters (status, route, days received in England) and total.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, exampleReferralInput, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
const made: Record<string, string> = {};

interface List {
  total: number;
  page: number;
  pageSize: number;
  referrals: { id: string; reference: string; route: string; receivedAt: string }[];
}

beforeAll(async () => {
  h = await createHarness({ now: "2026-06-30T22:30:00.000Z" });
  coordinator = await h.staffMember("coordinator");
  // 30 June in England (BST: 23:30).
  made.june = (await h.refer({ childFirstName: "June" })).id;
  // 00:30 on 1 July in England, though still 30 June in UTC.
  h.clock.set("2026-06-30T23:30:00.000Z");
  made.julyEarly = (await h.refer({ childFirstName: "Julyearly" })).id;
  h.clock.set("2026-07-02T09:00:00.000Z");
  coordinator = await h.staffMember("coordinator");
  const entered = await h.request("/api/referrals/entered", {
    method: "POST",
    cookie: coordinator.cookie,
    json: {
      route: "early-help",
      referrer: { name: "Pat Worker", role: "Family support worker" },
      answers: exampleReferralInput({ childFirstName: "Helped" }),
    },
  });
  expect(entered.status).toBe(201);
  made.earlyHelp = ((await entered.json()) as { id: string }).id;
  h.clock.set("2026-11-20T10:00:00.000Z");
  coordinator = await h.staffMember("coordinator");
});
afterAll(() => h.close());

async function list(query: string): Promise<{ status: number; body: List }> {
  const res = await h.request(`/api/referrals?${query}`, { cookie: coordinator.cookie });
  return { status: res.status, body: (await res.json()) as List };
}

it("filters by route, with the total of every match", async () => {
  const { status, body } = await list("route=early-help");
  expect(status).toBe(200);
  expect(body.total).toBe(1);
  expect(body.referrals.map((r) => r.id)).toEqual([made.earlyHelp]);
  expect((await list("route=self-referral")).body.total).toBe(2);
});

it("filters by the days received in England, both inclusive", async () => {
  expect((await list("to=2026-06-30")).body.referrals.map((r) => r.id)).toEqual([made.june]);
  expect((await list("from=2026-07-01&to=2026-07-01")).body.referrals.map((r) => r.id)).toEqual([made.julyEarly]);
  expect((await list("from=2026-07-01")).body.total).toBe(2);
  const combined = await list("status=received&route=self-referral&from=2026-07-01&to=2026-07-31");
  expect(combined.body.referrals.map((r) => r.id)).toEqual([made.julyEarly]);
});

it("counts every match across pages", async () => {
  const first = await list("status=received&pageSize=1&page=1");
  expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 1 });
  expect(first.body.referrals).toHaveLength(1);
  const third = await list("status=received&pageSize=1&page=3");
  expect(third.body.referrals[0]?.id).toBe(made.june);
});

it("refuses bad dates, a route the protocol does not have, from after to, and unknown keys", async () => {
  for (const query of [
    "from=2026-02-30",
    "to=30/06/2026",
    "from=2026-07-02&to=2026-07-01",
    "route=carrier-pigeon",
    "route=Not%20a%20route",
    "colour=blue",
  ]) {
    const res = await h.request(`/api/referrals?${query}`, { cookie: coordinator.cookie });
    expect(res.status, query).toBe(422);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.length, query).toBeGreaterThan(0);
  }
  const res = await h.request("/api/referrals?from=2026-07-02&to=2026-07-01", { cookie: coordinator.cookie });
  expect(((await res.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("to");
});
