// GET /api/cases with `page`: the coordinator's "Children" page, one page at a time, by last name,
// with the total; one home visitor's children with `homeVisitorId`.
import { afterAll, beforeAll, expect, it } from "vitest";
import { allocatedCase } from "../../test-support/casework.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitors: { id: string; cookie: string }[];

interface List {
  total: number;
  page?: number;
  pageSize?: number;
  cases: { child: { lastName: string }; homeVisitor: { id: string } }[];
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitors = [await h.staffMember("home-visitor"), await h.staffMember("home-visitor")];
  for (const [i, last] of ["Ash", "Birch", "Cedar", "Damson", "Elm"].entries()) {
    await allocatedCase(h, coordinator, visitors[i % 2] as { id: string; cookie: string }, { childLastName: last });
  }
});
afterAll(() => h.close());

async function list(query: string, cookie = coordinator.cookie): Promise<List> {
  const res = await h.request(`/api/cases?${query}`, { cookie });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as List;
}

it("pages the children by last name, counting them all", async () => {
  const first = await list("page=1&pageSize=2");
  expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
  expect(first.cases.map((c) => c.child.lastName)).toEqual(["Ash", "Birch"]);
  expect((await list("page=3&pageSize=2")).cases.map((c) => c.child.lastName)).toEqual(["Elm"]);
  expect((await list("page=4&pageSize=2")).cases).toEqual([]);
});

it("gives every child without a page, as before", async () => {
  const all = await list("");
  expect(all.total).toBe(5);
  expect(all.cases).toHaveLength(5);
  expect(all.page).toBeUndefined();
});

it("pages one home visitor's children, and a home visitor only their own", async () => {
  const own = await list(`homeVisitorId=${visitors[0]?.id}&page=1&pageSize=10`);
  expect(own.total).toBe(3);
  expect(own.cases.every((c) => c.homeVisitor.id === visitors[0]?.id)).toBe(true);
  const asVisitor = await list("page=1&pageSize=10", visitors[1]?.cookie);
  expect(asVisitor.total).toBe(2);
});

it("refuses a page that is not a whole number, naming the field", async () => {
  const res = await h.request("/api/cases?page=0", { cookie: coordinator.cookie });
  expect(res.status).toBe(422);
  expect(JSON.stringify(await res.json())).toContain('"page"');
});
