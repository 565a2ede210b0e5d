import { describe, expect, it } from "vitest";
import { lancashire } from "../protocol/index.js";
import { parseEligibilityCases, runEligibilityCases } from "./cases.js";

const child = {
  dateOfBirth: "2025-05-14",
  diagnosis: true,
  settingHoursPerWeek: 0,
  livesInArea: true,
  routeId: "self-referral",
  consentGiven: true,
  availableForVisits: true,
};

describe("parseEligibilityCases", () => {
  it("reads a list, or an object with the list as cases, from text or parsed JSON", () => {
    const one = { name: "Eligible", asOf: "2026-11-20", facts: child, expected: { outcome: "eligible" } };
    expect(parseEligibilityCases([one])).toMatchObject({ success: true, cases: [{ name: "Eligible" }] });
    expect(parseEligibilityCases(JSON.stringify({ cases: [one] }))).toMatchObject({ success: true });
  });

  it("reports each problem with its path, and text that is not JSON with its line and column", () => {
    expect(
      parseEligibilityCases({ cases: [{ name: "", asOf: "2026-02-30", facts: {}, expected: { outcome: "maybe" } }] }),
    ).toEqual({
      success: false,
      problems: [
        { path: "cases.0.name", message: "must not be empty" },
        { path: "cases.0.asOf", message: "must be a real date written YYYY-MM-DD" },
        {
          path: "cases.0.expected",
          message: "must give an outcome, or the paths of the problems that refuse the facts (refused)",
        },
      ],
    });
    expect(parseEligibilityCases('[{"name": }]')).toMatchObject({
      success: false,
      problems: [{ path: "(the whole file)", message: expect.stringContaining("at line 1, column 11") }],
    });
    expect(parseEligibilityCases({ protocol: "x.json" })).toEqual({
      success: false,
      problems: [{ path: "(the whole file)", message: "must be a list of cases, or an object with the list as cases" }],
    });
  });
});

describe("runEligibilityCases", () => {
  it("says what differs from what the council expects", () => {
    const parsed = parseEligibilityCases([
      {
        name: "Wrong on every count",
        asOf: "2026-11-20",
        facts: child,
        expected: {
          outcome: "not-eligible",
          results: { "age-window": "not-met", "no-such-clause": "met" },
          missing: ["livesInArea"],
          supportEnds: "2028-04-01",
          flags: ["setting-hours"],
        },
      },
      { name: "Expected a refusal", asOf: "2026-11-20", facts: child, expected: { refused: ["dateOfBirth"] } },
      {
        name: "Refused where not expected",
        asOf: "2026-11-20",
        facts: { ...child, developmentalDelays: [{ areaId: "physical", delayMonths: 30 }] },
        expected: { outcome: "eligible" },
      },
      {
        name: "Refused at another path",
        asOf: "2026-11-20",
        facts: { ...child, developmentalDelays: [{ areaId: "physical", delayMonths: 30 }] },
        expected: { refused: ["developmentalDelays.0.areaId"] },
      },
    ]);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
    const results = runEligibilityCases(parsed.cases, lancashire);
    expect(results.map((r) => r.passed)).toEqual([false, false, false, false]);
    expect(results.map((r) => r.differences)).toEqual([
      [
        "outcome eligible, expected not-eligible",
        "age-window met, expected not-met",
        'the protocol has no clause "no-such-clause"',
        "asks for nothing, expected livesInArea",
        "support ends 2028-09-01, expected 2028-04-01",
        "flags none, expected setting-hours",
      ],
      ["the facts were accepted (eligible); expected them refused at dateOfBirth"],
      [
        "the facts were refused: developmentalDelays.0.delayMonths must not be more than the child's age, 18 months on 20 November 2026",
      ],
      ["refused at developmentalDelays.0.delayMonths; expected developmentalDelays.0.areaId"],
    ]);
  });
});
