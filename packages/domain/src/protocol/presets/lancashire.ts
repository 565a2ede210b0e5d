import { deepFreeze } from "../freeze.js";
import { assertProtocol } from "../parse.js";
import type { Protocol, ProtocolInput } from "../schema.js";
import {
  defaultAchievement,
  defaultAreas,
  defaultExitReasons,
  defaultLongTermGoalReview,
  defaultPriority,
  defaultRecipients,
  defaultRetention,
  defaultTerms,
  NPA_REFERENCE,
  PROJECT_DEFAULT_REFERENCE,
} from "./shared-defaults.js";

const page = {
  title: "Lancashire County Council: Portage service",
  url: "https://www.lancashire.gov.uk/children-education-families/special-educational-needs-and-disabilities/portage/",
};
const lancashireProtocol = { title: "Lancashire Portage Protocol" };

/** Lancashire's protocol as JSON data, before validation: a starting point for a council's own file. */
export const lancashireInput = /* @__PURE__ */ deepFreeze({
  id: "lancashire",
  serviceName: "Lancashire Portage Service",
  council: {
    name: "Lancashire County Council",
    areaName: "Lancashire",
    contact: { url: page.url },
  },
  published: "2026-09-01",
  eligibility: {
    age: {
      id: "age-window",
      description:
        "Children can be considered from birth until they are eligible for funded early education for 3-year-olds: the 1 January, 1 April or 1 September after their third birthday.",
      reference: page,
      minimumAgeMonths: 0,
      end: { rule: "funded-early-education" },
    },
    need: {
      id: "significant-send",
      description:
        "The service is for pre-school children with significant special educational needs and disabilities: a diagnosed condition or syndrome, or a delay of at least a third of their age in two or more areas of development.",
      reference: lancashireProtocol,
      councilDefault: true,
      values: [
        {
          from: "2024-04-01",
          value: { diagnosisQualifies: true, delay: { kind: "fraction-of-age", fraction: 1 / 3, minAreas: 2 } },
        },
      ],
    },
    settingHours: {
      id: "setting-hours",
      description:
        "Portage is for children who are not yet in funded early education; children already spending more than 15 hours a week in a setting are supported by the setting instead.",
      reference: lancashireProtocol,
      councilDefault: true,
      values: [{ from: "2024-04-01", value: { maxHoursPerWeek: 15 } }],
    },
    residence: {
      id: "residence",
      description: "The child lives in the area Lancashire County Council serves.",
      reference: lancashireProtocol,
    },
    routes: {
      id: "referral-routes",
      description:
        "Parents and carers can refer their own child with the Portage referral form, or a professional can refer after talking with the family through the Early Help Assessment and Plan.",
      reference: page,
      routes: [
        {
          id: "self-referral",
          name: "Parent or carer self-referral",
          description: "A parent or carer completes the Portage referral form.",
          referrer: "family",
        },
        {
          id: "early-help",
          name: "Early Help Assessment and Plan (EHA/EHP)",
          description: "A professional completes the Early Help Assessment with the family and refers to Portage.",
          referrer: "professional",
        },
      ],
    },
    consent: {
      id: "consent",
      description: "A parent or carer agrees to the referral and to the service holding information about their child.",
      reference: page,
    },
    availability: {
      id: "availability",
      description: "A parent or carer can be at home with the child for visits in term time.",
      reference: NPA_REFERENCE,
    },
  },
  priority: { ...defaultPriority, reference: lancashireProtocol },
  visits: {
    blocks: {
      id: "blocks",
      description:
        "A play plan runs for an agreed block of visits, usually weekly or fortnightly on the same day at a set time, in term time. Each block ends with a review.",
      reference: page,
      councilDefault: true,
      lengthWeeks: 12,
      frequencies: ["weekly", "fortnightly"],
      visitMinutes: 60,
    },
    terms: defaultTerms,
    missedVisits: {
      id: "missed-visits",
      description:
        "After three visits in a row are missed, the coordinator writes to the family to agree whether Portage should continue.",
      reference: PROJECT_DEFAULT_REFERENCE,
      councilDefault: true,
      consecutiveLimit: 3,
      action: "Write to the family to agree whether visits continue.",
    },
    monitoring: {
      id: "monitoring-visits",
      description: "Families waiting for Portage are not visited until a home visitor is allocated.",
      reference: PROJECT_DEFAULT_REFERENCE,
      councilDefault: true,
      whileWaiting: false,
      intervalWeeks: 8,
    },
  },
  plans: {
    areas: defaultAreas,
    achievement: defaultAchievement,
    longTermGoalReviewMonths: defaultLongTermGoalReview,
  },
  sharing: {
    id: "information-sharing",
    description:
      "With the family's permission the service shares relevant information with other professionals working with the child, and tells the local Children and Family Wellbeing Service that the family receives Portage. When the child leaves, their progress is shared with their nursery or other setting.",
    reference: page,
    recipients: [
      ...defaultRecipients,
      {
        id: "family-wellbeing-service",
        name: "Children and Family Wellbeing Service",
        informedRoutinely: true,
      },
    ],
  },
  exits: {
    id: "exits",
    description:
      "A child leaves Portage when they become eligible for funded early education, start a setting, move away, no longer need the service, or the family chooses to stop. The home visitor shares the child's progress with their next setting.",
    reference: page,
    reasons: defaultExitReasons,
  },
  retention: defaultRetention,
} satisfies ProtocolInput);

/** Lancashire County Council's Portage protocol, validated. Values the council has not published are marked `councilDefault`. */
export const lancashire: Protocol = /* @__PURE__ */ deepFreeze(assertProtocol(lancashireInput));
