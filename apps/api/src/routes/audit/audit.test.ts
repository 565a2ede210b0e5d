// GET /api/audit: search by record (id, id prefix or referral reference), actor (id or name),
// action and time; the total that match; each actor's name.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let admin: { id: string; cookie: string };
let referral: { id: string; reference: string };
let childId: string;

interface Events {
  total: number;
  page: number;
  pageSize: number;
  events: {
    id: number;
    actorId: string | null;
    actorName: string | null;
    action: string;
    recordType: string | null;
    recordId: string | null;
    at: string;
  }[];
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Searcher");
  admin = await h.staffMember("administrator", "Ada Auditor");
  referral = await h.refer({ childFirstName: "Audited" });
  const row = await h.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [referral.id] });
  childId = String(row.rows[0]?.child_id);
  h.clock.advance(60_000);
  expect((await h.request(`/api/referrals/${referral.id}`, { cookie: coordinator.cookie })).status).toBe(200);
  await h.refer({ childFirstName: "Unrelated" });
});
afterAll(() => h.close());

async function search(query: string, cookie = admin.cookie): Promise<Events> {
  const res = await h.request(`/api/audit?${query}`, { cookie });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Events;
}

it("finds a referral's events and its child's by the referral's reference", async () => {
  const found = await search(`record=${referral.reference}`);
  const ids = new Set(found.events.map((e) => e.recordId));
  expect(ids).toEqual(new Set([referral.id, childId]));
  expect(found.total).toBe(found.events.length);
  // Lower case works too.
  expect((await search(`record=${referral.reference.toLowerCase()}`)).total).toBe(found.total);
});

it("finds a record by its id or the last 8 characters shown on screen", async () => {
  const full = await search(`record=${childId}`);
  expect(full.total).toBeGreaterThan(0);
  expect(full.events.every((e) => e.recordId === childId)).toBe(true);
  const end = await search(`record=${childId.slice(-8)}`);
  expect(end.events.map((e) => e.id)).toEqual(full.events.map((e) => e.id));
  // The start of an id is the time it was made, shared by the records made with it: not a search.
  expect((await search(`record=${childId.slice(0, 8)}`)).events.every((e) => e.recordId !== childId)).toBe(true);
  expect((await search("record=ffffffff")).total).toBe(0);
});

it("gives each event its actor's name, and finds events by part of a name", async () => {
  const byName = await search("actor=cora%20sear");
  expect(byName.total).toBeGreaterThan(0);
  expect(byName.events.every((e) => e.actorId === coordinator.id && e.actorName === "Cora Searcher")).toBe(true);
  // Coordinators see colleagues' names too (staff names are not children's data).
  const asCoordinator = await search(`actorId=${admin.id}`, coordinator.cookie);
  expect(asCoordinator.events[0]?.actorName).toBe("Ada Auditor");
  // Events with nobody signed in have no name.
  const publicEvents = await search("action=create&recordType=referral");
  expect(publicEvents.events.some((e) => e.actorId === null && e.actorName === null)).toBe(true);
  // A name is matched as text, never as a pattern.
  expect((await search("actor=%25")).total).toBe(0);
  // Typed without its accents: "sian" finds Siân's events, and only hers.
  const sian = await h.staffMember("home-visitor", "Siân Ní Bhriain");
  await h.request(`/api/referrals/${referral.id}`, { cookie: sian.cookie });
  const accented = await search("actor=sian%20ni");
  expect(accented.total).toBeGreaterThan(0);
  expect(accented.events.every((e) => e.actorId === sian.id && e.actorName === "Siân Ní Bhriain")).toBe(true);
});

it("pages with the total that match, and searches by action and time", async () => {
  // (Each search is itself audited, as a read of the audit trail: leave those out to count.)
  const all = await search("pageSize=2&recordType=referral");
  expect(all.events).toHaveLength(2);
  expect(all.total).toBeGreaterThan(2);
  const last = await search(`pageSize=2&recordType=referral&page=${Math.ceil(all.total / 2)}`);
  expect(last.events.length).toBe(all.total % 2 === 0 ? 2 : 1);
  const reads = await search(`action=read&recordType=child&record=${childId}`);
  expect(reads.events.map((e) => e.action)).toEqual(["read"]);
  const later = await search(
    `from=${new Date(h.clock.now().getTime() - 1000).toISOString()}&record=${referral.reference}`,
  );
  expect(later.events.every((e) => e.at >= new Date(h.clock.now().getTime() - 1000).toISOString())).toBe(true);
  expect(later.total).toBeGreaterThan(0);
  expect(later.total).toBeLessThan((await search(`record=${referral.reference}`)).total);
});

it("refuses unknown keys and malformed searches", async () => {
  for (const query of ["colour=blue", "record=has%20spaces", "record=50%25", "actorId=nobody", "from=yesterday"]) {
    const res = await h.request(`/api/audit?${query}`, { cookie: admin.cookie });
    expect(res.status, query).toBe(422);
  }
});

it("names the child to a coordinator, and only the reference to an administrator, while the rows hold ids only", async () => {
  const forCoordinator = await search(`record=${referral.reference}`, coordinator.cookie);
  const named = forCoordinator.events as unknown as {
    recordType: string;
    childName: string | null;
    reference: string | null;
  }[];
  expect(named.length).toBeGreaterThan(0);
  for (const event of named) {
    expect(event.childName).toBe("Audited Example");
    expect(event.reference).toBe(referral.reference);
  }
  expect(new Set(named.map((e) => e.recordType))).toEqual(new Set(["child", "referral"]));
  const forAdmin = (await search(`record=${referral.reference}`)).events as unknown as {
    childName: string | null;
    reference: string | null;
  }[];
  expect(forAdmin.every((e) => e.childName === null && e.reference === referral.reference)).toBe(true);
  // The trail itself never holds the name.
  const stored = await h.db.$client.execute("select * from audit_events");
  expect(JSON.stringify(stored.rows)).not.toContain("Audited");
});

it("gives events about other records no name", async () => {
  const found = (await search("recordType=audit", coordinator.cookie)).events as unknown as {
    childName: string | null;
    reference: string | null;
  }[];
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((e) => e.childName === null && e.reference === null)).toBe(true);
});
