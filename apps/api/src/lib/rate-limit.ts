// Fixed-window rate limits and sign-in throttles kept in the database (table `rate_limits`), so
// that they hold across processes and restarts. Each key is the limit's name and a SHA-256 of
// what it counts: an address or an email is never stored here. One statement counts a hit, so
// two processes counting at once cannot both slip under the limit.
import { createHash } from "node:crypto";
import type { InStatement, ResultSet } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Unit } from "../db/group-commit.js";
import { rateLimits } from "../db/schema.js";

/** Where a hit is counted: the database, or the unit of work the hit belongs to (db/group-commit.ts). */
export type Counter = Pick<Unit, "execute">;

/**
 * Counts a hit in one statement (a window that has ended starts again at this hit). In plain SQL:
 * a referral's hit is made inside its unit of work, where no query builder runs.
 */
export const HIT = `insert into rate_limits (key, window_start, hits) values (?, ?, 1)
  on conflict (key) do update set
    hits = case when window_start <= ? then 1 else hits + 1 end,
    window_start = case when window_start <= ? then ? else window_start end
  returning hits, window_start`;

/**
 * A hit to count in the caller's own batch of statements (one call into the driver for a referral's
 * writes and its hit): the statements, the count last, and how to read the count's answer.
 */
export interface PendingHit {
  readonly statements: readonly InStatement[];
  /** Seconds to wait when over the limit, or 0 when allowed, from the answer to the last statement. */
  waitFrom(result: ResultSet | undefined): number;
}

/** Counts hits per key in fixed windows. */
export interface RateLimiter {
  /**
   * Records a hit; returns how many seconds to wait when over the limit, or 0 when allowed. Given
   * a transaction, the hit is written in it: counted only if the work it limits commits, in the
   * same commit (a referral costs one commit, not two).
   */
  hit(key: string, now: number, within?: Counter): Promise<number>;
  /**
   * The statements that record a hit, for the caller to run last in a batch of its own (in a unit
   * of work, so counted only if that work commits); nothing is counted until they run.
   */
  hitIn(key: string, now: number): PendingHit;
  /** How many hits the key has in the current window. */
  count(key: string, now: number): Promise<number>;
  /** Forgets the key's hits (a successful sign-in clears its failures). */
  reset(key: string): Promise<void>;
  /** Whether the key has reached the limit in the current window. */
  reached(key: string, now: number): Promise<boolean>;
}

/** How often (at most) a limiter deletes its windows that have ended. */
const SWEEP_EVERY_MS = 60_000;

/** A limiter named `name` allowing `limit` hits per `windowMs` for each key, counted in `db`. */
export function dbWindow(db: Database, name: string, limit: number, windowMs: number): RateLimiter {
  const keyOf = (key: string) => `${name}:${createHash("sha256").update(key).digest("base64url")}`;
  let lastSweep = 0;
  const limiter: RateLimiter = {
    async hit(key, now, within = db.$client) {
      const pending = limiter.hitIn(key, now);
      let last: ResultSet | undefined;
      for (const statement of pending.statements) last = await within.execute(statement);
      return pending.waitFrom(last);
    },
    hitIn(key, now) {
      const statements: InStatement[] = [];
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        statements.push({
          sql: "delete from rate_limits where key like ? and window_start < ?",
          args: [`${name}:%`, now - windowMs],
        });
      }
      const ended = now - windowMs;
      statements.push({ sql: HIT, args: [keyOf(key), now, ended, ended, now] });
      return {
        statements,
        waitFrom(result) {
          const row = result?.rows[0];
          if (!row || Number(row.hits) <= limit) return 0;
          return Math.max(1, Math.ceil((Number(row.window_start) + windowMs - now) / 1000));
        },
      };
    },
    async count(key, now) {
      const [row] = await db
        .select()
        .from(rateLimits)
        .where(eq(rateLimits.key, keyOf(key)))
        .limit(1);
      return row && now - row.windowStart < windowMs ? row.hits : 0;
    },
    async reset(key) {
      await db.delete(rateLimits).where(eq(rateLimits.key, keyOf(key)));
    },
    async reached(key, now) {
      return (await limiter.count(key, now)) >= limit;
    },
  };
  return limiter;
}

/** Staff sign-in: failed passwords per account in 15 minutes (ASVS 6.3.1). */
export const SIGN_IN_FAILURES_PER_ACCOUNT = 10;
/** Staff sign-in: failed passwords per address in 15 minutes (an office shares one). */
export const SIGN_IN_FAILURES_PER_ADDRESS = 50;
/** Wrong second-factor codes per account in 15 minutes, as for passwords. */
export const SECOND_FACTOR_FAILURES_PER_ACCOUNT = 10;
/** Forgotten-password emails asked for from one address in 15 minutes. */
export const PASSWORD_RESETS_PER_ADDRESS = 10;
/** The window of the staff sign-in throttles. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** The app's limits, all in its database. `referrals` uses the configured number and window. */
export function appLimits(db: Database, referrals: { limit: number; windowSeconds: number }) {
  return {
    referrals: dbWindow(db, "referrals-by-address", referrals.limit, referrals.windowSeconds * 1000),
    signInByAccount: dbWindow(db, "sign-in-by-account", SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW_MS),
    signInByAddress: dbWindow(db, "sign-in-by-address", SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS),
    secondFactorByAccount: dbWindow(
      db,
      "second-factor-by-account",
      SECOND_FACTOR_FAILURES_PER_ACCOUNT,
      SIGN_IN_WINDOW_MS,
    ),
    passwordResetsByAddress: dbWindow(db, "password-resets-by-address", PASSWORD_RESETS_PER_ADDRESS, SIGN_IN_WINDOW_MS),
  };
}

/** The limits every request can reach (`c.get("limits")`). */
export type AppLimits = ReturnType<typeof appLimits>;
