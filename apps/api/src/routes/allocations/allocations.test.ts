import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
let visitors: { id: string }[];
beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitors = [await h.staffMember("home-visitor"), await h.staffMember("home-visitor")];
});
afterAll(() => h.close());

async function waiting(name: string) {
  const r = await h.refer({ childFirstName: name });
  const res = await h.request(`/api/referrals/${r.id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity: "moderate" },
  });
  expect(res.status).toBe(200);
  return r;
}

function allocate(id: string, homeVisitorId: string) {
  return h.request(`/api/referrals/${id}/allocation`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { homeVisitorId },
  });
}

async function activeAllocations(referralId: string) {
  const result = await h.db.$client.execute({
    sql: "select count(*) as n from allocations where referral_id = ? and ended_at is null",
    args: [referralId],
  });
  return Number(result.rows[0]?.n);
}

it("two coordinators allocating the same child at once: one succeeds, the other gets 409, one allocation", async () => {
  for (let round = 0; round < 5; round++) {
    const r = await waiting(`Race${round}`);
    const answers = await Promise.all([
      allocate(r.id, String(visitors[0]?.id)),
      allocate(r.id, String(visitors[1]?.id)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(await refused?.json()).toMatchObject({ status: 409 });
    expect(await activeAllocations(r.id)).toBe(1);
  }
});

it("a decision racing an allocation: exactly one wins and the allocated child stays allocated", async () => {
  for (let round = 0; round < 5; round++) {
    const r = await waiting(`Decide${round}`);
    const [allocated, decided] = await Promise.all([
      allocate(r.id, String(visitors[0]?.id)),
      h.request(`/api/referrals/${r.id}/decision`, {
        method: "POST",
        cookie: coordinator.cookie,
        json: { outcome: "not-eligible", signposting: "Family hub" },
      }),
    ]);
    const status = String(
      (await h.db.$client.execute({ sql: "select status from referrals where id = ?", args: [r.id] })).rows[0]?.status,
    );
    if (allocated.status === 201) {
      expect(decided.status).toBe(409);
      expect(decided.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(status).toBe("allocated");
      expect(await activeAllocations(r.id)).toBe(1);
    } else {
      expect(allocated.status).toBe(409);
      expect(decided.status).toBe(200);
      expect(status).toBe("not-eligible");
      expect(await activeAllocations(r.id)).toBe(0);
    }
  }
});

it("the database refuses a second current allocation for a referral", async () => {
  const r = await waiting("Index");
  expect((await allocate(r.id, String(visitors[0]?.id))).status).toBe(201);
  const [row] = (await h.db.$client.execute({ sql: "select * from allocations where referral_id = ?", args: [r.id] }))
    .rows;
  await expect(
    h.db.$client.execute({
      sql: "insert into allocations (id, referral_id, child_id, home_visitor_id, allocated_by, allocated_at) values ('second', ?, ?, ?, ?, ?)",
      args: [
        r.id,
        String(row?.child_id),
        String(visitors[1]?.id),
        String(row?.allocated_by),
        String(row?.allocated_at),
      ],
    }),
  ).rejects.toThrow(/UNIQUE/);
});
