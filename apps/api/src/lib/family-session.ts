// Family sessions (docs/adr/0044-family-sign-in.md): their own cookie, table and lifetimes, never
// the staff ones. `loadFamilySession` reads only the family cookie; `familyOnly` lets in only a
// signed-in family member; `familyAccessFor` is the object-level check, a child the family member
// was invited for (404 otherwise, audited).
import { and, eq, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Database } from "../db/client.js";
import { familyAccess, familyAccounts, familySessions } from "../db/schema.js";
import { audit } from "./audit.js";
import { ProblemError } from "./problem.js";
import { hashToken, newToken } from "./session.js";
import type { AppEnv } from "./types.js";

/** The family session cookie's name: `__Host-` binds it to this host, path `/`, Secure. */
export const FAMILY_COOKIE = "__Host-openportage-family";
/** A family session ends after this long unused. */
export const FAMILY_IDLE_DAYS = 7;
/** A family session ends this long after sign-in, used or not. */
export const FAMILY_ABSOLUTE_DAYS = 30;

const DAY_MS = 86_400_000;
const TOUCH_EVERY_MS = 60_000;

/** What a family member may see for a helper (a carer sees everything). */
export interface FamilyPermissions {
  practice: boolean;
  visits: boolean;
  reports: boolean;
  sharing: boolean;
}
export const ALL_PERMISSIONS: FamilyPermissions = { practice: true, visits: true, reports: true, sharing: true };

/** The signed-in family member. */
export interface FamilyMember {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  /** The session's token hash, to end it at sign-out. */
  readonly sessionHash: string;
}

/** The `Set-Cookie` value for a family session token (empty token and max-age 0 to clear it). */
export function familyCookie(token: string, maxAgeSeconds: number): string {
  // Lax, not Strict: a family member opening the app from a link in an email arrives signed in.
  return `${FAMILY_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=Lax`;
}

/** Starts a family session (always a new token: no fixation). */
export async function startFamilySession(
  db: Pick<Database, "insert">,
  accountId: string,
  method: "passkey" | "code" | "invitation",
  now: Date,
): Promise<{ token: string; expiresAt: string; cookie: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + FAMILY_ABSOLUTE_DAYS * DAY_MS).toISOString();
  await db.insert(familySessions).values({
    tokenHash: hashToken(token),
    accountId,
    method,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt,
  });
  return { token, expiresAt, cookie: familyCookie(token, FAMILY_ABSOLUTE_DAYS * 86_400) };
}

/** Ends one family session. */
export async function endFamilySession(db: Pick<Database, "update">, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(familySessions)
    .set({ endedAt: now.toISOString() })
    .where(and(eq(familySessions.tokenHash, tokenHash), isNull(familySessions.endedAt)));
}

/** Ends every session of a family account (access revoked, the case closed, the account disabled). */
export async function endFamilyAccountSessions(
  db: Pick<Database, "update">,
  accountId: string,
  now: Date,
): Promise<void> {
  await db
    .update(familySessions)
    .set({ endedAt: now.toISOString() })
    .where(and(eq(familySessions.accountId, accountId), isNull(familySessions.endedAt)));
}

/** Reads the family cookie, if any, and sets `family` when the session is live. */
export const loadFamilySession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("family", undefined);
  const token = getCookie(c, FAMILY_COOKIE);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) {
    const { db, clock } = c.get("deps");
    const tokenHash = hashToken(token);
    const [row] = await db
      .select({
        accountId: familyAccounts.id,
        name: familyAccounts.name,
        email: familyAccounts.email,
        disabledAt: familyAccounts.disabledAt,
        lastSeenAt: familySessions.lastSeenAt,
        expiresAt: familySessions.expiresAt,
        endedAt: familySessions.endedAt,
      })
      .from(familySessions)
      .innerJoin(familyAccounts, eq(familyAccounts.id, familySessions.accountId))
      .where(eq(familySessions.tokenHash, tokenHash))
      .limit(1);
    const now = clock.now();
    if (row && !row.endedAt && !row.disabledAt) {
      const idleEnds = new Date(row.lastSeenAt).getTime() + FAMILY_IDLE_DAYS * DAY_MS;
      if (now.getTime() < idleEnds && now.toISOString() < row.expiresAt) {
        c.set("family", { accountId: row.accountId, name: row.name, email: row.email, sessionHash: tokenHash });
        if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
          await db
            .update(familySessions)
            .set({ lastSeenAt: now.toISOString() })
            .where(eq(familySessions.tokenHash, tokenHash));
        }
      } else {
        await endFamilySession(db, tokenHash, now);
      }
    }
  }
  await next();
};

