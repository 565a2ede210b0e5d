import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { dateFromDayNumber, dayNumber, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { type ActivityRecord, ActivityRecordSchema, parseActivityRecord } from "./activity-record.js";
import { compareProgress, criterionInWords, meetsCriterion, PROGRESS_STATUSES, targetProgress } from "./progress.js";
import { count, dateList, listInWords } from "./words.js";

const d = parseIsoDate;
const criterion = { successes: 3, outOf: 4, days: 3 };
const target = { id: "bricks", criterion };
const tries = (date: string, successes: number, of = 4): ActivityRecord => ({
  targetId: "bricks",
  date: d(date),
  recordedBy: "family",
  tries: of,
  successes,
});

describe("meetsCriterion", () => {
  it.each([
    [3, 4, true],
    [4, 4, true],
    [6, 8, true],
    [4, 5, true],
    [2, 4, false],
    [3, 5, false],
    [2, 2, false],
    [5, 7, false],
  ])("%i of %i tries against 3 out of 4: %s", (successes, of, meets) => {
    expect(meetsCriterion(tries("2026-01-12", successes, of), criterion)).toBe(meets);
  });

  it("counts a day ticked done, and not one left unticked", () => {
    const done = { targetId: "bricks", date: d("2026-01-12"), recordedBy: "visitor" as const, done: true };
    expect(meetsCriterion(done, criterion)).toBe(true);
    expect(meetsCriterion({ ...done, done: false }, criterion)).toBe(false);
  });
});

describe("targetProgress", () => {
  it("does not change the records it is given, nor their order", () => {
    const records = Object.freeze([tries("2026-01-14", 3), tries("2026-01-12", 3), tries("2026-01-13", 3)]);
    for (const r of records) Object.freeze(r);
    const progress = targetProgress(target, records, d("2026-01-31"));
    expect(progress.status).toBe("achieved");
    expect(progress.evidence.map((r) => r.date)).toEqual(["2026-01-12", "2026-01-13", "2026-01-14"]);
    expect(records.map((r) => r.date)).toEqual(["2026-01-14", "2026-01-12", "2026-01-13"]);
  });

  it("counts the records it used, leaving out later ones and other targets'", () => {
    const records = [tries("2026-01-12", 1), tries("2026-02-12", 1), { ...tries("2026-01-12", 1), targetId: "cup" }];
    expect(targetProgress(target, records, d("2026-01-31")).recordsCounted).toBe(1);
  });

  it("ignores a record whose date is not a real day, saying where the problem is", () => {
    const bad = { ...tries("2026-01-12", 4), date: "2026-02-30" as IsoDate };
    expect(targetProgress(target, [bad], d("2026-12-31")).ignored).toEqual([
      { record: bad, reason: "date: must be a real date written YYYY-MM-DD" },
    ]);
  });

  it("ignores a record that mixes tries and done, saying so", () => {
    const mixed = { ...tries("2026-01-12", 4), done: true } as unknown as ActivityRecord;
    const progress = targetProgress(target, [mixed], d("2026-12-31"));
    expect(progress.status).toBe("not-started");
    expect(progress.ignored.map((entry) => entry.reason)).toEqual([
      "tries: is not part of this kind of record: a record has either tries and successes, done, or practised: false",
    ]);
  });
});

// Records for two targets, over a few weeks, in both forms, with any counts the schema allows.
const arbitraryRecord: fc.Arbitrary<ActivityRecord> = fc
  .record({
    targetId: fc.constantFrom("bricks", "cup"),
    day: fc.integer({ min: 0, max: 40 }),
    recordedBy: fc.constantFrom("family" as const, "visitor" as const),
    form: fc.oneof(
      fc.boolean().map((done) => ({ done })),
      fc
        .integer({ min: 1, max: 10 })
        .chain((t) => fc.integer({ min: 0, max: t }).map((successes) => ({ tries: t, successes }))),
    ),
  })
  .map(({ day, form, ...rest }) => ({ ...rest, date: dateFromDayNumber(dayNumber(d("2026-01-05")) + day), ...form }));
const arbitraryCriterion = fc.integer({ min: 1, max: 6 }).chain((outOf) =>
  fc.record({
    successes: fc.integer({ min: 1, max: outOf }),
    outOf: fc.constant(outOf),
    days: fc.integer({ min: 1, max: 5 }),
  }),
);
const arbitraryAsOf = fc
  .integer({ min: -2, max: 45 })
  .map((day) => dateFromDayNumber(dayNumber(d("2026-01-05")) + day));
const rank = (status: (typeof PROGRESS_STATUSES)[number]) => PROGRESS_STATUSES.indexOf(status);

describe("targetProgress properties", () => {
  it("the generated records are valid activity records", () => {
    fc.assert(fc.property(arbitraryRecord, (record) => v.is(ActivityRecordSchema, record)));
  });

  it("never goes down when records are added, wherever they fall in the list (monotonic)", () => {
    fc.assert(
      fc.property(
        arbitraryCriterion,
        fc.array(arbitraryRecord, { maxLength: 25 }),
        fc.array(arbitraryRecord, { maxLength: 10 }),
        fc.nat(),
        arbitraryAsOf,
        (c, records, more, at, asOf) => {
          const t = { id: "bricks", criterion: c };
          const position = records.length === 0 ? 0 : at % (records.length + 1);
          const added = [...records.slice(0, position), ...more, ...records.slice(position)];
          return rank(targetProgress(t, records, asOf).status) <= rank(targetProgress(t, added, asOf).status);
        },
      ),
    );
  });

  it("never goes down as time passes", () => {
    fc.assert(
      fc.property(
        arbitraryCriterion,
        fc.array(arbitraryRecord, { maxLength: 25 }),
        arbitraryAsOf,
        arbitraryAsOf,
        (c, records, a, b) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a];
          const t = { id: "bricks", criterion: c };
          return rank(targetProgress(t, records, earlier).status) <= rank(targetProgress(t, records, later).status);
        },
      ),
    );
  });

  it("never counts records after asOf: dropping them changes nothing", () => {
    fc.assert(
      fc.property(
        arbitraryCriterion,
        fc.array(arbitraryRecord, { maxLength: 25 }),
        arbitraryAsOf,
        (c, records, asOf) => {
          const t = { id: "bricks", criterion: c };
          const progress = targetProgress(t, records, asOf);
          const upToAsOf = targetProgress(
            t,
            records.filter((r) => r.date <= asOf),
            asOf,
          );
          expect(progress).toEqual(upToAsOf);
          return progress.evidence.every((r) => r.date <= asOf && r.targetId === "bricks");
        },
      ),
    );
  });

  it("proves an achieved target with one record meeting the criterion on each of `days` different days", () => {
    fc.assert(
      fc.property(
        arbitraryCriterion,
        fc.array(arbitraryRecord, { maxLength: 40 }),
        arbitraryAsOf,
        (c, records, asOf) => {
          const progress = targetProgress({ id: "bricks", criterion: c }, records, asOf);
          if (progress.status !== "achieved")
            return progress.evidence.length === 0 || progress.status !== "not-started";
          const days = new Set(progress.evidence.map((r) => r.date));
          // The rate test written out in fractions, apart from the code's integer arithmetic.
          const meets = (r: ActivityRecord) =>
            "practised" in r
              ? false
              : "done" in r
                ? r.done
                : r.successes >= c.successes && r.successes / r.tries >= c.successes / c.outOf - 1e-9;
          return (
            progress.evidence.length === c.days &&
            days.size === c.days &&
            progress.evidence.every(meets) &&
            progress.achievedOn === [...days].sort().at(-1)
          );
        },
      ),
    );
  });
});

