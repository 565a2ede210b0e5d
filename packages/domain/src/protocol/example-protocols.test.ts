// The councils' protocols shipped in the package as examples (examples/protocols/*.json), each
// with its worked cases (*.cases.json): every protocol loads with parseProtocol, with no
// warnings, and every case comes out as the council's published criteria say.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { parseEligibilityCases, runEligibilityCases } from "../eligibility/cases.js";
import { validateBlock } from "../plan/validate.js";
import { planVisits } from "../visits/schedule.js";
import { parseProtocol } from "./parse.js";

const folder = join(import.meta.dirname, "..", "..", "examples", "protocols");
const read = (file: string) => readFileSync(join(folder, file), "utf8");
const load = (name: string) => {
  const parsed = parseProtocol(read(`${name}.json`));
  if (!parsed.success) throw new Error(`${name}: ${JSON.stringify(parsed.problems)}`);
  return parsed;
};

describe("example protocols", () => {
  it("ships Wiltshire, Leeds and Hampshire, each with its cases, and lists them in the package", () => {
    expect(readdirSync(folder).sort()).toEqual([
      "hampshire.cases.json",
      "hampshire.json",
      "leeds.cases.json",
      "leeds.json",
      "wiltshire.cases.json",
      "wiltshire.json",
    ]);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"));
    expect(pkg.files).toContain("examples");
  });

  for (const name of ["wiltshire", "leeds", "hampshire"]) {
    describe(name, () => {
      const { protocol, warnings } = load(name);
      it("is a valid protocol with no warnings", () => {
        expect(protocol.id).toBe(name);
        expect(warnings).toEqual([]);
      });
      const cases = parseEligibilityCases(read(`${name}.cases.json`));
      if (!cases.success) throw new Error(`${name}.cases.json: ${JSON.stringify(cases.problems)}`);
      const results = runEligibilityCases(cases.cases, protocol);
      it.each(results.map((r) => [r.case.name, r] as const))("%s", (_name, result) => {
        expect(result.differences, result.case.why).toEqual([]);
        expect(result.passed).toBe(true);
      });
    });
  }

  it("writes each published rule as a clause with its words", () => {
    const wiltshire = load("wiltshire").protocol;
    expect(wiltshire.eligibility.age.schoolEntryCutOff).toEqual({ amount: 1, unit: "academic-year" });
    expect(wiltshire.visits.blocks).toMatchObject({ frequencies: ["weekly"], maxLengthWeeks: 26 });
    expect(wiltshire.eligibility.need.description).toContain("cognition");
    const leeds = load("leeds").protocol;
    expect(leeds.eligibility.routes.routes.map((r) => r.name)).toEqual([
      "Parent referral form",
      "Health to Education Notification",
      "Request from a setting's SENCO",
    ]);
    const hampshire = load("hampshire").protocol;
    expect(hampshire.eligibility.settingHours.values[0]?.value).toEqual({
      maxHoursPerWeek: null,
      reviewFromHoursPerWeek: 15,
    });
  });
});

describe("Wiltshire's visits and blocks", () => {
  const wiltshire = load("wiltshire").protocol;
  const d = parseIsoDate;
  const block = {
    start: d("2026-09-07"),
    end: d("2026-12-14"),
    frequency: "weekly" as const,
    weekday: "monday" as const,
    time: "10:00",
  };

  it("plans weekly visits on the weekdays the protocol allows, and refuses a Saturday", () => {
    const monday = planVisits(block, wiltshire);
    expect(monday.ok).toBe(true);
    const saturday = planVisits({ ...block, start: d("2026-09-05"), weekday: "saturday" }, wiltshire);
    expect(saturday).toEqual({
      ok: false,
      code: "weekday-not-allowed",
      reason:
        "Visits on a saturday are not offered: the protocol has visits on Mondays, Tuesdays, Wednesdays, Thursdays and Fridays.",
      clause: "blocks",
    });
    expect(planVisits({ ...block, frequency: "fortnightly" }, wiltshire)).toMatchObject({
      ok: false,
      code: "frequency-not-allowed",
    });
  });

  it("refuses a block longer than six months, or on a weekday not offered", () => {
    const draft = {
      id: "b1",
      number: 1,
      ...block,
      status: "draft",
      targets: [],
    };
    expect(validateBlock(draft, wiltshire)).toEqual([]);
    expect(validateBlock({ ...draft, start: d("2026-09-07"), end: d("2027-03-22") }, wiltshire)).toEqual([
      {
        path: "end",
        message: "the block runs 197 days, longer than the protocol's maximum of 26 weeks",
        clause: "blocks",
      },
    ]);
    expect(validateBlock({ ...draft, weekday: "sunday" }, wiltshire)).toEqual([
      {
        path: "weekday",
        message: "visits on a sunday are not offered: the protocol allows monday, tuesday, wednesday, thursday, friday",
        clause: "blocks",
      },
    ]);
  });
});
