// Who is due a monitoring visit while waiting: the domain's `monitoringVisitsDue` over each
// child's acceptance date and last monitoring visit held.
import { type IsoDate, monitoringVisitsDue, type Protocol } from "@openportage/domain";
import { and, eq, inArray, max } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { monitoringVisits } from "../../db/schema.js";
import type { MonitoringDueView } from "./contract.js";

/** The last monitoring visit held for each of `childIds` (one grouped read on the child-and-date index). */
export async function lastHeldVisits(db: Database, childIds: readonly string[]): Promise<Map<string, IsoDate>> {
  if (childIds.length === 0) return new Map();
  const rows = await db
    .select({ childId: monitoringVisits.childId, last: max(monitoringVisits.date) })
    .from(monitoringVisits)
    .where(and(inArray(monitoringVisits.childId, [...childIds]), eq(monitoringVisits.status, "held")))
    .groupBy(monitoringVisits.childId);
  return new Map(rows.flatMap((r) => (r.last ? [[r.childId, r.last as IsoDate]] : [])));
}

/** The monitoring rule for one waiting child, as the API shows it. */
export function monitoringDue(
  protocol: Pick<Protocol, "visits">,
  acceptedOn: IsoDate,
  asOf: IsoDate,
  lastHeldOn: IsoDate | undefined,
): MonitoringDueView {
  const due = monitoringVisitsDue(acceptedOn, protocol, asOf, lastHeldOn);
  const [next] = due.dates;
  // The domain ignores a visit before `acceptedOn` (an earlier referral's): so does the answer.
  const counted = lastHeldOn !== undefined && lastHeldOn >= acceptedOn ? lastHeldOn : null;
  return {
    kind: due.kind,
    next: next
      ? {
          date: next.date,
          overdue: next.overdue,
          ...(next.movedFrom ? { movedFrom: next.movedFrom } : {}),
          ...(next.movedBecause ? { movedBecause: next.movedBecause } : {}),
        }
      : null,
    dueNow: next !== undefined && next.date <= asOf,
    lastHeldOn: counted,
    reason: due.reason,
    clause: due.clause,
  };
}
