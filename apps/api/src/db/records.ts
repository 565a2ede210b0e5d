// A child's records as a whole, for data protection (UK GDPR): the retention job that lists and
// erases children whose destroy-after date has passed, and the subject access export of
// everything held about a child and their family. Both are run by an operator from the CLI and
// leave an audit entry that holds ids only, never the personal data.
import { writeFileSync } from "node:fs";
import { and, asc, count, eq, inArray, lt, or } from "drizzle-orm";
import type { Database } from "./client.js";
import {
  allocations,
  auditEvents,
  blockReviews,
  carers,
  cases,
  children,
  consents,
  decisions,
  developmentalProfiles,
  disclosures,
  exits,
  familyAccess,
  familyAccounts,
  familyChallenges,
  familyCodes,
  familyInvitations,
  familyMessages,
  familyPasskeys,
  familySessions,
  goalReviews,
  monitoringVisits,
  outbox,
  playPlanRevisions,
  playPlans,
  practiceRecordRevisions,
  practiceRecords,
  professionals,
  referrals,
  transitionPlans,
  visits,
} from "./schema.js";

/** Who the CLI's audit entries name: an operator at the server, not a signed-in member of staff. */
const OPERATOR = { actorId: null, actorRole: "operator", address: null } as const;

/** A child whose destroy-after date has passed (ids and dates only). */
export interface DueRecord {
  readonly childId: string;
  readonly destroyAfter: string;
  readonly references: readonly string[];
}

