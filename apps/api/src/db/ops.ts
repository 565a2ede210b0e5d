// Operations on the database file: backup with VACUUM INTO, integrity checks, restore; and the
// backup of a libSQL server into a local file (ADR 0054).
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { type Client, createClient, type InValue } from "@libsql/client";
import { sql } from "drizzle-orm";
import { createServerClient, type Database } from "./client.js";

/** The result of an integrity check: `ok`, or the problems SQLite reported. */
export interface IntegrityReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check` on an open database. */
export async function checkIntegrity(db: Database): Promise<IntegrityReport> {
  const integrity = await db.all<{ integrity_check: string }>(sql`PRAGMA integrity_check`);
  const foreign = await db.all<Record<string, unknown>>(sql`PRAGMA foreign_key_check`);
  const problems = [
    ...integrity.map((r) => r.integrity_check).filter((line) => line !== "ok"),
    ...foreign.map((r) => `foreign key: ${JSON.stringify(r)}`),
  ];
  return { ok: problems.length === 0, problems };
}

/** Checks a database file that is not open (a backup, before restoring it). */
export async function checkFileIntegrity(path: string): Promise<IntegrityReport> {
  const client = createClient({ url: `file:${path}` });
  try {
    const integrity = await client.execute("PRAGMA integrity_check");
    const foreign = await client.execute("PRAGMA foreign_key_check");
    const problems = [
      ...integrity.rows.map((r) => String(r[0])).filter((line) => line !== "ok"),
      ...foreign.rows.map((r) => `foreign key: ${JSON.stringify(r)}`),
    ];
    return { ok: problems.length === 0, problems };
  } finally {
    client.close();
  }
}

/**
 * Writes a consistent copy of the live database to `target` with `VACUUM INTO` (safe while the
 * server runs), then checks the copy's integrity.
 */
export async function backupDatabase(db: Database, target: string): Promise<IntegrityReport> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file for the backup`);
  await db.run(sql`VACUUM INTO ${target}`);
  return checkFileIntegrity(target);
}

/**
 * Writes every committed change held in the database's WAL into the file itself and empties the
 * WAL (`PRAGMA wal_checkpoint(TRUNCATE)`). Refuses when another process holds the database.
 */
export async function checkpointFile(path: string): Promise<void> {
  const client = createClient({ url: `file:${path}` });
  try {
    const result = await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const row = result.rows[0];
    // busy: 1 when a checkpoint could not run; log and checkpointed: the WAL's frames and those moved.
    if (!row || Number(row[0]) !== 0 || Number(row[1]) !== Number(row[2])) {
      throw new Error(`${path} is in use (its WAL could not be checkpointed): stop the server first`);
    }
  } finally {
    client.close();
  }
}

/**
 * Replaces the database file at `databasePath` with the backup at `backupPath`, after checking
 * the backup. The server must be stopped. The old database is first checkpointed, so that the
 * changes still in its WAL are in the file, and kept beside it as `.before-restore`; a WAL left
 * over all the same goes with it (`.before-restore-wal`, the name SQLite looks for), never deleted.
 */
export async function restoreDatabase(backupPath: string, databasePath: string): Promise<IntegrityReport> {
  if (!existsSync(backupPath)) throw new Error(`there is no backup at ${backupPath}`);
  const report = await checkFileIntegrity(backupPath);
  if (!report.ok) return report;
  const staging = `${databasePath}.restoring`;
  copyFileSync(backupPath, staging);
  const safety = `${databasePath}.before-restore`;
  if (existsSync(databasePath)) {
    await checkpointFile(databasePath);
    rmSync(`${safety}-wal`, { force: true });
    rmSync(`${safety}-shm`, { force: true });
    renameSync(databasePath, safety);
    if (existsSync(`${databasePath}-wal`)) renameSync(`${databasePath}-wal`, `${safety}-wal`);
  }
  // The shared-memory index is rebuilt from the WAL; a stale one must not meet the new file.
  rmSync(`${databasePath}-shm`, { force: true });
  rmSync(`${databasePath}-wal`, { force: true });
  renameSync(staging, databasePath);
  return checkFileIntegrity(databasePath);
}

/** Rows read from the server in one request while copying a table. */
export const SERVER_BACKUP_PAGE = 500;

