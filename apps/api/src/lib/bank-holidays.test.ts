// England's bank holidays from date-holidays, checked against the lists GOV.UK publishes
// (https://www.gov.uk/bank-holidays): substitute days in, the weekend days they replace out,
// one-off holidays in, observances that are not days off out.
import { describe, expect, it } from "vitest";
import { englandBankHolidays } from "./bank-holidays.js";

describe("englandBankHolidays", () => {
  it("lists 2026 and 2027 as GOV.UK does, in date order", () => {
    expect(englandBankHolidays(2026, 2027)).toEqual([
      { date: "2026-01-01", reason: "New Year's Day (bank holiday)" },
      { date: "2026-04-03", reason: "Good Friday (bank holiday)" },
      { date: "2026-04-06", reason: "Easter Monday (bank holiday)" },
      { date: "2026-05-04", reason: "Early May bank holiday (bank holiday)" },
      { date: "2026-05-25", reason: "Spring bank holiday (bank holiday)" },
      { date: "2026-08-31", reason: "Summer bank holiday (bank holiday)" },
      { date: "2026-12-25", reason: "Christmas Day (bank holiday)" },
      { date: "2026-12-28", reason: "Boxing Day (substitute day) (bank holiday)" },
      { date: "2027-01-01", reason: "New Year's Day (bank holiday)" },
      { date: "2027-03-26", reason: "Good Friday (bank holiday)" },
      { date: "2027-03-29", reason: "Easter Monday (bank holiday)" },
      { date: "2027-05-03", reason: "Early May bank holiday (bank holiday)" },
      { date: "2027-05-31", reason: "Spring bank holiday (bank holiday)" },
      { date: "2027-08-30", reason: "Summer bank holiday (bank holiday)" },
      { date: "2027-12-27", reason: "Christmas Day (substitute day) (bank holiday)" },
      { date: "2027-12-28", reason: "Boxing Day (substitute day) (bank holiday)" },
    ]);
  });

  it("includes one-off holidays and New Year substitutes (2022, 2023)", () => {
    expect(englandBankHolidays(2022, 2023).map((closure) => closure.date)).toEqual([
      "2022-01-03",
      "2022-04-15",
      "2022-04-18",
      "2022-05-02",
      "2022-06-02",
      "2022-06-03",
      "2022-08-29",
      "2022-09-19",
      "2022-12-26",
      "2022-12-27",
      "2023-01-02",
      "2023-04-07",
      "2023-04-10",
      "2023-05-01",
      "2023-05-08",
      "2023-05-29",
      "2023-08-28",
      "2023-12-25",
      "2023-12-26",
    ]);
    const reasons = englandBankHolidays(2023, 2023).map((closure) => closure.reason);
    expect(reasons).toContain("King Charles III's Coronation (bank holiday)");
    expect(reasons).toContain("New Year's Day (substitute day) (bank holiday)");
  });

  it("never gives a weekend, an observance or the same date twice, over a century", () => {
    const closures = englandBankHolidays(2000, 2099);
    const dates = closures.map((closure) => closure.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const date of dates) expect([0, 6]).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    const reasons = closures.map((closure) => closure.reason).join("\n");
    expect(reasons).not.toMatch(/Mother's Day|Father's Day|Easter Sunday|Halloween|Valentine|Remembrance/);
    // eight a year, give or take substitutes and one-offs
    expect(closures.length).toBeGreaterThanOrEqual(800);
    expect(closures.length).toBeLessThan(830);
  });

  it("gives nothing for an empty range and refuses years that are not years", () => {
    expect(englandBankHolidays(2027, 2026)).toEqual([]);
    expect(englandBankHolidays(2026, 2026)).toHaveLength(8);
    expect(() => englandBankHolidays(2026.5, 2027)).toThrow(RangeError);
    expect(() => englandBankHolidays(2026, 1_000_000)).toThrow(RangeError);
  });
});
