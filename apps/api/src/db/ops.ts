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
 * Replaces the database file at `databasePath` with the backup at `backupPath`, after checking
 * the backup. The server must be stopped. The old file is kept beside it as `.before-restore`.
 */
export async function restoreDatabase(backupPath: string, databasePath: string): Promise<IntegrityReport> {
  if (!existsSync(backupPath)) throw new Error(`there is no backup at ${backupPath}`);
  const report = await checkFileIntegrity(backupPath);
  if (!report.ok) return report;
  const staging = `${databasePath}.restoring`;
  copyFileSync(backupPath, staging);
  if (existsSync(databasePath)) renameSync(databasePath, `${databasePath}.before-restore`);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${databasePath}${suffix}`, { force: true });
  renameSync(staging, databasePath);
  return checkFileIntegrity(databasePath);
}
