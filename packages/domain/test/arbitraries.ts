// fast-check generators shared by the property-based tests.
import fc from "fast-check";
import { dateFromDayNumber, dayNumber, parseIsoDate } from "../src/dates/date-only.js";

/** Any real calendar day in the years 1900-2200. */
export const arbitraryDate = fc
  .integer({ min: dayNumber(parseIsoDate("1900-01-01")), max: dayNumber(parseIsoDate("2200-12-31")) })
  .map(dateFromDayNumber);