describe("words", () => {
  it("writes criteria, dates and counts as staff and families read them", () => {
    expect(criterionInWords(criterion)).toBe("3 out of 4");
    expect(dateInWords(d("2026-03-01"))).toBe("1 March 2026");
    expect(dateList([d("2025-12-30"), d("2026-01-02"), d("2026-01-05")])).toBe(
      "30 December 2025, 2 and 5 January 2026",
    );
    expect(dateList([d("2026-01-02")])).toBe("2 January 2026");
    expect(listInWords([])).toBe("");
    expect(listInWords(["a", "b"])).toBe("a and b");
    expect(count(1, "day")).toBe("1 day");
    expect(count(2, "child", "children")).toBe("2 children");
  });

  it("orders progress statuses from not started to achieved", () => {
    expect(compareProgress("emerging", "achieved")).toBeLessThan(0);
    expect(compareProgress("developing", "emerging")).toBeGreaterThan(0);
    expect(compareProgress("not-started", "not-started")).toBe(0);
  });
});

describe("ActivityRecordSchema", () => {
  const base = { targetId: "bricks", date: "2026-01-12", recordedBy: "family" };

  it("accepts tries with successes, or done", () => {
    expect(v.is(ActivityRecordSchema, { ...base, tries: 4, successes: 4, note: "Clapped after!" })).toBe(true);
    expect(v.is(ActivityRecordSchema, { ...base, done: false, stepId: "bricks-1" })).toBe(true);
  });

  it("refuses more successes than tries, no tries, both forms, or neither", () => {
    const issues = v.safeParse(ActivityRecordSchema, { ...base, tries: 3, successes: 4 }).issues;
    expect(issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([
      ["successes", "cannot be more than tries: a child cannot succeed more times than they try"],
    ]);
    expect(v.is(ActivityRecordSchema, { ...base, tries: 0, successes: 0 })).toBe(false);
    expect(v.is(ActivityRecordSchema, { ...base, tries: 2, successes: 1, done: true })).toBe(false);
    expect(v.is(ActivityRecordSchema, base)).toBe(false);
    expect(v.is(ActivityRecordSchema, { ...base, recordedBy: "nursery", done: true })).toBe(false);
  });
});

describe("parseActivityRecord", () => {
  const base = { targetId: "bricks", date: "2026-01-12", recordedBy: "family" };

  it("returns a valid record typed", () => {
    expect(parseActivityRecord({ ...base, done: true })).toEqual({ ok: true, record: { ...base, done: true } });
  });

  it("lists every problem in the form the record was meant to take", () => {
    expect(parseActivityRecord({ ...base, date: "12/01/2026", tries: 2, successes: 3 })).toEqual({
      ok: false,
      problems: [
        { path: "date", message: "must be a real date written YYYY-MM-DD" },
        { path: "successes", message: "cannot be more than tries: a child cannot succeed more times than they try" },
      ],
    });
    expect(parseActivityRecord({ ...base, done: true, tries: 2 })).toEqual({
      ok: false,
      problems: [
        {
          path: "tries",
          message:
            "is not part of this kind of record: a record has either tries and successes, done, or practised: false",
        },
      ],
    });
    expect(parseActivityRecord({ ...base, tries: 2 })).toEqual({
      ok: false,
      problems: [{ path: "successes", message: "is required" }],
    });
    expect(parseActivityRecord(null)).toMatchObject({ ok: false, problems: [{ path: "" }] });
  });
});
