import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dateFromDayNumber,
  dayNumber,
  daysBetween,
  parseIsoDate,
  WEEKDAYS,
  weekdayOf,
} from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import type { Protocol } from "../protocol/schema.js";
import { planVisits, type VisitPattern } from "./schedule.js";

const d = parseIsoDate;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const arbitraryTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

// Term dates of a made-up council: periods of 1-60 days with gaps of 1-30 days between, and
// closure days scattered over them, so the properties do not lean on one calendar.
const arbitraryTerms = fc
  .record({
    first: fc.integer({ min: dayNumber(d("2025-01-01")), max: dayNumber(d("2025-12-31")) }),
    shape: fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 60 })), {
      minLength: 1,
      maxLength: 10,
    }),
    closures: fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 15 }),
  })
  .map(({ first, shape, closures }) => {
    let day = first;
    const periods = shape.map(([gap, length], i) => {
      day += gap;
      const period = { name: `Term ${i + 1}`, start: dateFromDayNumber(day), end: dateFromDayNumber(day + length - 1) };
      day += length;
      return period;
    });
    return {
      ...lancashire.visits.terms,
      periods,
      closures: closures.map((offset) => ({ date: dateFromDayNumber(first + offset), reason: "Closure" })),
    };
  });

const arbitraryCase = fc
  .record({
    terms: fc.option(arbitraryTerms, { nil: undefined }),
    start: fc.integer({ min: dayNumber(d("2025-01-01")), max: dayNumber(d("2027-12-31")) }),
    length: fc.integer({ min: 0, max: 300 }),
    frequency: fc.constantFrom("weekly" as const, "fortnightly" as const),
    weekday: fc.constantFrom(...WEEKDAYS),
    time: arbitraryTime,
  })
  .map(({ terms, start, length, ...rest }) => {
    const protocol: Protocol =
      terms === undefined ? lancashire : { ...lancashire, visits: { ...lancashire.visits, terms } };
    const block = { start: dateFromDayNumber(start), end: dateFromDayNumber(start + length), ...rest } as VisitPattern;
    return { protocol, block };
  });

describe("planVisits", () => {
  it("plans visits on the block's weekday, inside a term period, never on a closure, within the block, strictly increasing, 7 or 14 days apart (property)", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ protocol, block }) => {
        const result = planVisits(block, protocol);
        if (!result.ok) return false;
        const { periods, closures } = protocol.visits.terms;
        const step = block.frequency === "weekly" ? 7 : 14;
        const dates = result.value.visits.map((visit) => visit.date);
        return (
          result.value.visits.every((visit) => visit.time === block.time && visit.status === "planned") &&
          dates.every((date) => weekdayOf(date) === block.weekday) &&
          dates.every((date) => periods.some((p) => p.start <= date && date <= p.end)) &&
          dates.every((date) => !closures.some((c) => c.date === date)) &&
          dates.every((date) => block.start <= date && date <= block.end) &&
          dates.every((date, i) => i === 0 || (dates[i - 1] as string) < date) &&
          dates.every((date, i) => i === 0 || daysBetween(dates[i - 1] as typeof date, date) % step === 0)
        );
      }),
    );
  });

  it("accounts for every date of the rhythm: each is a visit or a skipped date with its reason (property)", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ protocol, block }) => {
        const result = planVisits(block, protocol);
        if (!result.ok) return false;
        const { visits, skipped, firstVisitDate } = result.value;
        const step = block.frequency === "weekly" ? 7 : 14;
        const expected: string[] = [];
        for (let day = block.start; day <= block.end; day = addDays(day, 1)) {
          if (
            weekdayOf(day) === block.weekday &&
            (firstVisitDate === undefined || daysBetween(firstVisitDate, day) % step === 0)
          ) {
            expected.push(day);
          }
        }
        const all = [...visits.map((x) => x.date), ...skipped.map((x) => x.date)].sort();
        const { closures, periods } = protocol.visits.terms;
        return (
          JSON.stringify(all) === JSON.stringify(expected) &&
          skipped.every(
            (s) =>
              s.clause === protocol.visits.terms.id &&
              (s.reason === "closure"
                ? closures.some((c) => c.date === s.date)
                : !periods.some((p) => p.start <= s.date && s.date <= p.end)),
          )
        );
      }),
    );
  });

  it("does not change the block it is given", () => {
    const block = deepFreeze({
      start: d("2026-01-05"),
      end: d("2026-03-27"),
      frequency: "weekly" as const,
      weekday: "monday" as const,
      time: "10:00",
    });
    expect(planVisits(block, cheshireEast)).toMatchObject({ ok: true });
  });

  it("has no first visit when the block is too short to reach its weekday", () => {
    const result = planVisits(
      { start: d("2026-01-06"), end: d("2026-01-10"), frequency: "weekly", weekday: "monday", time: "10:00" },
      lancashire,
    );
    expect(result).toEqual({
      ok: true,
      value: { firstVisitDate: undefined, visits: [], skipped: [], clauses: ["blocks", "term-dates"] },
    });
  });

  it("refuses a frequency the protocol does not offer, citing the clause", () => {
    const weeklyOnly = {
      ...lancashire,
      visits: { ...lancashire.visits, blocks: { ...lancashire.visits.blocks, frequencies: ["weekly" as const] } },
    };
    expect(
      planVisits(
        { start: d("2026-01-05"), end: d("2026-03-27"), frequency: "fortnightly", weekday: "monday", time: "10:00" },
        weeklyOnly,
      ),
    ).toEqual({
      ok: false,
      code: "frequency-not-allowed",
      reason: "fortnightly visits are not offered: the protocol allows weekly.",
      clause: "blocks",
    });
  });

  it("refuses something that is not a block at all", () => {
    expect(planVisits(null as unknown as VisitPattern, lancashire)).toMatchObject({
      ok: false,
      code: "invalid-input",
      problems: [{ path: "" }],
    });
  });

  it("refuses a weekday, time or dates that are not valid, naming each", () => {
    const result = planVisits(
      {
        start: "2026-02-30",
        end: "2026-03-27",
        frequency: "weekly",
        weekday: "Monday",
        time: "10.00",
      } as unknown as VisitPattern,
      lancashire,
    );
    expect(result).toMatchObject({
      ok: false,
      code: "invalid-input",
      problems: [{ path: "start" }, { path: "weekday" }, { path: "time" }],
    });
  });
});
