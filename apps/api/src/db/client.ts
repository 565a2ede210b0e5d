// Opens the database: a local libSQL file by default (WAL, foreign keys on, a busy timeout on
// every connection, and every write answered only once its commit is on the disk: SQLite writes
// the WAL and an fsync off the event loop makes it durable, ADR 0062), or a libSQL server (sqld, Turso) when the URL says so
// (each request bounded in time, checked at start-up; ADR 0054).
import { closeSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Client,
  createClient,
  type InArgs,
  type InStatement,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";
import { ConnectionPool, Sqlite3Client } from "@libsql/client/sqlite3";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { DatabaseUnavailableError } from "../lib/errors.js";
import * as schema from "./schema.js";
import { displayUrl, isLocalFile } from "./url.js";

export { displayUrl, isLocalFile, isServerUrl } from "./url.js";

/** The drizzle database the app works with. */
export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** How long a statement waits, in all, for another process's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
/**
 * How long SQLite itself waits for a lock (its busy timeout), blocking the event loop, before the
 * client gives the loop back and tries again ({@link whileBusy}), until {@link BUSY_TIMEOUT_MS}.
 * Several processes on one file contend for its write lock: waiting 5 s inside SQLite stalled
 * each process in turn (three processes took 170 referrals/s, 4 s at worst, against 400/s and
 * under 0.5 s waiting this way; docs/adr/0053).
 */
export const BUSY_STEP_MS = 10;
/** The client's connection pool size for local files (libSQL's default). */
const POOL_SIZE = 20;

/**
 * The pragmas every connection to a local file runs with, each time the pool hands it out.
 * `synchronous = NORMAL`: in WAL mode SQLite then writes a commit to the WAL without waiting for
 * the disk (it still syncs the WAL before each checkpoint, the database after it, and the WAL's
 * header when the WAL is reused); the client makes every commit durable itself before the write
 * is answered ({@link WalSync}), off the event loop.
 */
export const CONNECTION_PRAGMAS = [
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  `PRAGMA busy_timeout = ${BUSY_STEP_MS}`,
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
  columns(): unknown;
  readonly reader: boolean;
};

/**
 * What `raw()` throws for a statement that returns no rows. The client calls `raw(true)` on every
 * statement and takes the throw to mean "no rows" (libsql's own throw builds a native error each
 * time: a tenth of an insert's cost); a kept statement knows whether it returns rows.
 */
const NOT_A_READER = new TypeError("The raw() method is only for statements that return data");

/**
 * `statement` made fit to keep: a run that stops on a lock marks `db` to be closed, and what the
 * client asks of it on every call (its columns, whether it returns rows) is answered from memory.
 */
function keepable<S>(db: Connection, statement: S): S {
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
  // A statement's columns are fixed until the schema changes (which drops kept statements): the
  // client asks for them twice on every call.
  const columns = runs.columns.bind(runs);
  let kept: unknown;
  runs.columns = () => {
    kept ??= columns();
    return kept;
  };
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
      statement = keepable(db, prepare(sql));
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

/** How a sync reaches the disk: `fs.fsync`'s shape (the tests hold it to see what waits on it). */
export type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Makes what a local file's connections have committed durable: an fsync of its WAL on libuv's
 * thread pool, so the event loop goes on with other requests while the disk works. The
 * connections commit with `synchronous = NORMAL` (the commit is in the WAL, in the system's
 * cache, when SQLite returns) and every write is answered only after a sync that began after its
 * commit: what has been acknowledged survives a power cut as with `synchronous = FULL`. One sync
 * runs at a time; the commits made while it runs share the next (ADR 0062). fsync covers the file
 * whichever descriptor wrote it, so this one, read-only, makes every connection's frames durable,
 * other processes' included.
 *
 * Only the WAL is ever opened here, never the database file: closing any descriptor on a file
 * lets go of every POSIX lock this process holds on it, SQLite's included, and another process
 * could then delete the WAL from under this one's connections. With no WAL there is nothing to
 * do: a WAL is deleted only after a full checkpoint that SQLite has synced, and outside WAL mode
 * SQLite syncs the database at every commit at `NORMAL` too.
 */
export class WalSync {
  readonly #wal: string;
  readonly #fsync: Fsync;
  #fd: number | undefined;
  #ino: number | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  /** Syncs run (for the tests and the benchmark). */
  readonly stats = { syncs: 0 };

  constructor(databasePath: string, options: { fsync?: Fsync } = {}) {
    this.#wal = `${databasePath}-wal`;
    this.#fsync = options.fsync ?? fsync;
  }

  /** Resolves once everything committed before the call is on the disk; rejects if the sync failed. */
  durable(): Promise<void> {
    // A sync waiting to start begins after this commit: it covers it.
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start();
    // The running one may have begun before this commit was written: the next one, after it.
    const after = this.#running.then(
      () => undefined,
      () => undefined,
    );
    const queued = after.then(() => {
      this.#queued = undefined;
      return this.#start();
    });
    this.#queued = queued;
    return queued;
  }

  /** Lets the WAL go (once any sync running has finished). */
  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    this.#ino = undefined;
    if (fd === undefined) return;
    const done = () => {
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    };
    if (this.#running) void this.#running.then(done, done);
    else done();
  }

  #start(): Promise<void> {
    const running: Promise<void> = this.#sync().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #sync(): Promise<void> {
    const fd = this.#file();
    if (fd === undefined) return;
    await new Promise<void>((resolve, reject) => this.#fsync(fd, (error) => (error ? reject(error) : resolve())));
    this.stats.syncs++;
  }

  /** A descriptor on the WAL as it is now (a WAL deleted and made again is a new file), if there is one. */
  #file(): number | undefined {
    const wal = statSync(this.#wal, { throwIfNoEntry: false });
    if (!wal) return undefined;
    if (this.#fd !== undefined && this.#ino === wal.ino) return this.#fd;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    let fd: number;
    try {
      fd = openSync(this.#wal, "r");
    } catch (error) {
      // Deleted between the two calls (the last connection closed, after a synced checkpoint).
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    this.#ino = fstatSync(fd).ino;
    this.#fd = fd;
    // A file new since the last sync: its name in the folder must reach the disk too.
    const folder = openSync(dirname(this.#wal), "r");
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    return fd;
  }
}

/** The local clients made durable here, with the client underneath and its sync. */
const durability = new WeakMap<Client, { readonly inner: Client; readonly sync: WalSync }>();

/** Whether a statement run alone (its own transaction) wrote: by its text, or by the rows it changed. */
function wrote(statement: unknown, result: ResultSet): boolean {
  return result.rowsAffected > 0 || WRITE.test(statementText(statement as InStatement | string));
}

/**
 * Whether a client call, with these arguments and this result, must wait for the disk before it
 * is answered (ADR 0062). The one rule for both clients below (the plain local client and the
 * serialised one the API uses): a statement that wrote, a batch not marked read,
 * `executeMultiple`, a migration, and the commit of a transaction not begun as read.
 */
function mustSync(call: PropertyKey, args: readonly unknown[], result?: unknown): boolean {
  switch (call) {
    case "execute":
      return wrote(args[0], result as ResultSet);
    case "batch":
      return args[1] !== "read";
    case "executeMultiple":
    case "migrate":
      return true;
    // A transaction's commit: `args` are the transaction's own (its mode).
    case "transaction":
      return args[0] !== "read";
    default:
      return false;
  }
}

/** A transaction whose commit resolves only once it is durable. */
function durableTransaction(tx: Transaction, sync: WalSync, mode: TransactionMode | undefined): Transaction {
  if (!mustSync("transaction", [mode])) return tx;
  const commit = tx.commit.bind(tx);
  return new Proxy(tx, {
    get(inner, property) {
      if (property === "commit") {
        return async () => {
          await commit();
          await sync.durable();
        };
      }
      const value = Reflect.get(inner, property);
      return typeof value === "function" ? value.bind(inner) : value;
    },
  });
}

/** `client` with every write it makes answered only once it is durable ({@link WalSync}). */
function durableWrites(client: Client, sync: WalSync): Client {
  const durable = new Proxy(client, {
    get(inner, property) {
      const value = Reflect.get(inner, property);
      if (typeof value !== "function") return value;
      switch (property) {
        case "execute":
        case "batch":
        case "executeMultiple":
        case "migrate":
          return async (...args: unknown[]) => {
            const result = await value.apply(inner, args);
            if (mustSync(property, args, result)) await sync.durable();
            return result;
          };
        case "transaction":
          return async (mode?: TransactionMode) =>
            durableTransaction((await value.call(inner, mode)) as Transaction, sync, mode);
        case "close":
          return () => {
            value.call(inner);
            sync.close();
          };
        default:
          return value.bind(inner);
      }
    },
  });
  durability.set(durable, { inner: client, sync });
  return durable;
}

/**
 * A client for a local database file whose every connection runs the connection pragmas, and
 * whose every write is answered only once it is durable.
 */
export function createLocalClient(url: string, options: { fsync?: Fsync } = {}): Client {
  const path = filePath(url);
  const pool = new PragmaPool(path, { timeout: BUSY_TIMEOUT_MS }, POOL_SIZE);
  return durableWrites(watchPragmas(new Sqlite3Client(pool, "number"), pool), new WalSync(path, options));
}

/** The sync that makes a local client's writes durable (undefined for any other client). */
export function walSyncOf(client: Client): WalSync | undefined {
  return durability.get(client)?.sync;
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

/** True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes), however the driver wraps it. */
export function isBusy(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (/^SQLITE_BUSY/.test(String((e as { code?: unknown }).code ?? ""))) return true;
  }
  return false;
}

/**
 * Runs `work` (one statement, a batch or the start of a write transaction: each either done whole
 * or not at all), again while another process holds the lock, waiting a few milliseconds between
 * tries without blocking the event loop, for {@link BUSY_TIMEOUT_MS} in all.
 */
export async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Jittered, so processes waiting on each other do not try in step.
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * Math.min(20, 2 + attempt)));
    }
  }
}

/**
 * Serialises writes within the process. The local driver is synchronous: a connection waiting
 * on another's write lock would spin in the busy handler and block the event loop, so the lock
 * holder could never finish. Queuing writes here (asynchronously) means they never contend.
 * Other processes on the same file (more API processes, the CLI, a backup) are waited for in
 * short steps that give the event loop back ({@link whileBusy}); write transactions begin
 * IMMEDIATE (libSQL's "write" mode, drizzle's default), so none has to upgrade a read lock and
 * none can fail part-way for want of the lock.
 */
export function serialiseWrites(client: Client): Client {
  const lock = new Mutex();
  // A local file's client: writes run on the client underneath (its commits not yet durable) and
  // are made durable after the lock is let go, so the next write commits while the disk works
  // and shares the next sync (ADR 0062). Any other client is durable by itself.
  const local = durability.get(client);
  const target = local?.inner ?? client;
  const durable = async () => {
    if (local) await local.sync.durable();
  };
  const wrapper = new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      if (property === "execute") {
        return async (stmt: InStatement | string, args?: InArgs) => {
          const call = () =>
            args === undefined ? inner.execute(stmt as InStatement) : inner.execute(stmt as string, args);
          let result: ResultSet;
          // A read runs without the lock; a write the text did not tell (a `with ... insert`) is
          // made durable all the same, by the rows it changed.
          if (!WRITE.test(statementText(stmt))) result = await whileBusy(call);
          else {
            const release = await lock.acquire();
            try {
              result = await whileBusy(call);
            } finally {
              release();
            }
          }
          if (mustSync(property, [stmt], result)) await durable();
          return result;
        };
      }
      if (property === "batch" || property === "migrate" || property === "executeMultiple") {
        return async (...args: unknown[]) => {
          const release = await lock.acquire();
          let results: unknown;
          try {
            const run = () => (value as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
            // Statements run one by one (executeMultiple) are not tried again: some may have run.
            results = await (property === "executeMultiple" ? run() : whileBusy(run));
          } finally {
            release();
          }
          if (mustSync(property, args, results)) await durable();
          return results;
        };
      }
      if (property === "transaction") {
        return async (mode?: TransactionMode) => {
          const release = await lock.acquire();
          try {
            const tx = await whileBusy(() => inner.transaction(mode));
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
              commit: async () => {
                await end(commit)();
                if (mustSync("transaction", [mode])) await durable();
              },
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
      if (property === "close" && local) {
        return () => {
          inner.close();
          local.sync.close();
        };
      }
      return typeof value === "function" ? value.bind(inner) : value;
    },
  });
  if (local) durability.set(wrapper, local);
  return wrapper;
}

/** The path of a `file:` URL. */
export function filePath(url: string): string {
  const rest = url.slice("file:".length);
  return rest.startsWith("//") ? fileURLToPath(url) : rest.split("?")[0] || rest;
}

/**
 * How long one request to a libSQL server may take before it fails (a server that accepts the
 * connection and never answers must not hold a request, or the start, for ever).
 */
export const SERVER_REQUEST_TIMEOUT_MS = 10_000;

/** A `fetch` for @libsql/client's HTTP transport that gives up after `ms`. */
export function fetchWithTimeout(ms: number): (request: Request) => Promise<Response> {
  return (request) => fetch(request, { signal: AbortSignal.timeout(ms) });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "nothing is listening there (connection refused)",
  ECONNRESET: "the connection was reset (ECONNRESET)",
  EPIPE: "the connection was closed (EPIPE)",
  ENOTFOUND: "its host name does not resolve (ENOTFOUND)",
  EAI_AGAIN: "its host name does not resolve just now (EAI_AGAIN)",
  EHOSTUNREACH: "its host cannot be reached (EHOSTUNREACH)",
  ENETUNREACH: "its network cannot be reached (ENETUNREACH)",
  ETIMEDOUT: "the connection timed out (ETIMEDOUT)",
  UND_ERR_SOCKET: "the connection was closed (UND_ERR_SOCKET)",
  UND_ERR_CLOSED: "the connection was closed (UND_ERR_CLOSED)",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out (UND_ERR_CONNECT_TIMEOUT)",
  UND_ERR_HEADERS_TIMEOUT: "it did not answer in time (UND_ERR_HEADERS_TIMEOUT)",
};

/**
 * Why the database could not be used, when an error says it is out of reach (not a fault in
 * the query): a libSQL server that does not answer in time, refuses the connection or the token,
 * answers 5xx, or dropped the request's stream; undefined for any other error. Never the query
 * or its values.
 */
export function unavailableReason(error: unknown, timeoutMs = SERVER_REQUEST_TIMEOUT_MS): string | undefined {
  if (error instanceof DatabaseUnavailableError) return error.message;
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const name = String((e as { name?: unknown }).name ?? "");
    const code = String((e as { code?: unknown }).code ?? "");
    const status = (e as { status?: unknown }).status;
    if (name === "TimeoutError" || name === "AbortError") return `it did not answer within ${timeoutMs / 1000} s`;
    if (NETWORK_CODES[code]) return NETWORK_CODES[code];
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code))
      return `its TLS certificate was not accepted (${code})`;
    if (name === "HttpServerError" && (status === 401 || status === 403)) {
      return `it refused the auth token (HTTP ${status}): check DATABASE_AUTH_TOKEN`;
    }
    if (name === "HttpServerError" && typeof status === "number" && status >= 500) return `it answered HTTP ${status}`;
    if (code === "STREAM_EXPIRED")
      return "it no longer knows the request's stream (it restarted, or the stream was idle)";
    if (name === "WebSocketError" || code === "HRANA_WEBSOCKET_ERROR") return "the WebSocket connection failed";
  }
  for (const e of chain) {
    if (e instanceof TypeError && /fetch failed/.test(e.message)) return "the request failed (fetch failed)";
  }
  return undefined;
}

