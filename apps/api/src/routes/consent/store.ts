// The case's consents as the domain reads them, and the one way information leaves the service by
// email: a disclosure and its outbox row written together, after the domain's `sharingDecision`
// allowed it, and checked again just before the outbox sends it (consent withdrawn in between
// stops it). Routine notices (the protocol's `informedRoutinely` recipients) go the same way.
import {
  type ConsentRecord,
  dateInWords,
  type IsoDate,
  type Protocol,
  type SharingDecision,
  sharingDecision,
} from "@openportage/domain";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { routineNoticeEmail } from "../../config.js";
import type { Database } from "../../db/client.js";
import { allocations, auditEvents, children, consents, disclosures, outbox, users } from "../../db/schema.js";
import { auditRow } from "../../lib/audit.js";
import { type Clock, englandDate } from "../../lib/clock.js";
import { newId } from "../../lib/ids.js";
import type { NotificationKind, OutboxRow } from "../../lib/notify.js";
import { ProblemError, validationProblem } from "../../lib/problem.js";
import { staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { editConflict } from "../cases/conflict.js";
import type { Tx } from "../plans/store.js";
import type { DisclosureView } from "./contract.js";

type Reader = Database | Tx;
type Deps = AppEnv["Variables"]["deps"];

/** A recipient's name in the protocol (its id when the protocol no longer lists it). */
export function recipientName(deps: Pick<Deps, "protocol">, id: string): string {
  return deps.protocol.sharing.recipients.find((r) => r.id === id)?.name ?? id;
}

export type ConsentRow = typeof consents.$inferSelect;

/** The purpose a routine notice serves (the domain's common purposes). */
export const ROUTINE_NOTICE_PURPOSE = "informing-involvement";

/** The case's consents with the name of who recorded each, oldest first. */
export async function consentRows(db: Reader, childId: string) {
  return db
    .select({ consent: consents, recorder: users.name })
    .from(consents)
    .leftJoin(users, eq(users.id, consents.recordedBy))
    .where(eq(consents.childId, childId))
    .orderBy(asc(consents.givenOn), asc(consents.createdAt));
}

/** A stored consent as the domain reads it. */
export function recordOf(row: ConsentRow): ConsentRecord {
  const base = {
    id: row.id,
    givenBy: { name: row.givenByName, relationship: row.givenByRelationship },
    givenOn: row.givenOn as IsoDate,
    recordedAs: row.recordedAs,
    recordedBy: row.heardBy ?? row.recordedBy,
    ...(row.withdrawnOn ? { withdrawnOn: row.withdrawnOn as IsoDate } : {}),
  };
  if (row.kind === "service") return { kind: "service", ...base };
  const purposes = row.purposes as string[] | null;
  return {
    kind: "sharing",
    ...base,
    recipientIds: (row.recipientIds as string[] | null) ?? [],
    ...(purposes && purposes.length > 0 ? { purposes } : {}),
  };
}

/** The domain's decision on the case's stored consents. */
export async function decide(
  db: Reader,
  protocol: Protocol,
  childId: string,
  recipientId: string,
  purpose: string,
  on: IsoDate,
): Promise<SharingDecision> {
  const records = (await consentRows(db, childId)).map((r) => recordOf(r.consent));
  return sharingDecision(records, recipientId, purpose, on, protocol);
}

/**
 * Withdraws a consent from `withdrawnOn`, inside the caller's transaction: refused with 404 when
 * the child has no such consent, 409 `edit-conflict` when `version` is not the stored one, 409
 * when it was withdrawn already, 422 (`withdrawnOn`) before the day it was given or after
 * `today`. Nothing may rely on it from that day (the domain's `sharingDecision`). Audited as
 * `consent-change` by whoever is signed in (a member of staff, or a family member in the family
 * app). Returns the consent as it was before.
 */
export async function withdrawConsent(
  tx: Tx,
  c: Context<AppEnv>,
  childId: string,
  consentId: string,
  input: { version: number; withdrawnOn: string },
  today: string,
): Promise<ConsentRow> {
  const now = c.get("deps").clock.now().toISOString();
  const [row] = await tx
    .select()
    .from(consents)
    .where(and(eq(consents.id, consentId), eq(consents.childId, childId)));
  if (!row) throw new ProblemError("not-found", 404, "There is no consent here that you can see");
  if (row.version !== input.version) {
    const [changer] = await tx.select({ name: users.name }).from(users).where(eq(users.id, row.recordedBy));
    throw editConflict("consent", input.version, {
      currentVersion: row.version,
      changedBy: changer?.name ?? null,
      changedAt: row.updatedAt,
      changes: row.withdrawnOn ? [`${row.kind}-consent-withdrawn`] : [],
    });
  }
  if (row.withdrawnOn) {
    throw new ProblemError("conflict", 409, `This consent was already withdrawn on ${row.withdrawnOn}.`);
  }
  if (input.withdrawnOn < row.givenOn) {
    throw validationProblem([
      { field: "withdrawnOn", message: `cannot be before the day consent was given (${row.givenOn})` },
    ]);
  }
  if (input.withdrawnOn > today)
    throw validationProblem([{ field: "withdrawnOn", message: "cannot be in the future" }]);
  await tx
    .update(consents)
    .set({ withdrawnOn: input.withdrawnOn, version: row.version + 1, updatedAt: now })
    .where(and(eq(consents.id, consentId), eq(consents.version, row.version)));
  await tx.insert(auditEvents).values(
    auditRow(c, {
      action: "consent-change",
      outcome: "success",
      recordType: "child",
      recordId: childId,
      reason: `${row.kind}-consent-withdrawn`,
    }),
  );
  return row;
}

/** A disclosure that leaves by email through the outbox. */
export interface EmailDisclosure {
  childId: string;
  recipientId: string;
  professionalId?: string | null;
  what: string;
  description: string;
  purpose: string;
  decision: SharingDecision;
  emailAddress: string;
  kind: NotificationKind;
  personalisation: Record<string, string>;
  document?: { name: string; content: Uint8Array };
  disclosedBy: string;
  idempotencyKey?: string | null;
}

/** Writes the disclosure and its outbox row in the caller's transaction. Returns the disclosure's id. */
export async function queueEmailDisclosure(tx: Tx, clock: Clock, input: EmailDisclosure): Promise<string> {
  const now = clock.now().toISOString();
  const disclosureId = newId();
  await tx.insert(disclosures).values({
    id: disclosureId,
    childId: input.childId,
    recipientId: input.recipientId,
    professionalId: input.professionalId ?? null,
    what: input.what,
    description: input.description,
    purpose: input.purpose,
    basis: "consent",
    consentId: input.decision.consentId ?? null,
    exception: null,
    channel: "notify-email",
    emailAddress: input.emailAddress,
    idempotencyKey: input.idempotencyKey ?? null,
    disclosedOn: englandDate(clock.now()),
    disclosedBy: input.disclosedBy,
    createdAt: now,
  });
  await tx.insert(outbox).values({
    id: newId(),
    kind: input.kind,
    emailAddress: input.emailAddress,
    personalisation: input.personalisation,
    childId: input.childId,
    disclosureId,
    document: input.document ? Buffer.from(input.document.content).toString("base64") : null,
    documentName: input.document?.name ?? null,
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  });
  return disclosureId;
}

/**
 * Asked by the outbox just before it sends a row that carries a disclosure: the reason it may no
 * longer go (the family withdrew the consent it rested on), or null. A disclosure made on a
 * coordinator's exception is not stopped by consent.
 */
export function mayStillSend(db: Database, protocol: Protocol, clock: Clock) {
  return async (row: OutboxRow): Promise<string | null> => {
    if (!row.disclosureId) return null;
    const [d] = await db.select().from(disclosures).where(eq(disclosures.id, row.disclosureId));
    if (!d) return "The disclosure it belonged to is no longer on record.";
    if (d.basis !== "consent") return null;
    const decision = await decide(db, protocol, d.childId, d.recipientId, d.purpose, englandDate(clock.now()));
    return decision.allowed ? null : decision.reason;
  };
}

/**
 * Queues the protocol's routine notices for a child ("we will inform your local Children and
 * Family Wellbeing Service"): once the child is allocated (the family has started) and the
 * family's consent allows it, once per recipient (a unique index holds it to one). A recipient
 * with no configured address waits. Returns the recipients queued. Audited as `disclose`.
 */
export async function queueRoutineNotices(tx: Tx, c: Context<AppEnv>, childId: string): Promise<string[]> {
  const deps = c.get("deps");
  const actor = staff(c);
  const routine = deps.protocol.sharing.recipients.filter((r) => r.informedRoutinely);
  if (routine.length === 0) return [];
  const [started] = await tx
    .select({ allocatedAt: allocations.allocatedAt, visitor: users.name })
    .from(allocations)
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
    .limit(1);
  if (!started) return [];
  const already = new Set(
    (
      await tx
        .select({ recipientId: disclosures.recipientId })
        .from(disclosures)
        .where(
          and(
            eq(disclosures.childId, childId),
            eq(disclosures.what, "routine-notice"),
            isNull(disclosures.cancelledAt),
          ),
        )
    ).map((r) => r.recipientId),
  );
  const [child] = await tx
    .select({ firstName: children.firstName, lastName: children.lastName, dateOfBirth: children.dateOfBirth })
    .from(children)
    .where(eq(children.id, childId));
  if (!child) return [];
  const today = englandDate(deps.clock.now());
  const queued: string[] = [];
  for (const recipient of routine) {
    if (already.has(recipient.id)) continue;
    const emailAddress = routineNoticeEmail(deps.config, recipient.id);
    if (!emailAddress) continue;
    const decision = await decide(tx, deps.protocol, childId, recipient.id, ROUTINE_NOTICE_PURPOSE, today);
    if (!decision.allowed) continue;
    const startedOn = englandDate(new Date(started.allocatedAt));
    await queueEmailDisclosure(tx, deps.clock, {
      childId,
      recipientId: recipient.id,
      what: "routine-notice",
      description: `${recipient.name} told that the family receives ${deps.protocol.serviceName}`,
      purpose: ROUTINE_NOTICE_PURPOSE,
      decision,
      emailAddress,
      kind: "routine-notice",
      personalisation: {
        service_name: deps.protocol.serviceName,
        recipient_name: recipient.name,
        child_name: `${child.firstName} ${child.lastName}`,
        date_of_birth: dateInWords(child.dateOfBirth as IsoDate),
        started_on: dateInWords(startedOn),
        home_visitor: started.visitor,
      },
      disclosedBy: actor.id,
    });
    await tx.insert(auditEvents).values(
      auditRow(c, {
        action: "disclose",
        outcome: "success",
        recordType: "child",
        recordId: childId,
        reason: "routine-notice-queued",
      }),
    );
    queued.push(recipient.id);
  }
  return queued;
}

/** The child's disclosures, newest first, each with its email delivery when it left through the outbox. */
export async function disclosureViews(deps: Deps, childId: string): Promise<DisclosureView[]> {
  const rows = await deps.db
    .select({
      d: disclosures,
      by: users.name,
      delivery: {
        status: outbox.status,
        emailAddress: outbox.emailAddress,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        nextAttemptAt: outbox.nextAttemptAt,
        sentAt: outbox.sentAt,
        documentName: outbox.documentName,
      },
    })
    .from(disclosures)
    .leftJoin(users, eq(users.id, disclosures.disclosedBy))
    .leftJoin(outbox, eq(outbox.disclosureId, disclosures.id))
    .where(eq(disclosures.childId, childId))
    .orderBy(desc(disclosures.disclosedOn), desc(disclosures.createdAt));
  return rows.map(({ d, by, delivery }) => {
    const ex = d.exception as {
      lawfulBasis: string;
      reason: string;
      decidedBy: { id: string; name: string };
      decidedOn: string;
    } | null;
    return {
      id: d.id,
      recipient: { id: d.recipientId, name: recipientName(deps, d.recipientId) },
      what: d.what,
      description: d.description,
      purpose: d.purpose,
      basis: d.basis,
      consentId: d.consentId,
      flagged: d.basis !== "consent",
      exception: ex,
      channel: d.channel,
      disclosedOn: d.disclosedOn,
      disclosedBy: { id: d.disclosedBy, name: by ?? "(unknown)" },
      createdAt: d.createdAt,
      delivery:
        delivery?.status === undefined || delivery.status === null
          ? null
          : {
              ...delivery,
              nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt : null,
            },
    };
  });
}
