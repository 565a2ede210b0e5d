import { addYears, dateFromParts, dateParts, type IsoDate } from "./date-only.js";

/**
 * The day a child in England can start school (Reception): the 1 September after their fourth
 * birthday (School Admissions Code). A child who turns four on 1 September starts the following
 * year, as the youngest of that intake; a child born on 31 August starts the September they turn
 * four. Councils that admit some children a term later still use this date for their cut-offs.
 *
 * @example schoolEntryDate(parseIsoDate("2021-09-01")) // "2026-09-01"
 * @example schoolEntryDate(parseIsoDate("2022-08-31")) // "2026-09-01"
 */
export function schoolEntryDate(dateOfBirth: IsoDate): IsoDate {
  const { year, month } = dateParts(addYears(dateOfBirth, 4));
  return dateFromParts(month < 9 ? year : year + 1, 9, 1) as IsoDate;
}

/** A length of time before school entry, counted in school terms or academic years (three terms each). */
export interface TimeBeforeSchoolEntry {
  readonly amount: number;
  readonly unit: "term" | "academic-year";
}

/**
 * The last day a child can be taken on and still have `before` left until school entry.
 * Terms are counted back from school entry (1 September) on the term starts of the English
 * school year, 1 April, 1 January and 1 September: one term before a 1 September 2027 school
 * entry is 1 April 2027, two terms 1 January 2027, one academic year (three terms) 1 September
 * 2026. On that day exactly the time asked for is left, so it still counts.
 *
 * @example schoolEntryCutOffDate(parseIsoDate("2022-10-10"), { amount: 1, unit: "term" }) // "2027-04-01"
 * @example schoolEntryCutOffDate(parseIsoDate("2022-10-10"), { amount: 1, unit: "academic-year" }) // "2026-09-01"
 */
export function schoolEntryCutOffDate(dateOfBirth: IsoDate, before: TimeBeforeSchoolEntry): IsoDate {
  const entryYear = dateParts(schoolEntryDate(dateOfBirth)).year;
  const terms = before.unit === "term" ? before.amount : before.amount * 3;
  // Term starts in a school year beginning 1 September of year y: [y-09-01, (y+1)-01-01, (y+1)-04-01].
  // Counting back from the school year that starts on school entry (index 0 of year entryYear).
  const index = -terms; // term index relative to school entry
  const yearsBack = Math.floor(index / 3);
  const within = index - yearsBack * 3; // 0, 1 or 2
  const schoolYear = entryYear + yearsBack;
  const [y, m] = within === 0 ? [schoolYear, 9] : within === 1 ? [schoolYear + 1, 1] : [schoolYear + 1, 4];
  return dateFromParts(y, m, 1) as IsoDate;
}
