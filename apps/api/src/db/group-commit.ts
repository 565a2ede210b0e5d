// Group commit: units of work that arrive together share one transaction and one commit (one
// fsync), each unit in a savepoint of its own, so that one unit's failure undoes only that unit.
// Every caller is answered only after the shared commit: nothing is acknowledged before it is
// durable, and a failed commit fails every unit in it (each caller sees the error and nothing of
// theirs is stored). A durable commit costs more than everything else a referral does: sharing it
// is what lets intake keep up with the disk (issue 17, docs/adr/0056).
// Units write plain SQL on the client's own transaction (statements the connection keeps
// compiled, db/client.ts), not through the query builder: intake is the hottest write there is,
// and building its statements with drizzle cost about a fifth of a referral's CPU.
import type { InStatement, ResultSet, Transaction } from "@libsql/client";
import type { Database } from "./client.js";

/** What a unit of work is given: the shared transaction, inside the unit's own savepoint. */
export interface Unit {
  /** Runs one statement in the unit's savepoint. */
  execute(statement: InStatement): Promise<ResultSet>;
  /** Runs several statements in order in the unit's savepoint (one call into the driver). */
  batch(statements: InStatement[]): Promise<ResultSet[]>;
}

/** Units in one commit, at most: a large burst is committed in several. */
export const UNITS_PER_COMMIT = 64;

interface Queued {
  readonly work: (tx: Unit) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Commits units of work in groups on one database. */
export class GroupCommit {
  readonly #db: Database;
  #queue: Queued[] = [];
  #flushing = false;
  /** Commits made and units committed in them (for the benchmark and the tests). */
  readonly stats = { commits: 0, units: 0 };

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Runs `work` in the next shared transaction (in a savepoint of its own) and resolves with its
   * result once that transaction has committed; rejects with its error (its savepoint rolled back,
   * the other units unharmed) or with the commit's error.
   */
  run<T>(work: (tx: Unit) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // After the rest of this turn of the event loop: the requests that arrived with this one
        // reach the queue first and share its commit.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, UNITS_PER_COMMIT);
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      let tx: Transaction | undefined;
      try {
        // IMMEDIATE ("write"): the write lock is taken at the start, so no unit can fail part-way
        // for want of it; serialiseWrites queues it behind the process's other writes.
        tx = await this.#db.$client.transaction("write");
        const open = tx;
        for (const [index, queued] of batch.entries()) {
          // Each unit's savepoint is opened by its first statements, in the same call into the
          // driver, and never released: the shared commit ends them all, and a failing unit rolls
          // back to its own (named for its place in the group, so that it can only ever undo that
          // unit's writes: a unit whose savepoint was never made has nothing to undo).
          const savepoint = `unit_${index}`;
          let opened = false;
          const batchIn = async (statements: InStatement[]) => {
            if (opened) return open.batch(statements);
            opened = true;
            return (await open.batch([`savepoint ${savepoint}`, ...statements])).slice(1);
          };
          const unit: Unit = {
            execute: async (statement) => (await batchIn([statement]))[0] as ResultSet,
            batch: batchIn,
          };
          try {
            outcomes.push({ ok: true, value: await queued.work(unit) });
          } catch (error) {
            // Undo this unit's writes only (its savepoint stays, empty, until the commit). If even
            // that fails (the connection is gone), so does the whole group, with the unit's error.
            if (opened) {
              try {
                await open.execute(`rollback to savepoint ${savepoint}`);
              } catch {
                throw error;
              }
            }
            outcomes.push({ ok: false, error });
          }
        }
        await open.commit();
      } catch (error) {
        // Whatever state it was left in: rolled back, its connection and the write lock let go.
        tx?.close();
        for (const unit of batch) unit.reject(error);
        continue;
      }
      this.stats.commits++;
      this.stats.units += batch.length;
      batch.forEach((unit, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) unit.resolve(outcome.value);
        else unit.reject(outcome ? outcome.error : new Error("unit of work did not run"));
      });
    }
    this.#flushing = false;
  }
}

const committers = new WeakMap<Database, GroupCommit>();

/** The database's group commit (one for each database the process opened). */
export function groupCommit(db: Database): GroupCommit {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommit(db);
    committers.set(db, committer);
  }
  return committer;
}
