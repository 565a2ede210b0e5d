import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor");
});
afterAll(() => h.close());

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);

describe("developmental profiles", () => {
  it("are recorded by the protocol's areas and marks, and the first compared with the latest", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/profiles`;
    const empty = await call(path, "GET", visitor.cookie);
    expect(empty.body.profiles).toEqual([]);
    expect(empty.body.comparison).toBeNull();
    expect(empty.body.marks.map((m: Json) => m.id)).toEqual(["emerging", "developing", "achieved"]);
    const first = await call(path, "POST", visitor.cookie, {
      recordedOn: "2026-09-10",
      entries: [
        { areaId: "physical", mark: "emerging", note: "Sits with support" },
        { areaId: "communication-and-language", mark: "emerging" },
      ],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      recordedOn: "2026-09-10",
      entries: [
        { area: "Physical development", markName: "Emerging", note: "Sits with support" },
        { markName: "Emerging" },
      ],
      recordedBy: { name: "Harriet Visitor" },
    });
    await call(path, "POST", visitor.cookie, {
      recordedOn: "2026-11-19",
      entries: [
        { areaId: "physical", mark: "achieved" },
        { areaId: "communication-and-language", mark: "emerging" },
      ],
    });
    const both = await call(path, "GET", coordinator.cookie);
    expect(both.body.profiles.map((p: Json) => p.recordedOn)).toEqual(["2026-09-10", "2026-11-19"]);
    expect(both.body.comparison).toMatchObject({
      from: "2026-09-10",
      to: "2026-11-19",
      movedOn: 1,
      same: 1,
      movedBack: 0,
    });
    const physical = both.body.comparison.areas.find((a: Json) => a.areaId === "physical");
    expect(physical).toMatchObject({ change: "moved-on", steps: 2 });
    const summary = await call(`/api/cases/${c.childId}`, "GET", visitor.cookie);
    expect(summary.body.profiles).toEqual({ count: 2, latestOn: "2026-11-19" });
  });

  it("names the entry on bad input and stores nothing; other visitors get 404", async () => {
    const c = await allocatedCase(h, coordinator, visitor);
    const path = `/api/cases/${c.childId}/profiles`;
    const bad = await call(path, "POST", visitor.cookie, {
      recordedOn: "2026-12-25",
      entries: [
        { areaId: "physical", mark: "brilliant" },
        { areaId: "flying", mark: "emerging" },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(["recordedOn", "entries.0.mark", "entries.1.areaId"]);
    const notADate = await call(path, "POST", visitor.cookie, { recordedOn: "2026-02-30", entries: [] });
    expect(notADate.body.errors.map((e: Json) => e.field).sort()).toEqual(["entries", "recordedOn"]);
    expect((await call(path, "GET", visitor.cookie)).body.profiles).toEqual([]);
    expect((await call(path, "GET", otherVisitor.cookie)).status).toBe(404);
    expect(
      (
        await call(path, "POST", otherVisitor.cookie, {
          recordedOn: "2026-11-19",
          entries: [{ areaId: "physical", mark: "emerging" }],
        })
      ).status,
    ).toBe(404);
  });
});
