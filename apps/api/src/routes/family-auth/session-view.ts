// The signed-in family member as `GET /family/session` answers: who, the session, and the
// children they may see now with what they may see of each.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { children, familyAccess, familyAccounts, familyPasskeys, familySessions } from "../../db/schema.js";
import { FAMILY_IDLE_DAYS, isLiveAccess } from "../../lib/family-session.js";
import { permissionsOf } from "../family-access/store.js";
import type { FamilySession } from "./contract.js";

/** The session answer, or undefined when the session or account is gone. */
export async function familySessionView(
  db: Database,
  accountId: string,
  sessionHash: string,
  nowIso: string,
): Promise<FamilySession | undefined> {
  const [row] = await db
    .select({ account: familyAccounts, session: familySessions })
    .from(familySessions)
    .innerJoin(familyAccounts, eq(familyAccounts.id, familySessions.accountId))
    .where(and(eq(familySessions.tokenHash, sessionHash), eq(familySessions.accountId, accountId)))
    .limit(1);
  if (!row) return undefined;
  const access = await db
    .select({ access: familyAccess, firstName: children.firstName })
    .from(familyAccess)
    .innerJoin(children, eq(children.id, familyAccess.childId))
    .where(eq(familyAccess.accountId, accountId))
    .orderBy(asc(familyAccess.invitedAt), asc(familyAccess.id));
  const passkeys = await db
    .select({ id: familyPasskeys.credentialId })
    .from(familyPasskeys)
    .where(eq(familyPasskeys.accountId, accountId));
  return {
    member: { id: row.account.id, name: row.account.name, email: row.account.email },
    session: {
      method: row.session.method,
      startedAt: row.session.createdAt,
      expiresAt: row.session.expiresAt,
      idleDays: FAMILY_IDLE_DAYS,
    },
    passkeys: passkeys.length,
    children: access
      .filter(({ access: a }) => isLiveAccess(a, nowIso))
      .map(({ access: a, firstName }) => ({
        childId: a.childId,
        firstName,
        accessId: a.id,
        relationship: a.relationship,
        kind: a.kind,
        permissions: permissionsOf(a.kind, a.permissions),
        status: a.status === "ended" ? ("ended" as const) : ("active" as const),
        endsAt: a.endsAt,
      })),
  };
}
