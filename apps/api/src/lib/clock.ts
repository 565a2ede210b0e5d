// Time, passed in so tests can fix it. Dates in the service are civil dates in England.
import type { IsoDate } from "@openportage/domain";

/** Where the app reads the time from. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at a moment, that tests can move on. */
export function fixedClock(start: string | Date): Clock & { advance(ms: number): void; set(at: string | Date): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
    set(at) {
      current = new Date(at);
    },
  };
}

const londonDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in England at a moment. */
export function englandDate(at: Date): IsoDate {
  return londonDate.format(at) as IsoDate;
}
