// The caseload import's writing: every planned child in one immediate transaction (all or
// nothing), each record audited as imported. A child is known by its referral's idempotency key
// `import:<child_ref>`, so running the same import again writes nothing new, and a child whose
// rows changed since they were imported is left as Open Portage holds them (and listed).
import { destroyAfterDate, type Protocol } from "@openportage/domain";
import { like } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { allocations, auditEvents, carers, children, decisions, playPlans, referrals } from "../../db/schema.js";
import type { AuditRow } from "../../lib/audit.js";
import { newId, newReference } from "../../lib/ids.js";
import { assess, fingerprint } from "../referrals/intake.js";
import type { ImportCheck, PlannedChild } from "./check.js";

/** The key an imported child's referral carries. */
export const importKey = (childRef: string) => `import:${childRef}`;

/** The fingerprint of a child's rows: the same rows give the same fingerprint. */
export const rowsFingerprint = (child: PlannedChild) => fingerprint({ import: child.rows });

/** Children imported before, by key, with the fingerprint of the rows they came from. */
export async function importedBefore(db: Database): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: referrals.idempotencyKey, fingerprint: referrals.fingerprint })
    .from(referrals)
    .where(like(referrals.idempotencyKey, "import:%"));
  return new Map(rows.map((r) => [r.key as string, r.fingerprint]));
}

/** Which planned children are new, which were imported before as they are, and which changed since. */
export function sortByHistory(check: ImportCheck, before: ReadonlyMap<string, string>) {
  const fresh: PlannedChild[] = [];
  const unchanged: string[] = [];
  const changed: string[] = [];
  for (const child of check.children) {
    const print = before.get(importKey(child.childRef));
    if (print === undefined) fresh.push(child);
    else if (print === rowsFingerprint(child)) unchanged.push(child.childRef);
    else changed.push(child.childRef);
  }
  return { fresh, unchanged, changed };
}

/** Who imports, and the audit row's context. */
export interface ImportActor {
  readonly id: string;
  readonly role: string;
  /** `POST /api/imports` or `cli import-caseload`. */
  readonly request: string;
  readonly address: string | null;
}

/** What was written. */
export interface ImportWritten {
  readonly children: number;
  readonly referrals: number;
  readonly decisions: number;
  readonly allocations: number;
  readonly plans: number;
  readonly targets: number;
}

const ROWS_PER_INSERT = 100;
const noonOf = (day: string) => `${day}T12:00:00.000Z`;

