// How many children are on the waiting list on a day, over a referral's whole history: accepted
// onto the list, allocated a home visitor (off the list), and perhaps returned to it after a block
// review (on the list again until the next allocation), or leaving it without one.
import { type IsoDate, maxDate } from "../dates/date-only.js";

/** One allocation of a home visitor to the referral's child, as the waiting list sees it. */
export interface WaitingListAllocation {
  /** The day (England) the home visitor was allocated. */
  readonly allocatedOn: IsoDate;
  /** The day it ended, if it has. */
  readonly endedOn?: IsoDate | undefined;
  /** Whether it ended with the child returned to the waiting list (rather than a new home visitor or leaving). */
  readonly returnedToWaitingList?: boolean | undefined;
}

/** A referral's dates as the waiting list's size needs them. */
export interface WaitingListHistory {
  /** The day the referral was accepted onto the waiting list. */
  readonly acceptedOn: IsoDate;
  /** Its allocations, in any order. */
  readonly allocations: readonly WaitingListAllocation[];
  /**
   * The day the referral was closed while waiting (moved away, family withdrew, aged out), if it
   * was. Only ends a time on the list: a child allocated at the time is not waiting anyway.
   */
  readonly leftOn?: IsoDate | undefined;
}

/** A time on the waiting list: from `from` (included) to the day before `until` (or still waiting). */
export interface WaitingSpell {
  readonly from: IsoDate;
  readonly until?: IsoDate;
}

/**
 * The times a referral's child was on the waiting list. The child is waiting from acceptance
 * until the day a home visitor is allocated (not waiting that day), again from the day an
 * allocation ends with a return to the waiting list, and not after the day the referral was
 * closed while waiting. An allocation ended by re-allocation or by leaving starts no new time:
 * the next home visitor takes over, or the child has left. Empty times are left out.
 */
export function waitingSpells(history: WaitingListHistory): WaitingSpell[] {
  const spells: WaitingSpell[] = [];
  const allocations = [...history.allocations].sort((a, b) => a.allocatedOn.localeCompare(b.allocatedOn));
  let from: IsoDate | undefined = history.acceptedOn;
  const close = (until: IsoDate) => {
    if (from !== undefined && until > from) spells.push({ from, until });
    from = undefined;
  };
  for (const allocation of allocations) {
    if (from !== undefined) close(allocation.allocatedOn);
    if (allocation.endedOn !== undefined && allocation.returnedToWaitingList === true) {
      // Never before acceptance, whatever the dates say.
      from = maxDate(allocation.endedOn, history.acceptedOn);
    }
  }
  if (from !== undefined) {
    if (history.leftOn === undefined) spells.push({ from });
    else close(history.leftOn);
  }
  return spells;
}

/** Whether a time on the waiting list includes `day`. */
export function isWaitingOn(spell: WaitingSpell, day: IsoDate): boolean {
  return spell.from <= day && (spell.until === undefined || day < spell.until);
}

/**
 * How many children were on the waiting list at the end of each of `days`: each referral counts
 * once a day however often it came back to the list.
 */
export function waitingListSize(histories: readonly WaitingListHistory[], days: readonly IsoDate[]): number[] {
  const counts = days.map(() => 0);
  for (const history of histories) {
    const spells = waitingSpells(history);
    days.forEach((day, i) => {
      if (spells.some((spell) => isWaitingOn(spell, day))) counts[i] = (counts[i] as number) + 1;
    });
  }
  return counts;
}