/** Children whose destroy-after date (`YYYY-MM-DD`) is before `today`, oldest first. */
export async function retentionDue(db: Database, today: string): Promise<DueRecord[]> {
  const due = await db
    .select({ childId: children.id, destroyAfter: children.destroyAfter })
    .from(children)
    .where(lt(children.destroyAfter, today))
    .orderBy(asc(children.destroyAfter), asc(children.id));
  if (due.length === 0) return [];
  const refs = await db
    .select({ childId: referrals.childId, reference: referrals.reference })
    .from(referrals)
    .where(
      inArray(
        referrals.childId,
        due.map((d) => d.childId),
      ),
    );
  return due.map((d) => ({
    ...d,
    references: refs.filter((r) => r.childId === d.childId).map((r) => r.reference),
  }));
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Erases the family app's rows for a child: the messages, the invitations and the access of each
 * family member; then each family account left with no access to any child, with its passkeys,
 * sign-in codes (and their queued emails), challenges and sessions. An account that still reaches
 * another child is kept. Practice records and their versions are erased before this.
 */
async function eraseFamilyAccess(tx: Tx, childId: string): Promise<void> {
  const accessRows = await tx
    .select({ id: familyAccess.id, accountId: familyAccess.accountId })
    .from(familyAccess)
    .where(eq(familyAccess.childId, childId));
  await tx.delete(familyMessages).where(eq(familyMessages.childId, childId));
  if (accessRows.length === 0) return;
  const accessIds = accessRows.map((a) => a.id);
  const invitations = await tx
    .select({ tokenHash: familyInvitations.tokenHash })
    .from(familyInvitations)
    .where(inArray(familyInvitations.accessId, accessIds));
  if (invitations.length > 0) {
    await tx.delete(familyChallenges).where(
      inArray(
        familyChallenges.invitationHash,
        invitations.map((i) => i.tokenHash),
      ),
    );
  }
  await tx.delete(familyInvitations).where(inArray(familyInvitations.accessId, accessIds));
  await tx.delete(familyAccess).where(inArray(familyAccess.id, accessIds));
  for (const accountId of new Set(accessRows.map((a) => a.accountId))) {
    const [left] = await tx.select({ n: count() }).from(familyAccess).where(eq(familyAccess.accountId, accountId));
    const [entered] = await tx
      .select({ n: count() })
      .from(practiceRecords)
      .where(eq(practiceRecords.enteredByFamily, accountId));
    const [earlier] = await tx
      .select({ n: count() })
      .from(practiceRecordRevisions)
      .where(eq(practiceRecordRevisions.enteredByFamily, accountId));
    if ((left?.n ?? 0) + (entered?.n ?? 0) + (earlier?.n ?? 0) > 0) continue;
    const [account] = await tx
      .select({ email: familyAccounts.email })
      .from(familyAccounts)
      .where(eq(familyAccounts.id, accountId));
    await tx.delete(familyPasskeys).where(eq(familyPasskeys.accountId, accountId));
    await tx.delete(familyCodes).where(eq(familyCodes.accountId, accountId));
    await tx.delete(familyChallenges).where(eq(familyChallenges.accountId, accountId));
    await tx.delete(familySessions).where(eq(familySessions.accountId, accountId));
    // Sign-in codes are emailed to the account, not about a child: their queued emails go too.
    if (account) {
      await tx.delete(outbox).where(and(eq(outbox.kind, "family-code"), eq(outbox.emailAddress, account.email)));
    }
    await tx.delete(familyAccounts).where(eq(familyAccounts.id, accountId));
  }
}

/**
 * Erases a child and everything held about them (carers, referrals with their answers and
 * assessments, decisions, allocations, queued notifications, and the case: its notes, profiles,
 * plans with every revision, visits, practice records with their earlier versions, reviews, the
 * transition plan, exits and monitoring visits, consents, professionals and disclosures, and the
 * family app's access, invitations and messages, with the family accounts left reaching no child)
 * in one transaction, with one audit
 * entry (`erase`, record `child`, reason `retention`). The audit trail's earlier entries stay:
 * they hold record ids, never the data.
 */
export async function eraseChild(db: Database, childId: string, now: Date, reason = "retention"): Promise<boolean> {
  return db.transaction(
    async (tx) => {
      const [child] = await tx.select({ id: children.id }).from(children).where(eq(children.id, childId));
      if (!child) return false;
      const referralIds = (
        await tx.select({ id: referrals.id }).from(referrals).where(eq(referrals.childId, childId))
      ).map((r) => r.id);
      if (referralIds.length > 0) {
        await tx.delete(outbox).where(inArray(outbox.referralId, referralIds));
        await tx.delete(decisions).where(inArray(decisions.referralId, referralIds));
      }
      await tx
        .delete(allocations)
        .where(
          referralIds.length > 0
            ? or(eq(allocations.childId, childId), inArray(allocations.referralId, referralIds))
            : eq(allocations.childId, childId),
        );
      await tx.delete(outbox).where(eq(outbox.childId, childId));
      await tx.delete(disclosures).where(eq(disclosures.childId, childId));
      await tx.delete(consents).where(eq(consents.childId, childId));
      await tx.delete(professionals).where(eq(professionals.childId, childId));
      await tx.delete(exits).where(eq(exits.childId, childId));
      await tx.delete(monitoringVisits).where(eq(monitoringVisits.childId, childId));
      await tx.delete(transitionPlans).where(eq(transitionPlans.childId, childId));
      await tx.delete(goalReviews).where(eq(goalReviews.childId, childId));
      await tx.delete(blockReviews).where(eq(blockReviews.childId, childId));
      await tx
        .delete(practiceRecordRevisions)
        .where(
          inArray(
            practiceRecordRevisions.recordId,
            tx.select({ id: practiceRecords.id }).from(practiceRecords).where(eq(practiceRecords.childId, childId)),
          ),
        );
      await tx.delete(practiceRecords).where(eq(practiceRecords.childId, childId));
      await eraseFamilyAccess(tx, childId);
      await tx.delete(visits).where(eq(visits.childId, childId));
      const planIds = (await tx.select({ id: playPlans.id }).from(playPlans).where(eq(playPlans.childId, childId))).map(
        (p) => p.id,
      );
      if (planIds.length > 0) await tx.delete(playPlanRevisions).where(inArray(playPlanRevisions.planId, planIds));
      await tx.delete(playPlans).where(eq(playPlans.childId, childId));
      await tx.delete(developmentalProfiles).where(eq(developmentalProfiles.childId, childId));
      await tx.delete(cases).where(eq(cases.childId, childId));
      await tx.delete(referrals).where(eq(referrals.childId, childId));
      await tx.delete(carers).where(eq(carers.childId, childId));
      await tx.delete(children).where(eq(children.id, childId));
      await tx.insert(auditEvents).values({
        ...OPERATOR,
        at: now.toISOString(),
        action: "erase",
        outcome: "success",
        recordType: "child",
        recordId: childId,
        request: "cli retention-due --erase",
        reason,
      });
      return true;
    },
    { behavior: "immediate" },
  );
}

/** The child for a referral reference (`ABCD-EFGH`) or a child id, or `undefined`. */
export async function findChild(db: Database, referenceOrId: string): Promise<string | undefined> {
  const [byReference] = await db
    .select({ childId: referrals.childId })
    .from(referrals)
    .where(eq(referrals.reference, referenceOrId.trim().toUpperCase()));
  if (byReference) return byReference.childId;
  const [byId] = await db.select({ id: children.id }).from(children).where(eq(children.id, referenceOrId.trim()));
  return byId?.id;
}

/**
 * The family app's records for a child: each family member's access (with their account, the
 * invitations sent, and their sign-in history: passkeys, codes and sessions by date), and the
 * messages they sent. Never a passkey's public key or credential id, a code's or token's hash.
 */
async function familyAppRecords(db: Database, childId: string) {
  const accessRows = await db
    .select({ access: familyAccess, account: familyAccounts })
    .from(familyAccess)
    .innerJoin(familyAccounts, eq(familyAccounts.id, familyAccess.accountId))
    .where(eq(familyAccess.childId, childId))
    .orderBy(asc(familyAccess.invitedAt));
  const accessIds = accessRows.map((r) => r.access.id);
  const accountIds = [...new Set(accessRows.map((r) => r.account.id))];
  const none = Promise.resolve([]);
  const [invitations, passkeys, codes, sessions, messages] = await Promise.all([
    accessIds.length > 0
      ? db
          .select({
            accessId: familyInvitations.accessId,
            via: familyInvitations.via,
            createdAt: familyInvitations.createdAt,
            createdBy: familyInvitations.createdBy,
            expiresAt: familyInvitations.expiresAt,
            usedAt: familyInvitations.usedAt,
            voidedAt: familyInvitations.voidedAt,
          })
          .from(familyInvitations)
          .where(inArray(familyInvitations.accessId, accessIds))
          .orderBy(asc(familyInvitations.createdAt))
      : none,
    accountIds.length > 0
      ? db
          .select({
            accountId: familyPasskeys.accountId,
            createdAt: familyPasskeys.createdAt,
            lastUsedAt: familyPasskeys.lastUsedAt,
            deviceType: familyPasskeys.deviceType,
            backedUp: familyPasskeys.backedUp,
          })
          .from(familyPasskeys)
          .where(inArray(familyPasskeys.accountId, accountIds))
          .orderBy(asc(familyPasskeys.createdAt))
      : none,
    accountIds.length > 0
      ? db
          .select({
            accountId: familyCodes.accountId,
            createdAt: familyCodes.createdAt,
            expiresAt: familyCodes.expiresAt,
            usedAt: familyCodes.usedAt,
            failedAttempts: familyCodes.failedAttempts,
          })
          .from(familyCodes)
          .where(inArray(familyCodes.accountId, accountIds))
          .orderBy(asc(familyCodes.createdAt))
      : none,
    accountIds.length > 0
      ? db
          .select({
            accountId: familySessions.accountId,
            method: familySessions.method,
            createdAt: familySessions.createdAt,
            lastSeenAt: familySessions.lastSeenAt,
            expiresAt: familySessions.expiresAt,
            endedAt: familySessions.endedAt,
          })
          .from(familySessions)
          .where(inArray(familySessions.accountId, accountIds))
          .orderBy(asc(familySessions.createdAt))
      : none,
    db.select().from(familyMessages).where(eq(familyMessages.childId, childId)).orderBy(asc(familyMessages.createdAt)),
  ]);
  return {
    members: accessRows.map(({ access, account }) => ({
      account: {
        id: account.id,
        email: account.email,
        name: account.name,
        createdAt: account.createdAt,
        disabledAt: account.disabledAt,
      },
      access,
      invitations: invitations.filter((i) => i.accessId === access.id),
      passkeys: passkeys.filter((p) => p.accountId === account.id),
      signInCodes: codes.filter((x) => x.accountId === account.id),
      sessions: sessions.filter((x) => x.accountId === account.id),
    })),
    messages,
  };
}

/** Everything held about a child and their family, as one object (subject access). */
export async function childRecords(db: Database, childId: string, now: Date) {
  const [child] = await db.select().from(children).where(eq(children.id, childId));
  if (!child) return undefined;
  const family = await db.select().from(carers).where(eq(carers.childId, childId)).orderBy(asc(carers.createdAt));
  const referralRows = await db
    .select()
    .from(referrals)
    .where(eq(referrals.childId, childId))
    .orderBy(asc(referrals.receivedAt));
  const referralIds = referralRows.map((r) => r.id);
  const decisionRows =
    referralIds.length > 0
      ? await db
          .select()
          .from(decisions)
          .where(inArray(decisions.referralId, referralIds))
          .orderBy(asc(decisions.decidedAt))
      : [];
  const allocationRows = await db
    .select()
    .from(allocations)
    .where(eq(allocations.childId, childId))
    .orderBy(asc(allocations.allocatedAt));
  // Notifications about the referral and about the case (reports sent, routine notices); a sent
  // document is listed by name, not copied into the export.
  const notifications = (
    await db
      .select()
      .from(outbox)
      .where(
        referralIds.length > 0
          ? or(inArray(outbox.referralId, referralIds), eq(outbox.childId, childId))
          : eq(outbox.childId, childId),
      )
      .orderBy(asc(outbox.createdAt))
  ).map(({ document: _document, ...row }) => row);
  const [caseNotes] = await db.select().from(cases).where(eq(cases.childId, childId));
  const profiles = await db
    .select()
    .from(developmentalProfiles)
    .where(eq(developmentalProfiles.childId, childId))
    .orderBy(asc(developmentalProfiles.recordedOn));
  const planRows = await db
    .select()
    .from(playPlans)
    .where(eq(playPlans.childId, childId))
    .orderBy(asc(playPlans.createdAt));
  const revisionRows =
    planRows.length > 0
      ? await db
          .select()
          .from(playPlanRevisions)
          .where(
            inArray(
              playPlanRevisions.planId,
              planRows.map((p) => p.id),
            ),
          )
          .orderBy(asc(playPlanRevisions.changedAt), asc(playPlanRevisions.version))
      : [];
  const visitRows = await db.select().from(visits).where(eq(visits.childId, childId)).orderBy(asc(visits.date));
  const practiceRows = await db
    .select()
    .from(practiceRecords)
    .where(eq(practiceRecords.childId, childId))
    .orderBy(asc(practiceRecords.date));
  const practiceRevisionRows =
    practiceRows.length > 0
      ? await db
          .select()
          .from(practiceRecordRevisions)
          .where(
            inArray(
              practiceRecordRevisions.recordId,
              practiceRows.map((p) => p.id),
            ),
          )
          .orderBy(asc(practiceRecordRevisions.version))
      : [];
  const familyApp = await familyAppRecords(db, childId);
  const reviewRows = await db
    .select()
    .from(blockReviews)
    .where(eq(blockReviews.childId, childId))
    .orderBy(asc(blockReviews.reviewedOn));
  const goalReviewRows = await db
    .select()
    .from(goalReviews)
    .where(eq(goalReviews.childId, childId))
    .orderBy(asc(goalReviews.reviewedOn));
  const [transitionPlan] = await db.select().from(transitionPlans).where(eq(transitionPlans.childId, childId));
  const exitRows = await db.select().from(exits).where(eq(exits.childId, childId)).orderBy(asc(exits.exitedOn));
  const monitoringRows = await db
    .select()
    .from(monitoringVisits)
    .where(eq(monitoringVisits.childId, childId))
    .orderBy(asc(monitoringVisits.date));
  const consentRows = await db
    .select()
    .from(consents)
    .where(eq(consents.childId, childId))
    .orderBy(asc(consents.givenOn));
  const professionalRows = await db
    .select()
    .from(professionals)
    .where(eq(professionals.childId, childId))
    .orderBy(asc(professionals.createdAt));
  const disclosureRows = await db
    .select()
    .from(disclosures)
    .where(eq(disclosures.childId, childId))
    .orderBy(asc(disclosures.disclosedOn));
  const about = [and(eq(auditEvents.recordType, "child"), eq(auditEvents.recordId, childId))];
  if (referralIds.length > 0)
    about.push(and(eq(auditEvents.recordType, "referral"), inArray(auditEvents.recordId, referralIds)));
  const audit = await db
    .select()
    .from(auditEvents)
    .where(or(...about))
    .orderBy(asc(auditEvents.id));
  return {
    exportedAt: now.toISOString(),
    child,
    carers: family,
    referrals: referralRows.map((r) => ({
      ...r,
      decisions: decisionRows.filter((d) => d.referralId === r.id),
    })),
    allocations: allocationRows,
    case: caseNotes ?? null,
    developmentalProfiles: profiles,
    playPlans: planRows.map((p) => ({ ...p, revisions: revisionRows.filter((r) => r.planId === p.id) })),
    visits: visitRows,
    practiceRecords: practiceRows.map((p) => ({
      ...p,
      earlierVersions: practiceRevisionRows.filter((r) => r.recordId === p.id),
    })),
    blockReviews: reviewRows,
    goalReviews: goalReviewRows,
    transitionPlan: transitionPlan ?? null,
    exits: exitRows,
    monitoringVisits: monitoringRows,
    consents: consentRows,
    professionals: professionalRows,
    disclosures: disclosureRows,
    familyApp,
    notifications,
    auditEvents: audit,
  };
}

/**
 * Writes everything held about the child found by `referenceOrId` to `file` (one JSON file,
 * readable by its owner only; never overwrites) and audits it as an `export`. Returns the child id,
 * or `undefined` when there is no such child.
 */
export async function exportChild(
  db: Database,
  referenceOrId: string,
  file: string,
  now: Date,
): Promise<string | undefined> {
  const childId = await findChild(db, referenceOrId);
  if (!childId) return undefined;
  const records = await childRecords(db, childId, now);
  if (!records) return undefined;
  writeFileSync(file, `${JSON.stringify(records, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  await db.insert(auditEvents).values({
    ...OPERATOR,
    at: now.toISOString(),
    action: "export",
    outcome: "success",
    recordType: "child",
    recordId: childId,
    request: "cli export-child",
    reason: "subject-access",
  });
  return childId;
}
