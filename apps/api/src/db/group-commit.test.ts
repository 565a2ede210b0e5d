// Group commit on a real database file: units that arrive together share a commit, one unit's
// failure undoes only its own writes, a failed commit fails every unit in it, and each caller
// hears only after the commit.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase } from "./client.js";
import { GroupCommit } from "./group-commit.js";

let dir: string;
let url: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "openportage-group-commit-"));
  url = `file:${join(dir, "g.db")}`;
  db = await openDatabase(url);
  await db.$client.execute("create table t (id integer primary key, body text not null unique)");
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const bodies = async () => (await db.$client.execute("select body from t order by id")).rows.map((r) => r.body);

it("commits units that arrive together in one transaction, and answers each after it", async () => {
  const committer = new GroupCommit(db);
  const seenFromOutside: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      committer
        .run(async (tx) => {
          await tx.execute({ sql: "insert into t (body) values (?)", args: [`unit ${i}`] });
          return i;
        })
        .then(async (value) => {
          // Answered: the row is there for another connection to read.
          const other = await openDatabase(url);
          const n = Number((await other.$client.execute("select count(*) as n from t")).rows[0]?.n);
          other.$client.close();
          seenFromOutside.push(n);
          return value;
        }),
    ),
  );
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(committer.stats).toEqual({ commits: 1, units: 20 });
  expect(Math.min(...seenFromOutside)).toBe(20);
});

it("undoes only the failing unit's writes; the others commit", async () => {
  const committer = new GroupCommit(db);
  const outcomes = await Promise.allSettled([
    committer.run((tx) => tx.execute("insert into t (body) values ('kept 1')")),
    committer.run(async (tx) => {
      await tx.execute("insert into t (body) values ('undone')");
      await tx.execute("insert into t (body) values ('kept 1')"); // unique: fails
    }),
    committer.run((tx) => tx.execute("insert into t (body) values ('kept 2')")),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(
    String((outcomes[1] as PromiseRejectedResult).reason?.cause ?? (outcomes[1] as PromiseRejectedResult).reason),
  ).toMatch(/UNIQUE/);
  const rows = await bodies();
  expect(rows).toContain("kept 1");
  expect(rows).toContain("kept 2");
  expect(rows).not.toContain("undone");
  expect(committer.stats.commits).toBe(1);
});

it("undoes every statement of a unit's batch when one of them fails", async () => {
  const committer = new GroupCommit(db);
  const outcomes = await Promise.allSettled([
    committer.run((tx) =>
      tx.batch([
        { sql: "insert into t (body) values (?)", args: ["batch undone 1"] },
        { sql: "insert into t (body) values (?)", args: ["batch undone 2"] },
        { sql: "insert into t (body) values (?)", args: ["kept 2"] }, // unique: fails
      ]),
    ),
    committer.run((tx) => tx.batch([{ sql: "insert into t (body) values (?)", args: ["batch kept"] }])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(["rejected", "fulfilled"]);
  const rows = await bodies();
  expect(rows).not.toContain("batch undone 1");
  expect(rows).not.toContain("batch undone 2");
  expect(rows).toContain("batch kept");
});

it("undoes a unit that fails after its statements ran, and one that fails before any, and no other", async () => {
  const committer = new GroupCommit(db);
  const outcomes = await Promise.allSettled([
    committer.run((tx) => tx.batch([{ sql: "insert into t (body) values (?)", args: ["first kept"] }])),
    committer.run(async () => {
      throw new Error("refused before writing");
    }),
    committer.run(async (tx) => {
      await tx.batch([{ sql: "insert into t (body) values (?)", args: ["written then undone"] }]);
      await tx.execute({ sql: "insert into t (body) values (?)", args: ["also undone"] });
      throw new Error("refused after writing");
    }),
    committer.run((tx) => tx.execute({ sql: "insert into t (body) values (?)", args: ["last kept"] })),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
  expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/refused after writing/);
  const rows = await bodies();
  expect(rows).toEqual(expect.arrayContaining(["first kept", "last kept"]));
  expect(rows).not.toContain("written then undone");
  expect(rows).not.toContain("also undone");
  expect(committer.stats).toEqual({ commits: 1, units: 4 });
});

it("fails every unit when the shared commit fails, and stores none of them", { timeout: 20_000 }, async () => {
  const committer = new GroupCommit(db);
  // Another connection (another process) holds the write lock for longer than the busy timeout
  // (5 s) allows: the shared transaction cannot begin, so no unit is stored and every caller is
  // told. The connection that waited is dropped, not reused: the next unit commits.
  const other = await openDatabase(url);
  const lock = await other.$client.transaction("write");
  try {
    const outcomes = await Promise.allSettled([
      committer.run((tx) => tx.execute("insert into t (body) values ('lost a')")),
      committer.run((tx) => tx.execute("insert into t (body) values ('lost b')")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  } finally {
    await lock.rollback();
    other.$client.close();
  }
  expect(await bodies()).not.toContain("lost a");
  // And the committer goes on working afterwards.
  await committer.run((tx) => tx.execute("insert into t (body) values ('after')"));
  expect(await bodies()).toContain("after");
});

it("commits a unit that arrives alone at once, with nothing to wait for", async () => {
  const committer = new GroupCommit(db);
  await committer.run((tx) => tx.execute("insert into t (body) values ('alone')"));
  await committer.run((tx) => tx.execute("insert into t (body) values ('alone again')"));
  expect(committer.stats).toEqual({ commits: 2, units: 2 });
});
