// Reporting months: the calendar months a period touches, and which month a day falls in. Dates
// are England calendar days already (`IsoDate`), so a month is just the date's first seven characters.
import { addDays, addMonths, dateFromParts, dateParts, type IsoDate } from "../dates/date-only.js";

/** A calendar month of a reporting period, clipped to the period. */
export interface ReportingMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The month's first day, or the period's first day when it starts later. */
  readonly start: IsoDate;
  /** The month's last day, or the period's last day when it ends earlier. */
  readonly end: IsoDate;
}

/** The month `YYYY-MM` a day falls in. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** The months from `from`'s to `to`'s (both days included), each clipped to the period; none when `to` is before `from`. */
export function monthsOfPeriod(from: IsoDate, to: IsoDate): ReportingMonth[] {
  const months: ReportingMonth[] = [];
  const { year, month } = dateParts(from);
  let first = dateFromParts(year, month, 1) as IsoDate;
  while (first <= to) {
    const next = addMonths(first, 1);
    const last = addDays(next, -1);
    months.push({ month: monthOf(first), start: first < from ? from : first, end: last > to ? to : last });
    first = next;
  }
  return from <= to ? months : [];
}
