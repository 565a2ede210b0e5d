// England's bank holidays as service closures, from the maintained date-holidays package.
import { type Closure, type IsoDate, isoWeekday } from "@openportage/domain";
import Holidays from "date-holidays";

let england: Holidays | undefined;

// Building the instance parses the whole country's rule set; one is enough for the process.
function holidays(): Holidays {
  england ??= new Holidays("GB", "ENG", { languages: "en", types: ["public"] });
  return england;
}

const SUBSTITUTE = " (substitute day)";

/** One year's bank holidays as GOV.UK lists them: a weekend holiday gives way to its substitute. */
function bankHolidaysIn(year: number): { date: IsoDate; name: string }[] {
  const days = holidays()
    .getHolidays(year, "en")
    .filter((holiday) => holiday.type === "public")
    // `date` is the civil date in England ("2026-12-28 00:00:00"); `start` is a UTC instant.
    .map((holiday) => ({
      date: holiday.date.slice(0, 10) as IsoDate,
      name: holiday.name,
      substitute: holiday.substitute,
    }));
  // date-holidays keeps Boxing Day on Saturday 26 December beside its substitute on the Monday;
  // the Saturday is not a bank holiday, and a closure named for it would be read as one.
  const substituted = new Set(
    days
      .filter((day) => day.substitute === true && day.name.endsWith(SUBSTITUTE))
      .map((day) => day.name.slice(0, -SUBSTITUTE.length)),
  );
  return days
    .filter((day) => day.substitute === true || isoWeekday(day.date) < 6 || !substituted.has(day.name))
    .map(({ date, name }) => ({ date, name }));
}

/**
 * England's bank holidays from 1 January `fromYear` to 31 December `toYear`, as closures
 * (`{ date, reason: "Good Friday (bank holiday)" }`), sorted by date, one per date: the days
 * GOV.UK lists. Substitute days ("Boxing Day (substitute day)" on Monday 28 December 2026) and
 * one-off holidays (a coronation) are included; the weekend day a substitute replaces is not,
 * nor are observances that are not days off (Mother's Day, Easter Sunday). Returns an empty list
 * when `fromYear` is after `toYear`.
 * @throws RangeError when a year is not a whole number from 1900 to 2999.
 */
export function englandBankHolidays(fromYear: number, toYear: number): Closure[] {
  for (const year of [fromYear, toYear]) {
    if (!Number.isInteger(year) || year < 1900 || year > 2999) {
      throw new RangeError(`${year} is not a year from 1900 to 2999`);
    }
  }
  const byDate = new Map<IsoDate, string[]>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const { date, name } of bankHolidaysIn(year)) {
      const names = byDate.get(date);
      if (names === undefined) byDate.set(date, [name]);
      else if (!names.includes(name)) names.push(name);
    }
  }
  return [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({ date, reason: `${names.join(" and ")} (bank holiday)` }));
}
