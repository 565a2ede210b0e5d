// The council's caseload limit at allocation: at or above it, the API refuses an allocation
// without a reason (422 naming `overCaseloadReason`), keeps the reason with the allocation, shows
// it on the referral and on the child's case (with who allocated and when) and marks the audit
// event.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
beforeAll(async () => {
  // A limit of 2 for this deployment, set as a council would.
  h = await createHarness({ env: { OPENPORTAGE_CASELOAD_LIMIT: "2" } });
  coordinator = await h.staffMember("coordinator", "Cora Limit");
  visitor = await h.staffMember("home-visitor", "Harriet Limit");
});
afterAll(() => h.close());

let made = 0;
async function waiting() {
  made += 1;
  const r = await h.refer({ childFirstName: `Limit${"abcdefgh"[made]}`, childLastName: `Family${"abcdefgh"[made]}` });
  const res = await h.request(`/api/referrals/${r.id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity: "moderate" },
  });
  expect(res.status).toBe(200);
  return r;
}

function allocate(id: string, body: Record<string, unknown>) {
  return h.request(`/api/referrals/${id}/allocation`, { method: "POST", cookie: coordinator.cookie, json: body });
}

type CaseAllocation = {
  homeVisitor: { id: string; name: string };
  allocatedAt: string;
  allocatedBy?: { id: string; name: string };
  imported: boolean;
  overCaseloadReason: string | null;
};

/** The child's case as `cookie` sees it: its status and, when 200, the allocation part. */
async function caseAllocation(referralId: string, cookie: string) {
  const referral = (await (await h.request(`/api/referrals/${referralId}`, { cookie: coordinator.cookie })).json()) as {
    child: { id: string };
  };
  const res = await h.request(`/api/cases/${referral.child.id}`, { cookie });
  const body = res.status === 200 ? ((await res.json()) as { allocation: CaseAllocation }) : undefined;
  return { status: res.status, allocation: body?.allocation };
}

async function visitors() {
  const res = await h.request("/api/home-visitors", { cookie: coordinator.cookie });
  return (await res.json()) as {
    caseloadLimit: number;
    homeVisitors: { id: string; caseload: number; atOrAboveLimit: boolean }[];
  };
}

it("allocates freely below the limit and says when a visitor reaches it", async () => {
  expect((await visitors()).caseloadLimit).toBe(2);
  for (const _ of [1, 2]) {
    const r = await waiting();
    const res = await allocate(r.id, { homeVisitorId: visitor.id });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { overCaseloadReason: unknown; allocatedAt: string };
    expect(made.overCaseloadReason).toBeNull();
    // The case says who allocated the child and when, and nothing about the limit.
    const { allocation } = await caseAllocation(r.id, coordinator.cookie);
    expect(allocation).toMatchObject({
      allocatedAt: made.allocatedAt,
      allocatedBy: { id: coordinator.id, name: "Cora Limit" },
      imported: false,
      overCaseloadReason: null,
    });
  }
  const harriet = (await visitors()).homeVisitors.find((v) => v.id === visitor.id);
  expect(harriet).toMatchObject({ caseload: 2, atOrAboveLimit: true });
});

it("refuses an allocation at the limit without a reason, naming the field, and writes nothing", async () => {
  const r = await waiting();
  for (const body of [{ homeVisitorId: visitor.id }, { homeVisitorId: visitor.id, overCaseloadReason: "   " }]) {
    const res = await allocate(r.id, body);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(["overCaseloadReason"]);
    expect(problem.errors[0]?.message).toContain("Harriet Limit, who already has 2 children");
    expect(problem.errors[0]?.message).toContain("limit is 2");
  }
  const referral = await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie });
  expect(((await referral.json()) as { status: string }).status).toBe("waiting");
});

it("keeps the reason with the allocation, shows it on the referral and marks the audit event", async () => {
  const r = await waiting();
  const reason = "Harriet already knows the family from their older child.";
  const res = await allocate(r.id, { homeVisitorId: visitor.id, overCaseloadReason: `  ${reason} ` });
  expect(res.status).toBe(201);
  const stored = await h.db.$client.execute({
    sql: "select over_caseload_reason as reason from allocations where referral_id = ?",
    args: [r.id],
  });
  expect(stored.rows[0]?.reason).toBe(reason);
  const record = (await (await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie })).json()) as {
    allocation: { overCaseloadReason: string | null };
  };
  expect(record.allocation.overCaseloadReason).toBe(reason);
  // The child's case shows it too, with who allocated and when: to the coordinator, and to the
  // home visitor whose case it is (the same access as the rest of the case).
  for (const cookie of [coordinator.cookie, visitor.cookie]) {
    const seen = await caseAllocation(r.id, cookie);
    expect(seen.status).toBe(200);
    expect(seen.allocation).toMatchObject({
      homeVisitor: { id: visitor.id, name: "Harriet Limit" },
      allocatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      allocatedBy: { id: coordinator.id, name: "Cora Limit" },
      imported: false,
      overCaseloadReason: reason,
    });
  }
  // Another home visitor gets nothing of it: the case is not theirs.
  const other = await h.staffMember("home-visitor", "Olive Other");
  expect(await caseAllocation(r.id, other.cookie)).toEqual({ status: 404, allocation: undefined });
  const audit = await h.request(`/api/audit?action=allocate&recordId=${r.id}`, { cookie: coordinator.cookie });
  const { events } = (await audit.json()) as { events: { reason: string | null }[] };
  expect(events.map((e) => e.reason)).toEqual(["over-caseload-limit"]);
  // The audit row holds the code, never the words.
  expect(JSON.stringify(events)).not.toContain("older child");
  // The case's history starts with the same mark.
  const childId = (
    (await (await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie })).json()) as {
      child: { id: string };
    }
  ).child.id;
  const change = await h.request(`/api/audit?action=change&recordId=${childId}`, { cookie: coordinator.cookie });
  const changes = ((await change.json()) as { events: { reason: string | null }[] }).events.map((e) => e.reason);
  expect(changes).toEqual(["allocated-over-caseload-limit"]);
});

it("asks the same when a child moves to a visitor at the limit", async () => {
  const hamid = await h.staffMember("home-visitor", "Hamid Spare");
  const r = await waiting();
  expect((await allocate(r.id, { homeVisitorId: hamid.id })).status).toBe(201);
  const record = (await (await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie })).json()) as {
    child: { id: string };
    allocation: { id: string };
  };
  const move = (body: Record<string, unknown>) =>
    h.request(`/api/cases/${record.child.id}/reallocation`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { allocationId: record.allocation.id, homeVisitorId: visitor.id, handoverNote: "Mornings suit.", ...body },
    });
  const refused = await move({});
  expect(refused.status).toBe(422);
  const problem = (await refused.json()) as { errors: { field: string }[] };
  expect(problem.errors.map((e) => e.field)).toEqual(["overCaseloadReason"]);
  const moved = await move({ overCaseloadReason: "Hamid is leaving the service." });
  expect(moved.status, await moved.clone().text()).toBe(201);
  const stored = await h.db.$client.execute({
    sql: "select over_caseload_reason as reason from allocations where referral_id = ? and ended_at is null",
    args: [r.id],
  });
  expect(stored.rows[0]?.reason).toBe("Hamid is leaving the service.");
  // The case shows the new allocation's reason, not the first one's (which had none).
  const { allocation } = await caseAllocation(r.id, coordinator.cookie);
  expect(allocation).toMatchObject({
    homeVisitor: { id: visitor.id },
    allocatedBy: { id: coordinator.id },
    overCaseloadReason: "Hamid is leaving the service.",
  });
});

it("uses the default limit of 20 when the council sets none", async () => {
  const plain = await createHarness();
  try {
    const c = await plain.staffMember("coordinator");
    await plain.staffMember("home-visitor");
    const res = await plain.request("/api/home-visitors", { cookie: c.cookie });
    const body = (await res.json()) as { caseloadLimit: number; homeVisitors: { atOrAboveLimit: boolean }[] };
    expect(body.caseloadLimit).toBe(20);
    expect(body.homeVisitors.every((v) => !v.atOrAboveLimit)).toBe(true);
  } finally {
    plain.close();
  }
});
