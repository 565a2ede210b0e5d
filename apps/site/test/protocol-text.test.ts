import { cheshireEast, lancashire, type PriorityCriterion } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  ageEndText,
  ageRuleText,
  criterionMaxPoints,
  criterionPointsText,
  datedEntries,
  delayText,
  monitoringText,
  needText,
  settingHoursText,
  takesSelfReferrals,
  visitPatternText,
} from "../src/lib/protocol-text.ts";
import { count, formatDate, listInWords, points } from "../src/lib/words.ts";

describe("words", () => {
  it("writes dates, counts and lists the GOV.UK way", () => {
    expect(formatDate("2026-09-01")).toBe("1 September 2026");
    expect(formatDate("2027-12-25")).toBe("25 December 2027");
    expect(() => formatDate("2026-02-30")).toThrow();
    expect(points(1)).toBe("1 point");
    expect(points(0)).toBe("0 points");
    expect(count(13, "week")).toBe("13 weeks");
    expect(listInWords([])).toBe("");
    expect(listInWords(["a"])).toBe("a");
    expect(listInWords(["a", "b"], "or")).toBe("a or b");
    expect(listInWords(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("the protocol in words", () => {
  it("states each age rule", () => {
    expect(ageRuleText(lancashire.eligibility.age)).toBe(
      "Children can have Portage from birth until the child can have funded early education for 3-year-olds: the 1 January, 1 April or 1 September after their third birthday.",
    );
    expect(ageEndText({ rule: "age-in-months", months: 30 })).toBe("until the child is 30 months old");
    expect(ageEndText(cheshireEast.eligibility.age.end)).toContain("starts an early years setting or school");
    expect(ageRuleText({ ...lancashire.eligibility.age, minimumAgeMonths: 6 })).toContain("from 6 months old");
  });

  it("states the level of need", () => {
    const need = lancashire.eligibility.need.values[0]?.value;
    if (!need) throw new Error("no need rule");
    expect(needText(need)).toBe(
      "The child has a diagnosed condition or syndrome that affects their development or a delay of at least a third of their age in 2 or more areas of development.",
    );
    expect(delayText({ kind: "months-by-age", underTwoMonths: 6, twoAndOverMonths: 12, minAreas: 2 })).toBe(
      "a delay of at least 6 months (under 2) or 12 months (from 2) in 2 or more areas of development",
    );
    expect(delayText({ kind: "fraction-of-age", fraction: 0.5, minAreas: 2 })).toContain("half of their age");
    expect(delayText({ kind: "fraction-of-age", fraction: 0.4, minAreas: 3 })).toContain("40% of their age");
    const panel = cheshireEast.eligibility.need.values[0]?.value;
    if (!panel) throw new Error("no need rule");
    expect(needText(panel)).toContain("brought to the Early Years Forum");
    expect(needText({ diagnosisQualifies: false, delay: null })).toBe(
      "The child has significant special educational needs and disabilities.",
    );
  });

  it("states the setting hours limit, or that there is none", () => {
    expect(settingHoursText(15)).toContain("more than 15 hours a week");
    expect(settingHoursText(null)).toContain("no limit");
  });

  it("marks which dated value applies on a day", () => {
    const values = [
      { from: "2024-01-01", value: "a" },
      { from: "2025-01-01", value: "b" },
      { from: "2027-01-01", value: "c" },
    ];
    expect(datedEntries(values, "2026-06-01").map((e) => e.status)).toEqual(["past", "current", "future"]);
    expect(datedEntries(values, "2023-06-01").map((e) => e.status)).toEqual(["future", "future", "future"]);
    expect(datedEntries(values, "2026-06-01")[1]?.fromText).toBe("1 January 2025");
  });

  it("states every priority criterion's points and its most", () => {
    const texts = lancashire.priority.criteria.map((c) => [criterionPointsText(c), criterionMaxPoints(c)]);
    expect(texts).toEqual([
      ["20 points for high, 10 points for moderate and 0 points for low complexity", 20],
      ["10 points", 10],
      ["5 points", 5],
      ["5 points", 5],
      ["1 point for each full week waited, up to 26 points", 26],
      ["up to 15 points: all of them with 13 weeks or less left, falling to none with 52 weeks or more left", 15],
    ]);
    const every: PriorityCriterion["kind"][] = [
      "complexity",
      "no-setting",
      "no-other-specialist-support",
      "first-time",
      "time-waited",
      "time-left",
    ];
    expect(lancashire.priority.criteria.map((c) => c.kind)).toEqual(every);
  });

  it("states visits, monitoring and routes", () => {
    expect(visitPatternText(lancashire.visits.blocks)).toBe(
      "Visits are once a week or once every 2 weeks, on the same day and at the same time, and last about 60 minutes. A block of visits lasts 12 weeks and ends with a review.",
    );
    expect(monitoringText(lancashire.visits.monitoring)).toContain("not visited");
    expect(monitoringText(cheshireEast.visits.monitoring)).toContain("every 8 weeks");
    expect(takesSelfReferrals(lancashire)).toBe(true);
    expect(takesSelfReferrals(cheshireEast)).toBe(false);
  });
});
