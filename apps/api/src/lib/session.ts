// Staff sessions: an opaque random token in a `__Host-` cookie, only its SHA-256 stored, with
// idle and absolute timeouts; plus the middleware that says who may call each route.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Database } from "../db/client.js";
import { sessions, users } from "../db/schema.js";
import { audit } from "./audit.js";
import { ProblemError } from "./problem.js";
import type { AppEnv, Role } from "./types.js";

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

/** Starts a session for a user; returns the token for the cookie and when it ends at the latest. */
export async function startSession(
  db: Database,
  userId: string,
  now: Date,
  absoluteHours: number,
): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + absoluteHours * 3_600_000).toISOString();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt,
  });
  return { token, expiresAt };
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

/** Reads the session cookie, if any, and sets `user` when the session is live. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", undefined);
  const token = getCookie(c, SESSION_COOKIE);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) {
    const { db, clock, config } = c.get("deps");
    const tokenHash = hashToken(token);
    const [row] = await db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        disabledAt: users.disabledAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        endedAt: sessions.endedAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash))
      .limit(1);
    const now = clock.now();
    if (row && !row.endedAt && !row.disabledAt) {
      const idleEnds = new Date(row.lastSeenAt).getTime() + config.SESSION_IDLE_MINUTES * 60_000;
      const live = now.getTime() < idleEnds && now.toISOString() < row.expiresAt;
      if (live) {
        c.set("user", { id: row.id, name: row.name, email: row.email, role: row.role, sessionHash: tokenHash });
        if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
          await db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.tokenHash, tokenHash));
        }
      } else {
        await endSession(db, tokenHash, now);
      }
    }
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
      await audit(c, { action: "denied", outcome: "denied", reason: "not-signed-in" });
      throw new ProblemError("not-signed-in", 401, "Sign in with a staff account to use this");
    }
    if (!roles.includes(user.role)) {
      await audit(c, { action: "denied", outcome: "denied", reason: "wrong-role" });
      throw new ProblemError("forbidden", 403, "Your role does not allow this");
    }
    await next();
  };
}

/** The signed-in user (only inside routes guarded by {@link allow}). */
export function staff(c: Context<AppEnv>) {
  const user = c.get("user");
  if (!user) throw new ProblemError("not-signed-in", 401);
  return user;
}
