import { addYears, dateFromParts, dateParts, type IsoDate } from "./date-only.js";

/**
 * The day a child in England becomes entitled to the universal funded early education for
 * 3-year-olds: the first 1 January, 1 April or 1 September after the third birthday (DfE
 * statutory guidance "Early education and childcare", 2024). Born 1 September to 31 December:
 * the next 1 January; born 1 January to 31 March: 1 April; born 1 April to 31 August:
 * 1 September. A child born on 1 January is funded from 1 April, since the date must come
 * after the birthday.
 *
 * @example fundedEarlyEducationStart(parseIsoDate("2023-05-14")) // "2026-09-01"
 */
export function fundedEarlyEducationStart(dateOfBirth: IsoDate): IsoDate {
  const thirdBirthday = addYears(dateOfBirth, 3);
  const { year, month } = dateParts(thirdBirthday);
  // Birthdays in January-March wait for 1 April, April-August for 1 September, and
  // September-December for the next 1 January. A birthday that falls on one of those days
  // waits for the next one. A 29 February birth turns three on 28 February: the same term.
  const [startYear, startMonth] = month <= 3 ? [year, 4] : month <= 8 ? [year, 9] : [year + 1, 1];
  return dateFromParts(startYear, startMonth, 1) as IsoDate;
}
