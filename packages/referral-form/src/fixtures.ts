import type { ReferralInput } from "./schema.js";

/** A complete, valid self-referral (fictional family), for tests here and in the apps. */
export function exampleReferralInput(overrides: Partial<ReferralInput> = {}): ReferralInput {
  return {
    childFirstName: "Ada",
    childLastName: "Example",
    childDateOfBirth: { day: "14", month: "3", year: "2025" },
    childSex: "female",
    homeLanguages: "English",
    interpreterNeeded: "no",
    addressLine1: "1 Test Street",
    addressTown: "Preston",
    postcode: "pr1 2ab",
    livesInArea: "yes",
    carerName: "Grace Example",
    carerRelationship: "Mum",
    carerPhone: "01632 960 001",
    carerEmail: "grace@example.com",
    helpWanted: "Help with play and communication",
    diagnosis: "Down syndrome",
    developmentalConcerns: "Not yet sitting unaided",
    concernAreas: ["movement", "communication"],
    professionalsInvolved: ["health-visitor"],
    earlyHelp: "no",
    ehcPlan: "no",
    dla: "applied",
    attendsSetting: "no",
    availableForVisits: "yes",
    consentToReferral: "yes",
    consentToSharing: "yes",
    ...overrides,
  };
}
