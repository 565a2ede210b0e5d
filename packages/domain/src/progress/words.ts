// Dates and counts in words, for the summaries staff and families read.
import { dateParts, type IsoDate } from "../dates/date-only.js";
import { MONTH_NAMES } from "../dates/in-words.js";

/** Dates in order, sharing months and years: "30 January, 2 and 4 February 2026". */
export function dateList(dates: readonly IsoDate[]): string {
  const parts = dates.map((date, i) => {
    const { year, month, day } = dateParts(date);
    const next = dates[i + 1] === undefined ? undefined : dateParts(dates[i + 1] as IsoDate);
    const showMonth = next === undefined || next.month !== month || next.year !== year;
    const showYear = next === undefined || next.year !== year;
    return `${day}${showMonth ? ` ${MONTH_NAMES[month - 1]}` : ""}${showYear ? ` ${year}` : ""}`;
  });
  return listInWords(parts);
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1 day", "3 days". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
