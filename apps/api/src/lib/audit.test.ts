// The audit trail's writes: every event of a request in one transaction, one row per child
// record read, concurrent requests' events grouped into shared commits, and a response withheld
// when its audit events cannot be written.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
const names: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  for (let i = 0; i < 12; i++) {
    const name = `Auditchild${String.fromCharCode(65 + i)}`;
    names.push(name);
    const { id } = await h.refer({ childFirstName: name });
    const res = await h.request(`/api/referrals/${id}/decision`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { outcome: "accepted", complexity: "moderate" },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(() => h.close());

/** The SQL of a statement the client was given. */
const sqlOf = (statement: unknown) =>
  typeof statement === "string" ? statement : String((statement as { sql?: unknown } | undefined)?.sql ?? "");
const isAuditInsert = (statement: unknown) => /^insert into audit_(events|inbox)\b/i.test(sqlOf(statement));

/** Counts the audit inserts (statements sent to the database) made while `run` runs. */
async function auditInserts(run: () => Promise<void>): Promise<number> {
  const execute = vi.spyOn(h.db.$client, "execute");
  const batch = vi.spyOn(h.db.$client, "batch");
  try {
    await run();
    const statements = [
      ...execute.mock.calls.map(([statement]) => statement),
      ...batch.mock.calls.flatMap(([statements]) => statements),
    ];
    return statements.filter(isAuditInsert).length;
  } finally {
    execute.mockRestore();
    batch.mockRestore();
  }
}

async function readRows(request: string) {
  return (
    await h.db.$client.execute({
      sql: "select * from audit_events where request = ? and action = 'read' order by id",
      args: [request],
    })
  ).rows;
}

it("writes a waiting-list page's reads in one insert: one row per child, who, what, when, from where", async () => {
  const before = (await readRows("GET /api/waiting-list")).length;
  const inserts = await auditInserts(async () => {
    const res = await h.request("/api/waiting-list?pageSize=10", { cookie: coordinator.cookie });
    expect(res.status).toBe(200);
  });
  expect(inserts).toBe(1);
  const rows = (await readRows("GET /api/waiting-list")).slice(before);
  expect(rows.length).toBe(10);
  expect(new Set(rows.map((r) => r.record_id)).size).toBe(10);
  for (const row of rows) {
    expect(row).toMatchObject({ actor_id: coordinator.id, actor_role: "coordinator", record_type: "child" });
    expect(row.at).toBe("2026-11-20T10:00:00.000Z");
    expect(row.address).toBeTruthy();
    expect(JSON.stringify(row)).not.toMatch(/Auditchild/);
  }
});

it("writes the referrals inbox's reads in one insert too", async () => {
  const inserts = await auditInserts(async () => {
    const res = await h.request("/api/referrals?pageSize=12", { cookie: coordinator.cookie });
    expect(res.status).toBe(200);
  });
  expect(inserts).toBe(1);
});

it("groups concurrent requests' events into shared commits, each request's rows all there", async () => {
  const before = (await readRows("GET /api/waiting-list")).length;
  const inserts = await auditInserts(async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => h.request("/api/waiting-list?pageSize=5", { cookie: coordinator.cookie })),
    );
    for (const res of responses) expect(res.status).toBe(200);
  });
  expect(inserts).toBeLessThan(8);
  expect((await readRows("GET /api/waiting-list")).length - before).toBe(40);
});

it("withholds the data with a 500 when the audit events cannot be written", async () => {
  // The database itself refuses every audit row, as a full disk would, until the trigger goes:
  // everything else the request does (its session, the list) still works.
  await h.db.$client.execute(
    "create trigger audit_refused before insert on audit_inbox begin select raise(abort, 'disk full'); end",
  );
  try {
    const res = await h.request("/api/waiting-list?pageSize=10", { cookie: coordinator.cookie });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const text = await res.text();
    for (const name of names) expect(text).not.toContain(name);
    // Withheld for its audit rows (one per child on the page), not for anything else.
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        message: "audit events not written: the response is withheld",
        fields: expect.objectContaining({ events: 10, route: "/api/waiting-list" }),
      }),
    );
  } finally {
    await h.db.$client.execute("drop trigger audit_refused");
  }
  const ok = await h.request("/api/waiting-list?pageSize=10", { cookie: coordinator.cookie });
  expect(ok.status).toBe(200);
});

it("records a denial and the refusal together for a request that is refused", async () => {
  const visitor = await h.staffMember("home-visitor");
  const res = await h.request("/api/waiting-list", { cookie: visitor.cookie });
  expect(res.status).toBe(403);
  const denied = await h.db.$client.execute({
    sql: "select reason from audit_events where actor_id = ? and outcome = 'denied'",
    args: [visitor.id],
  });
  expect(denied.rows.map((r) => r.reason)).toEqual(["wrong-role"]);
});
