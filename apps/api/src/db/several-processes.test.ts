// Several processes on one database file (docs/adr/0053): a migration waits while another process
// holds the write lock and then applies only what is left; the demo is seeded once by clients of
// their own starting together; a write waits for another process's lock without stopping the
// event loop. The API's own processes, racing on a new database, are in test/e2e/processes.test.ts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lancashire } from "@openportage/domain";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalClient, openDatabase, serialiseWrites } from "./client.js";
import { DEMO_SEED_CLAIM, seedDemoOnFirstRun } from "./first-run.js";
import { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate.js";
import { DEMO_ACCOUNTS } from "./seed.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIGRATIONS = (
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }
).entries.length;

async function count(db: Awaited<ReturnType<typeof openDatabase>>, sql: string): Promise<number> {
  return Number((await db.$client.execute(sql)).rows[0]?.n);
}

/**
 * Another process holding the database's write lock: a child process that begins an IMMEDIATE
 * transaction (writing `sql` in it, when given) and holds it until `release()`, then commits.
 */
async function anotherProcessHolding(file: string, sql?: string) {
  const script = `
    import { createClient } from "@libsql/client";
    const client = createClient({ url: ${JSON.stringify(`file:${file}`)} });
    const tx = await client.transaction("write");
    ${sql ? `await tx.execute(${JSON.stringify(sql)});` : ""}
    process.stdout.write("held\\n");
    process.stdin.once("data", async () => { await tx.commit(); client.close(); process.stdout.write("released\\n"); });
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  const said = (what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(what) ? resolve() : undefined);
      child.stdout.on("data", (d) => {
        out += d;
        check();
      });
      child.once("exit", () => (out.includes(what) ? resolve() : reject(new Error(`the holder stopped: ${out}`))));
      check();
    });
  await said("held");
  return {
    async release() {
      child.stdin.write("go\n");
      await said("released");
      child.stdin.end();
    },
  };
}

describe("migrations from several processes", () => {
  it("wait while another process holds the write lock, then apply what is left", async () => {
    const file = join(dir, "locked.db");
    const first = await openDatabase(`file:${file}`);
    const second = await openDatabase(`file:${file}`);
    const holder = await anotherProcessHolding(file);
    let waited = false;
    let finished = false;
    const migrating = migrateDatabase(first, { onWait: () => (waited = true) }).then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(waited).toBe(true);
    expect(finished).toBe(false);
    await holder.release();
    await migrating;
    expect(await count(first, "select count(*) as n from __drizzle_migrations")).toBe(MIGRATIONS);
    expect(await count(first, "select count(distinct created_at) as n from __drizzle_migrations")).toBe(MIGRATIONS);
    // Another process after it finds them all applied and changes nothing.
    await migrateDatabase(second);
    expect(await count(second, "select count(*) as n from __drizzle_migrations")).toBe(MIGRATIONS);
    expect(String((await second.$client.execute("PRAGMA integrity_check")).rows[0]?.[0])).toBe("ok");
    first.$client.close();
    second.$client.close();
  });
});

describe("the demo's first run from several processes", () => {
  it("seeds once: one seeds, the others wait until it is done", async () => {
    const file = join(dir, "seed.db");
    const dbs = await Promise.all([1, 2].map(() => openDatabase(`file:${file}`)));
    for (const db of dbs) await migrateDatabase(db);
    const now = () => new Date("2026-11-20T10:00:00Z");
    const outcomes = await Promise.all(dbs.map((db) => seedDemoOnFirstRun(db, lancashire, now, { pollMs: 20 })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["seeded", "seeded-elsewhere"]);
    const [db] = dbs;
    if (!db) throw new Error("no database");
    expect(await count(db, "select count(*) as n from users")).toBe(DEMO_ACCOUNTS.length);
    expect(await count(db, "select count(*) as n from referrals")).toBe(60);
    expect(await count(db, "select count(*) as n from audit_events where action = 'seed-demo'")).toBe(1);
    // Later starts find staff accounts and do nothing.
    expect(await seedDemoOnFirstRun(db, lancashire, now)).toEqual({ outcome: "not-empty" });
    const [claim] = (
      await db.$client.execute({ sql: "select value from settings where key = ?", args: [DEMO_SEED_CLAIM] })
    ).rows;
    expect(JSON.parse(String(claim?.value))).toMatchObject({ state: "seeded" });
    for (const each of dbs) each.$client.close();
  });

  it("takes over a claim whose process died before it made an account", async () => {
    const db = await openDatabase(`file:${join(dir, "stale.db")}`);
    await migrateDatabase(db);
    const then = new Date("2026-11-20T10:00:00Z");
    await db.$client.execute({
      sql: "insert into settings (key, value) values (?, ?)",
      args: [DEMO_SEED_CLAIM, JSON.stringify({ state: "seeding", at: then.getTime() - 3 * 60_000 })],
    });
    expect(await seedDemoOnFirstRun(db, lancashire, () => then)).toMatchObject({ outcome: "seeded" });
    expect(await count(db, "select count(*) as n from referrals")).toBe(60);
    db.$client.close();
  });
});

describe("a write while another process holds the lock", () => {
  it("waits for it without stopping the event loop, then is done", async () => {
    const file = join(dir, "busy.db");
    const mine = serialiseWrites(createLocalClient(`file:${file}`));
    await mine.execute("PRAGMA journal_mode = WAL");
    await mine.execute("create table t (n integer)");
    const holder = await anotherProcessHolding(file, "insert into t values (1)");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    let written = false;
    const write = mine.execute("insert into t values (2)").then(() => (written = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Still waiting, and the loop has carried on meanwhile (SQLite's own 5 s wait would have frozen it).
    expect(written).toBe(false);
    expect(ticks).toBeGreaterThan(10);
    await holder.release();
    await write;
    clearInterval(ticker);
    expect((await mine.execute("select n from t order by n")).rows.map((r) => Number(r.n))).toEqual([1, 2]);
    mine.close();
  });

  it("leaves the connections that waited fit for the commits after", async () => {
    // A BEGIN refused as busy stays active on its connection; a later COMMIT there must not fail.
    const file = join(dir, "after.db");
    const mine = serialiseWrites(createLocalClient(`file:${file}`));
    await mine.execute("PRAGMA journal_mode = WAL");
    await mine.execute("create table t (n integer)");
    await mine.execute("create index t_n on t (n)");
    for (let round = 0; round < 3; round++) {
      const holder = await anotherProcessHolding(file, "insert into t values (0)");
      const waiting = Promise.all([
        (async () => {
          const tx = await mine.transaction("write");
          await tx.execute("insert into t values (1)");
          await tx.commit();
        })(),
        mine.execute("insert into t values (2)"),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.release();
      await waiting;
      for (let i = 0; i < 25; i++) {
        const tx = await mine.transaction("write");
        await tx.execute("insert into t values (3)");
        await tx.commit();
      }
    }
    await mine.execute("drop index t_n");
    expect(Number((await mine.execute("select count(*) as n from t")).rows[0]?.n)).toBe(3 * 28);
    mine.close();
  });
});