async function insertAll<T>(insert: (rows: T[]) => Promise<unknown>, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

/**
 * Writes `fresh` children in one transaction. Dates are the files' own (stored at noon UTC, the
 * same day in England), so the waiting list ranks imported children by their original dates.
 */
export async function writeImport(
  db: Database,
  fresh: readonly PlannedChild[],
  protocol: Protocol,
  actor: ImportActor,
  now: Date,
): Promise<ImportWritten> {
  const at = now.toISOString();
  const audit = (action: string, recordType: string, recordId: string, reason?: string): AuditRow => ({
    at,
    actorId: actor.id,
    actorRole: actor.role,
    action,
    recordType,
    recordId,
    outcome: "success",
    request: actor.request,
    address: actor.address,
    reason: reason ?? "caseload-import",
  });
  const childRows: (typeof children.$inferInsert)[] = [];
  const carerRows: (typeof carers.$inferInsert)[] = [];
  const referralRows: (typeof referrals.$inferInsert)[] = [];
  const decisionRows: (typeof decisions.$inferInsert)[] = [];
  const allocationRows: (typeof allocations.$inferInsert)[] = [];
  const planRows: (typeof playPlans.$inferInsert)[] = [];
  const auditRows: AuditRow[] = [];
  let targets = 0;

  return db.transaction(
    async (tx) => {
      const taken = new Set((await tx.select({ r: referrals.reference }).from(referrals)).map((r) => r.r));
      const reference = () => {
        for (;;) {
          const candidate = newReference();
          if (!taken.has(candidate)) {
            taken.add(candidate);
            return candidate;
          }
        }
      };
      for (const child of fresh) {
        const childId = newId();
        const referralId = newId();
        const a = child.answers;
        const receivedAt = noonOf(child.receivedOn);
        childRows.push({
          id: childId,
          firstName: a.childFirstName,
          lastName: a.childLastName,
          dateOfBirth: a.childDateOfBirth,
          sex: a.childSex,
          homeLanguages: a.homeLanguages,
          interpreterNeeded: a.interpreterNeeded === "yes",
          addressLine1: a.addressLine1,
          addressLine2: a.addressLine2 ?? null,
          addressTown: a.addressTown,
          postcode: a.postcode,
          destroyAfter: destroyAfterDate(a.childDateOfBirth, protocol),
          createdAt: at,
          updatedAt: at,
        });
        carerRows.push({
          id: newId(),
          childId,
          name: a.carerName,
          relationship: a.carerRelationship,
          phone: a.carerPhone,
          email: a.carerEmail ?? null,
          createdAt: at,
        });
        const last = child.decisions[child.decisions.length - 1];
        const acceptedOn =
          child.waiting?.acceptedOn ?? (last?.outcome === "accepted" ? last.decidedOn : undefined) ?? null;
        const status = child.allocation
          ? "allocated"
          : acceptedOn !== null
            ? "waiting"
            : last?.outcome === "not-eligible"
              ? "not-eligible"
              : last?.outcome === "more-information"
                ? "more-information"
                : "received";
        const lastDay = child.allocation?.allocatedOn ?? last?.decidedOn ?? child.receivedOn;
        const assessment = assess(a, child.route, null, protocol, child.receivedOn);
        referralRows.push({
          id: referralId,
          reference: reference(),
          childId,
          route: child.route,
          source: "staff",
          enteredBy: actor.id,
          receivedAt,
          answers: child.referrer ? { ...a, referrer: child.referrer } : a,
          idempotencyKey: importKey(child.childRef),
          fingerprint: rowsFingerprint(child),
          status,
          eligibility: assessment,
          eligibilityOutcome: assessment.outcome,
          assessedAt: at,
          complexity: child.waiting?.complexity ?? null,
          hadPortageBefore: child.waiting?.hadPortageBefore ?? null,
          otherSpecialistSupport: child.waiting?.otherSpecialistSupport ?? null,
          acceptedOn,
          inSetting: a.attendsSetting === "yes",
          updatedAt: noonOf(lastDay),
        });
        auditRows.push(audit("import", "child", childId), audit("import", "referral", referralId));
        for (const d of child.decisions) {
          const id = newId();
          decisionRows.push({
            id,
            referralId,
            outcome: d.outcome,
            note: d.note,
            signposting: d.signposting,
            decidedBy: actor.id,
            decidedAt: noonOf(d.decidedOn),
          });
          auditRows.push(audit("import", "decision", id));
        }
        if (child.allocation) {
          const id = newId();
          allocationRows.push({
            id,
            referralId,
            childId,
            homeVisitorId: child.allocation.homeVisitorId,
            allocatedBy: actor.id,
            allocatedAt: noonOf(child.allocation.allocatedOn),
          });
          auditRows.push(audit("import", "allocation", id), audit("change", "child", childId, "allocated"));
        }
        if (child.plan) {
          const id = newId();
          const document = {
            ...child.plan,
            id,
            childId,
            blocks: child.plan.blocks.map((b) => ({
              ...b,
              id: newId(),
              targets: b.targets.map((t) => ({
                ...t,
                id: newId(),
                teachingSteps: t.teachingSteps.map((s) => ({ ...s, id: newId() })),
              })),
            })),
          };
          targets += document.blocks.reduce((n, b) => n + b.targets.length, 0);
          planRows.push({
            id,
            childId,
            status: child.plan.status,
            document,
            createdAt: at,
            createdBy: actor.id,
            updatedAt: at,
            updatedBy: actor.id,
          });
          auditRows.push(audit("import", "play-plan", id));
        }
      }
      await insertAll((rows) => tx.insert(children).values(rows), childRows);
      await insertAll((rows) => tx.insert(carers).values(rows), carerRows);
      await insertAll((rows) => tx.insert(referrals).values(rows), referralRows);
      await insertAll((rows) => tx.insert(decisions).values(rows), decisionRows);
      await insertAll((rows) => tx.insert(allocations).values(rows), allocationRows);
      await insertAll((rows) => tx.insert(playPlans).values(rows), planRows);
      await insertAll((rows) => tx.insert(auditEvents).values(rows), auditRows);
      return {
        children: childRows.length,
        referrals: referralRows.length,
        decisions: decisionRows.length,
        allocations: allocationRows.length,
        plans: planRows.length,
        targets,
      };
    },
    { behavior: "immediate" },
  );
}
