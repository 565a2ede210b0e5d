// One-time sign-in codes by email, the family's way back in: 6 digits from a cryptographic
// random source, only a salted SHA-256 stored, single use, 10 minutes, 5 wrong tries and the
// code is spent; at most 3 codes an account each 15 minutes, and the caller's address throttled
// too. Asking for a code answers the same whether or not the address has an account.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, gte, isNull, lt, ne, sql } from "drizzle-orm";
import type { Context } from "hono";
import { auditEvents, familyAccess, familyAccounts, familyCodes, outbox } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { isLiveAccess } from "../../lib/family-session.js";
import { newId } from "../../lib/ids.js";
import { ProblemError } from "../../lib/problem.js";
import { dbWindow, type RateLimiter } from "../../lib/rate-limit.js";
import type { AppEnv, Deps } from "../../lib/types.js";

/** How long a code works. */
export const CODE_MINUTES = 10;
/** Wrong tries before a code is spent. */
export const CODE_TRIES = 5;
/** Codes an account may be sent in {@link CODE_WINDOW_MINUTES}. */
export const CODES_PER_WINDOW = 3;
export const CODE_WINDOW_MINUTES = 15;
/** Requests for a code from one address in 15 minutes (a household or an office shares one). */
export const CODE_REQUESTS_PER_ADDRESS = 20;
/** Wrong codes from one address in 15 minutes, as for staff sign-in. */
export const CODE_FAILURES_PER_ADDRESS = 50;

const MINUTE = 60_000;

interface FamilyLimits {
  requestsByAddress: RateLimiter;
  failuresByAddress: RateLimiter;
}
// One set per app (its dependencies); the counts are in the app's database (lib/rate-limit.ts), so
// they hold across processes and restarts.
const limitsByApp = new WeakMap<Deps, FamilyLimits>();

/** The family sign-in limits of this app. */
export function familyLimits(c: Context<AppEnv>): FamilyLimits {
  const deps = c.get("deps");
  let limits = limitsByApp.get(deps);
  if (!limits) {
    limits = {
      requestsByAddress: dbWindow(
        deps.db,
        "family-code-requests-by-address",
        CODE_REQUESTS_PER_ADDRESS,
        CODE_WINDOW_MINUTES * MINUTE,
      ),
      failuresByAddress: dbWindow(
        deps.db,
        "family-code-failures-by-address",
        CODE_FAILURES_PER_ADDRESS,
        CODE_WINDOW_MINUTES * MINUTE,
      ),
    };
    limitsByApp.set(deps, limits);
  }
  return limits;
}

function throttled(): ProblemError {
  return new ProblemError(
    "sign-in-throttled",
    429,
    `Too many tries from here: wait ${CODE_WINDOW_MINUTES} minutes and try again`,
    {},
    { "Retry-After": String(CODE_WINDOW_MINUTES * 60) },
  );
}