/** Lets in only a signed-in family member; anyone else (a member of staff too) gets 401, audited. */
export const familyOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("family")) {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      reason: "not-signed-in-family",
      actorId: null,
      actorRole: null,
    });
    throw new ProblemError("not-signed-in", 401, "Sign in to see your child's Portage");
  }
  await next();
};

/** The signed-in family member (only inside routes guarded by {@link familyOnly}). */
export function familyMember(c: Context<AppEnv>): FamilyMember {
  const member = c.get("family");
  if (!member) throw new ProblemError("not-signed-in", 401);
  return member;
}

/**
 * Whether access lets its family member in now: active, or (after the case closed) ended but not
 * yet past `endsAt`. Invited access is not live until the invitation is taken up; revoked never is.
 */
export function isLiveAccess(row: { status: string; endsAt: string | null }, nowIso: string): boolean {
  return row.status === "active" || (row.status === "ended" && row.endsAt !== null && nowIso < row.endsAt);
}

/**
 * The origin of the family app's pages, for invitation links and as the WebAuthn origin:
 * `PUBLIC_ORIGIN`, or the request's own origin. A loopback address becomes `localhost`: the demo
 * is opened at http://localhost:<port> (its admin and family apps call the API on 127.0.0.1), and
 * browsers refuse an IP address as a passkey's relying party.
 */
export function familyOrigin(c: Context<AppEnv>): string {
  const configured = c.get("deps").config.PUBLIC_ORIGIN;
  if (configured) return configured;
  const url = new URL(c.req.url);
  if (url.hostname === "127.0.0.1" || url.hostname === "[::1]") url.hostname = "localhost";
  return url.origin;
}

/** The WebAuthn relying party id: the host name of {@link familyOrigin} (`localhost` in the demo). */
export function relyingPartyId(c: Context<AppEnv>): string {
  return new URL(familyOrigin(c)).hostname;
}

/** The access row for a child the family member may see now: active, not past its end. */
export type FamilyAccessRow = typeof familyAccess.$inferSelect;

/**
 * The object-level check: the signed-in family member's access to `childId`, when it is active
 * (or, after the case closed, not yet past `endsAt`) and allows `need` (a carer may do everything).
 * Otherwise 404 (the child's existence is not confirmed), audited as denied.
 */
export async function familyAccessFor(
  c: Context<AppEnv>,
  childId: string,
  need?: keyof FamilyPermissions,
): Promise<FamilyAccessRow & { can: FamilyPermissions }> {
  const member = familyMember(c);
  const { db, clock } = c.get("deps");
  const [row] = await db
    .select()
    .from(familyAccess)
    .where(and(eq(familyAccess.accountId, member.accountId), eq(familyAccess.childId, childId)))
    .limit(1);
  const now = clock.now().toISOString();
  const live = row !== undefined && isLiveAccess(row, now);
  const can: FamilyPermissions =
    row?.kind === "carer" ? ALL_PERMISSIONS : { ...ALL_PERMISSIONS, ...(row?.permissions as FamilyPermissions) };
  // After the case closed, only the reports stay (until `endsAt`).
  const allowed = live && (need === undefined || (can[need] && (row.status === "active" || need === "reports")));
  if (!row || !allowed) {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      recordType: "child",
      recordId: childId,
      reason: "not-invited",
    });
    throw new ProblemError("not-found", 404, "There is nothing here that you can see");
  }
  return { ...row, can };
}
