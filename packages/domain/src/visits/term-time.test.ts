import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { describeTermDay, nextTermDay, previousTermDay, termDay, withClosures } from "./term-time.js";

const d = parseIsoDate;
const terms = lancashire.visits.terms;

describe("termDay", () => {
  it("knows term days, closures, holidays and days outside the listed terms", () => {
    expect(termDay(d("2026-01-05"), terms)).toEqual({ kind: "term", period: terms.periods[2] });
    expect(termDay(d("2026-02-13"), terms)).toEqual({ kind: "term", period: terms.periods[2] });
    expect(termDay(d("2026-05-04"), terms)).toMatchObject({
      kind: "closure",
      closure: { reason: "Early May bank holiday" },
    });
    expect(termDay(d("2026-02-14"), terms)).toEqual({
      kind: "holiday",
      after: terms.periods[2],
      before: terms.periods[3],
    });
    expect(termDay(d("2025-09-02"), terms)).toEqual({ kind: "outside-term-dates" });
    expect(termDay(d("2027-07-22"), terms)).toEqual({ kind: "outside-term-dates" });
  });

  it("describes each kind of day for staff", () => {
    expect(describeTermDay(termDay(d("2026-01-05"), terms))).toBe("");
    expect(describeTermDay(termDay(d("2026-11-27"), terms))).toBe("closure day: Staff training day");
    expect(describeTermDay(termDay(d("2026-08-01"), terms))).toBe(
      "school holiday between Summer 2026 (second half) and Autumn 2026 (first half)",
    );
    expect(describeTermDay(termDay(d("2020-01-01"), terms))).toBe("outside the term dates the protocol lists");
  });
});

describe("nextTermDay", () => {
  it("is the day itself on a term day", () => {
    expect(nextTermDay(d("2026-03-11"), terms)).toBe("2026-03-11");
  });

  it("moves out of a holiday to the first day of the next term", () => {
    expect(nextTermDay(d("2026-07-23"), terms)).toBe("2026-09-02");
    expect(nextTermDay(d("2020-01-01"), terms)).toBe("2025-09-03");
  });

  it("steps over a closure day, even at the start of a term", () => {
    expect(nextTermDay(d("2026-05-04"), terms)).toBe("2026-05-05");
    const closedFirstDay = { ...terms, closures: [{ date: d("2026-09-02"), reason: "Training day" }] };
    expect(nextTermDay(d("2026-08-10"), closedFirstDay)).toBe("2026-09-03");
  });

  it("is undefined once the listed term dates run out", () => {
    expect(nextTermDay(d("2027-07-22"), terms)).toBeUndefined();
    const lastDayClosed = { ...terms, closures: [{ date: d("2027-07-21"), reason: "Training day" }] };
    expect(nextTermDay(d("2027-07-21"), lastDayClosed)).toBeUndefined();
  });
});

describe("withClosures", () => {
  it("adds closure days once each, in date order, keeping the protocol's own reason", () => {
    const more = withClosures(terms, [
      { date: d("2027-05-31"), reason: "Spring bank holiday" },
      { date: d("2026-05-04"), reason: "Bank holiday (from the calendar)" },
      { date: d("2026-12-25"), reason: "Christmas Day" },
      { date: d("2026-12-25"), reason: "Christmas Day again" },
    ]);
    expect(more.periods).toBe(terms.periods);
    expect(more.closures.filter((c) => c.date === "2026-05-04")).toEqual([
      { date: "2026-05-04", reason: "Early May bank holiday" },
    ]);
    expect(more.closures.filter((c) => c.date === "2026-12-25")).toHaveLength(1);
    const dates = more.closures.map((c) => c.date);
    expect(dates).toEqual([...dates].sort());
    expect(termDay(d("2027-05-31"), more).kind).not.toBe("term");
    expect(terms.closures.some((c) => c.date === "2027-05-31")).toBe(false);
  });
});

describe("previousTermDay", () => {
  it("finds the last day for visits on or before a date", () => {
    expect(previousTermDay(d("2026-12-16"), terms)).toBe("2026-12-16");
    // In the Christmas holiday: the last day of the autumn term.
    expect(previousTermDay(d("2026-12-28"), terms)).toBe("2026-12-18");
    // The Early May bank holiday is a closure: the day before (term days are calendar days).
    expect(previousTermDay(d("2026-05-04"), terms)).toBe("2026-05-03");
    expect(previousTermDay(d("2025-08-01"), terms)).toBeUndefined();
  });
});
