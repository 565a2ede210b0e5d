// Small helpers that write dates and numbers the way GOV.UK style writes them.
import { dateInWords, type IsoDate, parseIsoDate } from "@openportage/domain";

/** A date as GOV.UK writes it: "1 September 2026". */
export function formatDate(date: IsoDate | string): string {
  return dateInWords(parseIsoDate(date));
}

/** "1 point", "10 points". */
export function points(n: number): string {
  return `${n} ${n === 1 ? "point" : "points"}`;
}

/** "1 week", "13 weeks"; likewise for any unit with a regular plural. */
export function count(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

/** Joins words as a list in a sentence: "a, b and c". */
export function listInWords(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}
