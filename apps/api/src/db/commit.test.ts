// Transactions on a local file commit off the event loop (db/client.ts, LocalTransaction): the
// process goes on with other work while the commit's fsync runs, the caller hears only once the
// commit is durable, and a commit that fails rolls back, says why in SQLite's words and leaves
// the connection fit for the next transaction.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase } from "./client.js";

let dir: string;
let url: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "openportage-commit-"));
  url = `file:${join(dir, "c.db")}`;
  db = await openDatabase(url);
  await db.$client.executeMultiple(`
    create table parent (id integer primary key);
    create table child (id integer primary key, parent integer references parent (id) deferrable initially deferred);
    create table big (id integer primary key, body blob not null);
  `);
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (table: string) =>
  Number((await db.$client.execute(`select count(*) as n from ${table}`)).rows[0]?.n);

it("lets the event loop run while a commit is under way, and answers once it is durable", async () => {
  const tx = await db.$client.transaction("write");
  // Enough to write that the commit (its pages and fsync) takes a while.
  for (let i = 0; i < 400; i++) {
    await tx.execute({ sql: "insert into big (body) values (zeroblob(65536))", args: [] });
  }
  const order: string[] = [];
  // Run by the event loop's next turn: before the commit has settled only if the commit gave the
  // loop back (a commit on the event loop would finish inside the call, and be heard first).
  setImmediate(() => order.push("the event loop ran"));
  await tx.commit();
  order.push("committed");
  expect(order).toEqual(["the event loop ran", "committed"]);
  // Committed: another connection (another process) reads every row.
  const other = await openDatabase(url);
  try {
    expect(Number((await other.$client.execute("select count(*) as n from big")).rows[0]?.n)).toBe(400);
  } finally {
    other.$client.close();
  }
});

it("rolls back a commit that fails, with SQLite's code, and the next transaction commits", async () => {
  const tx = await db.$client.transaction("write");
  // A child with no parent: the deferred foreign key is checked at the commit, which fails.
  await tx.execute("insert into child (id, parent) values (1, 99)");
  const error = await tx.commit().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
  expect(tx.closed).toBe(true);
  expect(await count("child")).toBe(0);

  const next = await db.$client.transaction("write");
  await next.execute("insert into parent (id) values (99)");
  await next.execute("insert into child (id, parent) values (1, 99)");
  await next.commit();
  expect(await count("child")).toBe(1);
});

it("refuses to commit a transaction twice, as libSQL's client does", async () => {
  const tx = await db.$client.transaction("write");
  await tx.execute("insert into parent (id) values (7)");
  await tx.commit();
  await expect(tx.commit()).rejects.toMatchObject({ code: "TRANSACTION_CLOSED" });
  expect(await count("parent")).toBe(2);
});
