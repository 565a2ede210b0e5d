// Monitoring visits: some services keep in touch with a waiting family by visiting every few weeks.
import { addDays, type IsoDate, maxDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import type { Protocol } from "../protocol/schema.js";
import { describeTermDay, nextTermDay, termDay } from "./term-time.js";

/** A monitoring visit that is due. */
export interface MonitoringDate {
  readonly date: IsoDate;
  /** True when the date has passed (before `asOf`) with no monitoring visit since. */
  readonly overdue: boolean;
  /** The date the interval pointed at, when that day was not a term day and the visit moved to the next one. */
  readonly movedFrom?: IsoDate;
  /** Why it moved: "school holiday between ...", "closure day: ...". */
  readonly movedBecause?: string;
}

/** When monitoring visits are due for a waiting family, or why none are. */
export type MonitoringVisitsDue =
  | {
      readonly kind: "due";
      /** The next monitoring visit first, then the ones after it, through the last term the protocol lists. */
      readonly dates: readonly MonitoringDate[];
      readonly clause: string;
      readonly reason: string;
    }
  | { readonly kind: "none"; readonly dates: readonly []; readonly clause: string; readonly reason: string };

/**
 * When monitoring visits are due while a family waits for Portage (`visits.monitoring`): every
 * `intervalWeeks` from the last monitoring visit, or from the day the referral was accepted
 * when there has been none. A date outside term time moves to the next term day that is not a
 * closure, and the next interval counts from the day the visit is due. An overdue visit (due
 * before `asOf`) is assumed to happen on `asOf`, so the dates after it count from there.
 *
 * None are due when the protocol makes no monitoring visits, when the referral is accepted
 * after `asOf`, or when the protocol lists no term dates late enough; the reason says which,
 * with the clause. A last monitoring visit before `acceptedOn` belongs to an earlier referral
 * and is not counted.
 */
export function monitoringVisitsDue(
  acceptedOn: IsoDate,
  protocol: Pick<Protocol, "visits">,
  asOf: IsoDate,
  lastMonitoringVisit?: IsoDate,
): MonitoringVisitsDue {
  const rule = protocol.visits.monitoring;
  const terms = protocol.visits.terms;
  if (!rule.whileWaiting) {
    return {
      kind: "none",
      dates: [],
      clause: rule.id,
      reason: `The protocol makes no monitoring visits while a family waits. ${rule.description}`,
    };
  }
  if (acceptedOn > asOf) {
    return {
      kind: "none",
      dates: [],
      clause: rule.id,
      reason: `The referral is accepted on ${acceptedOn}, after ${asOf}: the family is not waiting yet.`,
    };
  }
  const interval = rule.intervalWeeks * 7;
  const dates: MonitoringDate[] = [];
  let from = lastMonitoringVisit !== undefined && lastMonitoringVisit >= acceptedOn ? lastMonitoringVisit : acceptedOn;
  for (;;) {
    const nominal = addDays(from, interval);
    const date = nextTermDay(nominal, terms);
    if (date === undefined) break;
    dates.push({
      date,
      overdue: date < asOf,
      ...(date === nominal ? {} : { movedFrom: nominal, movedBecause: describeTermDay(termDay(nominal, terms)) }),
    });
    from = maxDate(date, asOf);
  }
  const [next] = dates;
  if (next === undefined) {
    return {
      kind: "none",
      dates: [],
      clause: terms.id,
      reason: `The next monitoring visit falls after the last term the protocol lists; add the next term dates.`,
    };
  }
  return {
    kind: "due",
    dates,
    clause: rule.id,
    reason: `Monitoring visits every ${rule.intervalWeeks} weeks in term time while the family waits; the next is ${next.overdue ? "overdue since" : "due on"} ${dateInWords(next.date)}.`,
  };
}
