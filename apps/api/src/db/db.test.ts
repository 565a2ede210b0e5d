import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lancashire } from "@openportage/domain";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/libsql/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { BUSY_STEP_MS, createLocalClient, openDatabase } from "./client.js";
import { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate.js";
import { backupDatabase, checkIntegrity, restoreDatabase } from "./ops.js";
import { seedDemo } from "./seed.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the database client", () => {
  const pragmas = async (run: (sql: string) => Promise<{ rows: unknown[][] | { [k: string]: unknown }[] }>) => {
    const values = [];
    for (const name of ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"]) {
      const rows = (await run(`PRAGMA ${name}`)).rows as unknown as Record<number, unknown>[];
      values.push(rows[0]?.[0]);
    }
    return values.map((v) => (typeof v === "string" ? v : Number(v)));
  };
  const EXPECTED = ["wal", 1, 1, BUSY_STEP_MS];
  const SPOIL = "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = 0";

  it("creates the folder and opens the file in WAL; a connection a statement changed is put right before reuse", async () => {
    const db = await openDatabase(`file:${join(dir, "nested", "folder", "a.db")}`);
    expect(await pragmas((s) => db.$client.execute(s))).toEqual(EXPECTED);
    // Writes are serialised, so these land on the connection the next statement borrows.
    for (const statement of SPOIL.split("; ")) await db.$client.execute(statement);
    expect(await pragmas((s) => db.$client.execute(s))).toEqual(EXPECTED);
    db.$client.close();
  });

  it("sets the pragmas on every one of the pool's distinct connections, and on those it opens later", async () => {
    const client = createLocalClient(`file:${join(dir, "pool.db")}`);
    await client.execute("PRAGMA journal_mode = WAL");
    // Spoil a few connections the way a statement could, and give them back to the pool.
    await Promise.all(Array.from({ length: 5 }, () => client.executeMultiple(SPOIL)));
    for (const round of ["first", "after reconnect"]) {
      // Hold all 20 connections at once: each transaction owns a connection until it ends.
      const held = await Promise.all(Array.from({ length: 20 }, () => client.transaction("deferred")));
      for (const [i, tx] of held.entries()) {
        // A temp table lives on one connection: creating it in each proves they are distinct.
        await tx.execute("CREATE TEMP TABLE mine (n INTEGER)");
        await tx.execute({ sql: "INSERT INTO temp.mine VALUES (?)", args: [i] });
        expect((await tx.execute("SELECT n FROM temp.mine")).rows.map((r) => Number(r.n))).toEqual([i]);
        expect(await pragmas((s) => tx.execute(s))).toEqual(EXPECTED);
      }
      for (const tx of held) tx.close();
      if (round === "first") {
        await Promise.all(Array.from({ length: 5 }, () => client.executeMultiple(SPOIL)));
        await client.reconnect();
      }
    }
    client.close();
  });
});

const TABLES = ["users", "children", "carers", "referrals", "decisions", "allocations", "audit_events"];

/** A database at the first `upTo` migrations, holding the demo data (the columns it had then). */
async function oldDatabase(name: string, upTo: number) {
  // The data: seeded by today's code into a current database...
  const source = join(dir, `${name}-source.db`);
  const current = await openDatabase(`file:${source}`);
  await migrateDatabase(current);
  await seedDemo(current, lancashire, new Date("2026-11-20T10:00:00Z"), { families: 40 });
  current.$client.close();
  // ...copied, column by column, into a database migrated only as far as an older release.
  const folder = join(dir, `${name}-migrations`);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  expect(journal.entries.length).toBeGreaterThan(upTo);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  const db = await openDatabase(`file:${join(dir, `${name}.db`)}`);
  await migrate(db, { migrationsFolder: folder });
  await db.$client.execute(`ATTACH DATABASE '${source}' AS source`);
  for (const table of TABLES) {
    const columns = (await db.$client.execute(`PRAGMA main.table_info(${table})`)).rows.map((r) => `"${r.name}"`);
    await db.$client.execute(
      `INSERT INTO main.${table} (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM source.${table}`,
    );
  }
  await db.$client.execute("DETACH DATABASE source");
  return db;
}

async function counts(db: Awaited<ReturnType<typeof openDatabase>>) {
  return Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [t, Number((await db.$client.execute(`select count(*) as n from ${t}`)).rows[0]?.n)]),
    ),
  );
}