/** Whether an error means the database is out of reach (answer 503 and try again later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailableReason(error) !== undefined;
}

/** Runs `work`, failing after `ms` even when the transport has no timeout of its own (WebSocket). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { name: "TimeoutError" })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CALLS = ["execute", "batch", "migrate", "executeMultiple", "commit", "rollback"];

/** A client (or a transaction) whose every call fails after `ms`, and whose transactions do the same. */
export function boundCalls<T extends object>(target: T, ms: number): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      if (typeof value !== "function") return value;
      if (CALLS.includes(String(property))) {
        return (...args: unknown[]) => within(ms, value.apply(inner, args) as Promise<unknown>);
      }
      if (property === "transaction") {
        return async (...args: unknown[]) =>
          boundCalls(await within(ms, value.apply(inner, args) as Promise<object>), ms);
      }
      return value.bind(inner);
    },
  });
}

/**
 * Checks a libSQL server before the API uses it: that it answers (in bounded time), accepts the
 * token, and runs its connections with foreign keys on. Over a server each request is a stream
 * of its own, so a `PRAGMA foreign_keys = ON` from here would last one request: the setting has
 * to be the server's (libsql-server's default is on). Throws a {@link DatabaseUnavailableError}
 * saying which, with the URL shown without its token.
 */
