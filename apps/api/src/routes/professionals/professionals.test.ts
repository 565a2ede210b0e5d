// The professionals involved with a child: filled once from the referral's answers, then added
// to, changed (versioned) and removed by staff; another visitor's child is not there for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { fromReferral } from "./professionals.routes.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
  otherVisitor = await h.staffMember("home-visitor");
});
afterAll(() => h.close());

async function auditReasons(childId: string): Promise<string[]> {
  const r = await h.db.$client.execute({
    sql: "select reason from audit_events where record_type = 'child' and record_id = ? and outcome = 'success' and reason is not null order by id",
    args: [childId],
  });
  return r.rows.map((row) => String(row.reason));
}

describe("fromReferral", () => {
  it("lists each role ticked, with the names given on the only one or as someone else", () => {
    expect(fromReferral({ professionalsInvolved: ["gp"], professionalsDetails: " Dr Patel " })).toEqual([
      { role: "gp", name: "Dr Patel" },
    ]);
    expect(
      fromReferral({ professionalsInvolved: ["gp", "paediatrician"], professionalsDetails: "Dr A, Dr B" }),
    ).toEqual([
      { role: "gp", name: null },
      { role: "paediatrician", name: null },
      { role: "other", name: "Dr A, Dr B" },
    ]);
    expect(fromReferral({ professionalsInvolved: ["not-a-role", "gp", "gp"] })).toEqual([{ role: "gp", name: null }]);
    expect(fromReferral({})).toEqual([]);
    expect(fromReferral(null)).toEqual([]);
  });
});

