import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { arbitraryDate } from "../../test/arbitraries.js";
import { addDays, parseIsoDate } from "../dates/date-only.js";
import { cheshireEast } from "../protocol/presets/cheshire-east.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import type { Protocol } from "../protocol/schema.js";
import { DEFAULT_EXIT_LOOKAHEAD_WEEKS, dueExits, type ExitFacts, ExitFactsSchema } from "./due-exits.js";

const d = parseIsoDate;
const withAgeEnd = (end: Protocol["eligibility"]["age"]["end"]): Protocol => ({
  ...lancashire,
  eligibility: { ...lancashire.eligibility, age: { ...lancashire.eligibility.age, end } },
});

describe("dueExits", () => {
  it("explains the age exit in the words of each age rule", () => {
    const child: ExitFacts = { dateOfBirth: d("2024-01-10"), livesInArea: true };
    const asOf = d("2026-06-01");
    expect(dueExits(child, withAgeEnd({ rule: "age-in-months", months: 30 }), asOf)).toEqual([
      {
        reasonId: "age-limit",
        due: "2026-07-10",
        status: "upcoming",
        why: "Born 10 January 2024: reaches 30 months on 10 July 2026, the end of the service's age range.",
        clauseId: "age-window",
        transitionReport: true,
      },
    ]);
    const [planned] = dueExits(child, withAgeEnd({ rule: "starts-setting-or-school", latestAgeMonths: 29 }), asOf);
    expect(planned?.why).toBe(
      "Born 10 January 2024: reaches 29 months on 10 June 2026, the latest the service plans for before school.",
    );
    const [funded] = dueExits({ dateOfBirth: d("2023-05-14"), livesInArea: true }, lancashire, d("2026-07-01"));
    expect(funded?.why).toBe(
      "Born 14 May 2023: eligible for funded early education for 3-year-olds from 1 September 2026, when Portage support ends.",
    );
  });

  it("compares setting hours with the limit in force on the day they start", () => {
    const child: ExitFacts = {
      dateOfBirth: d("2024-06-01"),
      livesInArea: true,
      settingHoursPerWeek: 16,
    };
    const [now] = dueExits(child, lancashire, d("2026-03-02"));
    expect(now).toMatchObject({ reasonId: "setting-hours", due: "2026-03-02", status: "due" });
    expect(now?.why).toBe("16 hours a week in a setting from 2 March 2026, over the service's limit of 15.");
    // Where the limit is null, any number of hours is allowed.
    const noLimit: Protocol = {
      ...lancashire,
      eligibility: {
        ...lancashire.eligibility,
        settingHours: {
          ...lancashire.eligibility.settingHours,
          values: [{ from: d("2024-01-01"), value: { maxHoursPerWeek: null } }],
        },
      },
    };
    expect(dueExits({ ...child, settingHoursPerWeek: 40 }, noLimit, d("2026-03-02"))).toEqual([]);
    // Before Lancashire's first dated limit there is no limit to be over.
    expect(dueExits({ ...child, settingHoursFrom: d("2024-03-01") }, lancashire, d("2024-03-01"))).toEqual([]);
  });

  it("says when a family will move out of the area", () => {
    const [move] = dueExits(
      { dateOfBirth: d("2024-06-01"), livesInArea: true, movesOutOfAreaOn: d("2026-04-27") },
      lancashire,
      d("2026-03-02"),
    );
    expect(move?.why).toBe(
      "The family moves out of the area on 27 April 2026 and will no longer live in the area the service covers.",
    );
    expect(move?.status).toBe("upcoming");
  });

  it("says a family has moved on the day of the move itself", () => {
    const [move] = dueExits(
      { dateOfBirth: d("2024-06-01"), livesInArea: true, movesOutOfAreaOn: d("2026-03-02") },
      lancashire,
      d("2026-03-02"),
    );
    expect(move?.why).toBe("The family no longer lives in the area the service covers.");
    expect(move?.status).toBe("due");
  });

  it("names the missed-visits rule and its action", () => {
    const [missed] = dueExits(
      { dateOfBirth: d("2024-06-01"), livesInArea: true, missedVisitsFlaggedOn: d("2026-03-02") },
      lancashire,
      d("2026-03-02"),
    );
    expect(missed?.why).toBe(
      "Flagged on 2 March 2026 for 3 or more visits missed in a row. Write to the family to agree whether visits continue.",
    );
  });

  it("leaves out exit reasons the protocol does not list", () => {
    const noMoves: Protocol = {
      ...lancashire,
      exits: { ...lancashire.exits, reasons: lancashire.exits.reasons.filter((r) => r.id !== "moved-away") },
    };
    const child: ExitFacts = { dateOfBirth: d("2024-06-01"), livesInArea: false };
    expect(dueExits(child, lancashire, d("2026-03-02")).map((e) => e.reasonId)).toEqual(["moved-away"]);
    expect(dueExits(child, noMoves, d("2026-03-02"))).toEqual([]);
    const hours: ExitFacts = { ...child, livesInArea: true, settingHoursPerWeek: 40 };
    const noSettingHoursExit = { ...cheshireEast, eligibility: lancashire.eligibility };
    expect(dueExits(hours, noSettingHoursExit, d("2026-03-02"))).toEqual([]);
  });

  it("orders exits by due date, then as the protocol lists their reasons", () => {
    const protocol = withAgeEnd({ rule: "starts-setting-or-school", latestAgeMonths: 28 });
    const child: ExitFacts = {
      dateOfBirth: d("2024-06-01"),
      livesInArea: true,
      settingHoursPerWeek: 20,
      settingHoursFrom: d("2026-09-07"),
      startedSettingOn: d("2026-09-07"),
      consentWithdrawnOn: d("2026-08-03"),
      missedVisitsFlaggedOn: d("2026-07-20"),
    };
    expect(dueExits(child, protocol, d("2026-07-20")).map((e) => [e.reasonId, e.due])).toEqual([
      ["missed-visits", "2026-07-20"],
      ["family-withdrew", "2026-08-03"],
      ["started-setting", "2026-09-07"],
      ["setting-hours", "2026-09-07"],
      ["age-limit", "2026-10-01"],
    ]);
  });

  it("orders exits due the same day as the protocol lists their reasons", () => {
    const child: ExitFacts = { dateOfBirth: d("2023-05-14"), livesInArea: true, movesOutOfAreaOn: d("2026-09-01") };
    const exits = dueExits(child, lancashire, d("2026-08-01"));
    expect(exits.map((e) => [e.reasonId, e.due])).toEqual([
      ["age-limit", "2026-09-01"],
      ["moved-away", "2026-09-01"],
    ]);
  });

  it("reads a lookahead that is not a count of weeks as the default", () => {
    const child: ExitFacts = { dateOfBirth: d("2023-05-14"), livesInArea: true };
    const asOf = addDays(d("2026-09-01"), -7 * DEFAULT_EXIT_LOOKAHEAD_WEEKS);
    for (const lookaheadWeeks of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      expect(dueExits(child, lancashire, asOf, { lookaheadWeeks })).toHaveLength(1);
      expect(dueExits(child, lancashire, addDays(asOf, -1), { lookaheadWeeks })).toHaveLength(0);
    }
    expect(dueExits(child, lancashire, d("2026-09-01"), { lookaheadWeeks: 0 })).toHaveLength(1);
    expect(dueExits(child, lancashire, d("2026-08-31"), { lookaheadWeeks: 0 })).toHaveLength(0);
    expect(dueExits(child, lancashire, d("2026-08-31"), { lookaheadWeeks: 0.9 })).toHaveLength(0);
  });
});

