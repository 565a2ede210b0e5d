// Durable commits off the event loop (ADR 0062): a write is answered only after an fsync that
// began after its commit has finished; commits made while a sync runs share the next one; a
// failed sync fails the writes that waited on it. The database is a real libSQL file; the fsync
// is held by the test where the order of events matters, and is the real one elsewhere.
import { existsSync, fstatSync, fsync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalClient, type Fsync, openDatabase, serialiseWrites, walSyncOf } from "./client.js";

const dir = mkdtempSync(join(tmpdir(), "openportage-walsync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An fsync the test finishes by hand, noting how many rows were committed when each one began. */
function heldFsync(observe: () => number) {
  const calls: { seen: number; finish: (error?: Error) => void }[] = [];
  const fsync: Fsync = (_fd, done) => {
    calls.push({ seen: observe(), finish: (error) => done(error ?? null) });
  };
  return { calls, fsync };
}

/** Lets the event loop run until `check` holds (or fails the test after a second). */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 1000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Tracks whether a promise has settled, and how. */
function settled<T>(promise: Promise<T>) {
  const state: { done: boolean; error?: unknown } = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

let files = 0;
/** A fresh WAL database with one table, opened by a client whose fsync the test holds. */
async function database(wrap: (client: Client) => Client = (c) => c) {
  const path = join(dir, `db-${++files}.db`);
  const setup = createLocalClient(`file:${path}`);
  await setup.execute("PRAGMA journal_mode = WAL");
  await setup.execute("CREATE TABLE notes (n INTEGER)");
  // Another connection, read synchronously the moment a sync begins: what had been committed.
  const watcher = new Database(path, { readonly: true });
  const count = watcher.prepare("SELECT count(*) AS n FROM notes");
  const committed = () => Number((count.get() as { n: number }).n);
  const held = heldFsync(committed);
  const client = wrap(createLocalClient(`file:${path}`, { fsync: held.fsync }));
  const close = () => {
    client.close();
    setup.close();
    watcher.close();
  };
  return { client, committed, close, calls: held.calls };
}

describe("durable commits (WalSync)", () => {
  for (const [name, wrap] of [
    ["the local client", (c: Client) => c],
    ["the serialised client the API uses", serialiseWrites],
  ] as const) {
    it(`${name} answers a write only once an fsync begun after its commit has finished`, async () => {
      const { client, close, calls } = await database(wrap);
      const write = settled(client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [1] }));
      await until(() => calls.length === 1);
      // Committed (another connection saw it) before the sync began, and not answered before it ends.
      expect(calls[0]?.seen).toBe(1);
      expect(write.done).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(write.done).toBe(false);
      calls[0]?.finish();
      await until(() => write.done);
      expect(write.error).toBeUndefined();
      close();
    });

    it(`${name}: commits made while a sync runs wait for, and share, the next one`, async () => {
      const { client, committed, close, calls } = await database(wrap);
      const first = settled(client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [1] }));
      await until(() => calls.length === 1);
      const later = [2, 3, 4].map((n) => settled(client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [n] })));
      await until(() => committed() === 4);
      // The running sync may have begun before they were written: none of them is answered by it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toHaveLength(1);
      calls[0]?.finish();
      await until(() => first.done && calls.length === 2);
      expect(later.map((w) => w.done)).toEqual([false, false, false]);
      expect(calls[1]?.seen).toBe(4);
      calls[1]?.finish();
      await until(() => later.every((w) => w.done));
      expect(later.map((w) => w.error)).toEqual([undefined, undefined, undefined]);
      expect(calls).toHaveLength(2);
      close();
    });

    it(`${name}: a failed sync fails the writes that waited on it, and the next write syncs again`, async () => {
      const { client, close, calls } = await database(wrap);
      const write = client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [1] });
      await until(() => calls.length === 1);
      calls[0]?.finish(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
      await expect(write).rejects.toThrow(/EIO/);
      const next = settled(client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [2] }));
      await until(() => calls.length === 2);
      calls[1]?.finish();
      await until(() => next.done);
      expect(next.error).toBeUndefined();
      close();
    });

    it(`${name}: transactions and batches that write wait for the disk; reads do not`, async () => {
      const { client, close, calls } = await database(wrap);
      // Reads: no sync.
      await client.execute("SELECT count(*) FROM notes");
      await client.batch(["SELECT 1", "SELECT 2"], "read");
      const readTx = await client.transaction("read");
      await readTx.execute("SELECT count(*) FROM notes");
      await readTx.commit();
      expect(calls).toHaveLength(0);
      // A write transaction's commit.
      const tx = await client.transaction("write");
      await tx.execute({ sql: "INSERT INTO notes VALUES (?)", args: [1] });
      const commit = settled(tx.commit());
      await until(() => calls.length === 1);
      expect(commit.done).toBe(false);
      calls[0]?.finish();
      await until(() => commit.done);
      expect(commit.error).toBeUndefined();
      // A write batch.
      const batch = settled(client.batch([{ sql: "INSERT INTO notes VALUES (?)", args: [2] }], "write"));
      await until(() => calls.length === 2);
      expect(batch.done).toBe(false);
      calls[1]?.finish();
      await until(() => batch.done);
      expect(batch.error).toBeUndefined();
      // A write the text does not tell, found by the rows it changed.
      const hidden = settled(client.execute("WITH v(n) AS (VALUES (3)) INSERT INTO notes SELECT n FROM v"));
      await until(() => calls.length === 3);
      expect(hidden.done).toBe(false);
      calls[2]?.finish();
      await until(() => hidden.done);
      expect(hidden.error).toBeUndefined();
      close();
    });
  }

  it("syncs the real file: many concurrent writes through the API's database share far fewer syncs, all kept", async () => {
    const db = await openDatabase(`file:${join(dir, "real.db")}`);
    await db.$client.execute("CREATE TABLE notes (n INTEGER)");
    const sync = walSyncOf(db.$client);
    expect(sync).toBeDefined();
    const before = sync?.stats.syncs ?? 0;
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => db.$client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [n] })),
    );
    const syncs = (sync?.stats.syncs ?? 0) - before;
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThan(200);
    expect(Number((await db.$client.execute("SELECT count(*) AS n FROM notes")).rows[0]?.n)).toBe(200);
    // A read does not sync.
    const after = sync?.stats.syncs;
    await db.$client.execute("SELECT n FROM notes LIMIT 1");
    expect(sync?.stats.syncs).toBe(after);
    db.$client.close();
  });

  it("follows the WAL when it is made again, and never opens the database file itself", async () => {
    const path = join(dir, "again.db");
    const synced: number[] = [];
    const client = createLocalClient(`file:${path}`, {
      fsync: (fd, done) => {
        synced.push(fstatSync(fd).ino);
        fsync(fd, done);
      },
    });
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("CREATE TABLE notes (n INTEGER)");
    const before = statSync(`${path}-wal`).ino;
    expect(synced.at(-1)).toBe(before);
    // Out of WAL mode SQLite checkpoints and deletes the WAL, and syncs the file at each commit
    // itself: nothing here to sync (closing a descriptor on the file would drop SQLite's locks).
    await client.execute("PRAGMA journal_mode = DELETE");
    expect(existsSync(`${path}-wal`)).toBe(false);
    const syncs = synced.length;
    await client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [1] });
    expect(synced).toHaveLength(syncs);
    // Back in WAL mode the WAL is a new file, and the syncs follow it.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute({ sql: "INSERT INTO notes VALUES (?)", args: [2] });
    expect(synced.at(-1)).toBe(statSync(`${path}-wal`).ino);
    expect(synced.every((ino) => ino !== statSync(path).ino)).toBe(true);
    expect(Number((await client.execute("SELECT count(*) AS n FROM notes")).rows[0]?.n)).toBe(2);
    client.close();
  });
});
