// The protocol page's words for rules the presets do not use, from the example protocols the
// domain package ships: what the site publishes must say what the software runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertProtocol, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { ageRuleText, needText, settingHoursText, visitPatternText } from "../src/lib/protocol-text.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "packages", "domain", "examples", "protocols");
const load = (name: string) => assertProtocol(readFileSync(join(examples, `${name}.json`), "utf8"));
const wiltshire = load("wiltshire");
const hampshire = load("hampshire");

describe("the words for councils' own rules", () => {
  it("says when support ends at school entry, and the cut-off before it", () => {
    expect(ageRuleText(hampshire.eligibility.age)).toBe(
      "Children can have Portage from 12 months old until the child can start school: the 1 September after their fourth birthday. A child can start Portage only with at least 1 term to go before they can start school.",
    );
    expect(ageRuleText(wiltshire.eligibility.age)).toContain("at least 1 academic year to go");
    expect(ageRuleText(lancashire.eligibility.age)).not.toContain("to go before");
  });

  it("says a threshold that changes with age, and the area that must be one of them", () => {
    const need = wiltshire.eligibility.need.values[0]?.value;
    if (!need) throw new Error("no need rule");
    expect(needText(need)).toBe(
      "The child has a delay of at least half of their age, or 30% if they are under 36 months, in 2 or more areas of development, one of them cognition.",
    );
    expect(needText({ ...need, diagnosisQualifies: true, combine: "all" })).toContain(
      "a diagnosed condition or syndrome that affects their development and a delay",
    );
  });

  it("says that hours in a setting are reviewed, not refused", () => {
    const hours = hampshire.eligibility.settingHours.values[0]?.value;
    expect(settingHoursText(hours?.maxHoursPerWeek ?? null, hours?.reviewFromHoursPerWeek)).toBe(
      "Children in a setting can have Portage. With 15 hours or more a week in a setting, the service talks with the family about whether the support it offers should change.",
    );
    expect(settingHoursText(15)).toBe(
      "Children who spend more than 15 hours a week in a nursery, pre-school, childminder or other setting are supported by the setting instead.",
    );
  });

  it("says the weekdays visits fall on and the longest a block lasts", () => {
    expect(visitPatternText(wiltshire.visits.blocks)).toBe(
      "Visits are once a week, on the same day and at the same time, and last about 60 minutes. Visits are on Mondays, Tuesdays, Wednesdays, Thursdays or Fridays. A block of visits lasts up to 26 weeks and ends with a review.",
    );
    expect(visitPatternText({ ...wiltshire.visits.blocks, lengthWeeks: 12 })).toContain(
      "A block of visits usually lasts 12 weeks, and at most 26 weeks, and ends with a review.",
    );
    expect(visitPatternText(lancashire.visits.blocks)).toContain(
      "A block of visits lasts 12 weeks and ends with a review.",
    );
  });
});
