// Statements kept on each connection (keepStatements in client.ts): the same text is compiled
// once per connection, and a kept statement never answers from an old view of the database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase, STATEMENTS_KEPT } from "./client.js";

let dir: string;
let url: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "openportage-statements-"));
  url = `file:${join(dir, "s.db")}`;
  db = await openDatabase(url);
  await db.$client.execute("create table t (id integer primary key, body text)");
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (on: Database, sql: string) => (await on.$client.execute(sql)).rows;

it("sees another connection's commit with a statement it already ran (no read held open)", async () => {
  expect(await rows(db, "select count(*) as n from t")).toEqual([expect.objectContaining({ n: 0 })]);
  const other = await openDatabase(url);
  try {
    await other.$client.execute("insert into t (body) values ('from elsewhere')");
    await other.$client.execute("pragma wal_checkpoint(truncate)");
  } finally {
    other.$client.close();
  }
  expect(await rows(db, "select count(*) as n from t")).toEqual([expect.objectContaining({ n: 1 })]);
});

it("answers with the new shape after a schema change", async () => {
  const before = await rows(db, "select * from t");
  expect(Object.keys(before[0] ?? {})).not.toContain("extra");
  await db.$client.execute("alter table t add column extra text default 'x'");
  const after = await rows(db, "select * from t");
  expect(after[0]).toMatchObject({ body: "from elsewhere", extra: "x" });
});

it("keeps working past the number of statements it keeps, and with the same text again", async () => {
  for (let i = 0; i < STATEMENTS_KEPT + 20; i++) {
    const [row] = await rows(db, `select ${i} as n, count(*) as c from t`);
    expect(row).toMatchObject({ n: i, c: 1 });
  }
  const [first] = await rows(db, "select 0 as n, count(*) as c from t");
  expect(first).toMatchObject({ n: 0, c: 1 });
});

it("runs a kept insert, a failing one and the same again inside transactions", async () => {
  await db.$client.execute("create unique index t_body on t (body)");
  const insert = { sql: "insert into t (body) values (?)", args: ["once"] };
  await db.$client.execute(insert);
  await expect(db.$client.execute(insert)).rejects.toThrow(/UNIQUE/);
  const tx = await db.$client.transaction("write");
  await tx.execute({ sql: "insert into t (body) values (?)", args: ["in a transaction"] });
  await tx.rollback();
  const tx2 = await db.$client.transaction("write");
  await tx2.execute({ sql: "insert into t (body) values (?)", args: ["in a transaction"] });
  await tx2.commit();
  expect((await rows(db, "select body from t order by id")).map((r) => r.body)).toEqual([
    "from elsewhere",
    "once",
    "in a transaction",
  ]);
});
