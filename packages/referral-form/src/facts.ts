// What a self-referral tells the eligibility rules. The rules themselves live in
// @openportage/domain; this only says which answer is which fact.
import type { IsoDate } from "@openportage/domain";
import type { Referral } from "./schema.js";

/** The eligibility facts a self-referral gives. */
export interface ReferralEligibilityFacts {
  readonly dateOfBirth: IsoDate;
  /** The parent named a diagnosed condition. */
  readonly hasDiagnosis: boolean;
  /** Hours a week in an early years setting (0 when the child attends none). */
  readonly settingHoursPerWeek: number;
  /** Lives in the council's area: `undefined` when the parent is not sure. */
  readonly livesInArea: boolean | undefined;
  /** The referral route (a route id from the protocol). */
  readonly route: string;
  /** The parent agreed to the referral. */
  readonly consent: boolean;
}

/** Maps a validated self-referral to eligibility facts, for the route it came by. */
export function toEligibilityFacts(referral: Referral, route = "self-referral"): ReferralEligibilityFacts {
  return {
    dateOfBirth: referral.childDateOfBirth,
    hasDiagnosis: referral.diagnosis !== undefined,
    settingHoursPerWeek: referral.attendsSetting === "yes" ? (referral.settingHoursPerWeek ?? 0) : 0,
    livesInArea: referral.livesInArea === "not-sure" ? undefined : referral.livesInArea === "yes",
    route,
    consent: referral.consentToReferral,
  };
}
