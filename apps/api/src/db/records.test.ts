import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { checkIntegrity } from "./ops.js";
import { eraseChild, exportChild, retentionDue } from "./records.js";

let h: Harness;
let due: { id: string; reference: string; childId: string };
let kept: { id: string; reference: string; childId: string };
beforeAll(async () => {
  h = await createHarness();
  const coordinator = await h.staffMember("coordinator");
  const visitor = await h.staffMember("home-visitor");
  const childOf = async (r: { id: string; reference: string }) => ({
    ...r,
    childId: String(
      (await h.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [r.id] })).rows[0]
        ?.child_id,
    ),
  });
  due = await childOf(await h.refer({ childFirstName: "Duedate", carerName: "Carer Duedate" }));
  kept = await childOf(await h.refer({ childFirstName: "Keeper" }));
  for (const r of [due, kept]) {
    const accepted = await h.request(`/api/referrals/${r.id}/decision`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { outcome: "accepted", complexity: "moderate" },
    });
    expect(accepted.status).toBe(200);
    const allocated = await h.request(`/api/referrals/${r.id}/allocation`, {
      method: "POST",
      cookie: coordinator.cookie,
      json: { homeVisitorId: visitor.id },
    });
    expect(allocated.status).toBe(201);
    expect((await h.request(`/api/referrals/${r.id}`, { cookie: coordinator.cookie })).status).toBe(200);
  }
  await h.db.$client.execute({
    sql: "update children set destroy_after = '2001-02-03' where id = ?",
    args: [due.childId],
  });
});
afterAll(() => h.close());

const count = async (sql: string, ...args: string[]) => Number((await h.db.$client.execute({ sql, args })).rows[0]?.n);

it("export-child: one JSON file with everything held about the child and family, audited as an export", async () => {
  const file = join(h.dir, "export.json");
  const audits = await h.count("audit_events");
  expect(await exportChild(h.db, due.reference.toLowerCase(), file, h.clock.now())).toBe(due.childId);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const data = JSON.parse(readFileSync(file, "utf8"));
  expect(data.child).toMatchObject({ id: due.childId, firstName: "Duedate" });
  expect(data.carers.map((c: { name: string }) => c.name)).toContain("Carer Duedate");
  expect(data.referrals).toHaveLength(1);
  expect(data.referrals[0]).toMatchObject({ id: due.id, reference: due.reference, status: "allocated" });
  expect(data.referrals[0].answers.childFirstName).toBe("Duedate");
  expect(data.referrals[0].eligibility).toBeTruthy();
  expect(data.referrals[0].decisions.map((d: { outcome: string }) => d.outcome)).toEqual(["accepted"]);
  expect(data.allocations).toHaveLength(1);
  expect(data.notifications.length).toBeGreaterThan(0);
  const actions = data.auditEvents.map((e: { action: string }) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["create", "decide", "allocate", "read"]));
  expect(JSON.stringify(data)).not.toContain("Keeper");
  // Audited, with ids only.
  expect(await h.count("audit_events")).toBe(audits + 1);
  const [row] = (await h.db.$client.execute("select * from audit_events order by id desc limit 1")).rows;
  expect(row).toMatchObject({ action: "export", record_type: "child", record_id: due.childId, actor_role: "operator" });
  // Never overwrites; the child id works as well as the reference.
  await expect(exportChild(h.db, due.reference, file, h.clock.now())).rejects.toThrow(/EEXIST/);
  expect(await exportChild(h.db, due.childId, join(h.dir, "by-id.json"), h.clock.now())).toBe(due.childId);
  expect(await exportChild(h.db, "NOPE-NOPE", join(h.dir, "none.json"), h.clock.now())).toBeUndefined();
});

it("retention-due lists the children past their destroy-after date, and --erase erases everything about them", async () => {
  expect(await retentionDue(h.db, "2026-11-20")).toEqual([
    { childId: due.childId, destroyAfter: "2001-02-03", references: [due.reference] },
  ]);
  const audits = await h.count("audit_events");
  const keptBefore = await count(
    "select (select count(*) from referrals where child_id = ?1) + (select count(*) from carers where child_id = ?1) + (select count(*) from allocations where child_id = ?1) as n",
    kept.childId,
  );
  expect(await eraseChild(h.db, due.childId, h.clock.now())).toBe(true);
  expect(await count("select count(*) as n from children where id = ?", due.childId)).toBe(0);
  expect(await count("select count(*) as n from carers where child_id = ?", due.childId)).toBe(0);
  expect(await count("select count(*) as n from referrals where child_id = ?", due.childId)).toBe(0);
  expect(await count("select count(*) as n from allocations where child_id = ?", due.childId)).toBe(0);
  expect(await count("select count(*) as n from decisions where referral_id = ?", due.id)).toBe(0);
  expect(await count("select count(*) as n from outbox where referral_id = ?", due.id)).toBe(0);
  // The other family is untouched; the audit trail keeps its entries and gains one erase entry.
  expect(
    await count(
      "select (select count(*) from referrals where child_id = ?1) + (select count(*) from carers where child_id = ?1) + (select count(*) from allocations where child_id = ?1) as n",
      kept.childId,
    ),
  ).toBe(keptBefore);
  expect(await h.count("audit_events")).toBe(audits + 1);
  const [row] = (await h.db.$client.execute("select * from audit_events order by id desc limit 1")).rows;
  expect(row).toMatchObject({ action: "erase", record_type: "child", record_id: due.childId, reason: "retention" });
  const trail = JSON.stringify((await h.db.$client.execute("select * from audit_events")).rows);
  expect(trail).not.toContain("Duedate");
  expect(await retentionDue(h.db, "2026-11-20")).toEqual([]);
  expect(await eraseChild(h.db, due.childId, h.clock.now())).toBe(false);
  expect((await checkIntegrity(h.db)).ok).toBe(true);
});