export async function checkServer(client: Client, url: string, timeoutMs = SERVER_REQUEST_TIMEOUT_MS): Promise<void> {
  const shown = displayUrl(url);
  let foreignKeys: unknown;
  try {
    const result = await within(timeoutMs, client.execute("PRAGMA foreign_keys"));
    foreignKeys = result.rows[0]?.[0];
  } catch (error) {
    const reason = unavailableReason(error, timeoutMs) ?? describeUnknown(error);
    throw new DatabaseUnavailableError(`the database at ${shown} cannot be reached: ${reason}`);
  }
  if (Number(foreignKeys) !== 1) {
    throw new DatabaseUnavailableError(
      `the database at ${shown} runs its connections with foreign keys off: Open Portage needs them on (erasing a child's record relies on ON DELETE CASCADE). Turn them on in the server's configuration (libsql-server has them on by default)`,
    );
  }
}

function describeUnknown(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const name = (error as { name?: unknown })?.name;
  return typeof code === "string" ? `${String(name ?? "error")} (${code})` : String(name ?? "error");
}

/**
 * A client for a libSQL server with every request bounded by `timeoutMs`: HTTP requests through
 * the client's `fetch`; over WebSocket, which takes no fetch, each call from outside (the request
 * itself is left to fail on its own; the caller has its answer). `intMode: "bigint"` reads
 * integers whole (for a copy of the database); the app reads them as numbers.
 */
