// Values no council publishes, which both presets start from. Each is marked `councilDefault`:
// a council adopting the package replaces them with its own (see the package README).
import type { ProtocolInput } from "../schema.js";

const projectDefault = { title: "Open Portage default: replace with the council's own value" };
const dfe = {
  title: "DfE statutory guidance: Early education and childcare (2024)",
  url: "https://www.gov.uk/government/publications/early-education-and-childcare--2",
};
const npa = { title: "National Portage Association: the Portage model", url: "https://www.portage.org.uk/" };

/** A source reference for values that the project supplies, not the council. */
export const PROJECT_DEFAULT_REFERENCE = projectDefault;
/** The DfE guidance on funded early education. */
export const DFE_REFERENCE = dfe;
/** The National Portage Association's description of the model. */
export const NPA_REFERENCE = npa;

/** Priority criteria and weights: the factors published protocols name, with the project's weights. */
export const defaultPriority: ProtocolInput["priority"] = {
  id: "priority",
  description:
    "Children are seen in order of priority points. Points come from the complexity of the child's needs, whether the child has a place in a setting or other specialist support, whether the family has had Portage before, how long the child has waited and how little time is left before the child would leave the service. When points are equal, the child who would reach the end of the age range sooner is seen first, then the child accepted onto the waiting list earlier.",
  reference: projectDefault,
  councilDefault: true,
  criteria: [
    {
      id: "complexity",
      kind: "complexity",
      description: "The complexity of the child's needs, as judged at triage.",
      reference: projectDefault,
      councilDefault: true,
      points: { low: 0, moderate: 10, high: 20 },
    },
    {
      id: "no-setting",
      kind: "no-setting",
      description: "The child does not attend a nursery, pre-school or childminder.",
      reference: projectDefault,
      councilDefault: true,
      points: 10,
    },
    {
      id: "no-other-specialist-support",
      kind: "no-other-specialist-support",
      description: "The child receives no other specialist SEND support.",
      reference: projectDefault,
      councilDefault: true,
      points: 5,
    },
    {
      id: "first-time",
      kind: "first-time",
      description: "The family has not had Portage before.",
      reference: projectDefault,
      councilDefault: true,
      points: 5,
    },
    {
      id: "time-waited",
      kind: "time-waited",
      description: "One point for each full week on the waiting list, up to 26.",
      reference: projectDefault,
      councilDefault: true,
      pointsPerWeek: 1,
      maxPoints: 26,
    },
    {
      id: "time-left",
      kind: "time-left",
      description:
        "Up to 15 points when little time is left before the child would leave the service: all 15 with 13 weeks or less, none with a year or more.",
      reference: projectDefault,
      councilDefault: true,
      maxPoints: 15,
      fullWithinWeeks: 13,
      noneBeyondWeeks: 52,
    },
  ],
};

/**
 * Term-time periods for the academic years 2025-26 and 2026-27, following the usual pattern of
 * English school terms with half-term breaks. A council replaces them with its published dates.
 */
export const defaultTerms: ProtocolInput["visits"]["terms"] = {
  id: "term-dates",
  description:
    "Visits happen in term time only, in the periods below. There are no visits in school holidays or on closure days.",
  reference: projectDefault,
  councilDefault: true,
  periods: [
    { name: "Autumn 2025 (first half)", start: "2025-09-03", end: "2025-10-24" },
    { name: "Autumn 2025 (second half)", start: "2025-11-03", end: "2025-12-19" },
    { name: "Spring 2026 (first half)", start: "2026-01-05", end: "2026-02-13" },
    { name: "Spring 2026 (second half)", start: "2026-02-23", end: "2026-03-27" },
    { name: "Summer 2026 (first half)", start: "2026-04-13", end: "2026-05-22" },
    { name: "Summer 2026 (second half)", start: "2026-06-01", end: "2026-07-22" },
    { name: "Autumn 2026 (first half)", start: "2026-09-02", end: "2026-10-23" },
    { name: "Autumn 2026 (second half)", start: "2026-11-02", end: "2026-12-18" },
    { name: "Spring 2027 (first half)", start: "2027-01-04", end: "2027-02-12" },
    { name: "Spring 2027 (second half)", start: "2027-02-22", end: "2027-03-24" },
    { name: "Summer 2027 (first half)", start: "2027-04-12", end: "2027-05-28" },
    { name: "Summer 2027 (second half)", start: "2027-06-07", end: "2027-07-21" },
  ],
  closures: [
    { date: "2026-05-04", reason: "Early May bank holiday" },
    { date: "2027-05-03", reason: "Early May bank holiday" },
    { date: "2026-11-27", reason: "Staff training day" },
  ],
};