/** A table's name or a column's, quoted for SQL (the names come from the database's own schema). */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** What a server backup copied, with the copy's integrity check. */
export interface ServerBackupReport extends IntegrityReport {
  readonly tables: number;
  readonly rows: number;
}

/**
 * Copies the database of a libSQL server into a new local file: the schema and every row, read
 * in one read transaction on the server (so the copy is of one moment, as `VACUUM INTO` gives on a
 * file), written in one transaction to the file, then the file's integrity is checked. Every
 * table first, then their rows a page at a time (by rowid), then indexes, triggers and views (a trigger
 * made before the rows would fire on each of them), then AUTOINCREMENT's counters. Integers are
 * read whole (bigint). SQLite's and libSQL's own tables are left to the file's engine.
 */
export async function backupServer(
  url: string,
  authToken: string | undefined,
  target: string,
  options: { timeoutMs?: number; pageSize?: number } = {},
): Promise<ServerBackupReport> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file for the backup`);
  const pageSize = options.pageSize ?? SERVER_BACKUP_PAGE;
  const server = createServerClient(url, authToken, {
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    intMode: "bigint",
  });
  let local: Client | undefined;
  let tables = 0;
  let rows = 0;
  try {
    const read = await server.transaction("read");
    try {
      const schema = await read.execute(
        "select type, name, sql from sqlite_schema where sql is not null and name not like 'sqlite_%' and name not like 'libsql_%' order by rowid",
      );
      const objects = schema.rows.map((r) => ({ type: String(r.type), name: String(r.name), sql: String(r.sql) }));
      local = createClient({ url: `file:${target}`, intMode: "bigint" });
      const write = await local.transaction("write");
      try {
        // The rows arrive table by table: their foreign keys hold once all are in, at the commit.
        await write.execute("PRAGMA defer_foreign_keys = ON");
        const tableObjects = objects.filter((o) => o.type === "table");
        // Every table before any row: a foreign key's parent table must exist when a row names it.
        for (const table of tableObjects) await write.execute(table.sql);
        for (const table of tableObjects) {
          tables++;
          const withoutRowid = /\bwithout\s+rowid\b/i.test(table.sql);
          let after: InValue = -(2n ** 63n);
          for (let offset = 0; ; offset += pageSize) {
            const page = withoutRowid
              ? await read.execute({
                  sql: `select * from ${quoted(table.name)} limit ? offset ?`,
                  args: [pageSize, offset],
                })
              : await read.execute({
                  sql: `select rowid as "__openportage_rowid", * from ${quoted(table.name)} where rowid > ? order by rowid limit ?`,
                  args: [after, pageSize],
                });
            if (page.rows.length === 0) break;
            const columns = page.columns.filter((c) => c !== "__openportage_rowid");
            const insert = `insert into ${quoted(table.name)} (${columns.map(quoted).join(", ")}) values (${columns.map(() => "?").join(", ")})`;
            await write.batch(page.rows.map((row) => ({ sql: insert, args: columns.map((c) => row[c] as InValue) })));
            rows += page.rows.length;
            if (!withoutRowid) after = page.rows.at(-1)?.__openportage_rowid as InValue;
            if (page.rows.length < pageSize) break;
          }
        }
        for (const other of objects.filter((o) => o.type !== "table")) await write.execute(other.sql);
        const sequences = await read
          .execute("select name, seq from sqlite_sequence")
          .catch(() => ({ rows: [] as Record<string, unknown>[] }));
        // The inserts above set each counter to the largest id copied; the server's may be higher.
        for (const seq of sequences.rows) {
          const args = [seq.seq as InValue, seq.name as InValue];
          const set = await write.execute({ sql: "update sqlite_sequence set seq = ? where name = ?", args });
          if (set.rowsAffected === 0) {
            await write.execute({ sql: "insert into sqlite_sequence (seq, name) values (?, ?)", args });
          }
        }
        await write.commit();
      } finally {
        write.close();
      }
    } finally {
      read.close();
    }
  } catch (error) {
    local?.close();
    local = undefined;
    rmSync(target, { force: true });
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    throw error;
  } finally {
    local?.close();
    server.close();
  }
  return { ...(await checkFileIntegrity(target)), tables, rows };
}