export function createServerClient(
  url: string,
  authToken: string | undefined,
  options: { timeoutMs?: number; intMode?: "number" | "bigint" } = {},
): Client {
  const timeoutMs = options.timeoutMs ?? SERVER_REQUEST_TIMEOUT_MS;
  let client: Client;
  try {
    client = createClient({
      url,
      ...(authToken ? { authToken } : {}),
      fetch: fetchWithTimeout(timeoutMs),
      intMode: options.intMode ?? "number",
    });
  } catch (error) {
    // The client's own message quotes the URL, token and all: say what is wrong without it.
    const code = (error as { code?: unknown }).code;
    throw new DatabaseUnavailableError(
      `the database URL ${displayUrl(url)} cannot be used (${typeof code === "string" ? code : "invalid"})`,
    );
  }
  return /^wss?:/i.test(url) ? boundCalls(client, timeoutMs) : client;
}

/** Options for {@link openDatabase}. */
export interface OpenOptions {
  /** How long one request to a libSQL server may take (default {@link SERVER_REQUEST_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** Skip the start-up check of a libSQL server (tests of what happens at run time). */
  readonly skipServerCheck?: boolean;
}

/**
 * Opens the database. For a local file, creates its folder if missing, switches the file to
 * WAL (which persists in the file) and uses a pool that sets the connection pragmas on every
 * connection it hands out (a connection's settings do not carry to the others). For a libSQL
 * server, no pragmas are sent (synchronous, the journal and the busy timeout are the server's;
 * foreign keys must be on at the server, which {@link checkServer} makes sure of), every HTTP
 * request is bounded by a timeout, and the server is checked before anything else runs.
 */
export async function openDatabase(url: string, authToken?: string, options: OpenOptions = {}): Promise<Database> {
  const local = isLocalFile(url);
  if (!local) {
    const timeoutMs = options.timeoutMs ?? SERVER_REQUEST_TIMEOUT_MS;
    const client = createServerClient(url, authToken, { timeoutMs });
    if (!options.skipServerCheck) {
      try {
        await checkServer(client, url, timeoutMs);
      } catch (error) {
        client.close();
        throw error;
      }
    }
    return drizzle({ client, schema }) as Database;
  }
  mkdirSync(dirname(filePath(url)), { recursive: true });
  // An in-memory database lives on one connection, which libSQL's own client keeps to.
  const memory = /:memory:|mode=memory/.test(url);
  const raw = memory ? createClient({ url, timeout: BUSY_TIMEOUT_MS }) : createLocalClient(url);
  if (memory) await raw.executeMultiple(CONNECTION_PRAGMAS.join("; "));
  await raw.execute("PRAGMA journal_mode = WAL");
  return drizzle({ client: serialiseWrites(raw), schema }) as Database;
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
