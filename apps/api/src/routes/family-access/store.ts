// Family access rows and invitations, as the staff routes and the family's sign-in routes share
// them: the access views, and a new single-use invitation (only its token's SHA-256 stored) with
// its email queued through the outbox in the caller's transaction.
import { dateInWords } from "@openportage/domain";
import { and, asc, eq, gt, inArray, isNull, max } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import {
  carers,
  children,
  familyAccess,
  familyAccounts,
  familyInvitations,
  familySessions,
  outbox,
  users,
} from "../../db/schema.js";
import { englandDate } from "../../lib/clock.js";
import { ALL_PERMISSIONS, type FamilyPermissions } from "../../lib/family-session.js";
import { newId } from "../../lib/ids.js";
import { hashToken, newToken } from "../../lib/session.js";
import type { Deps } from "../../lib/types.js";
import type { CarerToInvite, FamilyAccessView } from "./contract.js";

/** How long an invitation link can be used. */
export const INVITATION_DAYS = 14;
const DAY_MS = 86_400_000;

/** A transaction or the database: what writes inside a caller's transaction take. */
export type Tx = Pick<Database, "insert" | "update" | "select">;

/** The link a family member opens: the family app's invitation page, the token in its path. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/family/invitation/${token}`;
}

/** What a person's permissions are: a carer's always all of them. */
export function permissionsOf(kind: "carer" | "helper", stored: unknown): FamilyPermissions {
  return kind === "carer" ? ALL_PERMISSIONS : { ...ALL_PERMISSIONS, ...(stored as Partial<FamilyPermissions>) };
}

/** A new invitation for `accessId`; by email, its `family-invitation` email is queued in the same transaction. */
export async function createInvitation(
  tx: Tx,
  deps: Pick<Deps, "clock" | "protocol">,
  input: {
    accessId: string;
    childId: string;
    via: "email" | "letter";
    createdBy: string;
    origin: string;
    to: { email: string; name: string; childFirstName: string };
  },
): Promise<{ token: string; link: string; expiresAt: string }> {
  const now = deps.clock.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString();
  const link = invitationLink(input.origin, token);
  await tx.insert(familyInvitations).values({
    tokenHash: hashToken(token),
    accessId: input.accessId,
    via: input.via,
    expiresAt,
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
  });
  if (input.via === "email") {
    await tx.insert(outbox).values({
      id: newId(),
      kind: "family-invitation",
      emailAddress: input.to.email,
      personalisation: {
        service_name: deps.protocol.serviceName,
        name: input.to.name,
        child_first_name: input.to.childFirstName,
        link,
        expires_on: expiresOn(expiresAt),
      },
      childId: input.childId,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    });
  }
  return { token, link, expiresAt };
}

/** The last day an invitation can be used, in words, in England (`3 December 2026`). */
export function expiresOn(expiresAt: string): string {
  return dateInWords(englandDate(new Date(expiresAt)));
}

/** Voids every invitation of an access not yet used (revoked, or one of them taken up: `except` it). */
export async function voidInvitations(tx: Tx, accessId: string, nowIso: string, except?: string): Promise<void> {
  const open = and(
    eq(familyInvitations.accessId, accessId),
    isNull(familyInvitations.usedAt),
    isNull(familyInvitations.voidedAt),
  );
  const rows = await tx.select({ tokenHash: familyInvitations.tokenHash }).from(familyInvitations).where(open);
  const others = rows.map((r) => r.tokenHash).filter((hash) => hash !== except);
  if (others.length === 0) return;
  await tx
    .update(familyInvitations)
    .set({ voidedAt: nowIso })
    .where(and(open, inArray(familyInvitations.tokenHash, others)));
}

/** Stops the invitation emails to `email` about this child that have not left yet (access revoked). */
export async function cancelPendingInvitationEmails(tx: Tx, childId: string, email: string): Promise<void> {
  await tx
    .update(outbox)
    .set({ status: "cancelled", lastError: "family access revoked before it was sent" })
    .where(
      and(
        eq(outbox.kind, "family-invitation"),
        eq(outbox.childId, childId),
        eq(outbox.emailAddress, email),
        eq(outbox.status, "pending"),
      ),
    );
}

