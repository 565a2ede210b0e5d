import { describe, expect, it } from "vitest";
import { ageOn, formatDate, formatDateTime, plural, todayInEngland } from "./words.ts";

describe("formatDate", () => {
  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2026-01-05")).toBe("5 January 2026");
    expect(formatDate("2026-06-30T23:30:00.000Z")).toBe("1 July 2026");
    expect(formatDate(null)).toBe("");
    expect(formatDate("soon")).toBe("soon");
    // Not a real day: shown as it came, never turned into another day.
    expect(formatDate("2026-02-31")).toBe("2026-02-31");
    // British Summer Time: late on 31 March in UTC is already 1 April in England.
    expect(formatDate("2026-03-31T23:30:00.000Z")).toBe("1 April 2026");
    expect(formatDate("2026-12-31T23:30:00.000Z")).toBe("31 December 2026");
  });
  it("adds the time in England", () => {
    expect(formatDateTime("2026-11-22T17:40:00.000Z")).toBe("22 November 2026 at 5:40pm");
    expect(formatDateTime("2026-07-01T08:05:00.000Z")).toBe("1 July 2026 at 9:05am");
  });
});

describe("ageOn", () => {
  it("gives years and months", () => {
    expect(ageOn("2025-01-15", "2026-03-14")).toBe("1 year 1 month");
    expect(ageOn("2025-01-15", "2026-03-15")).toBe("1 year 2 months");
    expect(ageOn("2026-01-01", "2026-01-31")).toBe("0 months");
    expect(ageOn("2024-03-01", "2026-03-01")).toBe("2 years");
    expect(ageOn("2027-01-01", "2026-01-01")).toBe("not born yet");
    // The domain's rule: born on the 31st, a month is complete on the last day of a shorter month.
    expect(ageOn("2025-01-31", "2025-02-28")).toBe("1 month");
    expect(ageOn("2025-01-31", "2026-02-28T10:00:00Z")).toBe("1 year 1 month");
    expect(ageOn("2025-02-30", "2026-01-01")).toBe("");
  });
});

describe("plural and today", () => {
  it("counts", () => {
    expect(plural(1, "child", "children")).toBe("1 child");
    expect(plural(0, "child", "children")).toBe("0 children");
  });
  it("gives today in England", () => {
    expect(todayInEngland(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });
});
