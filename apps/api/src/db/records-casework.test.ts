// Subject access and erasure cover the case too: notes, profiles, plans and their revisions,
// visits and practice records.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { caseWithPlan, type TestCase } from "../test-support/casework.js";
import { createHarness, type Harness } from "../test-support/harness.js";
import { checkIntegrity } from "./ops.js";
import { eraseChild, exportChild } from "./records.js";

let h: Harness;
let full: TestCase;
let kept: TestCase;
const TABLES = ["cases", "developmental_profiles", "play_plans", "visits", "practice_records"] as const;

beforeAll(async () => {
  h = await createHarness({ now: "2026-11-25T10:00:00.000Z" });
  const coordinator = await h.staffMember("coordinator");
  const visitor = await h.staffMember("home-visitor");
  full = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Fullcase" });
  kept = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Keptcase" });
  for (const c of [full, kept]) {
    const ok = async (res: Response) => expect(res.status, await res.clone().text()).toBeLessThan(300);
    await ok(
      await h.request(`/api/cases/${c.childId}/home-visit-notes`, {
        method: "PUT",
        cookie: visitor.cookie,
        json: { version: 0, text: "Dog" },
      }),
    );
    await ok(
      await h.request(`/api/cases/${c.childId}/profiles`, {
        method: "POST",
        cookie: visitor.cookie,
        json: { recordedOn: "2026-11-23", entries: [{ areaId: "physical", mark: "emerging" }] },
      }),
    );
    await ok(
      await h.request(`/api/cases/${c.childId}/targets/${c.targetId}/practice-records`, {
        method: "PUT",
        cookie: visitor.cookie,
        json: { records: [{ date: "2026-11-24", tries: 3, successes: 2 }] },
      }),
    );
  }
});
afterAll(() => h.close());

const countFor = async (table: string, childId: string) =>
  Number(
    (await h.db.$client.execute({ sql: `select count(*) as n from ${table} where child_id = ?`, args: [childId] }))
      .rows[0]?.n,
  );

it("export-child holds the case: notes, profiles, plans with revisions, visits and practice records", async () => {
  const file = join(h.dir, "case.json");
  expect(await exportChild(h.db, full.reference, file, h.clock.now())).toBe(full.childId);
  const data = JSON.parse(readFileSync(file, "utf8"));
  expect(data.case).toMatchObject({ homeVisitNotes: "Dog" });
  expect(data.developmentalProfiles).toHaveLength(1);
  expect(data.playPlans).toHaveLength(1);
  expect(data.playPlans[0].revisions.length).toBeGreaterThan(5);
  expect(data.visits.length).toBe(full.visitIds?.length);
  expect(data.practiceRecords).toMatchObject([{ date: "2026-11-24", tries: 3, successes: 2 }]);
  expect(JSON.stringify(data)).not.toContain("Keptcase");
});

it("erasing a child erases their case and leaves the other family's", async () => {
  for (const table of TABLES) expect(await countFor(table, full.childId), table).toBeGreaterThan(0);
  expect(await eraseChild(h.db, full.childId, h.clock.now())).toBe(true);
  for (const table of TABLES) expect(await countFor(table, full.childId), table).toBe(0);
  const revisions = await h.db.$client.execute({
    sql: "select count(*) as n from play_plan_revisions where plan_id = ?",
    args: [full.planId ?? ""],
  });
  expect(Number(revisions.rows[0]?.n)).toBe(0);
  for (const table of TABLES) expect(await countFor(table, kept.childId), table).toBeGreaterThan(0);
  expect((await checkIntegrity(h.db)).ok).toBe(true);
});
