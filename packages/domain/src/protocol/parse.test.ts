import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast, cheshireEastInput, lancashire, lancashireInput } from "./index.js";
import { assertProtocol, ProtocolError, parseProtocol, valueOn } from "./parse.js";

const clone = <T>(value: T): T => structuredClone(value);

describe("the presets", () => {
  it("are valid protocols", () => {
    expect(parseProtocol(lancashireInput)).toEqual({ success: true, protocol: lancashire, warnings: [] });
    expect(parseProtocol(cheshireEastInput)).toEqual({ success: true, protocol: cheshireEast, warnings: [] });
  });

  it("say which values are the project's defaults for a council to replace", () => {
    expect(lancashire.priority.councilDefault).toBe(true);
    expect(lancashire.visits.terms.councilDefault).toBe(true);
    expect(lancashire.visits.blocks.councilDefault).toBe(true);
    // Published by the council, so not a default.
    expect(lancashire.eligibility.age.councilDefault).toBeUndefined();
    expect(cheshireEast.eligibility.need.councilDefault).toBeUndefined();
  });

  it("carry the councils' published rules", () => {
    expect(lancashire.eligibility.age.end).toEqual({ rule: "funded-early-education" });
    expect(lancashire.eligibility.routes.routes.map((r) => r.id)).toEqual(["self-referral", "early-help"]);
    expect(lancashire.sharing.recipients.find((r) => r.informedRoutinely)?.name).toBe(
      "Children and Family Wellbeing Service",
    );
    expect(cheshireEast.eligibility.age.end.rule).toBe("starts-setting-or-school");
    expect(cheshireEast.eligibility.routes.routes.map((r) => r.id)).toEqual(["early-years-forum"]);
    expect(valueOn(cheshireEast.eligibility.need.values, parseIsoDate("2026-01-01"))?.panelRequired?.name).toBe(
      "Early Years Forum",
    );
  });

  it("give every clause an id, a description and a reference", () => {
    const clauses = [
      lancashire.eligibility.age,
      lancashire.eligibility.need,
      lancashire.eligibility.settingHours,
      lancashire.eligibility.residence,
      lancashire.eligibility.routes,
      lancashire.eligibility.consent,
      lancashire.eligibility.availability,
      lancashire.priority,
      ...lancashire.priority.criteria,
      lancashire.visits.blocks,
      lancashire.visits.terms,
      lancashire.visits.missedVisits,
      lancashire.visits.monitoring,
      lancashire.plans.areas,
      lancashire.plans.achievement,
      lancashire.sharing,
      lancashire.exits,
      lancashire.retention,
    ];
    for (const clause of clauses) {
      expect(clause.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(clause.description.length).toBeGreaterThan(20);
      expect(clause.reference.title.length).toBeGreaterThan(5);
    }
  });
});

describe("parseProtocol reports every problem with its path", () => {
  it("names missing and unknown settings", () => {
    const input: Record<string, unknown> = clone(lancashireInput);
    delete input.serviceName;
    input.colour = "blue";
    const result = parseProtocol(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.problems).toContainEqual({ path: "serviceName", message: "is required" });
    expect(result.problems).toContainEqual({ path: "colour", message: "is not a setting a protocol can have" });
  });

  it("reports several problems at once, deep in the file", () => {
    const input = clone(lancashireInput) as unknown as {
      published: string;
      visits: { terms: { periods: { start: string }[] }; blocks: { lengthWeeks: number } };
      eligibility: { age: { end: unknown } };
    };
    input.published = "2026-02-30";
    input.visits.blocks.lengthWeeks = 0;
    input.eligibility.age.end = { rule: "until-bored" };
    const result = parseProtocol(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(["published", "visits.blocks.lengthWeeks", "eligibility.age.end.rule"]),
    );
    expect(result.problems.find((p) => p.path === "published")?.message).toBe("must be a real date written YYYY-MM-DD");
    expect(result.problems.find((p) => p.path === "visits.blocks.lengthWeeks")?.message).toBe("must be at least 1");
  });

  it("refuses duplicate ids, overlapping terms, muddled dated values and impossible criteria", () => {
    const input = clone(lancashireInput) as unknown as {
      eligibility: {
        routes: { routes: { id: string }[] };
        settingHours: { values: { from: string; value: unknown }[] };
      };
      visits: { terms: { periods: { name: string; start: string; end: string }[] } };
      priority: { criteria: Record<string, unknown>[] };
      plans: { achievement: { successes: number; outOf: number } };
    };
    input.eligibility.routes.routes.push({ ...(input.eligibility.routes.routes[0] as { id: string }) });
    input.visits.terms.periods.splice(1, 0, { name: "Overlap", start: "2025-10-01", end: "2025-10-30" });
    input.visits.terms.periods.push({ name: "Backwards", start: "2030-05-01", end: "2030-04-01" });
    input.eligibility.settingHours.values.push({ from: "2020-01-01", value: { maxHoursPerWeek: 10 } });
    const timeLeft = input.priority.criteria.find((c) => c.kind === "time-left") as Record<string, unknown>;
    timeLeft.noneBeyondWeeks = 10;
    input.plans.achievement.successes = 5;
    const result = parseProtocol(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: "eligibility.routes.routes", message: 'the id "self-referral" is used more than once' },
        {
          path: "visits.terms.periods.1.start",
          message:
            "starts (2025-10-01) before the previous period ends (2025-10-24); list periods in date order without overlaps",
        },
        { path: "visits.terms.periods.13.end", message: "ends (2030-04-01) before it starts (2030-05-01)" },
        {
          path: "eligibility.settingHours.values.1.from",
          message: "dated values must be in date order, no two on the same date",
        },
        {
          path: `priority.criteria.${input.priority.criteria.indexOf(timeLeft)}.noneBeyondWeeks`,
          message: "must be more than fullWithinWeeks",
        },
        { path: "plans.achievement.successes", message: "cannot be more than outOf" },
      ]),
    );
  });

  it("refuses what is not an object at all", () => {
    expect(parseProtocol(["lancashire"])).toEqual({
      success: false,
      problems: [{ path: "(the whole file)", message: "must be a protocol: a JSON object, written { ... }" }],
      warnings: [],
    });
    expect(parseProtocol("lancashire")).toMatchObject({ success: false, problems: [{ path: "(the whole file)" }] });
  });

  it("throws a readable error from assertProtocol", () => {
    expect(() => assertProtocol({ ...clone(lancashireInput), id: "Lancashire!" })).toThrow(ProtocolError);
    expect(() => assertProtocol({ ...clone(lancashireInput), id: "Lancashire!" })).toThrow(
      "- id: must be lower-case letters, digits and hyphens, starting with a letter",
    );
  });
});

describe("valueOn", () => {
  const values = [
    { from: parseIsoDate("2024-04-01"), value: 15 },
    { from: parseIsoDate("2025-09-01"), value: 12 },
  ];
  it("takes the value in force on the day", () => {
    expect(valueOn(values, parseIsoDate("2024-03-31"))).toBeUndefined();
    expect(valueOn(values, parseIsoDate("2024-04-01"))).toBe(15);
    expect(valueOn(values, parseIsoDate("2025-08-31"))).toBe(15);
    expect(valueOn(values, parseIsoDate("2025-09-01"))).toBe(12);
    expect(valueOn(values, parseIsoDate("2030-01-01"))).toBe(12);
  });
});
