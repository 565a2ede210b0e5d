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

/** The last hour asked about (hours since 1970, UTC) and England's date in it. */
let lastHour = Number.NaN;
let lastDate = "" as IsoDate;

/**
 * The calendar date in England at a moment. England is a whole number of hours from UTC and its
 * clocks change on the hour, so every moment in one UTC hour falls on the same date: the last
 * hour's date is remembered (most requests ask about the present, several times each).
 */
export function englandDate(at: Date): IsoDate {
  const hour = Math.floor(at.getTime() / 3_600_000);
  if (hour === lastHour) return lastDate;
  const date = londonDate.format(at) as IsoDate;
  lastHour = hour;
  lastDate = date;
  return date;
}

const byHour = new Map<string, IsoDate>();

/**
 * The calendar date in England at an ISO timestamp (`...Z`), remembered by its UTC hour: England
 * is a whole number of hours from UTC, so every moment in that hour falls on the same date. For
 * lists of thousands of timestamps, where formatting each one would dominate.
 */
export function englandDateOf(iso: string): IsoDate {
  if (!iso.endsWith("Z") || iso.length < 13) return englandDate(new Date(iso));
  const hour = iso.slice(0, 13);
  let date = byHour.get(hour);
  if (date === undefined) {
    date = englandDate(new Date(`${hour}:00:00Z`));
    if (byHour.size > 50_000) byHour.clear();
    byHour.set(hour, date);
  }
  return date;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The first moment (UTC, ISO) of a calendar day in England. England's clocks change at 01:00
 * UTC, so midnight is either 00:00 UTC (GMT) or 23:00 UTC the day before (BST).
 */
export function englandDayStart(day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const hourBefore = new Date(midnightUtc - 3_600_000);
  return (englandDate(hourBefore) === day ? hourBefore : new Date(midnightUtc)).toISOString();
}

/** The day after a calendar day (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
