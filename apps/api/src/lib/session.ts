// Staff sessions: an opaque random token in a `__Host-` cookie, only its SHA-256 stored, with
// idle and absolute timeouts; plus the middleware that says who may call each route. A session
// whose sign-in is not finished (a second factor, a new password or enrolment still to come) is
// `signingIn`, never `user`: no staff route lets it in (docs/adr/0046-staff-second-factor.md).
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Database } from "../db/client.js";
import { sessions, users } from "../db/schema.js";
import { audit } from "./audit.js";
import { ProblemError } from "./problem.js";
import { IN_PROCESS } from "./security.js";
import type { AppEnv, Role, SigningIn } from "./types.js";

/** The session cookie's name. `__Host-` binds it to this host, path `/`, Secure. */
export const SESSION_COOKIE = "__Host-openportage-session";

/** How often a session's last-seen time is written (it need not be exact to the second). */
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 of a session token, as stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** A new session token: 256 random bits. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The `Set-Cookie` value for a session token (empty token and max-age 0 to clear it). */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/** A sign-in not finished within this long starts again from the password. */
export const PENDING_MINUTES = 10;

/** The step a pending sign-in waits for. */
export type PendingStep = SigningIn["step"];

/**
 * Starts a session for a user; returns the token for the cookie and when it ends at the latest.
 * With `pendingStep`, a sign-in that waits for that step: it lasts {@link PENDING_MINUTES}.
 */
export async function startSession(
  db: Pick<Database, "insert">,
  userId: string,
  now: Date,
  absoluteHours: number,
  options: { pendingStep?: PendingStep | null; device?: string | null } = {},
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const lifetime = options.pendingStep ? PENDING_MINUTES * 60_000 : absoluteHours * 3_600_000;
  const expiresAt = new Date(now.getTime() + lifetime).toISOString();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt,
    pendingStep: options.pendingStep ?? null,
    device: options.device ?? null,
  });
  return { token, expiresAt };
}

/**
 * The browser and system a User-Agent names, coarsely (`Firefox on Windows`), for "Your
 * sessions": never the version or anything finer, which would single a person out.
 */
export function coarseDevice(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /CrOS/.test(userAgent)
            ? "ChromeOS"
            : /Linux/.test(userAgent)
              ? "Linux"
              : "another system";
  return `${browser} on ${system}`;
}

/** A user's live sessions (signed in, not ended or past their end), newest first. */
export async function liveSessions(db: Database, userId: string, now: Date, idleMinutes: number) {
  const rows = await db
    .select({
      tokenHash: sessions.tokenHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      device: sessions.device,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        isNull(sessions.pendingStep),
        gt(sessions.expiresAt, now.toISOString()),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
  const idleSince = now.getTime() - idleMinutes * 60_000;
  return rows.filter((row) => new Date(row.lastSeenAt).getTime() > idleSince);
}

/** Ends every session of a user but one (signing out everywhere else). */
export async function endOtherSessions(db: Database, userId: string, keep: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now.toISOString() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), ne(sessions.tokenHash, keep)));
}

/** Ends one session. */
export async function endSession(db: Database, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now.toISOString() })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.endedAt)));
}

/** Ends every session of a user (when the account is disabled). */
export async function endUserSessions(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now.toISOString() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)));
}

/**
 * The request header with which the admin app, calling in the same process, asks who the session
 * belongs to, and the response header that says (for a signed-in staff session only): the signed-in
 * member of staff as `/api/auth/session` gives them, JSON in base64url. The admin app then makes no
 * separate session call for pages whose first call is a staff route (apps/admin/src/middleware.ts).
 * Never to a request from the network: those always carry the Node server's own bindings.
 */
export const IDENTIFY_HEADER = "Openportage-Identify";
export const STAFF_HEADER = "Openportage-Staff";

/** The session lookup every signed-in request makes, built and prepared once for each database. */
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();
function prepareLookup(db: Database) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      endedAt: sessions.endedAt,
      pendingStep: sessions.pendingStep,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
    .limit(1)
    .prepare();
}
function sessionLookup(db: Database) {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    lookups.set(db, lookup);
  }
  return lookup;
}

/** Reads the session cookie, if any, and sets `user` when the session is live. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", undefined);
  c.set("signingIn", undefined);
  const token = getCookie(c, SESSION_COOKIE);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) {
    const { db, clock, config } = c.get("deps");
    const tokenHash = hashToken(token);
    const [row] = await sessionLookup(db).execute({ tokenHash });
    const now = clock.now();
    if (row && !row.endedAt && !row.disabledAt) {
      const idleEnds = new Date(row.lastSeenAt).getTime() + config.SESSION_IDLE_MINUTES * 60_000;
      const live = now.getTime() < idleEnds && now.toISOString() < row.expiresAt;
      if (live && row.pendingStep) {
        c.set("signingIn", {
          id: row.id,
          name: row.name,
          email: row.email,
          role: row.role,
          step: row.pendingStep,
          sessionHash: tokenHash,
        });
      } else if (live) {
        c.set("user", { id: row.id, name: row.name, email: row.email, role: row.role, sessionHash: tokenHash });
        if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
          await db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.tokenHash, tokenHash));
        }
      } else {
        await endSession(db, tokenHash, now);
      }
    }
  }
  const user = c.get("user");
  if (user && c.env === IN_PROCESS && c.req.header(IDENTIFY_HEADER) === "staff") {
    // Set before the answer is made, so it goes out with it as made (a header set afterwards makes
    // Hono remake the response); an answer made outside the context drops it, and the admin app
    // then asks the session route instead.
    const { id, name, email, role } = user;
    c.header(STAFF_HEADER, Buffer.from(JSON.stringify({ id, name, email, role })).toString("base64url"));
  }
  await next();
};

/**
 * Lets in only signed-in staff with one of `roles`; everyone else gets 401 or 403, recorded in
 * the audit trail. Every staff route starts with it: deny by default.
 */
export function allow(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (!user) {
      // A sign-in waiting for its second factor (or new password, or enrolment) is not signed in.
      const reason = c.get("signingIn") ? "sign-in-not-finished" : "not-signed-in";
      await audit(c, { action: "denied", outcome: "denied", reason });
      throw new ProblemError("not-signed-in", 401, "Sign in with a staff account to use this");
    }
    if (!roles.includes(user.role)) {
      await audit(c, { action: "denied", outcome: "denied", reason: "wrong-role" });
      throw new ProblemError("forbidden", 403, "Your role does not allow this");
    }
    await next();
  };
}

/**
 * Lets in only a sign-in waiting for one of `steps` (the second factor, a new password, enrolment):
 * anyone else gets 401, audited. The sign-in steps' routes start with it.
 */
export function pendingStep(...steps: PendingStep[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const pending = c.get("signingIn");
    if (!pending || !steps.includes(pending.step)) {
      await audit(c, { action: "denied", outcome: "denied", reason: "no-sign-in-step" });
      throw new ProblemError("sign-in-step", 401, "Sign in again with your email address and password");
    }
    await next();
  };
}

/** The pending sign-in (only inside routes guarded by {@link pendingStep}). */
export function signingIn(c: Context<AppEnv>): SigningIn {
  const pending = c.get("signingIn");
  if (!pending) throw new ProblemError("sign-in-step", 401);
  return pending;
}

/** The signed-in user (only inside routes guarded by {@link allow}). */
export function staff(c: Context<AppEnv>) {
  const user = c.get("user");
  if (!user) throw new ProblemError("not-signed-in", 401);
  return user;
}
