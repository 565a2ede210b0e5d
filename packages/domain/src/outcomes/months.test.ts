import { describe, expect, it } from "vitest";
import type { IsoDate } from "../dates/date-only.js";
import { monthOf, monthsOfPeriod } from "./months.js";

const d = (s: string) => s as IsoDate;

describe("monthsOfPeriod", () => {
  it("lists each month the period touches, clipped to the period", () => {
    expect(monthsOfPeriod(d("2026-01-15"), d("2026-03-10"))).toEqual([
      { month: "2026-01", start: "2026-01-15", end: "2026-01-31" },
      { month: "2026-02", start: "2026-02-01", end: "2026-02-28" },
      { month: "2026-03", start: "2026-03-01", end: "2026-03-10" },
    ]);
  });

  it("crosses a year and a leap February", () => {
    expect(monthsOfPeriod(d("2027-12-01"), d("2028-02-29")).map((m) => [m.month, m.end])).toEqual([
      ["2027-12", "2027-12-31"],
      ["2028-01", "2028-01-31"],
      ["2028-02", "2028-02-29"],
    ]);
  });

  it("gives one month for a single day and none for a period that ends before it starts", () => {
    expect(monthsOfPeriod(d("2026-05-31"), d("2026-05-31"))).toEqual([
      { month: "2026-05", start: "2026-05-31", end: "2026-05-31" },
    ]);
    expect(monthsOfPeriod(d("2026-05-02"), d("2026-05-01"))).toEqual([]);
  });

  it("names a day's month", () => {
    expect(monthOf(d("2026-11-30"))).toBe("2026-11");
  });
});
