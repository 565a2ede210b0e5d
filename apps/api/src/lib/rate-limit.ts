// Fixed-window rate limits and sign-in throttles kept in the database (table `rate_limits`), so
// that they hold across processes and restarts. Each key is the limit's name and a SHA-256 of
// what it counts: an address or an email is never stored here. One statement counts a hit, so
// two processes counting at once cannot both slip under the limit.
import { createHash } from "node:crypto";
import { and, eq, like, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rateLimits } from "../db/schema.js";

/** Where a hit is counted: the database, or a transaction the hit belongs to. */
export type Queryable = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Counts hits per key in fixed windows. */
export interface RateLimiter {
  /**
   * Records a hit; returns how many seconds to wait when over the limit, or 0 when allowed. Given
   * a transaction, the hit is written in it: counted only if the work it limits commits, in the
   * same commit (a referral costs one commit, not two).
   */
  hit(key: string, now: number, within?: Queryable): Promise<number>;
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
  async function sweep(now: number, on: Queryable) {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    await on
      .delete(rateLimits)
      .where(and(like(rateLimits.key, `${name}:%`), lt(rateLimits.windowStart, now - windowMs)));
  }
  const limiter: RateLimiter = {
    async hit(key, now, within = db) {
      await sweep(now, within);
      // A window that has ended starts again at this hit.
      const [row] = await within
        .insert(rateLimits)
        .values({ key: keyOf(key), windowStart: now, hits: 1 })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            hits: sql`case when ${rateLimits.windowStart} <= ${now - windowMs} then 1 else ${rateLimits.hits} + 1 end`,
            windowStart: sql`case when ${rateLimits.windowStart} <= ${now - windowMs} then ${now} else ${rateLimits.windowStart} end`,
          },
        })
        .returning({ hits: rateLimits.hits, windowStart: rateLimits.windowStart });
      if (!row || row.hits <= limit) return 0;
      return Math.max(1, Math.ceil((row.windowStart + windowMs - now) / 1000));
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
