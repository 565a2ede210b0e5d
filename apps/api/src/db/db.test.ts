import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lancashire } from "@openportage/domain";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/libsql/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client.js";
import { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate.js";
import { backupDatabase, checkIntegrity, restoreDatabase } from "./ops.js";
import { seedDemo } from "./seed.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the database client", () => {
  it("creates the folder and runs every pooled connection in WAL, synchronous=FULL, foreign keys on, with a busy timeout", async () => {
    const db = await openDatabase(`file:${join(dir, "nested", "folder", "a.db")}`);
    const pragmas = await Promise.all(
      Array.from({ length: 25 }, () =>
        db.$client.batch(
          ["PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA foreign_keys", "PRAGMA busy_timeout"],
          "read",
        ),
      ),
    );
    for (const [journal, sync, fk, busy] of pragmas) {
      expect(journal?.rows[0]?.[0]).toBe("wal");
      expect(sync?.rows[0]?.[0]).toBe(2);
      expect(fk?.rows[0]?.[0]).toBe(1);
      expect(Number(busy?.rows[0]?.[0])).toBe(5000);
    }
    db.$client.close();
  });
});

describe("migrations", () => {
  it("bring a database holding data up to date without losing any", async () => {
    const url = `file:${join(dir, "old.db")}`;
    const db = await openDatabase(url);
    // Apply the first migration only, as the first release's database would be, and fill it.
    const firstOnly = join(dir, "first-migration");
    cpSync(MIGRATIONS_FOLDER, firstOnly, { recursive: true });
    const journalPath = join(firstOnly, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
    expect(journal.entries.length).toBeGreaterThan(1);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
    await migrate(db, { migrationsFolder: firstOnly });
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(
          ["users", "children", "carers", "referrals", "decisions", "allocations", "audit_events"].map(async (t) => [
            t,
            Number((await db.$client.execute(`select count(*) as n from ${t}`)).rows[0]?.n),
          ]),
        ),
      );
    await seedDemo(db, lancashire, new Date("2026-11-20T10:00:00Z"), { families: 40 });
    const before = await counts();
    expect(before.referrals).toBe(40);
    // Run the migrations again over the data (what every start-up does) and check nothing moved.
    await migrateDatabase(db);
    expect(await counts()).toEqual(before);
    expect((await checkIntegrity(db)).ok).toBe(true);
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

  it("refuses to restore a damaged backup", async () => {
    const bad = join(dir, "bad.db");
    writeFileSync(bad, "this is not a database");
    await expect(restoreDatabase(bad, join(dir, "untouched.db"))).rejects.toThrow();
  });
});
