import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { checkPracticeDay, type PracticeDayEntry } from "./practice-day.js";

const d = parseIsoDate;
const window = { asOf: d("2026-11-29"), block: { start: d("2026-11-23"), end: d("2027-02-12") } };
const day = (entry: Partial<PracticeDayEntry>): PracticeDayEntry => ({
  targetId: "t1",
  date: "2026-11-25",
  recordedBy: "family",
  ...entry,
});
const fields = (entry: Partial<PracticeDayEntry>) => {
  const result = checkPracticeDay(day(entry), window);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe("a day of the activity chart as entered", () => {
  it("makes a record of tries and successes", () => {
    const result = checkPracticeDay(day({ tries: 4, successes: 3, note: "Loved it" }), window);
    expect(result).toEqual({
      ok: true,
      record: { targetId: "t1", date: "2026-11-25", recordedBy: "family", tries: 4, successes: 3, note: "Loved it" },
    });
  });

  it("makes a record of a day not practised, with its comment", () => {
    const result = checkPracticeDay(day({ practised: false, note: "Poorly" }), window);
    expect(result).toEqual({
      ok: true,
      record: { targetId: "t1", date: "2026-11-25", recordedBy: "family", practised: false, note: "Poorly" },
    });
  });

  it("needs tries and successes on a day practised", () => {
    expect(fields({})).toEqual([
      "tries: is required: how many times did the child try?",
      "successes: is required: how many times did the child succeed?",
    ]);
    expect(fields({ successes: 1 })).toEqual(["tries: is required: how many times did the child try?"]);
  });

  it("takes at least one try: a day with none is a day not practised", () => {
    expect(fields({ tries: 0, successes: 0 })).toEqual(["tries: must be at least 1, or mark the day as not practised"]);
    expect(fields({ tries: 1, successes: 0 })).toEqual([]);
  });

  it("never has more successes than tries", () => {
    expect(fields({ tries: 2, successes: 5 })).toEqual([
      "successes: cannot be more than tries: a child cannot succeed more times than they try",
    ]);
    expect(fields({ tries: 5, successes: 5 })).toEqual([]);
  });

  it("counts in whole numbers", () => {
    expect(fields({ tries: 2.5, successes: 1 })).toEqual(["tries: must be a whole number"]);
  });

  it("leaves tries and successes out of a day not practised", () => {
    expect(fields({ practised: false, tries: 2 })).toEqual(["tries: must be left out for a day not practised"]);
    expect(fields({ practised: false, tries: 2, successes: 1 })).toEqual([
      "tries: must be left out for a day not practised",
      "successes: must be left out for a day not practised",
    ]);
  });

  it("is a day up to today, inside the target's block", () => {
    expect(fields({ date: "2026-11-30", tries: 1, successes: 1 })).toEqual(["date: must be today or earlier"]);
    expect(fields({ date: "2026-11-29", tries: 1, successes: 1 })).toEqual([]);
    expect(fields({ date: "2026-11-22", tries: 1, successes: 1 })).toEqual([
      "date: must be in the target's block of visits (23 November 2026 to 12 February 2027)",
    ]);
    expect(fields({ date: "2026-11-23", tries: 1, successes: 1 })).toEqual([]);
    expect(fields({ date: "2026-02-30", tries: 1, successes: 1 })).toEqual([
      "date: must be a real date written YYYY-MM-DD",
    ]);
  });

  it("lists every problem at once", () => {
    expect(fields({ date: "2026-12-01", tries: 3, successes: 4 }).map((p) => p.split(":")[0])).toEqual([
      "date",
      "successes",
    ]);
  });

  it("drops a blank comment rather than refusing it", () => {
    const result = checkPracticeDay(day({ tries: 1, successes: 1, note: "  " }), window);
    expect(result.ok && "note" in result.record).toBe(false);
  });
});
