// GET /api/referrals?q=: the inbox's search by child's name or reference; possible duplicates
// (the domain's rule) on the list and on a referral's record, for coordinators only.
import { afterAll, beforeAll, expect, it } from "vitest";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
const made: Record<string, { id: string; reference: string }> = {};

interface Row {
  id: string;
  reference: string;
  child: { firstName: string; lastName: string };
  possibleDuplicates: number;
}
interface List {
  total: number;
  referrals: Row[];
}
interface Duplicate {
  id: string;
  reference: string;
  child: { firstName: string; lastName: string };
  matches: string[];
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
  const family = {
    carerPhone: "07700 900 111",
    carerEmail: "sam.walk@example.org",
    addressLine1: "9 Mill Lane",
    postcode: "PR2 9ZZ",
  };
  made.poppy = await h.refer({ childFirstName: "Poppy", childLastName: "Walkthrough", ...family });
  // The same child again, written otherwise, from another carer and address (a health visitor's referral, say).
  made.again = await h.refer({
    childFirstName: "poppy",
    childLastName: "WALK-THROUGH",
    carerPhone: "01632 960 999",
    carerEmail: "hv@example.net",
    addressLine1: "2 Other Road",
    postcode: "BB1 1BB",
  });
  // A sibling: another child, the same carer's phone (written with +44) and home.
  made.sibling = await h.refer({
    childFirstName: "Rowan",
    childLastName: "Walkthrough",
    childDateOfBirth: { day: "2", month: "2", year: "2025" },
    carerPhone: "+44 7700 900111",
    carerEmail: "other@example.org",
    addressLine1: "9 Mill Lane",
    postcode: "pr29zz",
  });
  // A name with accents and an apostrophe, nothing else in common with the others.
  made.sian = await h.refer({
    childFirstName: "Siân",
    childLastName: "Ní Bhriain-Łuczak",
    childDateOfBirth: { day: "3", month: "3", year: "2025" },
    carerPhone: "01632 960 777",
    carerEmail: "sian.parent@example.com",
    addressLine1: "7 Bryn Road",
    postcode: "LA2 2BB",
  });
  // Nothing in common with the others.
  made.alone = await h.refer({
    childFirstName: "Ivor",
    childLastName: "Single",
    childDateOfBirth: { day: "9", month: "9", year: "2024" },
    carerPhone: "01632 960 555",
    carerEmail: "ivor.parent@example.com",
    addressLine1: "5 Lone Street",
    postcode: "LA1 1AA",
  });
});
afterAll(() => h.close());

async function list(query: string) {
  const res = await h.request(`/api/referrals?status=received&${query}`, { cookie: coordinator.cookie });
  return { status: res.status, body: (await res.json()) as List & { errors?: { path: string; message: string }[] } };
}

it("finds referrals by part of the child's name, in any case and punctuation, or by the whole reference", async () => {
  const byName = await list("q=walkthrough");
  expect(byName.status).toBe(200);
  // "WALK-THROUGH" is found as "walkthrough" is.
  const ids = (l: { body: List }) => l.body.referrals.map((r) => r.id).sort();
  expect(ids(byName)).toEqual([made.sibling?.id, made.again?.id, made.poppy?.id].sort());
  expect(byName.body.total).toBe(3);
  expect(ids(await list(`q=${encodeURIComponent("Poppy  Walkthrough")}`))).toEqual(
    [made.again?.id, made.poppy?.id].sort(),
  );
  expect((await list("q=rowan%20walk")).body.referrals.map((r) => r.id)).toEqual([made.sibling?.id]);
  expect((await list("q=OPPY")).body.total).toBe(2);
  const byReference = await list(`q=${made.alone?.reference.toLowerCase()}`);
  expect(byReference.body.referrals.map((r) => r.id)).toEqual([made.alone?.id]);
  expect((await list("q=nobody-called-this")).body).toMatchObject({ total: 0, referrals: [] });
});