/** Everyone with access to a child in the family app, oldest invitation first; `accessId` for one. */
export async function accessViews(db: Database, childId: string, nowIso: string, accessId?: string) {
  const rows = await db
    .select({
      access: familyAccess,
      name: familyAccounts.name,
      email: familyAccounts.email,
      invitedByName: users.name,
    })
    .from(familyAccess)
    .innerJoin(familyAccounts, eq(familyAccounts.id, familyAccess.accountId))
    .leftJoin(users, eq(users.id, familyAccess.invitedBy))
    .where(
      accessId === undefined
        ? eq(familyAccess.childId, childId)
        : and(eq(familyAccess.childId, childId), eq(familyAccess.id, accessId)),
    )
    .orderBy(asc(familyAccess.invitedAt), asc(familyAccess.id));
  if (rows.length === 0) return [];
  const accountIds = [...new Set(rows.map((r) => r.access.accountId))];
  const signIns = await db
    .select({ accountId: familySessions.accountId, at: max(familySessions.createdAt) })
    .from(familySessions)
    .where(inArray(familySessions.accountId, accountIds))
    .groupBy(familySessions.accountId);
  const pending = await db
    .select({ accessId: familyInvitations.accessId, at: max(familyInvitations.expiresAt) })
    .from(familyInvitations)
    .where(
      and(
        inArray(
          familyInvitations.accessId,
          rows.map((r) => r.access.id),
        ),
        isNull(familyInvitations.usedAt),
        isNull(familyInvitations.voidedAt),
        gt(familyInvitations.expiresAt, nowIso),
      ),
    )
    .groupBy(familyInvitations.accessId);
  const lastSignIn = new Map(signIns.map((s) => [s.accountId, s.at]));
  const pendingExpiry = new Map(pending.map((p) => [p.accessId, p.at]));
  return rows.map(
    ({ access, name, email, invitedByName }): FamilyAccessView => ({
      id: access.id,
      accountId: access.accountId,
      name,
      email,
      relationship: access.relationship,
      kind: access.kind,
      carerId: access.carerId,
      permissions: permissionsOf(access.kind, access.permissions),
      status: access.status,
      invitedBy: invitedByName !== null ? { id: access.invitedBy, name: invitedByName } : null,
      invitedAt: access.invitedAt,
      acceptedAt: access.acceptedAt,
      lastSignInAt: lastSignIn.get(access.accountId) ?? null,
      pendingInvitationExpiresAt: pendingExpiry.get(access.id) ?? null,
      endsAt: access.endsAt,
      endReason: access.endReason,
      version: access.version,
      updatedAt: access.updatedAt,
    }),
  );
}

/** The carers on the child's referral who have no access yet (by carer, or by email address). */
export async function carersToInvite(db: Database, childId: string, views: readonly FamilyAccessView[]) {
  const rows = await db
    .select({ id: carers.id, name: carers.name, relationship: carers.relationship, email: carers.email })
    .from(carers)
    .where(eq(carers.childId, childId))
    .orderBy(asc(carers.createdAt), asc(carers.id));
  const carerIds = new Set(views.map((v) => v.carerId));
  const emails = new Set(views.map((v) => v.email));
  return rows
    .filter((r) => !carerIds.has(r.id) && !(r.email && emails.has(r.email.trim().toLowerCase())))
    .map(
      (r): CarerToInvite => ({
        carerId: r.id,
        name: r.name,
        relationship: r.relationship,
        email: r.email?.trim() || null,
      }),
    );
}

/** The child's first name (for invitations: nothing more of the child leaves in them). */
export async function childFirstName(db: Pick<Database, "select">, childId: string): Promise<string> {
  const [child] = await db
    .select({ firstName: children.firstName })
    .from(children)
    .where(eq(children.id, childId))
    .limit(1);
  return child?.firstName ?? "";
}
