import { describe, expect, it } from "vitest";
import { dayName, possessive, stepStates, timeInWords, todayInEngland, whenSent } from "./words.ts";

describe("dates and times in words", () => {
  it("takes today in England, not in the server's zone", () => {
    // 23:30 UTC on 31 May is already 1 June in London (British Summer Time).
    expect(todayInEngland(new Date("2027-05-31T23:30:00Z"))).toBe("2027-06-01");
    // In winter London is on UTC.
    expect(todayInEngland(new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-01");
  });

  it("names the days of the last week as people say them", () => {
    expect(dayName("2026-12-01", "2026-12-01")).toBe("Today");
    expect(dayName("2026-11-30", "2026-12-01")).toBe("Yesterday");
    expect(dayName("2026-11-29", "2026-12-01")).toBe("Sunday 29 November");
  });

  it("writes times the GOV.UK way", () => {
    expect(timeInWords("10:00")).toBe("10am");
    expect(timeInWords("13:30")).toBe("1:30pm");
    expect(timeInWords("12:00")).toBe("midday");
    expect(timeInWords("00:15")).toBe("12:15am");
    expect(timeInWords("25:00")).toBe("25:00");
    expect(whenSent("2026-07-01T15:05:00Z")).toBe("1 July 2026 at 4:05pm");
  });
});

describe("names and steps", () => {
  it("writes a name with the possessive", () => {
    expect(possessive("Ada")).toBe("Ada's");
    expect(possessive("James")).toBe("James's");
  });

  it("marks the teaching steps before, at and after the current one", () => {
    expect(stepStates(3, 1)).toEqual(["done", "current", "next"]);
    expect(stepStates(3, null)).toEqual(["current", "next", "next"]);
    expect(stepStates(2, 2)).toEqual(["done", "done"]);
  });
});
