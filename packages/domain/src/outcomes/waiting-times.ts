// How long families wait: from referral to acceptance, from acceptance to allocation of a home
// visitor, and how long those still on the waiting list have waited so far.
import { daysBetween, type IsoDate } from "../dates/date-only.js";
import { type DaysSummary, type ExcludedRecord, summariseDays } from "./figures.js";

/** A referral's dates as the figures need them. */
export interface WaitingRecord {
  readonly referredOn: IsoDate;
  /** The day the referral was accepted onto the waiting list. */
  readonly acceptedOn?: IsoDate | undefined;
  /** The day a home visitor was allocated. */
  readonly allocatedOn?: IsoDate | undefined;
  /** The day the child left the waiting list without an allocation (moved away, aged out, family withdrew). */
  readonly leftWaitingListOn?: IsoDate | undefined;
}

/** Options for {@link waitingTimes}. */
export interface WaitingTimesOptions {
  /** Only count acceptances and allocations on or after this day (the start of a reporting year, say). */
  readonly since?: IsoDate;
}

/** Waiting times on `asOf`, each with the number of waits it summarises. */
export interface WaitingTimes {
  readonly asOf: IsoDate;
  /** Days from referral to acceptance, for referrals accepted by `asOf`. */
  readonly referralToAcceptance: DaysSummary;
  /** Days from acceptance to allocation, for children allocated by `asOf`. */
  readonly acceptanceToAllocation: DaysSummary;
  /** Days on the waiting list so far, for children accepted and still waiting on `asOf`. */
  readonly stillWaiting: DaysSummary;
  /** Records left out because their dates are out of order. */
  readonly excluded: readonly ExcludedRecord[];
}

function problemWith(record: WaitingRecord): string | undefined {
  const { referredOn, acceptedOn, allocatedOn, leftWaitingListOn } = record;
  if (acceptedOn !== undefined && acceptedOn < referredOn) {
    return `accepted (${acceptedOn}) before it was referred (${referredOn})`;
  }
  if (allocatedOn !== undefined && (acceptedOn === undefined || allocatedOn < acceptedOn)) {
    return acceptedOn === undefined
      ? `allocated (${allocatedOn}) with no date of acceptance`
      : `allocated (${allocatedOn}) before it was accepted (${acceptedOn})`;
  }
  if (leftWaitingListOn !== undefined && acceptedOn !== undefined && leftWaitingListOn < acceptedOn) {
    return `left the waiting list (${leftWaitingListOn}) before it was accepted (${acceptedOn})`;
  }
  return undefined;
}

/**
 * Median, mean and longest waits, with their counts, as they stood on `asOf`: dates after
 * `asOf` have not happened yet. Records with dates out of order are left out and listed.
 */
export function waitingTimes(
  records: readonly WaitingRecord[],
  asOf: IsoDate,
  options: WaitingTimesOptions = {},
): WaitingTimes {
  const since = options.since;
  const inPeriod = (day: IsoDate) => since === undefined || day >= since;
  const toAcceptance: number[] = [];
  const toAllocation: number[] = [];
  const waiting: number[] = [];
  const excluded: ExcludedRecord[] = [];
  records.forEach((record, i) => {
    const problem = problemWith(record);
    if (problem) {
      excluded.push({ path: `${i}`, problem });
      return;
    }
    const { referredOn, acceptedOn, allocatedOn, leftWaitingListOn } = record;
    if (acceptedOn === undefined || acceptedOn > asOf) return;
    if (inPeriod(acceptedOn)) toAcceptance.push(daysBetween(referredOn, acceptedOn));
    if (allocatedOn !== undefined && allocatedOn <= asOf) {
      if (inPeriod(allocatedOn)) toAllocation.push(daysBetween(acceptedOn, allocatedOn));
    } else if (leftWaitingListOn === undefined || leftWaitingListOn > asOf) {
      waiting.push(daysBetween(acceptedOn, asOf));
    }
  });
  return {
    asOf,
    referralToAcceptance: summariseDays(toAcceptance),
    acceptanceToAllocation: summariseDays(toAllocation),
    stillWaiting: summariseDays(waiting),
    excluded,
  };
}
