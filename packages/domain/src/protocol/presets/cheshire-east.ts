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
  title: "Cheshire East Council: Portage in Cheshire East",
  url: "https://www.cheshireeast.gov.uk/livewell/local-offer-for-children-with-sen-and-disabilities/portage.aspx",
};
const forum = { title: "Cheshire East Council: Early Years Forum" };

/** Cheshire East's protocol as JSON data, before validation. */
export const cheshireEastInput = /* @__PURE__ */ deepFreeze({
  id: "cheshire-east",
  serviceName: "Start for Life Portage, Cheshire East",
  council: {
    name: "Cheshire East Council",
    areaName: "Cheshire East",
    contact: { url: page.url },
  },
  published: "2026-09-01",
  eligibility: {
    age: {
      id: "age-window",
      description:
        "Start for Life practitioners work with the family until the child moves into an early years setting or school. Children start school at the latest in the September after they turn four.",
      reference: page,
      minimumAgeMonths: 0,
      end: { rule: "starts-setting-or-school", latestAgeMonths: 60 },
    },
    need: {
      id: "complex-needs",
      description:
        "Portage is for children with complex needs who have been brought to the attention of the Early Years Forum for additional support.",
      reference: page,
      values: [
        {
          from: "2024-01-26",
          value: { diagnosisQualifies: true, delay: null, panelRequired: { name: "Early Years Forum" } },
        },
      ],
    },
    settingHours: {
      id: "setting-hours",
      description: "Support continues until the child moves into a setting; there is no separate limit on hours.",
      reference: page,
      values: [{ from: "2024-01-26", value: { maxHoursPerWeek: null } }],
    },
    residence: {
      id: "residence",
      description: "The child lives in the area Cheshire East Council serves.",
      reference: page,
    },
    routes: {
      id: "referral-routes",
      description:
        "Children are brought to the multi-agency Early Years Forum, which meets monthly. A setting or professional presents the child with the parent's written agreement.",
      reference: forum,
      routes: [
        {
          id: "early-years-forum",
          name: "Early Years Forum",
          description:
            "A professional or setting brings the child to the monthly Early Years Forum with the parent's agreement.",
          referrer: "professional",
        },
      ],
    },
    consent: {
      id: "consent",
      description:
        "A parent or carer agrees in writing to the child being discussed at the Forum and to Portage support.",
      reference: forum,
    },
    availability: {
      id: "availability",
      description: "A parent or carer can be at home with the child for visits.",
      reference: NPA_REFERENCE,
    },
  },
  priority: { ...defaultPriority, reference: forum },
  visits: {
    blocks: {
      id: "blocks",
      description:
        "Children have a Portage plan recording all achievements and targets, reviewed at the end of each block.",
      reference: page,
      councilDefault: true,
      lengthWeeks: 12,
      frequencies: ["weekly", "fortnightly"],
      visitMinutes: 60,
    },
    terms: defaultTerms,
    missedVisits: {
      id: "missed-visits",
      description: "After three visits in a row are missed, the practitioner contacts the family to agree next steps.",
      reference: PROJECT_DEFAULT_REFERENCE,
      councilDefault: true,
      consecutiveLimit: 3,
      action: "Contact the family to agree next steps.",
    },
    monitoring: {
      id: "monitoring-visits",
      description: "While a family waits, a practitioner keeps in touch with a visit about every eight weeks.",
      reference: PROJECT_DEFAULT_REFERENCE,
      councilDefault: true,
      whileWaiting: true,
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
      "Practitioners work with everyone involved with the child and family, sharing information with the family's agreement, and support the move into a setting or school.",
    reference: page,
    recipients: defaultRecipients,
  },
  exits: {
    id: "exits",
    description:
      "Support ends when the child moves into an early years setting or school; the practitioner supports that transition.",
    reference: page,
    reasons: defaultExitReasons.filter((reason) => reason.id !== "setting-hours"),
  },
  retention: defaultRetention,
} satisfies ProtocolInput);

/** Cheshire East Council's Portage protocol, validated. Values the council has not published are marked `councilDefault`. */
export const cheshireEast: Protocol = /* @__PURE__ */ deepFreeze(assertProtocol(cheshireEastInput));