/** Developmental areas following the EYFS prime areas, as current UK Portage tools do. */
export const defaultAreas: ProtocolInput["plans"]["areas"] = {
  id: "developmental-areas",
  description:
    "Targets are set in these areas of development, following the prime areas of the Early Years Foundation Stage and the Early Years Developmental Journal.",
  reference: { title: "DfE: Early Years Foundation Stage statutory framework (2024)" },
  councilDefault: true,
  areas: [
    { id: "communication-and-language", name: "Communication and language" },
    { id: "personal-social-emotional", name: "Personal, social and emotional development" },
    { id: "physical", name: "Physical development" },
    { id: "self-care", name: "Self-care and independence" },
    { id: "play-and-thinking", name: "Play and thinking" },
    { id: "sensory", name: "Vision, hearing and sensory" },
  ],
};

/** Exit reasons seen across published protocols. */
export const defaultExitReasons: ProtocolInput["exits"]["reasons"] = [
  {
    id: "age-limit",
    name: "Reached the end of the age range",
    description: "The child reached the age at which Portage support ends.",
    transitionReport: true,
  },
  {
    id: "started-setting",
    name: "Started a setting or school",
    description: "The child started at a nursery, pre-school, childminder or school.",
    transitionReport: true,
  },
  {
    id: "setting-hours",
    name: "Setting hours over the limit",
    description: "The child's hours in a setting rose above the service's limit.",
    transitionReport: true,
  },
  {
    id: "moved-away",
    name: "Moved out of the area",
    description: "The family moved out of the area; the service passes information on to the new area with consent.",
    transitionReport: true,
  },
  {
    id: "needs-met",
    name: "Needs no longer meet the criteria",
    description: "The child's needs no longer meet the service's criteria.",
    transitionReport: true,
  },
  {
    id: "family-withdrew",
    name: "Family chose to stop",
    description: "The family chose to stop Portage or could not be available for visits.",
    transitionReport: false,
  },
  {
    id: "missed-visits",
    name: "Visits repeatedly missed",
    description: "Visits were missed repeatedly and the family did not respond to contact.",
    transitionReport: false,
  },
];

/** Professionals a service commonly shares with, given consent. */
export const defaultRecipients: ProtocolInput["sharing"]["recipients"] = [
  { id: "setting-senco", name: "Nursery or setting SENCO" },
  { id: "educational-psychologist", name: "Educational psychologist" },
  { id: "speech-and-language-therapist", name: "Speech and language therapist" },
  { id: "occupational-therapist", name: "Occupational therapist" },
  { id: "physiotherapist", name: "Physiotherapist" },
  { id: "health-visitor", name: "Health visitor" },
  { id: "paediatrician", name: "Paediatrician" },
  { id: "sensory-support", name: "Sensory support team (hearing or vision)" },
  { id: "social-care", name: "Children's social care" },
];

/** The default "achieved" criterion: 3 successes out of 4 on 3 different days. */
export const defaultAchievement: ProtocolInput["plans"]["achievement"] = {
  id: "target-achieved",
  description: "A target is achieved when the child does it successfully 3 times out of 4 on 3 different days.",
  reference: PROJECT_DEFAULT_REFERENCE,
  councilDefault: true,
  successes: 3,
  outOf: 4,
  days: 3,
};

/** Long-term goals reviewed about every six months (National Portage Association). */
export const defaultLongTermGoalReview: ProtocolInput["plans"]["longTermGoalReviewMonths"] = {
  id: "long-term-goals",
  description: "Long-term goals are reviewed with the family about every six months.",
  reference: NPA_REFERENCE,
  months: 6,
};

/** Children's records kept until the 25th birthday, a common council retention period. */
export const defaultRetention: ProtocolInput["retention"] = {
  id: "retention",
  description: "Records are kept until the child's 25th birthday, then destroyed.",
  reference: PROJECT_DEFAULT_REFERENCE,
  councilDefault: true,
  yearsAfterBirth: 25,
};
