// The audit trail: who, what record, which action, when (UTC), from where. Never the personal
// data itself: record ids and short reason codes only.
import type { Client, InStatement } from "@libsql/client";
import type { Context, MiddlewareHandler } from "hono";
import { type Database, isDatabaseUnavailable } from "../db/client.js";
import type { auditEvents } from "../db/schema.js";
import type { Logger } from "./logger.js";
import { ProblemError, sendDatabaseUnavailable, sendProblem } from "./problem.js";
import type { AppEnv } from "./types.js";

/** A row of the audit trail, as inserted. */
export type AuditRow = typeof auditEvents.$inferInsert;

/** One event to record. */
export interface AuditEvent {
  readonly action: string;
  readonly outcome: "success" | "denied" | "failure";
  readonly recordType?: string;
  readonly recordId?: string;
  /** A short code, never personal data: `wrong-role`, `not-allocated`, `bad-password`, ... */
  readonly reason?: string;
  /** Overrides the signed-in user (sign-in, where the user is known only after the check). */
  readonly actorId?: string | null;
  readonly actorRole?: string | null;
}

/** The row for an event in this request's context. */
export function auditRow(c: Context<AppEnv>, event: AuditEvent): AuditRow {
  return auditRows(c, [event])[0] as AuditRow;
}

/**
 * The rows for events in this request's context, at one time: what the request gives every row
 * (the actor, the time, the route, the address) is read once, not once an event (a page of
 * reads records 25).
 */
export function auditRows(c: Context<AppEnv>, events: readonly AuditEvent[]): AuditRow[] {
  const user = c.get("user");
  // On a family route the actor is the family member (their family account id, role `family`).
  const family = user ? undefined : c.get("family");
  const actorId = user?.id ?? family?.accountId ?? null;
  const actorRole = user?.role ?? (family ? "family" : null);
  const at = c.get("deps").clock.now().toISOString();
  const request = `${c.req.method} ${c.req.routePath}`;
  const address = c.get("address") ?? null;
  return events.map((event) => ({
    at,
    actorId: event.actorId !== undefined ? event.actorId : actorId,
    actorRole: event.actorRole !== undefined ? event.actorRole : actorRole,
    action: event.action,
    recordType: event.recordType ?? null,
    recordId: event.recordId ?? null,
    outcome: event.outcome,
    request,
    address,
    reason: event.reason ?? null,
  }));
}

/** Rows in one insert statement; a SQLite statement takes at most 32,766 parameters (11 a row). */
const ROWS_PER_INSERT = 500;

/**
 * Writes audit rows with group commit: rows handed in while a write is under way go together in
 * the next one, so a page that reads 25 children's records costs one commit, and ten such pages
 * read at once cost one or two, not 250. Each batch is one transaction: every row in it is
 * committed, or none is and every caller waiting on it gets the error. Rows are committed into
 * the trail's inbox (ADR 0064); after every {@link MOVE_BATCH} rows the writer moves a batch of
 * the inbox's oldest into the archive, so that the inbox stays small while reads keep coming.
 */