describe("ExitFactsSchema", () => {
  it("refuses negative or impossible hours and unknown facts", () => {
    const base = { dateOfBirth: "2024-06-01", livesInArea: true };
    expect(v.safeParse(ExitFactsSchema, { ...base, settingHoursPerWeek: 12.5 }).success).toBe(true);
    expect(v.safeParse(ExitFactsSchema, { ...base, settingHoursPerWeek: -2 }).issues?.[0]?.message).toBe(
      "must not be negative",
    );
    for (const bad of [
      { ...base, settingHoursPerWeek: -1 },
      { ...base, settingHoursPerWeek: Number.NaN },
      { ...base, movedAt: "2026-01-01" },
      { dateOfBirth: "2024-06-01" },
    ]) {
      expect(v.safeParse(ExitFactsSchema, bad).success).toBe(false);
    }
  });
});

const maybeDate = fc.option(arbitraryDate, { nil: undefined });
const arbitraryFacts = fc
  .record({
    dateOfBirth: arbitraryDate,
    livesInArea: fc.boolean(),
    settingHoursPerWeek: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    settingHoursFrom: maybeDate,
    startedSettingOn: maybeDate,
    movesOutOfAreaOn: maybeDate,
    consentWithdrawnOn: maybeDate,
    missedVisitsFlaggedOn: maybeDate,
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, value]) => value !== undefined)) as ExitFacts);
const protocols = fc.constantFrom(lancashire, cheshireEast);

describe("dueExits properties", () => {
  it("lists only reasons the protocol lists, within the lookahead, earliest first, with the right status", () => {
    fc.assert(
      fc.property(
        arbitraryFacts,
        protocols,
        arbitraryDate,
        fc.integer({ min: 0, max: 60 }),
        (child, protocol, asOf, lookaheadWeeks) => {
          const exits = dueExits(child, protocol, asOf, { lookaheadWeeks });
          const listed = protocol.exits.reasons.map((r) => r.id);
          const horizon = addDays(asOf, lookaheadWeeks * 7);
          return exits.every(
            (e, i) =>
              listed.includes(e.reasonId) &&
              e.due <= horizon &&
              e.status === (e.due <= asOf ? "due" : "upcoming") &&
              (i === 0 || (exits[i - 1]?.due ?? "") <= e.due),
          );
        },
      ),
    );
  });

  it("never loses an exit when the lookahead grows", () => {
    fc.assert(
      fc.property(
        arbitraryFacts,
        protocols,
        arbitraryDate,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (child, protocol, asOf, a, b) => {
          const shorter = dueExits(child, protocol, asOf, { lookaheadWeeks: Math.min(a, b) });
          const longer = dueExits(child, protocol, asOf, { lookaheadWeeks: Math.max(a, b) });
          return shorter.every((e) => longer.some((l) => l.reasonId === e.reasonId && l.due === e.due));
        },
      ),
    );
  });
});
