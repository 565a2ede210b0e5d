// The waiting list is ranked once and kept until the list changes (the `waiting-list` version,
// raised by triggers): every change that moves the list shows in the very next read, whether it
// came through the API, a statement of the CLI's or another process on the same file.

import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
let coordinator: { cookie: string };
let ids: { a: string; b: string };

type List = { total: number; entries: { referralId: string; child: { firstName: string } }[] };

async function list(): Promise<List> {
  const res = await h.request("/api/waiting-list?pageSize=100", { cookie: coordinator.cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as List;
}

const order = async () => (await list()).entries.map((e) => e.referralId);

async function accept(id: string, complexity: "low" | "moderate" | "high") {
  const res = await h.request(`/api/referrals/${id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity },
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  const a = await h.refer({ childFirstName: "Ava" });
  const b = await h.refer({ childFirstName: "Bea" });
  await accept(a.id, "low");
  await accept(b.id, "moderate");
  ids = { a: a.id, b: b.id };
});
afterAll(() => h.close());

it("reads one version row to know the ranking is fresh, and the triggers raise it", async () => {
  const version = async () =>
    Number(
      (await h.db.$client.execute("select version from list_versions where name = 'waiting-list'")).rows[0]?.version,
    );
  const before = await version();
  expect(await order()).toEqual([ids.b, ids.a]);
  expect(await version()).toBe(before); // reading moves nothing
  await h.db.$client.execute({ sql: "update referrals set complexity = 'high' where id = ?", args: [ids.a] });
  expect(await version()).toBe(before + 1);
  // A referral that is not waiting changes without moving the list.
  const other = await h.refer({ childFirstName: "Cal" });
  await h.db.$client.execute({ sql: "update referrals set updated_at = updated_at where id = ?", args: [other.id] });
  expect(await version()).toBe(before + 1);
});

it("shows a change to a waiting referral's facts in the next read", async () => {
  await h.db.$client.execute({ sql: "update referrals set complexity = 'low' where id = ?", args: [ids.a] });
  expect(await order()).toEqual([ids.b, ids.a]);
  await h.db.$client.execute({ sql: "update referrals set complexity = 'high' where id = ?", args: [ids.a] });
  expect(await order()).toEqual([ids.a, ids.b]);
});

it("shows a correction to a child (name, date of birth) in the next read", async () => {
  await list();
  await h.db.$client.execute({
    sql: "update children set first_name = 'Avery' where id = (select child_id from referrals where id = ?)",
    args: [ids.a],
  });
  const entries = (await list()).entries;
  expect(entries.find((e) => e.referralId === ids.a)?.child.firstName).toBe("Avery");
});

it("shows a child accepted, allocated or withdrawn in the next read", async () => {
  expect((await list()).total).toBe(2);
  const c = await h.refer({ childFirstName: "Dee" });
  await accept(c.id, "high");
  expect((await list()).total).toBe(3);
  const visitor = await h.staffMember("home-visitor");
  const res = await h.request(`/api/referrals/${c.id}/allocation`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { homeVisitorId: visitor.id },
  });
  expect(res.status).toBe(201);
  expect(await order()).toEqual([ids.a, ids.b]);
  await h.db.$client.execute({ sql: "delete from referrals where id = ?", args: [ids.b] }).catch(async () => {
    // Rows that point at the referral keep it: close it instead, as withdrawing does.
    await h.db.$client.execute({ sql: "update referrals set status = 'closed' where id = ?", args: [ids.b] });
  });
  expect(await order()).toEqual([ids.a]);
});

it("shows a change made through another connection to the file (another process) in the next read", async () => {
  await list();
  const elsewhere = await openDatabase(h.url);
  try {
    await elsewhere.$client.execute({ sql: "update referrals set complexity = 'low' where id = ?", args: [ids.a] });
    await elsewhere.$client.execute({ sql: "update referrals set status = 'waiting' where id = ?", args: [ids.b] });
  } finally {
    elsewhere.$client.close();
  }
  expect(await order()).toEqual([ids.b, ids.a]);
});

// A caller that holds a page (the admin app, for one session) names it by its ETag: the answer is
// 304 while the list is unchanged, and still checks the session and the role and writes the read
// audit every time; any change to the list gives the page a new tag at once.
async function page(headers: Record<string, string> = {}, cookie = coordinator.cookie) {
  return h.request("/api/waiting-list?pageSize=100", { cookie, headers });
}

it("answers 304 to a caller holding the unchanged page, after the same checks and the read audit", async () => {
  const first = await page();
  expect(first.status).toBe(200);
  const tag = first.headers.get("etag");
  expect(tag).toMatch(/^"[^"]+"$/);
  const shown = ((await first.json()) as List).entries.length;
  const audited = await h.count("audit_events");
  const again = await page({ "if-none-match": tag as string });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe("");
  expect(again.headers.get("etag")).toBe(tag);
  expect(again.headers.get("cache-control")).toBe("no-store");
  // Every child on the page is audited as read, as for a full answer.
  expect(await h.count("audit_events")).toBe(audited + shown);
  // A weak form of the tag, or the tag in a list, is the same page.
  expect((await page({ "if-none-match": `"other", W/${tag}` })).status).toBe(304);
  // Another page has another tag.
  const other = await h.request("/api/waiting-list?pageSize=1", {
    cookie: coordinator.cookie,
    headers: { "if-none-match": tag as string },
  });
  expect(other.status).toBe(200);
  expect(other.headers.get("etag")).not.toBe(tag);
});

it("never answers 304 to a caller the route does not let in", async () => {
  const tag = (await page()).headers.get("etag") as string;
  const anonymous = await h.request("/api/waiting-list?pageSize=100", { headers: { "if-none-match": tag } });
  expect(anonymous.status).toBe(401);
  const visitor = await h.staffMember("home-visitor");
  const refused = await page({ "if-none-match": tag }, visitor.cookie);
  expect(refused.status).toBe(403);
  expect(refused.headers.get("etag")).toBeNull();
});

it("gives the page a new tag, and the full answer, as soon as the list changes", async () => {
  const before = await page();
  const tag = before.headers.get("etag") as string;
  const name = ((await before.json()) as List).entries.find((e) => e.referralId === ids.a)?.child.firstName;
  await h.db.$client.execute({
    sql: "update children set first_name = ? where id = (select child_id from referrals where id = ?)",
    args: [`${name}e`, ids.a],
  });
  const after = await page({ "if-none-match": tag });
  expect(after.status).toBe(200);
  expect(after.headers.get("etag")).not.toBe(tag);
  const entries = ((await after.json()) as List).entries;
  expect(entries.find((e) => e.referralId === ids.a)?.child.firstName).toBe(`${name}e`);
});