it("finds a name typed without its accents, as a keyboard in England types it", async () => {
  for (const q of ["sian", "SIAN NI", "bhriain-luczak", "Siân Ní", "luczak"]) {
    const { status, body } = await list(`q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.referrals.map((r) => r.id)).toEqual([made.sian?.id]);
    expect(body.total).toBe(1);
  }
  // Punctuation alone finds nobody, rather than everybody.
  expect((await list(`q=${encodeURIComponent("-'")}`)).body.total).toBe(0);
});

it("pages the search's results, counting every match", async () => {
  const first = await list("q=o&pageSize=2&page=1");
  const second = await list("q=o&pageSize=2&page=2");
  expect(first.body.total).toBe(4);
  expect(first.body.referrals).toHaveLength(2);
  expect(second.body.referrals).toHaveLength(2);
  const ids = [...first.body.referrals, ...second.body.referrals].map((r) => r.id);
  expect(new Set(ids).size).toBe(4);
});

it("refuses an empty or over-long search, naming the field", async () => {
  for (const q of ["%20%20", "x".repeat(101)]) {
    const { status, body } = await list(`q=${q}`);
    expect(status).toBe(422);
    expect(JSON.stringify(body.errors)).toContain('"q"');
  }
});

it("counts each referral's possible duplicates in the inbox", async () => {
  const { body } = await list("pageSize=50");
  const count = (id: string | undefined) => body.referrals.find((r) => r.id === id)?.possibleDuplicates;
  expect(count(made.poppy?.id)).toBe(2);
  expect(count(made.again?.id)).toBe(1);
  expect(count(made.sibling?.id)).toBe(1);
  expect(count(made.alone?.id)).toBe(0);
});

it("lists a referral's possible duplicates with what matched, and links nothing to a lone one", async () => {
  const res = await h.request(`/api/referrals/${made.poppy?.id}`, { cookie: coordinator.cookie });
  expect(res.status).toBe(200);
  const record = (await res.json()) as { possibleDuplicates: Duplicate[] };
  const byId = new Map(record.possibleDuplicates.map((d) => [d.id, d]));
  expect(byId.get(made.again?.id ?? "")?.matches).toEqual(["same-child"]);
  expect(byId.get(made.sibling?.id ?? "")?.matches).toEqual(["same-phone", "same-address"]);
  expect(byId.get(made.sibling?.id ?? "")?.reference).toBe(made.sibling?.reference);
  expect(byId.size).toBe(2);
  const alone = await h.request(`/api/referrals/${made.alone?.id}`, { cookie: coordinator.cookie });
  expect(((await alone.json()) as { possibleDuplicates: Duplicate[] }).possibleDuplicates).toEqual([]);
});

it("finds a shared phone or email however it is written, with nothing else in common", async () => {
  const base = {
    childDateOfBirth: { day: "3", month: "3", year: "2024" },
    addressLine1: "1 Far Away",
    carerEmail: "nobody.else@example.com",
  };
  const byPhone = await h.refer({
    ...base,
    childFirstName: "Phoebe",
    childLastName: "Phone",
    carerPhone: "+44 (0)1632 960 555",
    postcode: "TR1 1AA",
  });
  const byEmail = await h.refer({
    ...base,
    childFirstName: "Emil",
    childLastName: "Mail",
    childDateOfBirth: { day: "4", month: "4", year: "2024" },
    carerPhone: "01632 960 000",
    carerEmail: " IVOR.Parent@Example.com ",
    postcode: "TR2 2BB",
  });
  const record = async (id: string) =>
    (
      (await (await h.request(`/api/referrals/${id}`, { cookie: coordinator.cookie })).json()) as {
        possibleDuplicates: Duplicate[];
      }
    ).possibleDuplicates;
  expect((await record(byPhone.id)).map((d) => [d.id, d.matches])).toEqual([[made.alone?.id, ["same-phone"]]]);
  expect((await record(byEmail.id)).map((d) => [d.id, d.matches])).toEqual([[made.alone?.id, ["same-email"]]]);
  const lone = (await record(made.alone?.id ?? "")).map((d) => d.id).sort();
  expect(lone).toEqual([byPhone.id, byEmail.id].sort());
});

it("shows a home visitor no other referrals, even their own child's duplicates", async () => {
  const own = await allocatedCase(h, coordinator, visitor, {
    childFirstName: "Poppy",
    childLastName: "Walkthrough",
    carerPhone: "07700 900 111",
  });
  const res = await h.request(`/api/referrals/${own.referralId}`, { cookie: visitor.cookie });
  expect(res.status).toBe(200);
  const record = (await res.json()) as { possibleDuplicates: unknown };
  expect(record.possibleDuplicates).toBeNull();
  const asCoordinator = await h.request(`/api/referrals/${own.referralId}`, { cookie: coordinator.cookie });
  expect(
    ((await asCoordinator.json()) as { possibleDuplicates: Duplicate[] }).possibleDuplicates.length,
  ).toBeGreaterThan(0);
});

it("audits the reading of each possible duplicate's child", async () => {
  const again = await h.request(`/api/referrals/${made.again?.id}`, { cookie: coordinator.cookie });
  const againChild = ((await again.json()) as { child: { id: string } }).child.id;
  const reads = async () => {
    const res = await h.request(`/api/audit?recordType=child&action=read&recordId=${againChild}`, {
      cookie: coordinator.cookie,
    });
    return ((await res.json()) as { total: number }).total;
  };
  const before = await reads();
  await h.request(`/api/referrals/${made.poppy?.id}`, { cookie: coordinator.cookie });
  expect(await reads()).toBe(before + 1);
  await h.request(`/api/referrals/${made.alone?.id}`, { cookie: coordinator.cookie });
  expect(await reads()).toBe(before + 1);
});