export class AuditWriter {
  readonly #db: Database;
  #waiting: { rows: AuditRow[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #writing = false;
  /** Rows committed since the writer last moved a batch to the archive. */
  #sinceMove = 0;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Resolves once `rows` are committed. */
  write(rows: readonly AuditRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ rows: [...rows], resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        // Each commit is a transaction and a shared fsync (db/client.ts, ADR 0062): wait for the
        // requests already in this turn of the loop to add their rows, then commit once.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0);
        const rows = batch.flatMap((b) => b.rows);
        try {
          const statements = [];
          for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
            statements.push(insertStatement(rows.slice(i, i + ROWS_PER_INSERT)));
          // One statement, or several in one transaction: every row is committed, or none is.
          if (statements.length === 1) await this.#db.$client.execute(statements[0] as InStatement);
          else await this.#db.$client.batch(statements, "write");
          this.#sinceMove += rows.length;
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
      if (this.#sinceMove < MOVE_BATCH) break;
      // Rows handed in meanwhile wait for the move (a few milliseconds) and go in the next commit.
      this.#sinceMove = 0;
      try {
        await moveAuditEvents(this.#db.$client);
      } catch {
        // Left in the inbox, where every read of the trail sees them: the next move takes them
        // (the server's mover logs a move that keeps failing, startAuditMover).
      }
    }
    this.#writing = false;
  }
}

/** Rows moved from the inbox to the archive in one transaction, at most. */
export const MOVE_BATCH = 2000;

/**
 * Moves the inbox's oldest events (at most `limit`) into the archive in one transaction, ids and
 * all: the archive then holds them, indexed, and the inbox lets them go (its trigger refuses to
 * let go of any event the archive does not hold whole). The batch's last id is read first, without
 * the write lock, so an empty inbox costs a read and no commit. Any process may move; moves and
 * writes take the write lock in turn, so no event is moved twice or left behind (an event
 * committed after the read has a higher id than the batch's last). Answers how many moved.
 */
export async function moveAuditEvents(client: Client, limit = MOVE_BATCH): Promise<number> {
  const { rows } = await client.execute({
    sql: "select max(id) as last from (select id from audit_inbox order by id limit ?)",
    args: [limit],
  });
  const last = rows[0]?.last;
  if (last === null || last === undefined) return 0;
  const [, removed] = await client.batch(
    [
      {
        sql: `insert into audit_archive (${TRAIL}) select ${TRAIL} from audit_inbox where id <= ? order by id`,
        args: [last],
      },
      { sql: "delete from audit_inbox where id <= ?", args: [last] },
    ],
    "write",
  );
  return removed?.rowsAffected ?? 0;
}

/** Moves every event in the inbox to the archive, a batch a transaction; answers how many moved. */
export async function settleAuditEvents(client: Client): Promise<number> {
  let moved = 0;
  for (;;) {
    const n = await moveAuditEvents(client);
    moved += n;
    if (n < MOVE_BATCH) return moved;
  }
}

/**
 * The server's mover: every `everyMs`, moves what is in the inbox (what the audit writer has not
 * moved itself: the rows written inside changes' own transactions, other processes' rows, a
 * stopped process's); with nothing there, that is one read. `stop()` ends it after moving what
 * is left.
 */
export function startAuditMover({ db, logger, everyMs = 2000 }: { db: Database; logger: Logger; everyMs?: number }) {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= settleAuditEvents(db.$client)
      .then(() => undefined)
      .catch((error: unknown) => {
        // Nothing is lost: the events stay in the inbox, which every read of the trail includes.
        logger.warn("audit events not moved to the archive yet", { error: (error as Error)?.name ?? "unknown" });
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}

/** The audit trail's columns, in the order the insert names them. */
const COLUMNS = [
  "at",
  "actor_id",
  "actor_role",
  "action",
  "record_type",
  "record_id",
  "outcome",
  "request",
  "address",
  "reason",
] as const;

/** The audit trail's columns with its id, as the inbox and the archive both name them. */
const TRAIL = ["id", ...COLUMNS].join(", ");

/** The insert for `n` rows, made once for each size (a read's batch is one to a few dozen rows). */
const insertSql = new Map<number, string>();
function sqlFor(n: number): string {
  let text = insertSql.get(n);
  if (text === undefined) {
    const row = `(${COLUMNS.map(() => "?").join(", ")})`;
    text = `insert into audit_inbox (${COLUMNS.join(", ")}) values ${Array.from({ length: n }, () => row).join(", ")}`;
    if (insertSql.size < 1000) insertSql.set(n, text);
  }
  return text;
}

/**
 * The rows as one insert, its text kept for each size: a read's audit rows are written on every
 * request, and building the statement with the query builder each time cost more than the insert.
 */
function insertStatement(rows: readonly AuditRow[]): InStatement {
  const args: (string | null)[] = [];
  for (const r of rows) {
    args.push(
      r.at,
      r.actorId ?? null,
      r.actorRole ?? null,
      r.action,
      r.recordType ?? null,
      r.recordId ?? null,
      r.outcome,
      r.request ?? null,
      r.address ?? null,
      r.reason ?? null,
    );
  }
  return { sql: sqlFor(rows.length), args };
}

const writers = new WeakMap<Database, AuditWriter>();

/** The audit writer for a database (one per database, so its batches span every request). */
export function auditWriter(db: Database): AuditWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = new AuditWriter(db);
    writers.set(db, writer);
  }
  return writer;
}

/**
 * Records events for this request: reads and denials. Inside a request they are kept until the
 * response is ready and then written together ({@link auditTrail}); changes write theirs inside
 * their own transaction with {@link auditRow}.
 */
export async function audit(c: Context<AppEnv>, ...events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = auditRows(c, events);
  const pending = c.get("auditPending");
  if (pending) pending.push(...rows);
  else await auditWriter(c.get("deps").db).write(rows);
}

/**
 * Middleware: writes the request's audit events in one transaction before the response leaves.
 * When they cannot be written the caller gets a 500 (a 503 when the database cannot be reached)
 * and never the data they were to see.
 */
export const auditTrail: MiddlewareHandler<AppEnv> = async (c, next) => {
  const pending: AuditRow[] = [];
  c.set("auditPending", pending);
  await next();
  c.set("auditPending", undefined);
  if (pending.length === 0) return;
  try {
    await auditWriter(c.get("deps").db).write(pending);
  } catch (error) {
    c.get("deps").logger.error("audit events not written: the response is withheld", {
      error: (error as Error)?.name ?? "unknown",
      events: pending.length,
      route: c.req.routePath,
      method: c.req.method,
    });
    // Drop the response (its body and headers, a session cookie included) for a bare refusal.
    c.res = undefined;
    c.res = isDatabaseUnavailable(error)
      ? sendDatabaseUnavailable(c)
      : sendProblem(c, new ProblemError("server-error", 500, "Something went wrong. Try again later.").problem);
  }
};
