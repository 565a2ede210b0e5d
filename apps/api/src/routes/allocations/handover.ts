// The case's current allocation as the case view shows it: its id (which a re-allocation or a
// return names, so a case that moved on meanwhile is refused), who made it, whether it came in by
// the caseload import, why it went beyond the caseload limit when it did, and the handover from
// the home visitor before.
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { allocations, auditEvents, users } from "../../db/schema.js";
import type { HandoverView } from "./contract.js";

/** The current allocation as the case view tells it. */
export interface AllocationDetails {
  readonly id: string | undefined;
  /** Who allocated the child (for an imported allocation, who ran the import). */
  readonly allocatedBy: { id: string; name: string } | undefined;
  /** Brought in by the caseload import (ADR 0051) rather than allocated in the service. */
  readonly imported: boolean;
  /** Why the coordinator allocated beyond the home visitor's caseload limit; null when within it. */
  readonly overCaseloadReason: string | null;
  readonly handover: HandoverView | null;
}

/** The current allocation's id, who made it and why over the limit and, when the last one of the referral ended with a note, its handover. */
export async function allocationDetails(db: Database, childId: string, referralId: string): Promise<AllocationDetails> {
  const [[current], [last]] = await Promise.all([
    db
      .select({
        id: allocations.id,
        allocatedBy: { id: users.id, name: users.name },
        overCaseloadReason: allocations.overCaseloadReason,
        imported: sql<number>`exists (select 1 from ${auditEvents} where ${auditEvents.recordType} = 'allocation' and ${auditEvents.recordId} = ${allocations.id} and ${auditEvents.action} = 'import')`,
      })
      .from(allocations)
      .innerJoin(users, eq(users.id, allocations.allocatedBy))
      .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
      .limit(1),
    db
      .select({
        reason: allocations.endReason,
        note: allocations.handoverNote,
        endedAt: allocations.endedAt,
        from: { id: users.id, name: users.name },
      })
      .from(allocations)
      .innerJoin(users, eq(users.id, allocations.homeVisitorId))
      .where(and(eq(allocations.referralId, referralId), isNotNull(allocations.endedAt)))
      // A referral has one current allocation at a time, each ended before the next is made, so
      // the last one made of those ended is the one that ended last (even within one instant).
      .orderBy(desc(sql`"allocations"."rowid"`))
      .limit(1),
  ]);
  const handover =
    last?.note && last.endedAt && (last.reason === "reallocated" || last.reason === "returned-to-waiting-list")
      ? { reason: last.reason, note: last.note, from: last.from, endedAt: last.endedAt }
      : null;
  return {
    id: current?.id,
    allocatedBy: current?.allocatedBy,
    imported: Boolean(current?.imported),
    overCaseloadReason: current?.overCaseloadReason ?? null,
    handover,
  };
}
