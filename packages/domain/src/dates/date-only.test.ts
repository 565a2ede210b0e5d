import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDate } from "../../test/arbitraries.js";
import {
  addDays,
  addMonths,
  addYears,
  ageInMonths,
  compareDates,
  dateFromDayNumber,
  dateFromParts,
  dateParts,
  dayNumber,
  daysBetween,
  daysInMonth,
  type IsoDate,
  isIsoDate,
  isLeapYear,
  isoWeekday,
  maxDate,
  minDate,
  parseIsoDate,
  weekdayOf,
} from "./date-only.js";

const d = parseIsoDate;

describe("parsing", () => {
  it.each(["2024-02-29", "2023-12-31", "0001-01-01", "9999-12-31"])("accepts %s", (value) => {
    expect(isIsoDate(value)).toBe(true);
    expect(parseIsoDate(value)).toBe(value);
  });

  it.each([
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
    "24-01-01",
    "2024-1-01",
    "2024-01-01T00:00",
    "",
    "0000-01-01",
  ])("refuses %j with a message naming it", (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => parseIsoDate(value)).toThrow(`"${value}" is not a date in the form YYYY-MM-DD`);
  });

  it("refuses values that are not strings", () => {
    expect(isIsoDate(20240101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it("refuses parts that are not whole numbers", () => {
    expect(dateFromParts(2024, 1.5, 1)).toBeUndefined();
    expect(dateFromParts(10000, 1, 1)).toBeUndefined();
  });
});

describe("calendar facts", () => {
  it("knows leap years", () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
  });

  it("knows month lengths", () => {
    expect([1, 2, 4, 6, 9, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 30, 30, 30, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it("numbers days from 1970-01-01", () => {
    expect(dayNumber(d("1970-01-01"))).toBe(0);
    expect(dayNumber(d("1969-12-31"))).toBe(-1);
    expect(dayNumber(d("2000-03-01"))).toBe(11017);
    expect(dateFromDayNumber(19723)).toBe("2024-01-01");
  });

  it("names weekdays", () => {
    expect(weekdayOf(d("2026-11-22"))).toBe("sunday");
    expect(isoWeekday(d("2026-11-23"))).toBe(1);
    expect(weekdayOf(d("1969-12-29"))).toBe("monday");
  });
});

describe("arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays(d("2024-02-28"), 1)).toBe("2024-02-29");
    expect(addDays(d("2023-02-28"), 1)).toBe("2023-03-01");
    expect(addDays(d("2024-12-31"), 1)).toBe("2025-01-01");
    expect(addDays(d("2024-01-01"), -1)).toBe("2023-12-31");
  });

  it("adds months, falling back to the month's last day", () => {
    expect(addMonths(d("2024-01-31"), 1)).toBe("2024-02-29");
    expect(addMonths(d("2023-01-31"), 1)).toBe("2023-02-28");
    expect(addMonths(d("2024-03-31"), -1)).toBe("2024-02-29");
    expect(addMonths(d("2024-11-15"), 14)).toBe("2026-01-15");
    expect(addYears(d("2024-02-29"), 1)).toBe("2025-02-28");
    expect(addYears(d("2024-02-29"), 4)).toBe("2028-02-29");
  });

  it("refuses to leave the calendar it can write", () => {
    expect(() => addYears(d("9999-01-01"), 1)).toThrow(RangeError);
    expect(() => addDays(d("9999-12-31"), 1)).toThrow(RangeError);
  });

  it("orders and compares", () => {
    expect(compareDates(d("2024-01-01"), d("2024-01-02"))).toBeLessThan(0);
    expect(compareDates(d("2024-01-02"), d("2024-01-01"))).toBeGreaterThan(0);
    expect(compareDates(d("2024-01-02"), d("2024-01-02"))).toBe(0);
    expect(minDate(d("2024-01-02"), d("2023-05-01"))).toBe("2023-05-01");
    expect(maxDate(d("2024-01-02"), d("2023-05-01"))).toBe("2024-01-02");
    expect(daysBetween(d("2024-01-01"), d("2025-01-01"))).toBe(366);
  });

  it("counts whole months of age", () => {
    expect(ageInMonths(d("2024-05-14"), d("2024-05-14"))).toBe(0);
    expect(ageInMonths(d("2024-05-14"), d("2024-06-13"))).toBe(0);
    expect(ageInMonths(d("2024-05-14"), d("2024-06-14"))).toBe(1);
    expect(ageInMonths(d("2024-01-31"), d("2024-02-29"))).toBe(1);
    expect(ageInMonths(d("2024-01-31"), d("2024-02-28"))).toBe(0);
    expect(ageInMonths(d("2022-03-10"), d("2025-03-09"))).toBe(35);
  });
});

describe("properties", () => {
  it("day numbers and dates are inverse", () => {
    fc.assert(fc.property(arbitraryDate, (date) => dateFromDayNumber(dayNumber(date)) === date));
  });

  it("string order is date order", () => {
    fc.assert(
      fc.property(
        arbitraryDate,
        arbitraryDate,
        (a, b) => Math.sign(compareDates(a, b)) === Math.sign(dayNumber(a) - dayNumber(b)),
      ),
    );
  });

  it("adding days moves by exactly that many days and one weekday per day", () => {
    fc.assert(
      fc.property(arbitraryDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        const moved = addDays(date, n);
        return daysBetween(date, moved) === n && (((isoWeekday(date) - 1 + n) % 7) + 7) % 7 === isoWeekday(moved) - 1;
      }),
    );
  });

  it("every produced date parses back to itself", () => {
    fc.assert(
      fc.property(arbitraryDate, fc.integer({ min: -600, max: 600 }), (date, n) => {
        const moved = addMonths(date, n) as string;
        return isIsoDate(moved) && parseIsoDate(moved) === moved;
      }),
    );
  });

  it("adding months keeps the day unless the month is too short", () => {
    fc.assert(
      fc.property(arbitraryDate, fc.integer({ min: -600, max: 600 }), (date, n) => {
        const before = dateParts(date);
        const after = dateParts(addMonths(date, n));
        const monthsMoved = (after.year - before.year) * 12 + after.month - before.month;
        return monthsMoved === n && after.day === Math.min(before.day, daysInMonth(after.year, after.month));
      }),
    );
  });

  it("age in months grows by one at each monthly birthday and never goes back", () => {
    fc.assert(
      fc.property(arbitraryDate, fc.integer({ min: 0, max: 80 }), (birth: IsoDate, months) => {
        const monthly = addMonths(birth, months);
        return ageInMonths(birth, monthly) === months && ageInMonths(birth, addDays(monthly, 1)) >= months;
      }),
    );
  });
});
