// Storing a referral: the child, their parent or carer, the referral with its eligibility
// assessment, the notifications to send and the audit event, in one unit of work that commits
// (with the other referrals that arrived at the same moment: a group commit) before the family is
// told their reference. A retried submission (same idempotency key, same answers) returns the
// first result and stores nothing new.
import { createHash } from "node:crypto";
import {
  assessEligibility,
  destroyAfterDate,
  type EligibilityAssessment,
  type EligibilityFacts,
  type IsoDate,
  type Protocol,
} from "@openportage/domain";
import { type Referral, toEligibilityFacts } from "@openportage/referral-form";
import { type Database, isUniqueViolation } from "../../db/client.js";
import { groupCommit } from "../../db/group-commit.js";
import { plainInsert } from "../../db/plain.js";
import { type auditEvents, auditInbox, carers, children, outbox, referrals } from "../../db/schema.js";
import type { AuditEvent } from "../../lib/audit.js";
import { englandDate } from "../../lib/clock.js";
import { newId, newReference } from "../../lib/ids.js";
import type { RateLimiter } from "../../lib/rate-limit.js";
import type { Deps } from "../../lib/types.js";

/** How a referral came in. */
export interface IntakeSource {
  readonly route: string;
  readonly source: "public-form" | "staff";
  readonly enteredBy?: string | undefined;
  /** The client's idempotency key, if it sent one. */
  readonly idempotencyKey?: string | undefined;
  /** Staff-entered referrals also record who referred (a professional), free text. */
  readonly referrer?: Record<string, string> | undefined;
  /** A limit the referral counts against (the public form's per address), counted in its own commit. */
  readonly limit?: { readonly limiter: RateLimiter; readonly key: string } | undefined;
}

/** What the caller gets back. */
export type IntakeResult =
  | {
      readonly kind: "created" | "replayed";
      readonly id: string;
      readonly reference: string;
      readonly receivedAt: string;
    }
  | { readonly kind: "conflict"; readonly reference: string }
  /** Over the limit: nothing stored; try again in `wait` seconds. */
  | { readonly kind: "rate-limited"; readonly wait: number };

/** Thrown inside the transaction to roll it back when the referral is over its limit. */
class OverLimit extends Error {
  constructor(readonly wait: number) {
    super("over the referral limit");
  }
}

/** The eligibility facts of a referral: its answers', with what staff found at triage on top. */
export function referralFacts(answers: Referral, route: string, triageFacts: unknown): EligibilityFacts {
  return { ...toEligibilityFacts(answers, route), ...((triageFacts as EligibilityFacts | null) ?? {}) };
}

/** The child's record as a referral's answers give it (on intake, and when staff correct the answers). */
export function childFromAnswers(answers: Referral) {
  return {
    firstName: answers.childFirstName,
    lastName: answers.childLastName,
    dateOfBirth: answers.childDateOfBirth,
    sex: answers.childSex,
    homeLanguages: answers.homeLanguages,
    interpreterNeeded: answers.interpreterNeeded === "yes",
    addressLine1: answers.addressLine1,
    addressLine2: answers.addressLine2 ?? null,
    addressTown: answers.addressTown,
    postcode: answers.postcode,
  };
}

/** Runs the domain's eligibility rules on a referral. */
export function assess(
  answers: Referral,
  route: string,
  triageFacts: unknown,
  protocol: Protocol,
  asOf: IsoDate,
): EligibilityAssessment {
  return assessEligibility(referralFacts(answers, route, triageFacts), protocol, asOf);
}

