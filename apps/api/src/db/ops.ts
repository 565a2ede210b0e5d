// Operations on the database file: backup with VACUUM INTO, integrity checks, restore.
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { createClient } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { Database } from "./client.js";

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
