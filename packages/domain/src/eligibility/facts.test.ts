import { describe, expect, it } from "vitest";
import { EligibilityInputError, parseEligibilityFacts } from "./facts.js";

describe("parseEligibilityFacts", () => {
  it("accepts facts as a form sends them, trimming text", () => {
    const result = parseEligibilityFacts({
      dateOfBirth: "2025-05-14",
      diagnosis: true,
      diagnosisDescription: "  Down syndrome ",
      developmentalDelays: [{ areaId: "physical", delayMonths: 4 }],
      settingHoursPerWeek: 7.5,
      routeId: "self-referral",
    });
    expect(result).toEqual({
      success: true,
      facts: {
        dateOfBirth: "2025-05-14",
        diagnosis: true,
        diagnosisDescription: "Down syndrome",
        developmentalDelays: [{ areaId: "physical", delayMonths: 4 }],
        settingHoursPerWeek: 7.5,
        routeId: "self-referral",
      },
    });
  });

  it("accepts no facts at all: everything can be unknown", () => {
    expect(parseEligibilityFacts({})).toEqual({ success: true, facts: {} });
  });

  it("reports every problem with its path, in plain words", () => {
    const result = parseEligibilityFacts({
      dateOfBirth: "2025-02-30",
      settingHoursPerWeek: 200,
      developmentalDelays: [
        { areaId: "physical", delayMonths: -1 },
        { areaId: "physical", delayMonths: 2 },
      ],
      routeId: "  ",
      shoeSize: 4,
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: "dateOfBirth", message: "must be a real date written YYYY-MM-DD" },
        { path: "settingHoursPerWeek", message: "must be at most 168, the hours in a week" },
        { path: "developmentalDelays.0.delayMonths", message: "must not be negative" },
        { path: "routeId", message: "must name a referral route" },
        { path: "shoeSize", message: "is not a fact the eligibility check uses" },
      ]),
    );
  });

  it("refuses the same area twice and values that are not facts at all", () => {
    const twice = parseEligibilityFacts({
      developmentalDelays: [
        { areaId: "physical", delayMonths: 1 },
        { areaId: "physical", delayMonths: 2 },
      ],
    });
    expect(twice).toEqual({
      success: false,
      problems: [{ path: "developmentalDelays", message: "must list each area of development once" }],
    });
    const notAnObject = parseEligibilityFacts("eligible please");
    expect(notAnObject.success).toBe(false);
    if (!notAnObject.success) expect(notAnObject.problems[0]?.path).toBe("(the facts)");
  });
});

describe("EligibilityInputError", () => {
  it("lists every problem in its message", () => {
    const error = new EligibilityInputError([
      { path: "asOf", message: "is not a date" },
      { path: "routeId", message: "must name a referral route" },
    ]);
    expect(error.name).toBe("EligibilityInputError");
    expect(error.message).toBe(
      "the eligibility facts are not valid:\n- asOf: is not a date\n- routeId: must name a referral route",
    );
  });
});
