// Opens the database: a local libSQL file by default (WAL, synchronous=FULL, foreign keys on,
// a busy timeout on every connection), or a libSQL server (sqld, Turso) when the URL says so.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, createClient, type InArgs, type InStatement, type TransactionMode } from "@libsql/client";
import { ConnectionPool, Sqlite3Client } from "@libsql/client/sqlite3";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema.js";

/** The drizzle database the app works with. */
export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** How long a connection waits for another's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
/** The client's connection pool size for local files (libSQL's default). */
const POOL_SIZE = 20;

/** The pragmas every connection to a local file runs with, each time the pool hands it out. */
export const CONNECTION_PRAGMAS = [
  "PRAGMA synchronous = FULL",
  "PRAGMA foreign_keys = ON",
  `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
] as const;

type Connection = Awaited<ReturnType<ConnectionPool["acquire"]>>;

/**
 * libSQL's pool for `file:` URLs (@libsql/client 0.18), with the connection pragmas set on every
 * connection before it is used: one the pool opens (at first, after a connection is dropped, or
 * on `reconnect()`), and every connection again after a statement that could change a pragma
 * (`PRAGMA foreign_keys = OFF`, a migration) has run through the client ({@link watchPragmas}).
 * Otherwise a connection keeps its settings and is handed out as it is: running the pragmas at
 * every hand-out cost more the more statements a connection had run (issue 17: 20,000 reads
 * took 11 s, then 111 s, then 286 s, against half a second without). The pool never hands out a
 * connection inside a transaction (it rolls back on release), so `foreign_keys` takes effect.
 */
export class PragmaPool extends ConnectionPool {
  /** Connections whose pragmas are set and that no pragma statement has run on since. */
  #ready = new WeakSet<Connection>();
  /** Pragma statements running now: while any is, no connection is taken as ready. */
  #changing = 0;

  /** Called before a statement that could change a pragma runs. */
  beginPragmaChange(): void {
    this.#changing++;
    this.#ready = new WeakSet();
  }

  /** Called once it has run (or failed): every connection is set again before its next use. */
  endPragmaChange(): void {
    this.#changing--;
    this.#ready = new WeakSet();
    // A schema change too: statements kept from before it could describe the old shape.
    schemaChanges++;
  }

  override async acquire(forTransaction = false): Promise<Connection> {
    const db = await super.acquire(forTransaction);
    keepStatements(db);
    if (this.#changing === 0 && this.#ready.has(db)) return db;
    try {
      db.exec(CONNECTION_PRAGMAS.join("; "));
    } catch (error) {
      this.release(db);
      throw error;
    }
    if (this.#changing === 0) this.#ready.add(db);
    return db;
  }

  /**
   * A connection on which a statement stopped with "busy" or "locked" (another process held the
   * write lock past the busy timeout) is closed rather than returned: the stopped statement stays
   * in progress on it until it is collected, and until then no transaction on that connection can
   * commit ("cannot commit transaction - SQL statements in progress"). The pool opens a new one.
   */
  override release(db: Connection): void {
    if (stopped.has(db) && db.open) {
      try {
        db.close();
      } catch {
        // closing is all that is wanted of it
      }
    }
    super.release(db);
  }
}

/** Prepared statements kept on each connection, at most (the oldest is dropped first). */
export const STATEMENTS_KEPT = 256;

/** Connections whose `prepare` keeps statements. */
const keeping = new WeakSet<Connection>();

/** Connections on which a statement stopped busy or locked: closed when released. */
const stopped = new WeakSet<Connection>();

/** SQLite's codes for a statement that stopped in progress waiting for a lock. */
const LOCK_CODES = /^SQLITE_(BUSY|LOCKED)/;

/** A prepared statement's runs, as the client calls them. */
type Runs = {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown;
  raw(on?: boolean): unknown;
  readonly reader: boolean;
};

/**
 * What `raw()` throws for a statement that returns no rows. The client calls `raw(true)` on every
 * statement and takes the throw to mean "no rows" (libsql's own throw builds a native error each
 * time: a tenth of an insert's cost); a kept statement knows whether it returns rows.
 */
const NOT_A_READER = new TypeError("The raw() method is only for statements that return data");

/** `statement` with its runs watched: one that stops on a lock marks `db` to be closed. */
function watchLocks<S>(db: Connection, statement: S): S {
  const runs = statement as unknown as Runs;
  for (const method of ["run", "all"] as const) {
    const original = runs[method].bind(runs);
    runs[method] = (...args: unknown[]) => {
      try {
        return original(...args);
      } catch (error) {
        if (LOCK_CODES.test(String((error as { code?: unknown }).code ?? ""))) stopped.add(db);
        throw error;
      }
    };
  }
  const raw = runs.raw.bind(runs);
  const reader = runs.reader;
  runs.raw = (on?: boolean) => {
    if (!reader && on !== false) throw NOT_A_READER;
    raw(on);
    return statement;
  };
  return statement;
}

/** Raised after every statement that could change the schema: kept statements are dropped. */
let schemaChanges = 0;

/**
 * Keeps each connection's prepared statements by their text, so that a query the API runs again
 * (most of them: drizzle and the audit writer make the same text each time) is compiled once per
 * connection, not on every call as libSQL's client does. The client runs every statement to its
 * end (`all` or `run`), so a kept statement holds no read open between calls; SQLite prepares it
 * again by itself after a schema change, but a kept `select *` would still name the old columns,
 * so every statement that could change the schema (as a pragma could: {@link watchPragmas}) drops
 * them all.
 */
function keepStatements(db: Connection): void {
  if (keeping.has(db)) return;
  keeping.add(db);
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, ReturnType<typeof prepare>>();
  let keptAt = schemaChanges;
  db.prepare = ((sql: string) => {
    if (keptAt !== schemaChanges) {
      kept.clear();
      keptAt = schemaChanges;
    }
    let statement = kept.get(sql);
    if (statement) {
      // Most recently used last: the first key is the one to drop.
      kept.delete(sql);
    } else {
      statement = watchLocks(db, prepare(sql));
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(sql, statement);
    return statement;
  }) as typeof db.prepare;
}

/** A statement that could change a connection's pragmas or the schema (a migration, a backup's restore). */
const PRAGMA = /\bpragma\b|\b(?:alter|create|drop)\s+(?:table|index|unique|view|trigger|virtual|temp)/i;

/** Whether any statement in a client call's arguments mentions a pragma. */
function mentionsPragma(value: unknown): boolean {
  if (typeof value === "string") return PRAGMA.test(value);
  if (Array.isArray(value)) return value.some(mentionsPragma);
  if (value && typeof value === "object" && "sql" in value) return mentionsPragma((value as { sql: unknown }).sql);
  return false;
}

/**
 * Tells the pool about statements that could change a connection's pragmas, whichever way they
 * come: `execute`, `batch`, `executeMultiple`, `migrate`, or inside a transaction.
 */
function watchPragmas<T extends object>(target: T, pool: PragmaPool): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      if (typeof value !== "function") return value;
      if (["execute", "batch", "executeMultiple", "migrate"].includes(String(property))) {
        return async (...args: unknown[]) => {
          if (!mentionsPragma(args)) return value.apply(inner, args);
          pool.beginPragmaChange();
          try {
            return await value.apply(inner, args);
          } finally {
            pool.endPragmaChange();
          }
        };
      }
      if (property === "transaction") {
        return async (...args: unknown[]) => watchPragmas(await value.apply(inner, args), pool);
      }
      return value.bind(inner);
    },
  });
}

/** A client for a local database file whose every connection runs the connection pragmas. */
export function createLocalClient(url: string): Client {
  const pool = new PragmaPool(filePath(url), { timeout: BUSY_TIMEOUT_MS }, POOL_SIZE);
  return watchPragmas(new Sqlite3Client(pool, "number"), pool);
}

/** A first-come first-served async lock. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Waits for the lock; returns the function that releases it (safe to call twice). */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        release();
      }
    };
  }
}

const WRITE = /^\s*(insert|update|delete|replace|create|drop|alter|vacuum|reindex|begin|pragma\s+\w+\s*=)/i;

function statementText(stmt: InStatement | string): string {
  return typeof stmt === "string" ? stmt : stmt.sql;
}

/**
 * Serialises writes within the process. The local driver is synchronous: a connection waiting
 * on another's write lock would spin in the busy handler and block the event loop, so the lock
 * holder could never finish. Queuing writes here (asynchronously) means they never contend;
 * the busy timeout is left for other processes (the CLI, a backup).
 */
export function serialiseWrites(client: Client): Client {
  const lock = new Mutex();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "execute") {
        return async (stmt: InStatement | string, args?: InArgs) => {
          const call = () =>
            args === undefined ? target.execute(stmt as InStatement) : target.execute(stmt as string, args);
          if (!WRITE.test(statementText(stmt))) return call();
          const release = await lock.acquire();
          try {
            return await call();
          } finally {
            release();
          }
        };
      }
      if (property === "batch" || property === "migrate" || property === "executeMultiple") {
        return async (...args: unknown[]) => {
          const release = await lock.acquire();
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            release();
          }
        };
      }
      if (property === "transaction") {
        return async (mode?: TransactionMode) => {
          const release = await lock.acquire();
          try {
            const tx = await target.transaction(mode);
            const end = (original: () => Promise<void>) => async () => {
              try {
                return await original();
              } finally {
                release();
              }
            };
            const commit = tx.commit.bind(tx);
            const rollback = tx.rollback.bind(tx);
            const close = tx.close.bind(tx);
            return Object.assign(tx, {
              commit: end(commit),
              rollback: end(rollback),
              close: () => {
                close();
                release();
              },
            });
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** True for a local database file URL (`file:...`). */
export function isLocalFile(url: string): boolean {
  return url.startsWith("file:");
}

/** The path of a `file:` URL. */
export function filePath(url: string): string {
  const rest = url.slice("file:".length);
  return rest.startsWith("//") ? fileURLToPath(url) : rest.split("?")[0] || rest;
}

/**
 * Opens the database. For a local file, creates its folder if missing, switches the file to
 * WAL (which persists in the file) and uses a pool that sets the connection pragmas on every
 * connection it hands out (a connection's settings do not carry to the others).
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const local = isLocalFile(url);
  if (local) mkdirSync(dirname(filePath(url)), { recursive: true });
  // An in-memory database lives on one connection, which libSQL's own client keeps to.
  const memory = /:memory:|mode=memory/.test(url);
  const raw =
    local && !memory
      ? createLocalClient(url)
      : createClient({ url, ...(authToken ? { authToken } : {}), ...(local ? { timeout: BUSY_TIMEOUT_MS } : {}) });
  if (memory) await raw.executeMultiple(CONNECTION_PRAGMAS.join("; "));
  if (local) await raw.execute("PRAGMA journal_mode = WAL");
  const client = local ? serialiseWrites(raw) : raw;
  return drizzle({ client, schema }) as Database;
}

/** True for SQLite's unique-constraint failure (on `column` when given), however the driver wraps it. */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? "");
    const message = String((e as { message?: unknown }).message ?? "");
    if (!(code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || /UNIQUE constraint failed/.test(message))) continue;
    if (column === undefined || message.includes(column)) return true;
  }
  return false;
}
