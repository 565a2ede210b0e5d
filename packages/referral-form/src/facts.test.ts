import type { IsoDate } from "@openportage/domain";
import { expect, it } from "vitest";
import { toEligibilityFacts } from "./facts.js";
import { exampleReferralInput } from "./fixtures.js";
import { parseReferral } from "./schema.js";

function referral(overrides: Parameters<typeof exampleReferralInput>[0] = {}) {
  const result = parseReferral(exampleReferralInput(overrides), { today: "2026-11-20" as IsoDate });
  if (!result.success) throw new Error(JSON.stringify(result.errors));
  return result.referral;
}

it("maps a referral's answers to eligibility facts", () => {
  expect(toEligibilityFacts(referral())).toEqual({
    dateOfBirth: "2025-03-14",
    hasDiagnosis: true,
    settingHoursPerWeek: 0,
    livesInArea: true,
    route: "self-referral",
    consent: true,
  });
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
  expect(other).toMatchObject({
    hasDiagnosis: false,
    livesInArea: undefined,
    settingHoursPerWeek: 9,
    route: "early-help",
  });
});
