// Calendar dates without a time of day. Every date in the service (a date of birth, a visit, a
// term's first day) is a civil date in England; carrying them as ISO strings and doing the
// arithmetic on day numbers keeps them free of time zones and summer time.

/** A calendar date as an ISO 8601 string, `YYYY-MM-DD`, validated by {@link parseIsoDate}. */
export type IsoDate = string & { readonly __brand: "IsoDate" };

/** Days of the week as ISO 8601 numbers them: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Names of the days of the week, in the order the service writes them. */
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** A day of the week by name, as protocols and plans write it. */
export type Weekday = (typeof WEEKDAYS)[number];

/** The parts of a calendar date. Months and days count from 1. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `year` is a leap year in the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** How many days `month` (1-12) of `year` has. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Builds a date from its parts, or returns `undefined` when no such day exists (31 April, 29 February 2023). */
export function dateFromParts(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as IsoDate;
}

/** True when `value` is a string naming a real calendar day as `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  return dateFromParts(Number(match[1]), Number(match[2]), Number(match[3])) !== undefined;
}

/**
 * Reads a `YYYY-MM-DD` string as a date.
 * @throws RangeError naming the value when it is not a real calendar day.
 */
export function parseIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`"${value}" is not a date in the form YYYY-MM-DD`);
  return value;
}

/** The year, month and day of a date. */
export function dateParts(date: IsoDate): DateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

// Day numbers (days since 1970-01-01) by Howard Hinnant's civil calendar algorithms: exact
// integer arithmetic over the proleptic Gregorian calendar, no Date object involved.
function toDayNumber({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const date = dateFromParts(year, month, day);
  if (date === undefined) throw new RangeError(`day ${days} is outside the years 0001-9999`);
  return date;
}

/** The number of days since 1970-01-01 (negative before it). */
export function dayNumber(date: IsoDate): number {
  return toDayNumber(dateParts(date));
}

/** The date `days` days since 1970-01-01. */
export function dateFromDayNumber(days: number): IsoDate {
  return fromDayNumber(days);
}

/** The date `days` days after `date` (before it when `days` is negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * The same day `months` months later (earlier when negative). A day the target month lacks
 * falls back to that month's last day: 31 January plus one month is 28 or 29 February.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  const result = dateFromParts(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
  if (result === undefined) throw new RangeError(`${date} plus ${months} months is outside the years 0001-9999`);
  return result;
}

/** The same day `years` years later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Orders two dates: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The ISO day of the week of a date (1 = Monday ... 7 = Sunday). */
export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((dayNumber(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** The day of the week of a date, by name. */
export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[isoWeekday(date) - 1] as Weekday;
}

/**
 * A child's age on `asOf` in whole completed months (0 on the day of birth). A child born on
 * the 31st completes a month on the last day of a shorter month.
 */
export function ageInMonths(dateOfBirth: IsoDate, asOf: IsoDate): number {
  const birth = dateParts(dateOfBirth);
  const on = dateParts(asOf);
  let months = (on.year - birth.year) * 12 + (on.month - birth.month);
  const dayInMonth = Math.min(birth.day, daysInMonth(on.year, on.month));
  if (on.day < dayInMonth) months -= 1;
  return months;
}
