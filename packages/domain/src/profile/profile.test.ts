import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { compareProfiles, type DevelopmentalProfile, validateProfile } from "./profile.js";

const d = parseIsoDate;
const first: DevelopmentalProfile = {
  recordedOn: d("2026-09-14"),
  entries: [
    { areaId: "communication-and-language", mark: "emerging", note: "Babbles and turns to her name" },
    { areaId: "physical", mark: "developing" },
    { areaId: "self-care", mark: "achieved" },
    { areaId: "sensory", mark: "developing" },
  ],
};
const later: DevelopmentalProfile = {
  recordedOn: d("2027-02-10"),
  entries: [
    { areaId: "communication-and-language", mark: "developing" },
    { areaId: "physical", mark: "developing" },
    { areaId: "self-care", mark: "emerging" },
    { areaId: "play-and-thinking", mark: "emerging" },
  ],
};

describe("validateProfile", () => {
  it("accepts a profile that uses the protocol's areas and marks", () => {
    expect(validateProfile(first, lancashire, d("2026-09-14"))).toEqual([]);
  });

  it("names every wrong area, mark, repeated area and a date in the future", () => {
    const problems = validateProfile(
      {
        recordedOn: d("2026-12-02"),
        entries: [
          { areaId: "juggling", mark: "emerging" },
          { areaId: "physical", mark: "brilliant" },
          { areaId: "physical", mark: "achieved" },
        ],
      },
      lancashire,
      d("2026-12-01"),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "recordedOn",
      "entries.0.areaId",
      "entries.1.mark",
      "entries.2.areaId",
    ]);
    expect(problems[1]?.clause).toBe("developmental-areas");
    expect(problems[2]?.clause).toBe("marking-scale");
    expect(problems[3]?.message).toMatch(/more than once/);
  });

  it("says plainly what is missing or not part of a profile", () => {
    const problems = validateProfile({ entries: [], extra: 1 }, lancashire, d("2026-12-01"));
    expect(problems).toContainEqual({ path: "recordedOn", message: "is required" });
    expect(problems).toContainEqual({ path: "entries", message: "must mark at least one area" });
    expect(problems).toContainEqual({ path: "extra", message: "is not part of a developmental profile" });
  });
});

describe("compareProfiles", () => {
  it("compares area by area in the protocol's order, counting steps on the scale", () => {
    const result = compareProfiles(first, later, lancashire);
    expect(result.from).toBe("2026-09-14");
    expect(result.to).toBe("2027-02-10");
    expect(result.areas.map((a) => [a.areaId, a.change, a.steps])).toEqual([
      ["communication-and-language", "moved-on", 1],
      ["personal-social-emotional", "not-marked", undefined],
      ["physical", "same", 0],
      ["self-care", "moved-back", -2],
      ["play-and-thinking", "first-marked", undefined],
      ["sensory", "not-marked-later", undefined],
    ]);
    expect([result.movedOn, result.same, result.movedBack]).toEqual([1, 1, 1]);
    expect(result.areas[0]?.before).toEqual({
      mark: "emerging",
      name: "Emerging",
      note: "Babbles and turns to her name",
    });
    expect(result.clauses).toEqual(["developmental-areas", "marking-scale"]);
  });

  it("takes the earlier profile first whatever the order given", () => {
    expect(compareProfiles(later, first, lancashire)).toEqual(compareProfiles(first, later, lancashire));
  });
});
