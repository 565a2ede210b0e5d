// Term time as the protocol lists it: which days visits can happen on, and why not on the others.
import { addDays, type IsoDate, maxDate } from "../dates/date-only.js";
import type { Closure, Protocol, TermPeriod } from "../protocol/schema.js";

/** The term dates part of a protocol: its periods (in date order, as `parseProtocol` checks) and closure days. */
export type TermDates = Protocol["visits"]["terms"];

/**
 * What kind of day a date is for visits:
 * - `term`: inside a term period and not a closure day;
 * - `closure`: inside a term period, but the service is closed (training day, bank holiday);
 * - `holiday`: between two term periods (half-term or school holiday);
 * - `outside-term-dates`: before the first or after the last period the protocol lists, so
 *   the service has not published whether it is term time.
 */
export type TermDay =
  | { readonly kind: "term"; readonly period: TermPeriod }
  | { readonly kind: "closure"; readonly period: TermPeriod; readonly closure: Closure }
  | { readonly kind: "holiday"; readonly after: TermPeriod; readonly before: TermPeriod }
  | { readonly kind: "outside-term-dates" };

/** Says whether visits can happen on `date`, and if not, why: see {@link TermDay}. */
export function termDay(date: IsoDate, terms: TermDates): TermDay {
  const periods = terms.periods;
  for (const [i, period] of periods.entries()) {
    if (date < period.start) {
      const after = periods[i - 1];
      return after ? { kind: "holiday", after, before: period } : { kind: "outside-term-dates" };
    }
    if (date <= period.end) {
      const closure = terms.closures.find((c) => c.date === date);
      return closure ? { kind: "closure", period, closure } : { kind: "term", period };
    }
  }
  return { kind: "outside-term-dates" };
}

/** The first day on or after `date` when visits can happen (in a term period, not a closure), or `undefined` when the listed term dates run out first. */
export function nextTermDay(date: IsoDate, terms: TermDates): IsoDate | undefined {
  for (const period of terms.periods) {
    if (period.end < date) continue;
    for (let day = maxDate(date, period.start); day <= period.end; day = addDays(day, 1)) {
      if (!terms.closures.some((c) => c.date === day)) return day;
    }
  }
  return undefined;
}

/** Words for staff on why no visit can happen on a day of this kind (empty for a term day). */
export function describeTermDay(day: TermDay): string {
  switch (day.kind) {
    case "term":
      return "";
    case "closure":
      return `closure day: ${day.closure.reason}`;
    case "holiday":
      return `school holiday between ${day.after.name} and ${day.before.name}`;
    case "outside-term-dates":
      return "outside the term dates the protocol lists";
  }
}

/**
 * The term dates with more closure days added (bank holidays from a maintained calendar, say),
 * each date once: a date the protocol already closes keeps the protocol's reason. Periods are
 * unchanged and closures stay in date order.
 */
export function withClosures(terms: TermDates, extra: readonly Closure[]): TermDates {
  const known = new Set(terms.closures.map((c) => c.date));
  const added = extra.filter((c) => {
    if (known.has(c.date)) return false;
    known.add(c.date);
    return true;
  });
  return {
    ...terms,
    closures: [...terms.closures, ...added].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

/** The last day on or before `date` when visits can happen, or `undefined` when the listed term dates start later. */
export function previousTermDay(date: IsoDate, terms: TermDates): IsoDate | undefined {
  for (const period of [...terms.periods].reverse()) {
    if (period.start > date) continue;
    for (let day = date < period.end ? date : period.end; day >= period.start; day = addDays(day, -1)) {
      if (!terms.closures.some((c) => c.date === day)) return day;
    }
  }
  return undefined;
}