describe("migrations", () => {
  it("bring a database holding data up to date without losing any", async () => {
    for (const upTo of [1, 2, 3, 4, 5, 6]) {
      const db = await oldDatabase(`old-${upTo}`, upTo);
      const before = await counts(db);
      expect(before.referrals).toBe(40);
      // Run the migrations over the data (what every start-up does) and check nothing moved.
      await migrateDatabase(db);
      expect(await counts(db)).toEqual(before);
      expect((await checkIntegrity(db)).ok).toBe(true);
      db.$client.close();
    }
  });

  it("keep the audit trail whole when it becomes the archive and the inbox (0015), one sequence of ids", async () => {
    const db = await oldDatabase("old-audit", 15);
    const trail = async () => (await db.$client.execute("select * from audit_events order by id")).rows;
    const before = await trail();
    expect(before.length).toBeGreaterThan(100);
    await migrateDatabase(db);
    expect(await trail()).toEqual(before);
    const count = async (table: string) =>
      Number((await db.$client.execute(`select count(*) as n from ${table}`)).rows[0]?.n);
    expect(await count("audit_archive")).toBe(before.length);
    expect(await count("audit_inbox")).toBe(0);
    // An event written to the trail goes to the inbox, its id after every id before it.
    await db.$client.execute(
      "insert into audit_events (at, action, outcome, request) values ('2026-11-21T09:00:00.000Z', 'read', 'success', 'GET /x')",
    );
    const [added] = (await db.$client.execute("select id from audit_inbox")).rows;
    expect(Number(added?.id)).toBeGreaterThan(Math.max(...before.map((r) => Number(r.id))));
    db.$client.close();
  });

  it("fill the waiting list's in_setting column from the stored answers (0002)", async () => {
    const db = await oldDatabase("old-in-setting", 2);
    await migrateDatabase(db);
    const rows = (
      await db.$client.execute("select in_setting, json_extract(answers, '$.attendsSetting') as attends from referrals")
    ).rows;
    expect(rows.length).toBe(40);
    expect(rows.some((r) => r.attends === "yes")).toBe(true);
    for (const row of rows) expect(Number(row.in_setting)).toBe(row.attends === "yes" ? 1 : 0);
    db.$client.close();
  });

  it("keep one current allocation per referral (0003), ending the later of any duplicates", async () => {
    const db = await oldDatabase("old-allocations", 3);
    const [active] = (await db.$client.execute("select * from allocations where ended_at is null limit 1")).rows;
    expect(active).toBeDefined();
    // A second current allocation for the same referral, as the race could leave behind.
    await db.$client.execute({
      sql: "insert into allocations (id, referral_id, child_id, home_visitor_id, allocated_by, allocated_at) values ('dup', ?, ?, ?, ?, ?)",
      args: [
        String(active?.referral_id),
        String(active?.child_id),
        String(active?.home_visitor_id),
        String(active?.allocated_by),
        "2099-01-01T00:00:00.000Z",
      ],
    });
    const before = await counts(db);
    await migrateDatabase(db);
    expect(await counts(db)).toEqual(before);
    const current = (
      await db.$client.execute({
        sql: "select id from allocations where referral_id = ? and ended_at is null",
        args: [String(active?.referral_id)],
      })
    ).rows.map((r) => r.id);
    expect(current).toEqual([active?.id]);
    await expect(
      db.$client.execute({
        sql: "update allocations set ended_at = null where id = 'dup'",
      }),
    ).rejects.toThrow(/UNIQUE/);
    db.$client.close();
  });

  it("add the casework tables (0004) beside data already held, and a case can then be worked", async () => {
    const db = await oldDatabase("old-casework", 4);
    const before = await counts(db);
    await migrateDatabase(db);
    expect(await counts(db)).toEqual(before);
    const tables = (await db.$client.execute("select name from sqlite_master where type = 'table'")).rows.map(
      (r) => r.name,
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        "cases",
        "developmental_profiles",
        "play_plans",
        "play_plan_revisions",
        "visits",
        "practice_records",
        "calendar_feeds",
      ]),
    );
    // An allocated child from before the migration gets a plan and a visit, tied to its rows.
    const [allocated] = (
      await db.$client.execute("select child_id, home_visitor_id from allocations where ended_at is null limit 1")
    ).rows;
    expect(allocated).toBeDefined();
    const childId = String(allocated?.child_id);
    const userId = String(allocated?.home_visitor_id);
    const at = "2026-11-20T10:00:00.000Z";
    await db.$client.execute({
      sql: "insert into play_plans (id, child_id, status, document, version, created_at, created_by, updated_at, updated_by) values ('plan-1', ?, 'draft', '{}', 1, ?, ?, ?, ?)",
      args: [childId, at, userId, at, userId],
    });
    await db.$client.execute({
      sql: "insert into visits (id, child_id, plan_id, block_id, planned_date, date, time, created_at, updated_at) values ('visit-1', ?, 'plan-1', 'block-1', '2026-11-23', '2026-11-23', '10:00', ?, ?)",
      args: [childId, at, at],
    });
    await expect(
      db.$client.execute({
        sql: "insert into visits (id, child_id, plan_id, block_id, planned_date, date, time, created_at, updated_at) values ('visit-2', 'no-such-child', 'plan-1', 'block-1', '2026-11-30', '2026-11-30', '10:00', ?, ?)",
        args: [at, at],
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    // A second plan in progress for the same child is refused by the index.
    await expect(
      db.$client.execute({
        sql: "insert into play_plans (id, child_id, status, document, version, created_at, created_by, updated_at, updated_by) values ('plan-2', ?, 'draft', '{}', 1, ?, ?, ?, ?)",
        args: [childId, at, userId, at, userId],
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect((await checkIntegrity(db)).ok).toBe(true);
    db.$client.close();
  });

  it("answer the waiting list from the covering index, never reading the referral rows", async () => {
    const db = await openDatabase(`file:${join(dir, "plan.db")}`);
    await migrateDatabase(db);
    const plan = async (query: string) =>
      (await db.$client.execute(`EXPLAIN QUERY PLAN ${query}`)).rows.map((r) => String(r.detail)).join("\n");
    expect(await plan("select count(*), max(updated_at) from referrals where status = 'waiting'")).toMatch(
      /USING COVERING INDEX referrals_waiting/,
    );
    expect(
      await plan(
        "select r.id, r.reference, r.received_at, r.accepted_on, r.complexity, r.had_portage_before, r.other_specialist_support, r.in_setting, c.id, c.first_name from referrals r join children c on c.id = r.child_id where r.status = 'waiting'",
      ),
    ).toMatch(/SCAN r USING COVERING INDEX referrals_waiting|SEARCH r USING COVERING INDEX referrals_waiting/);
    db.$client.close();
  });
});

describe("backup and restore", () => {
  it("round-trips through VACUUM INTO with an integrity check", async () => {
    const path = join(dir, "live.db");
    const db = await openDatabase(`file:${path}`);
    await migrateDatabase(db);
    await seedDemo(db, lancashire, new Date("2026-11-20T10:00:00Z"), { families: 25 });
    const backup = join(dir, "backup.db");
    expect((await backupDatabase(db, backup)).ok).toBe(true);
    await expect(backupDatabase(db, backup)).rejects.toThrow(/already exists/);
    await db.run(sql`delete from allocations`);
    await db.run(sql`delete from decisions`);
    db.$client.close();
    expect((await restoreDatabase(backup, path)).ok).toBe(true);
    const restored = await openDatabase(`file:${path}`);
    expect(Number((await restored.$client.execute("select count(*) as n from referrals")).rows[0]?.n)).toBe(25);
    expect(Number((await restored.$client.execute("select count(*) as n from decisions")).rows[0]?.n)).toBeGreaterThan(
      0,
    );
    expect((await checkIntegrity(restored)).ok).toBe(true);
    restored.$client.close();
  });

  it("keeps the changes still in the live database's WAL in the .before-restore copy", async () => {
    const live = join(dir, "wal-live.db");
    const db = await openDatabase(`file:${live}`);
    await migrateDatabase(db);
    await seedDemo(db, lancashire, new Date("2026-11-20T10:00:00Z"), { families: 5 });
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const backup = join(dir, "wal-backup.db");
    expect((await backupDatabase(db, backup)).ok).toBe(true);
    // Changes after the backup, committed to the WAL only (no checkpoint yet).
    await db.run(sql`delete from allocations`);
    await db.run(sql`update children set first_name = 'After backup'`);
    // A crash leaves the file and its WAL as they are: copy both while the database is open.
    const crashed = join(dir, "wal-crashed.db");
    copyFileSync(live, crashed);
    copyFileSync(`${live}-wal`, `${crashed}-wal`);
    db.$client.close();
    expect(statSync(`${crashed}-wal`).size).toBeGreaterThan(0);

    expect((await restoreDatabase(backup, crashed)).ok).toBe(true);
    expect(existsSync(`${crashed}-wal`) ? statSync(`${crashed}-wal`).size : 0).toBe(0);
    const restored = await openDatabase(`file:${crashed}`);
    expect(Number((await restored.$client.execute("select count(*) as n from referrals")).rows[0]?.n)).toBe(5);
    expect(
      Number(
        (await restored.$client.execute("select count(*) as n from children where first_name = 'After backup'")).rows[0]
          ?.n,
      ),
    ).toBe(0);
    restored.$client.close();
    // The safety copy holds what was in the WAL: nothing committed is lost.
    const before = await openDatabase(`file:${crashed}.before-restore`);
    expect(
      Number(
        (await before.$client.execute("select count(*) as n from children where first_name = 'After backup'")).rows[0]
          ?.n,
      ),
    ).toBe(5);
    expect(Number((await before.$client.execute("select count(*) as n from allocations")).rows[0]?.n)).toBe(0);
    expect((await checkIntegrity(before)).ok).toBe(true);
    before.$client.close();
  });

  it("refuses to restore a damaged backup", async () => {
    const bad = join(dir, "bad.db");
    writeFileSync(bad, "this is not a database");
    await expect(restoreDatabase(bad, join(dir, "untouched.db"))).rejects.toThrow();
  });
});
