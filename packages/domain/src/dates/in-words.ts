import { dateParts, type IsoDate } from "./date-only.js";

/** Month names in English, January first. */
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** A date as families and staff write it, the GOV.UK way: "1 September 2027". */
export function dateInWords(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}
