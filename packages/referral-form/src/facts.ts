// What a self-referral tells the eligibility rules. The rules themselves live in
// @openportage/domain; this only says which answer is which fact.
import type { EligibilityFacts } from "@openportage/domain";
import type { Referral } from "./schema.js";

function yesNo(answer: "yes" | "no" | "not-sure"): boolean | undefined {
  return answer === "not-sure" ? undefined : answer === "yes";
}

/**
 * Maps a validated referral to the domain's eligibility facts, for the route it came by. What
 * the form cannot tell (months of delay in each area, whether a setting place has started in
 * the protocol's sense) stays unknown, for staff to find out at triage.
 */
export function toEligibilityFacts(referral: Referral, routeId = "self-referral"): EligibilityFacts {
  const facts: { -readonly [K in keyof EligibilityFacts]: EligibilityFacts[K] } = {
    dateOfBirth: referral.childDateOfBirth,
    diagnosis: referral.diagnosis !== undefined,
    settingHoursPerWeek: referral.attendsSetting === "yes" ? (referral.settingHoursPerWeek ?? 0) : 0,
    routeId,
    consentGiven: referral.consentToReferral,
  };
  if (referral.diagnosis !== undefined) facts.diagnosisDescription = referral.diagnosis;
  if (referral.attendsSetting === "no") facts.startedSetting = false;
  const livesInArea = yesNo(referral.livesInArea);
  if (livesInArea !== undefined) facts.livesInArea = livesInArea;
  const available = yesNo(referral.availableForVisits);
  if (available !== undefined) facts.availableForVisits = available;
  return facts;
}
