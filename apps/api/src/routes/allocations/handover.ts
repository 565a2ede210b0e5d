// The case's current allocation as the case view shows it: its id (which a re-allocation or a
// return names, so a case that moved on meanwhile is refused) and the handover from the home
// visitor before.
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { allocations, users } from "../../db/schema.js";
import type { HandoverView } from "./contract.js";

/** The current allocation's id and, when the last one of the referral ended with a note, its handover. */
export async function allocationDetails(
  db: Database,
  childId: string,
  referralId: string,
): Promise<{ id: string | undefined; handover: HandoverView | null }> {
  const [[current], [last]] = await Promise.all([
    db
      .select({ id: allocations.id })
      .from(allocations)
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
  return { id: current?.id, handover };
}