/** SHA-256 of the answers with keys in a fixed order: the same answers give the same fingerprint. */
export function fingerprint(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

/** The referral stored under an idempotency key, if any (asked when a submission's key is taken: plain SQL). */
async function findByKey(db: Database, key: string) {
  const { rows } = await db.$client.execute({
    sql: "select id, reference, received_at, fingerprint from referrals where idempotency_key = ? limit 1",
    args: [key],
  });
  const row = rows[0];
  return row
    ? {
        id: String(row.id),
        reference: String(row.reference),
        receivedAt: String(row.received_at),
        fingerprint: String(row.fingerprint),
      }
    : undefined;
}

/** What one referral stores, given its ids and the assessment made of it. */
export interface ReferralRecord {
  readonly ids: { readonly childId: string; readonly referralId: string; readonly reference: string };
  readonly answers: Referral;
  readonly from: Pick<IntakeSource, "route" | "source" | "enteredBy" | "referrer">;
  readonly idempotencyKey: string | undefined;
  readonly fingerprint: string;
  readonly assessment: EligibilityAssessment;
  readonly receivedAt: string;
  readonly protocol: Protocol;
  /** Where the team's alert goes, if anywhere. */
  readonly teamEmail: string | undefined;
  /** The audit rows of the referral's creation (built in the request's context). */
  readonly audit: readonly (typeof auditEvents.$inferInsert)[];
}

/**
 * A referral's writes, in plain SQL from the schema's tables (db/plain.ts): the child, the carer,
 * the referral with its assessment, the notifications to send and the audit rows. Run as one
 * batch in the referral's unit of work; the hosting benchmark commits the same writes on their own.
 */
export function referralWrites(record: ReferralRecord) {
  const { ids, answers, from, idempotencyKey, fingerprint, assessment, receivedAt, protocol, teamEmail, audit } =
    record;
  const { childId, referralId, reference } = ids;
  const writes = [
    plainInsert(children, [
      {
        id: childId,
        ...childFromAnswers(answers),
        destroyAfter: destroyAfterDate(answers.childDateOfBirth, protocol),
        createdAt: receivedAt,
        updatedAt: receivedAt,
      },
    ]),
    plainInsert(carers, [
      {
        id: newId(),
        childId,
        name: answers.carerName,
        relationship: answers.carerRelationship,
        phone: answers.carerPhone,
        email: answers.carerEmail ?? null,
        createdAt: receivedAt,
      },
    ]),
    plainInsert(referrals, [
      {
        id: referralId,
        reference,
        childId,
        route: from.route,
        source: from.source,
        enteredBy: from.enteredBy ?? null,
        receivedAt,
        answers: from.referrer ? { ...answers, referrer: from.referrer } : answers,
        inSetting: answers.attendsSetting === "yes",
        idempotencyKey: idempotencyKey ?? null,
        fingerprint,
        status: "received",
        eligibility: assessment,
        eligibilityOutcome: assessment.outcome,
        assessedAt: receivedAt,
        updatedAt: receivedAt,
      },
    ]),
  ];
  const notifications: (typeof outbox.$inferInsert)[] = [];
  const personalisation = { reference, service_name: protocol.serviceName };
  if (answers.carerEmail && from.source === "public-form") {
    notifications.push({
      id: newId(),
      kind: "parent-confirmation",
      emailAddress: answers.carerEmail,
      personalisation,
      referralId,
      nextAttemptAt: receivedAt,
      createdAt: receivedAt,
    });
  }
  if (teamEmail) {
    notifications.push({
      id: newId(),
      kind: "team-alert",
      emailAddress: teamEmail,
      // The team's email says only that a referral arrived: the details stay behind sign-in.
      personalisation: { ...personalisation, route: from.route },
      referralId,
      nextAttemptAt: receivedAt,
      createdAt: receivedAt,
    });
  }
  if (notifications.length > 0) writes.push(plainInsert(outbox, notifications));
  writes.push(plainInsert(auditInbox, audit));
  return writes;
}

/** Stores a validated referral; `auditFor` builds the audit row in the caller's request context. */
export async function storeReferral(
  deps: Pick<Deps, "db" | "clock" | "protocol" | "config">,
  answers: Referral,
  from: IntakeSource,
  auditFor: (event: AuditEvent) => typeof auditEvents.$inferInsert,
): Promise<IntakeResult> {
  const { db, clock, protocol, config } = deps;
  const print = fingerprint({ route: from.route, answers, referrer: from.referrer ?? null });
  // A form posted without JavaScript carries no key: the same answers on the same day (England
  // time) count as the same submission, so a double click stores one referral, while a family
  // who refers again on a later day is not silently given an old reference.
  const key =
    from.idempotencyKey ?? (from.source === "public-form" ? `answers:${englandDate(clock.now())}:${print}` : undefined);

  // A retry is found by the idempotency key's unique index, in the unit of work: the referral's
  // insert fails on it, the unit is undone (nothing stored, nothing counted against the limit) and
  // the first referral is answered. A new referral, the usual case, costs no lookup before.
  const now = clock.now();
  const receivedAt = now.toISOString();
  const today = englandDate(now);
  const assessment = assess(answers, from.route, null, protocol, today);

  for (let attempt = 0; ; attempt++) {
    const childId = newId();
    const referralId = newId();
    const reference = newReference();
    try {
      // Shared with the referrals that arrived at the same moment: one commit for all of them,
      // each in its own savepoint, each answered only after the commit (db/group-commit.ts). The
      // writes are plain SQL from the schema's tables (db/plain.ts): one call into the driver.
      await groupCommit(db).run(async (unit) => {
        const writes = referralWrites({
          ids: { childId, referralId, reference },
          answers,
          from,
          idempotencyKey: key,
          fingerprint: print,
          assessment,
          receivedAt,
          protocol,
          teamEmail: config.TEAM_EMAIL ?? protocol.council.contact.email,
          audit: [
            auditFor({ action: "create", outcome: "success", recordType: "referral", recordId: referralId }),
            auditFor({ action: "create", outcome: "success", recordType: "child", recordId: childId }),
          ],
        });
        // The hit is counted last in the same batch, so that a retry (refused by the key's index,
        // which stops the batch) is not counted, and undone with the writes when over the limit:
        // only stored referrals count.
        const hit = from.limit?.limiter.hitIn(from.limit.key, now.getTime());
        const results = await unit.batch(hit ? [...writes, ...hit.statements] : writes);
        if (hit) {
          const wait = hit.waitFrom(results.at(-1));
          if (wait > 0) throw new OverLimit(wait);
        }
      });
      return { kind: "created", id: referralId, reference, receivedAt };
    } catch (error) {
      if (error instanceof OverLimit) return { kind: "rate-limited", wait: error.wait };
      if (key && isUniqueViolation(error, "idempotency_key")) {
        // A retry of a stored submission (or the same one racing in on another connection, which
        // won): answer with the first result.
        const existing = await findByKey(db, key);
        if (existing) {
          return existing.fingerprint === print
            ? { kind: "replayed", id: existing.id, reference: existing.reference, receivedAt: existing.receivedAt }
            : { kind: "conflict", reference: existing.reference };
        }
      }
      if (attempt < 5 && isUniqueViolation(error, "reference")) continue;
      throw error;
    }
  }
}
