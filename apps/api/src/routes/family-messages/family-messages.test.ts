// The staff side of what families send from the family app: the case's messages (newest first,
// with who sent each), marked read once, and the coordinator's unread requests to stop and
// consents withdrawn across the service, still readable after the child has left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type Json } from "../../test-support/calls.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let otherVisitor: { id: string; cookie: string };
let administrator: { id: string; cookie: string };
let c: TestCase;
let carer: TestFamilyMember;
let helper: TestFamilyMember;

const call = (path: string, method: string, cookie: string, json?: unknown) => callApi(h, path, method, cookie, json);
const send = (member: TestFamilyMember, rest: string, json: unknown) =>
  call(`/api/family/children/${c.childId}${rest}`, "POST", member.cookie, json);

beforeAll(async () => {
  h = await createHarness({ now: "2026-11-29T18:00:00.000Z" });
  coordinator = await h.staffMember("coordinator", "Cora Ordinator");
  visitor = await h.staffMember("home-visitor", "Harriet Visitor");
  otherVisitor = await h.staffMember("home-visitor", "Hamid Visitor");
  administrator = await h.staffMember("administrator", "Ada Min");
  c = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Amira", childLastName: "Messages" });
  carer = await familyMemberFor(h, c.childId, { invitedBy: visitor.id, name: "Grace Example" });
  helper = await familyMemberFor(h, c.childId, {
    invitedBy: visitor.id,
    kind: "helper",
    name: "Nana Example",
    relationship: "grandparent",
  });
});
afterAll(() => h.close());

describe("the case's family messages", () => {
  it("lists every message, newest first, with who sent it", async () => {
    expect((await send(carer, "/messages", { body: "First" })).status).toBe(201);
    h.clock.advance(60_000);
    expect((await send(helper, "/messages", { body: "Second" })).status).toBe(201);
    const res = await call(`/api/cases/${c.childId}/family-messages`, "GET", visitor.cookie);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: Json) => [m.body, m.from.name, m.from.relationship, m.from.kind])).toEqual([
      ["Second", "Nana Example", "grandparent", "helper"],
      ["First", "Grace Example", "mother", "carer"],
    ]);
    expect((await call(`/api/cases/${c.childId}/family-messages`, "GET", coordinator.cookie)).status).toBe(200);
    expect((await call(`/api/cases/${c.childId}/family-messages`, "GET", otherVisitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}/family-messages`, "GET", administrator.cookie)).status).toBe(403);
  });

  it("marks a message read once: marking it again changes nothing", async () => {
    const list = await call(`/api/cases/${c.childId}/family-messages`, "GET", visitor.cookie);
    const id = list.body.messages[0].id;
    const path = `/api/cases/${c.childId}/family-messages/${id}/read`;
    const first = await call(path, "POST", visitor.cookie, {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ readAt: "2026-11-29T18:01:00.000Z", readBy: { name: "Harriet Visitor" } });
    h.clock.advance(60_000);
    const second = await call(path, "POST", coordinator.cookie, {});
    expect(second.body).toMatchObject({ readAt: "2026-11-29T18:01:00.000Z", readBy: { name: "Harriet Visitor" } });
    const audits = await h.db.$client.execute({
      sql: "select count(*) as n from audit_events where record_id = ? and reason = 'family-message-read'",
      args: [c.childId],
    });
    expect(Number(audits.rows[0]?.n)).toBe(1);
    expect((await call(path, "POST", visitor.cookie, { extra: true })).status).toBe(422);
    const missing = await call(`/api/cases/${c.childId}/family-messages/${c.childId}/read`, "POST", visitor.cookie, {});
    expect(missing.status).toBe(404);
  });
});

describe("the coordinator's family requests", () => {
  it("lists unread requests to stop, not questions, and stays readable after the child left", async () => {
    const leave = await send(carer, "/leave-request", { body: "We are moving away." });
    expect(leave.status).toBe(201);
    const list = await call("/api/family-requests", "GET", coordinator.cookie);
    expect(list.body.requests.map((r: Json) => r.kind)).toEqual(["leave-request"]);
    expect(list.body.requests[0]).toMatchObject({
      id: leave.body.id,
      child: { id: c.childId, firstName: "Amira", lastName: "Messages" },
      homeVisitor: { id: visitor.id, name: "Harriet Visitor" },
      referral: { id: c.referralId, status: "allocated" },
    });
    for (const who of [visitor, administrator]) {
      expect((await call("/api/family-requests", "GET", who.cookie)).status).toBe(403);
    }
    const exit = await call(`/api/cases/${c.childId}/exit`, "POST", coordinator.cookie, {
      reasonId: "family-withdrew",
      exitedOn: "2026-11-29",
      withReport: false,
    });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
    const after = await call("/api/family-requests", "GET", coordinator.cookie);
    // Left: no home visitor, the referral closed (the dashboard links to the closed case).
    expect(after.body.requests[0]).toMatchObject({
      id: leave.body.id,
      homeVisitor: null,
      referral: { id: c.referralId, status: "closed" },
    });
    // The home visitor no longer reaches the case; the coordinator still reads and clears it.
    expect((await call(`/api/cases/${c.childId}/family-messages`, "GET", visitor.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${c.childId}/family-messages`, "GET", coordinator.cookie)).status).toBe(200);
    const read = await call(
      `/api/cases/${c.childId}/family-messages/${leave.body.id}/read`,
      "POST",
      coordinator.cookie,
      {},
    );
    expect(read.status).toBe(200);
    expect((await call("/api/family-requests", "GET", coordinator.cookie)).body.requests).toEqual([]);
  });
});
