import { assessEligibility, type IsoDate, lancashire, parseEligibilityFacts } from "@openportage/domain";
import { expect, it } from "vitest";
import { toEligibilityFacts } from "./facts.js";
import { exampleReferralInput } from "./fixtures.js";
import { parseReferral, toReferralInput } from "./schema.js";

const today = "2026-11-20" as IsoDate;

function referral(overrides: Parameters<typeof exampleReferralInput>[0] = {}) {
  const result = parseReferral(exampleReferralInput(overrides), { today });
  if (!result.success) throw new Error(JSON.stringify(result.errors));
  return result.referral;
}

it("maps a referral's answers to the domain's eligibility facts", () => {
  const facts = toEligibilityFacts(referral());
  expect(facts).toEqual({
    dateOfBirth: "2025-03-14",
    diagnosis: true,
    diagnosisDescription: "Down syndrome",
    settingHoursPerWeek: 0,
    startedSetting: false,
    livesInArea: true,
    availableForVisits: true,
    routeId: "self-referral",
    consentGiven: true,
  });
  expect(parseEligibilityFacts(facts).success).toBe(true);
  const other = toEligibilityFacts(
    referral({
      diagnosis: " ",
      livesInArea: "not-sure",
      attendsSetting: "yes",
      settingName: "A",
      settingHoursPerWeek: "9",
    }),
    "early-help",
  );
  expect(other).toMatchObject({ settingHoursPerWeek: 9, routeId: "early-help" });
  // A blank optional answer is unknown, not "no".
  expect("diagnosis" in other).toBe(false);
  expect("livesInArea" in other).toBe(false);
  expect("startedSetting" in other).toBe(false);
});

it("gives facts the domain can assess", () => {
  const assessment = assessEligibility(toEligibilityFacts(referral()), lancashire, today);
  expect(assessment.outcome).toBe("eligible");
});

it("turns a referral back into the form's shape", () => {
  const original = referral({ attendsSetting: "yes", settingName: "Little Acorns", settingHoursPerWeek: "7.5" });
  const again = parseReferral(toReferralInput(original), { today });
  expect(again.success && again.referral).toEqual(original);
});
