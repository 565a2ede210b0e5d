// Invitations from the family's side: what a link's token names, why it cannot be used (one
// problem shape that says nothing of the child), and taking it up: the invitation used, the
// others for that access voided, the access active and a family session started, together.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { auditEvents, familyAccess, familyAccounts, familyInvitations } from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { endFamilySession, startFamilySession } from "../../lib/family-session.js";
import { ProblemError } from "../../lib/problem.js";
import { hashToken } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { type Tx, voidInvitations } from "../family-access/store.js";
import type { INVITATION_PROBLEMS } from "./contract.js";

type InvitationProblem = (typeof INVITATION_PROBLEMS)[number];

/** What an invitation token names now. */
export type FoundInvitation =
  | { state: InvitationProblem }
  | {
      state: "usable";
      tokenHash: string;
      invitation: typeof familyInvitations.$inferSelect;
      access: typeof familyAccess.$inferSelect;
      account: typeof familyAccounts.$inferSelect;
    };

/** Looks an invitation up by its token (only the hash is stored) and says whether it can be used now. */
export async function findInvitation(c: Context<AppEnv>, token: string): Promise<FoundInvitation> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: "unknown" };
  const { db, clock } = c.get("deps");
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ invitation: familyInvitations, access: familyAccess, account: familyAccounts })
    .from(familyInvitations)
    .innerJoin(familyAccess, eq(familyAccess.id, familyInvitations.accessId))
    .innerJoin(familyAccounts, eq(familyAccounts.id, familyAccess.accountId))
    .where(eq(familyInvitations.tokenHash, tokenHash))
    .limit(1);
  if (!row) return { state: "unknown" };
  if (row.invitation.usedAt) return { state: "used" };
  const live = row.access.status === "invited" || row.access.status === "active";
  if (row.invitation.voidedAt || !live || row.account.disabledAt) return { state: "voided" };
  if (row.invitation.expiresAt <= clock.now().toISOString()) return { state: "expired" };
  return { state: "usable", tokenHash, ...row };
}

const DETAIL: Record<InvitationProblem, string> = {
  unknown:
    "This invitation link is not one we know. Check it was copied in full, or ask your home visitor for a new one.",
  expired: "This invitation has run out. Ask your home visitor for a new one.",
  used: "This invitation has been used already. Sign in with your passkey, or with a code sent to your email.",
  voided: "This invitation can no longer be used. Ask your home visitor for a new one.",
};

/**
 * The refusal for an invitation that cannot be used: 404 for a token never issued, 410 for one
 * that was (expired, used, voided), the same shape either way and nothing about the child.
 */
export function invitationProblem(state: InvitationProblem): ProblemError {
  return new ProblemError("invitation-unusable", state === "unknown" ? 404 : 410, DETAIL[state], { invitation: state });
}

/** The usable invitation a token names, or the refusal (audited as `action`, never with the token). */
export async function usableInvitation(
  c: Context<AppEnv>,
  token: string,
  action: "denied" | "sign-in-failed",
): Promise<Extract<FoundInvitation, { state: "usable" }>> {
  const found = await findInvitation(c, token);
  if (found.state === "usable") return found;
  await audit(c, {
    action,
    outcome: action === "denied" ? "denied" : "failure",
    recordType: "family-invitation",
    reason: `invitation-${found.state}`,
    actorId: null,
    actorRole: null,
  });
  throw invitationProblem(found.state);
}

/**
 * Takes an invitation up inside `tx`: used once (a second use at the same moment is refused),
 * the access's other invitations voided, the access active, a new family session started (the
 * browser's old one ended), and the sign-in and the acceptance audited with the family member
 * as the actor. Returns the session for its cookie.
 */
export async function takeUpInvitation(
  tx: Tx,
  c: Context<AppEnv>,
  found: Extract<FoundInvitation, { state: "usable" }>,
  method: "passkey" | "invitation",
) {
  const now = c.get("deps").clock.now();
  const nowIso = now.toISOString();
  const used = await tx
    .update(familyInvitations)
    .set({ usedAt: nowIso })
    .where(
      and(
        eq(familyInvitations.tokenHash, found.tokenHash),
        isNull(familyInvitations.usedAt),
        isNull(familyInvitations.voidedAt),
        gt(familyInvitations.expiresAt, nowIso),
      ),
    );
  if (used.rowsAffected !== 1) throw invitationProblem("used");
  await voidInvitations(tx, found.access.id, nowIso, found.tokenHash);
  const accepted = found.access.status === "invited";
  if (accepted) {
    await tx
      .update(familyAccess)
      .set({ status: "active", acceptedAt: nowIso, version: found.access.version + 1, updatedAt: nowIso })
      .where(and(eq(familyAccess.id, found.access.id), eq(familyAccess.status, "invited")));
  }
  const old = c.get("family");
  if (old) await endFamilySession(tx, old.sessionHash, now);
  const session = await startFamilySession(tx, found.account.id, method, now);
  const actor = { actorId: found.account.id, actorRole: "family" };
  await tx.insert(auditEvents).values([
    auditRow(c, {
      action: "sign-in",
      outcome: "success",
      recordType: "family-account",
      recordId: found.account.id,
      reason: method === "passkey" ? "invitation-passkey" : "invitation",
      ...actor,
    }),
    ...(accepted
      ? [
          auditRow(c, {
            action: "change",
            outcome: "success",
            recordType: "child",
            recordId: found.access.childId,
            reason: "family-invitation-accepted",
            ...actor,
          }),
        ]
      : []),
  ]);
  return session;
}