describe("the professionals involved with a child", () => {
  it("fills the first list from the referral's answers, exactly once", async () => {
    const c = await allocatedCase(h, coordinator, visitor, {
      professionalsInvolved: ["health-visitor", "speech-and-language-therapist"],
      professionalsDetails: "Sam the health visitor",
    });
    const path = `/api/cases/${c.childId}/professionals`;
    const first = await callApi(h, path, "GET", visitor.cookie);
    expect(first.status).toBe(200);
    expect(first.body.professionals.map((p: Json) => [p.role, p.roleName, p.name, p.source])).toEqual([
      ["health-visitor", "Health visitor", null, "referral"],
      ["speech-and-language-therapist", "Speech and language therapist", null, "referral"],
      ["other", "Someone else", "Sam the health visitor", "referral"],
    ]);
    // Read again at once (as two tabs would): still the same three.
    const [a, b] = await Promise.all([
      callApi(h, path, "GET", visitor.cookie),
      callApi(h, path, "GET", coordinator.cookie),
    ]);
    expect(a.body.professionals).toHaveLength(3);
    expect(b.body.professionals).toHaveLength(3);
    // Remove them all: the referral's answers do not come back.
    for (const p of first.body.professionals as Json[]) {
      const gone = await callApi(h, `${path}/${p.id}?version=${p.version}`, "DELETE", visitor.cookie);
      expect(gone.status).toBe(204);
    }
    expect((await callApi(h, path, "GET", visitor.cookie)).body.professionals).toEqual([]);
    const reasons = await auditReasons(c.childId);
    expect(reasons.filter((r) => r === "professionals-from-referral")).toHaveLength(1);
    expect(reasons.filter((r) => r === "professional-removed")).toHaveLength(3);
    const reads = await h.db.$client.execute({
      sql: "select count(*) as n from audit_events where record_type = 'child' and record_id = ? and action = 'read'",
      args: [c.childId],
    });
    expect(Number(reads.rows[0]?.n)).toBeGreaterThanOrEqual(4);
  });

  it("adds, changes and removes a professional, audited", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { professionalsInvolved: [] });
    const path = `/api/cases/${c.childId}/professionals`;
    expect((await callApi(h, path, "GET", visitor.cookie)).body.professionals).toEqual([]);
    const added = await callApi(h, path, "POST", visitor.cookie, {
      role: "educational-psychologist",
      name: " Alex Rowe ",
      organisation: "County Educational Psychology Service",
      contact: "alex.rowe@council.gov.uk",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      role: "educational-psychologist",
      roleName: "Educational psychologist",
      name: "Alex Rowe",
      organisation: "County Educational Psychology Service",
      contact: "alex.rowe@council.gov.uk",
      source: "staff",
      version: 1,
    });
    const changed = await callApi(h, `${path}/${added.body.id}`, "PATCH", coordinator.cookie, {
      version: 1,
      contact: "01632 960 123",
      organisation: "",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Alex Rowe", organisation: null, contact: "01632 960 123", version: 2 });
    const list = await callApi(h, path, "GET", visitor.cookie);
    expect(list.body.professionals).toEqual([changed.body]);
    const removed = await callApi(h, `${path}/${added.body.id}?version=2`, "DELETE", visitor.cookie);
    expect(removed.status).toBe(204);
    expect((await callApi(h, path, "GET", visitor.cookie)).body.professionals).toEqual([]);
    expect(await auditReasons(c.childId)).toEqual(
      expect.arrayContaining(["professional-added", "professional-changed", "professional-removed"]),
    );
  });

  it("names the field in bad input", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/professionals`;
    const badRole = await callApi(h, path, "POST", visitor.cookie, { role: "wizard", name: "Merlin" });
    expect(badRole.status).toBe(422);
    expect(badRole.body.errors.map((e: Json) => e.field)).toContain("role");
    const nobody = await callApi(h, path, "POST", visitor.cookie, { role: "gp", contact: "01632 960 555" });
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors.map((e: Json) => e.field)).toEqual(["name"]);
    const extra = await callApi(h, path, "POST", visitor.cookie, { role: "gp", name: "Dr Who", childId: c.childId });
    expect(extra.status).toBe(422);
    const added = await callApi(h, path, "POST", visitor.cookie, { role: "gp", name: "Dr Who" });
    const clearing = await callApi(h, `${path}/${added.body.id}`, "PATCH", visitor.cookie, { version: 1, name: "" });
    expect(clearing.status).toBe(422);
    expect(clearing.body.errors.map((e: Json) => e.field)).toEqual(["name"]);
    const noVersion = await callApi(h, `${path}/${added.body.id}?version=x`, "DELETE", visitor.cookie);
    expect(noVersion.status).toBe(422);
    expect(noVersion.body.errors.map((e: Json) => e.field)).toEqual(["version"]);
  });

  it("refuses a change or removal made from an older version (409), saying who changed it", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { professionalsInvolved: [] });
    const path = `/api/cases/${c.childId}/professionals`;
    const added = await callApi(h, path, "POST", visitor.cookie, { role: "physiotherapist", name: "Jo" });
    expect(
      (await callApi(h, `${path}/${added.body.id}`, "PATCH", coordinator.cookie, { version: 1, name: "Jo Bloggs" }))
        .status,
    ).toBe(200);
    const stale = await callApi(h, `${path}/${added.body.id}`, "PATCH", visitor.cookie, { version: 1, name: "Joanne" });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: expect.stringContaining("edit-conflict"), currentVersion: 2 });
    const staleRemove = await callApi(h, `${path}/${added.body.id}?version=1`, "DELETE", visitor.cookie);
    expect(staleRemove.status).toBe(409);
    expect((await callApi(h, path, "GET", visitor.cookie)).body.professionals[0].name).toBe("Jo Bloggs");
  });

  it("keeps a professional a disclosure names (409)", async () => {
    const c = await allocatedCase(h, coordinator, visitor, { professionalsInvolved: [] });
    const path = `/api/cases/${c.childId}/professionals`;
    const added = await callApi(h, path, "POST", visitor.cookie, { role: "health-visitor", name: "Pat" });
    await h.db.$client.execute({
      sql: `insert into disclosures (id, child_id, recipient_id, professional_id, what, purpose, basis, channel, disclosed_on, disclosed_by, created_at)
            values (?, ?, 'health-visitor', ?, 'summary', 'Joint working', 'consent', 'secure-email', '2026-11-20', ?, '2026-11-20T10:00:00.000Z')`,
      args: ["00000000-0000-4000-8000-000000000001", c.childId, added.body.id, visitor.id],
    });
    const refused = await callApi(h, `${path}/${added.body.id}?version=1`, "DELETE", visitor.cookie);
    expect(refused.status).toBe(409);
    expect((await callApi(h, path, "GET", visitor.cookie)).body.professionals).toHaveLength(1);
  });

  it("is not there for another visitor's child, nor another child's professional (404)", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const mine = await allocatedCase(h, coordinator, otherVisitor, { professionalsInvolved: [] });
    const path = `/api/cases/${c.childId}/professionals`;
    const list = await callApi(h, path, "GET", visitor.cookie);
    const p = list.body.professionals[0] as Json;
    for (const [method, url, body] of [
      ["GET", path, undefined],
      ["POST", path, { role: "gp", name: "Dr X" }],
      ["PATCH", `${path}/${p.id}`, { version: 1, name: "Dr X" }],
      ["DELETE", `${path}/${p.id}?version=1`, undefined],
    ] as const) {
      const res = await callApi(h, url, method, otherVisitor.cookie, body);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(c.reference);
    }
    // Their own child, someone else's professional's id: not found either.
    const cross = await callApi(h, `/api/cases/${mine.childId}/professionals/${p.id}`, "PATCH", otherVisitor.cookie, {
      version: 1,
      name: "Dr X",
    });
    expect(cross.status).toBe(404);
    expect((await callApi(h, path, "GET", coordinator.cookie)).body.professionals[0].name).toBe(p.name);
    const admin = await h.staffMember("administrator");
    expect((await callApi(h, path, "GET", admin.cookie)).status).toBe(403);
  });
});
