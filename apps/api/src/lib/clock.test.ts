// England's calendar date at a moment, remembered for the last UTC hour asked about: right either
// side of midnight in winter and in summer, and on the days the clocks change.
import { describe, expect, it } from "vitest";
import { englandDate, englandDateOf, englandDayStart } from "./clock.js";

const london = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

describe("englandDate", () => {
  it("gives England's date either side of midnight in winter and in summer", () => {
    expect(englandDate(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12-31");
    expect(englandDate(new Date("2027-01-01T00:00:00.000Z"))).toBe("2027-01-01");
    // British Summer Time: midnight is 23:00 UTC the day before.
    expect(englandDate(new Date("2026-07-14T22:59:59.999Z"))).toBe("2026-07-14");
    expect(englandDate(new Date("2026-07-14T23:00:00.000Z"))).toBe("2026-07-15");
    // Asked again within the same hours, in another order: the remembered hour is not reused wrongly.
    expect(englandDate(new Date("2026-07-14T23:30:00.000Z"))).toBe("2026-07-15");
    expect(englandDate(new Date("2026-07-14T22:30:00.000Z"))).toBe("2026-07-14");
  });

  it("follows the clocks changing (the last Sundays of March and October, at 01:00 UTC)", () => {
    expect(englandDate(new Date("2026-03-29T00:59:59Z"))).toBe("2026-03-29");
    expect(englandDate(new Date("2026-03-29T23:00:00Z"))).toBe("2026-03-30");
    expect(englandDate(new Date("2026-10-24T23:30:00Z"))).toBe("2026-10-25");
    expect(englandDate(new Date("2026-10-25T23:30:00Z"))).toBe("2026-10-25");
  });

  it("agrees with the time zone database at every moment sampled over a year", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const mismatches: string[] = [];
    // Every 37 minutes: a step that lands at every minute of the hour over the year.
    for (let t = start; t < start + 366 * 86_400_000; t += 37 * 60_000) {
      const at = new Date(t);
      if (englandDate(at) !== london.format(at)) mismatches.push(at.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it("refuses a date that is not one", () => {
    expect(() => englandDate(new Date("not a date"))).toThrow(RangeError);
  });

  it("agrees with the timestamp form and the start of the day", () => {
    expect(englandDateOf("2026-07-14T23:15:00.000Z")).toBe("2026-07-15");
    expect(englandDayStart("2026-07-15")).toBe("2026-07-14T23:00:00.000Z");
    expect(englandDayStart("2026-12-01")).toBe("2026-12-01T00:00:00.000Z");
  });
});
