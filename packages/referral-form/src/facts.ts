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
    routeId,
    consentGiven: referral.consentToReferral,
  };
  // A diagnosis named counts; an optional question left blank is not a "no", so it stays
  // unknown for staff to ask about rather than ruling a child out.
  if (referral.diagnosis !== undefined) {
    facts.diagnosis = true;
    facts.diagnosisDescription = referral.diagnosis;
  }
  // Hours count only when given: "goes to a setting" with no hours is unknown, not 0.
  if (referral.attendsSetting === "no") facts.settingHoursPerWeek = 0;
  else if (referral.settingHoursPerWeek !== undefined) facts.settingHoursPerWeek = referral.settingHoursPerWeek;
  if (referral.attendsSetting === "no") facts.startedSetting = false;
  const livesInArea = yesNo(referral.livesInArea);
  if (livesInArea !== undefined) facts.livesInArea = livesInArea;
  const available = yesNo(referral.availableForVisits);
  if (available !== undefined) facts.availableForVisits = available;
  return facts;
}