/** A code's stored hash: salted with the code's own id, so equal codes never hash alike. */
export function codeHash(id: string, code: string): string {
  return createHash("sha256").update(`${id}:${code}`).digest("base64url");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The account for an address when it may sign in now: not disabled, with live access to a child. */
export async function accountWithLiveAccess(c: Context<AppEnv>, email: string) {
  const { db, clock } = c.get("deps");
  const [account] = await db.select().from(familyAccounts).where(eq(familyAccounts.email, email)).limit(1);
  if (!account || account.disabledAt) return { account: undefined, reason: "unknown-account" } as const;
  const access = await db
    .select({ status: familyAccess.status, endsAt: familyAccess.endsAt })
    .from(familyAccess)
    .where(eq(familyAccess.accountId, account.id));
  const now = clock.now().toISOString();
  if (!access.some((a) => isLiveAccess(a, now))) return { account: undefined, reason: "no-live-access" } as const;
  return { account, reason: undefined } as const;
}

/** What every request for a code is told. */
export const CODE_REQUESTED = {
  message: `If that email address can use the family app, a sign-in code is on its way. It works for ${CODE_MINUTES} minutes.`,
  minutes: CODE_MINUTES,
};

/** Sends a code when the address has an account with live access and fewer than 3 codes in 15 minutes. */
export async function requestCode(c: Context<AppEnv>, email: string): Promise<void> {
  const { db, clock, protocol } = c.get("deps");
  const now = clock.now();
  if ((await familyLimits(c).requestsByAddress.hit(c.get("address"), now.getTime())) > 0) {
    await audit(c, { action: "sign-in-code", outcome: "denied", recordType: "family-account", reason: "throttled" });
    throw throttled();
  }
  const { account, reason } = await accountWithLiveAccess(c, email);
  if (!account) {
    await audit(c, { action: "sign-in-code", outcome: "failure", recordType: "family-account", reason });
    return;
  }
  const since = new Date(now.getTime() - CODE_WINDOW_MINUTES * MINUTE).toISOString();
  const recent = await db
    .select({ id: familyCodes.id })
    .from(familyCodes)
    .where(and(eq(familyCodes.accountId, account.id), gt(familyCodes.createdAt, since)));
  if (recent.length >= CODES_PER_WINDOW) {
    await audit(c, {
      action: "sign-in-code",
      outcome: "denied",
      recordType: "family-account",
      recordId: account.id,
      reason: "code-throttled",
    });
    return;
  }
  const id = newId();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await db.transaction(
    async (tx) => {
      await tx.insert(familyCodes).values({
        id,
        accountId: account.id,
        codeHash: codeHash(id, code),
        expiresAt: new Date(now.getTime() + CODE_MINUTES * MINUTE).toISOString(),
        createdAt: now.toISOString(),
      });
      await tx.insert(outbox).values({
        id: newId(),
        kind: "family-code",
        emailAddress: account.email,
        personalisation: {
          service_name: protocol.serviceName,
          name: account.name,
          code,
          minutes: String(CODE_MINUTES),
        },
        nextAttemptAt: now.toISOString(),
        createdAt: now.toISOString(),
      });
      await tx.insert(auditEvents).values(
        auditRow(c, {
          action: "sign-in-code",
          outcome: "success",
          recordType: "family-account",
          recordId: account.id,
          reason: "code-sent",
        }),
      );
    },
    { behavior: "immediate" },
  );
}

/** Why a code was refused, and what the family member is told (on the `code` field). */
const REFUSALS = {
  "code-wrong": "The code is not right. Check the email we sent and try again.",
  "code-expired": `This code has run out (codes work for ${CODE_MINUTES} minutes). Ask for a new one.`,
  "code-used": "This code has been used already. Ask for a new one.",
  "code-spent": `Too many wrong tries: this code no longer works. Ask for a new one.`,
} as const;
type Refusal = keyof typeof REFUSALS;

async function refuse(
  c: Context<AppEnv>,
  reason: Refusal,
  accountId: string | undefined,
  auditReason: string = reason,
): Promise<never> {
  const now = c.get("deps").clock.now().getTime();
  await familyLimits(c).failuresByAddress.hit(c.get("address"), now);
  await audit(c, {
    action: "sign-in-failed",
    outcome: "failure",
    recordType: "family-account",
    ...(accountId ? { recordId: accountId } : {}),
    reason: auditReason,
    actorId: null,
    actorRole: null,
  });
  throw new ProblemError("family-sign-in-failed", 401, REFUSALS[reason], {
    errors: [{ field: "code", pointer: "/code", message: REFUSALS[reason] }],
  });
}

/**
 * Checks a code for an address: the account's id when it is one of its codes, unused, in time and
 * not spent (it is then used, with every other code of the account). Otherwise 401 naming the
 * field `code`; a wrong code counts a try against every code of the account still open.
 */
export async function verifyCode(c: Context<AppEnv>, email: string, code: string): Promise<string> {
  const { db, clock } = c.get("deps");
  const now = clock.now();
  const nowIso = now.toISOString();
  if ((await familyLimits(c).failuresByAddress.count(c.get("address"), now.getTime())) >= CODE_FAILURES_PER_ADDRESS) {
    await audit(c, { action: "sign-in-failed", outcome: "denied", recordType: "family-account", reason: "throttled" });
    throw throttled();
  }
  const { account, reason } = await accountWithLiveAccess(c, email);
  // An address with no account is told the code is wrong, as any other wrong code is.
  if (!account) return refuse(c, "code-wrong", undefined, reason);
  const since = new Date(now.getTime() - 24 * 60 * MINUTE).toISOString();
  const codes = await db
    .select()
    .from(familyCodes)
    .where(and(eq(familyCodes.accountId, account.id), gte(familyCodes.createdAt, since)))
    .orderBy(desc(familyCodes.createdAt));
  const match = codes.find((row) => sameHash(row.codeHash, codeHash(row.id, code)));
  if (!match) {
    await db
      .update(familyCodes)
      .set({ failedAttempts: sqlIncrement() })
      .where(
        and(
          eq(familyCodes.accountId, account.id),
          isNull(familyCodes.usedAt),
          gt(familyCodes.expiresAt, nowIso),
          lt(familyCodes.failedAttempts, CODE_TRIES),
        ),
      );
    return refuse(c, "code-wrong", account.id);
  }
  if (match.usedAt) return refuse(c, "code-used", account.id);
  if (match.failedAttempts >= CODE_TRIES) return refuse(c, "code-spent", account.id);
  if (match.expiresAt <= nowIso) return refuse(c, "code-expired", account.id);
  const taken = await db
    .update(familyCodes)
    .set({ usedAt: nowIso })
    .where(and(eq(familyCodes.id, match.id), isNull(familyCodes.usedAt), lt(familyCodes.failedAttempts, CODE_TRIES)));
  if (taken.rowsAffected !== 1) return refuse(c, "code-used", account.id);
  // The account's other open codes go with it: one sign-in per batch of emails.
  await db
    .update(familyCodes)
    .set({ usedAt: nowIso })
    .where(and(eq(familyCodes.accountId, account.id), isNull(familyCodes.usedAt), ne(familyCodes.id, match.id)));
  return account.id;
}

function sqlIncrement() {
  return sql`${familyCodes.failedAttempts} + 1`;
}
