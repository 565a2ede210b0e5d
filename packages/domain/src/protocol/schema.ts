// A council's Portage protocol as data: every rule the software runs, each with the words and
// the policy reference a council publishes for it. The valibot schemas here are the contract a
// council's JSON file must meet; the types are inferred from them so the two cannot drift.
import * as v from "valibot";
import { type IsoDate, isIsoDate, WEEKDAYS } from "../dates/date-only.js";
import { deepFreeze } from "./freeze.js";

/** A date field in a protocol file: `YYYY-MM-DD`. */
export const IsoDateSchema = v.pipe(
  v.string(),
  v.check((value: string) => isIsoDate(value), "must be a real date written YYYY-MM-DD"),
  v.transform((value) => value as IsoDate),
);

const Id = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens, starting with a letter"),
);
const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const Count = v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(0, "must not be negative"));
const Points = v.pipe(v.number(), v.finite("must be a number"), v.minValue(0, "must not be negative"));
const Fraction = v.pipe(v.number(), v.gtValue(0, "must be more than 0"), v.maxValue(1, "must be at most 1"));
const Positive = v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1, "must be at least 1"));

/** Where a clause comes from: the council's policy, web page or statutory guidance. */
export const ReferenceSchema = v.strictObject({
  title: Text,
  url: v.optional(v.pipe(v.string(), v.url("must be a web address"))),
});

/**
 * What every clause carries: an id to cite it by, a plain-English description and a
 * reference. `councilDefault` marks a value the council has not published, which the project
 * supplies as a starting point and the council should replace with its own.
 */
const clause = {
  id: Id,
  description: Text,
  reference: ReferenceSchema,
  councilDefault: v.optional(v.boolean()),
};

/** A value that changes over time: each applies from its `from` date until the next one (in date order, checked by `parseProtocol`). */
export function datedValues<T extends v.GenericSchema>(value: T) {
  return v.pipe(
    v.array(v.strictObject({ from: IsoDateSchema, value })),
    v.minLength(1, "must have at least one dated value"),
  );
}

/** When support ends because of age: the rule that sets the child's last day with the service. */
export const AgeEndRuleSchema = v.variant("rule", [
  // Lancashire: until the child is eligible for funded early education for 3-year-olds.
  v.strictObject({ rule: v.literal("funded-early-education") }),
  // A fixed age: Leeds 30 months, Cornwall 28 months.
  v.strictObject({ rule: v.literal("age-in-months"), months: Positive }),
  // Cheshire East: until the child moves into an early years setting or school; the age given
  // is when a child starts school at the latest, used as the planning end date.
  v.strictObject({ rule: v.literal("starts-setting-or-school"), latestAgeMonths: Positive }),
  // Until the child starts school (Reception): in England, the 1 September after the fourth
  // birthday (School Admissions Code). Wiltshire, Hampshire.
  v.strictObject({ rule: v.literal("school-entry") }),
]);

/**
 * A cut-off before school entry (the 1 September after the fourth birthday): a child can be
 * taken on only while at least this much time is left. Terms are counted back from school
 * entry on the English school year's term starts, 1 April, 1 January and 1 September, so "at
 * least one term" means by 1 April before school entry and "at least one academic year" by the
 * 1 September a year before it.
 */
export const SchoolEntryCutOffSchema = v.strictObject({
  amount: Positive,
  unit: v.picklist(["term", "academic-year"], "must be term or academic-year"),
});

/** How much developmental delay makes a child eligible. */
export const DelayRuleSchema = v.variant("kind", [
  // "A third of chronological age in two or more areas", "50% in two or more areas".
  v.strictObject({
    kind: v.literal("fraction-of-age"),
    fraction: Fraction,
    /**
     * Other fractions for younger children: the first band whose `underMonths` is more than the
     * child's age applies, else `fraction` (Wiltshire: 50%, or 30% under 3). In increasing
     * order of `underMonths`.
     */
    byAge: v.optional(
      v.pipe(
        v.array(v.strictObject({ underMonths: Positive, fraction: Fraction })),
        v.minLength(1, "must have at least one age band, or be left out"),
      ),
    ),
    minAreas: Positive,
    /** One of the areas that reach the threshold must be this one (Wiltshire: cognition). */
    requiredAreaId: v.optional(Id),
  }),
  // "6 months under 2, 12 months from 2", in two or more areas.
  v.strictObject({
    kind: v.literal("months-by-age"),
    underTwoMonths: Positive,
    twoAndOverMonths: Positive,
    minAreas: Positive,
    /** One of the areas that reach the threshold must be this one. */
    requiredAreaId: v.optional(Id),
  }),
]);

/** The level of need the service is for. */
export const NeedRuleSchema = v.strictObject({
  /** A diagnosed condition or syndrome is enough on its own. */
  diagnosisQualifies: v.boolean(),
  /** Delay thresholds, or null where the council sets none. */
  delay: v.nullable(DelayRuleSchema),
  /** The child must be known to a multi-agency panel (Cheshire East's Early Years Forum). */
  panelRequired: v.optional(v.strictObject({ name: Text })),
  /**
   * How the ways to qualify (a diagnosis, a delay) combine: `any` (either is enough, the
   * default) or `all` (both are needed). A panel, where required, is needed on top.
   */
  combine: v.optional(v.picklist(["any", "all"], "must be any or all")),
});

/** A way a child can be referred to the service. */
export const ReferralRouteSchema = v.strictObject({
  id: Id,
  name: Text,
  description: Text,
  /** Who completes the referral: the family itself, or a professional with the family. */
  referrer: v.picklist(["family", "professional"], "must be family or professional"),
});

/** Frequencies a block of visits can run at. */
export const VisitFrequencySchema = v.picklist(["weekly", "fortnightly"], "must be weekly or fortnightly");

/** One criterion that adds points to a referral's priority on the waiting list. */
export const PriorityCriterionSchema = v.variant("kind", [
  // Points by the level of need recorded at triage.
  v.strictObject({
    ...clause,
    kind: v.literal("complexity"),
    points: v.strictObject({ low: Count, moderate: Count, high: Count }),
  }),
  // Points when the child is in no early years setting.
  v.strictObject({ ...clause, kind: v.literal("no-setting"), points: Count }),
  // Points when the child has no other specialist SEND support.
  v.strictObject({ ...clause, kind: v.literal("no-other-specialist-support"), points: Count }),
  // Points when the family has not had Portage before.
  v.strictObject({ ...clause, kind: v.literal("first-time"), points: Count }),
  // Points for each whole week since the referral was accepted, up to a cap.
  v.strictObject({ ...clause, kind: v.literal("time-waited"), pointsPerWeek: Points, maxPoints: Count }),
  // Points when little time is left before the child ages out: full points at or below
  // `fullWithinWeeks`, falling in a straight line to none at `noneBeyondWeeks`.
  v.strictObject({
    ...clause,
    kind: v.literal("time-left"),
    maxPoints: Count,
    fullWithinWeeks: Count,
    noneBeyondWeeks: Positive,
  }),
]);

/** A period of term time in which visits happen. */
export const TermPeriodSchema = v.strictObject({ name: Text, start: IsoDateSchema, end: IsoDateSchema });

/** A day within term when no visits happen (training day, bank holiday). */
export const ClosureSchema = v.strictObject({ date: IsoDateSchema, reason: Text });

/** A developmental area a target can belong to. */
export const DevelopmentalAreaSchema = v.strictObject({ id: Id, name: Text });

/** One mark of a developmental profile's scale. */
export const MarkSchema = v.strictObject({ id: Id, name: Text, description: v.optional(Text) });

/** The marking scale a protocol without one uses: the Early Years Developmental Journal's three steps. */
export const DEFAULT_MARKING_SCALE = /* @__PURE__ */ deepFreeze({
  id: "marking-scale",
  description:
    "A developmental profile marks what the child can do in each area as emerging, developing or achieved, as the Early Years Developmental Journal does.",
  reference: { title: "DfE: Early Years Developmental Journal" },
  councilDefault: true,
  marks: [
    { id: "emerging", name: "Emerging", description: "Beginning to show this, with a lot of help." },
    { id: "developing", name: "Developing", description: "Shows this sometimes, or with some help." },
    { id: "achieved", name: "Achieved", description: "Does this securely, on their own." },
  ],
});

/** Someone the service may share information with, given the family's consent. */
export const RecipientSchema = v.strictObject({
  id: Id,
  name: Text,
  /** Informed of every family's Portage support as routine, still only with consent (Lancashire's wellbeing service). */
  informedRoutinely: v.optional(v.boolean()),
});

/** A reason a child leaves the service. */
export const ExitReasonSchema = v.strictObject({
  id: Id,
  name: Text,
  description: Text,
  /** A progress and transition report goes to the child's next setting. */
  transitionReport: v.boolean(),
});

/** The whole protocol. */
export const ProtocolSchema = v.strictObject({
  /** The protocol's own id, e.g. `lancashire`. */
  id: Id,
  /** The service's name as families know it. */
  serviceName: Text,
  council: v.strictObject({
    name: Text,
    /** The area the service covers, as a family would say it ("Lancashire"). */
    areaName: Text,
    contact: v.strictObject({
      phone: v.optional(Text),
      email: v.optional(v.pipe(v.string(), v.email("must be an email address"))),
      url: v.optional(v.pipe(v.string(), v.url("must be a web address"))),
    }),
  }),
  /** The date this version of the protocol was published. */
  published: IsoDateSchema,
  eligibility: v.strictObject({
    age: v.strictObject({
      ...clause,
      minimumAgeMonths: Count,
      end: AgeEndRuleSchema,
      /** Taken on only with at least this long left before school entry (Hampshire: a term; Wiltshire: an academic year). */
      schoolEntryCutOff: v.optional(SchoolEntryCutOffSchema),
    }),
    need: v.strictObject({ ...clause, values: datedValues(NeedRuleSchema) }),
    settingHours: v.strictObject({
      ...clause,
      values: datedValues(
        v.strictObject({
          /** More hours than this a week in a setting: not eligible. `null` for no limit. */
          maxHoursPerWeek: v.nullable(
            v.pipe(v.number(), v.finite("must be a number"), v.minValue(0, "must not be negative")),
          ),
          /**
           * This many hours a week or more: eligible, but flagged for the coordinator to review the
           * support offered (Hampshire: 15 hours or more "may change the support offered").
           */
          reviewFromHoursPerWeek: v.optional(
            v.pipe(v.number(), v.finite("must be a number"), v.gtValue(0, "must be more than 0")),
          ),
        }),
      ),
    }),
    residence: v.strictObject({ ...clause }),
    routes: v.strictObject({
      ...clause,
      routes: v.pipe(v.array(ReferralRouteSchema), v.minLength(1, "must list at least one referral route")),
    }),
    consent: v.strictObject({ ...clause }),
    availability: v.strictObject({ ...clause }),
  }),
  priority: v.strictObject({
    ...clause,
    criteria: v.array(PriorityCriterionSchema),
  }),
  visits: v.strictObject({
    blocks: v.strictObject({
      ...clause,
      /** The usual length of a block, in weeks. */
      lengthWeeks: Positive,
      /** The longest a block may run, in weeks (Wiltshire: up to 6 months). Left out: no limit. */
      maxLengthWeeks: v.optional(Positive),
      /** The weekdays visits may fall on. Left out: any weekday, Monday to Sunday. */
      weekdays: v.optional(
        v.pipe(
          v.array(v.picklist(WEEKDAYS, "must be a day of the week in lower case, e.g. monday")),
          v.minLength(1, "must list at least one weekday, or be left out"),
        ),
      ),
      frequencies: v.pipe(v.array(VisitFrequencySchema), v.minLength(1, "must allow at least one frequency")),
      visitMinutes: Positive,
    }),
    terms: v.strictObject({ ...clause, periods: v.array(TermPeriodSchema), closures: v.array(ClosureSchema) }),
    missedVisits: v.strictObject({ ...clause, consecutiveLimit: Positive, action: Text }),
    monitoring: v.strictObject({ ...clause, whileWaiting: v.boolean(), intervalWeeks: Positive }),
  }),
  plans: v.strictObject({
    areas: v.strictObject({
      ...clause,
      areas: v.pipe(v.array(DevelopmentalAreaSchema), v.minLength(1, "must list at least one developmental area")),
    }),
    /** The default "achieved" criterion: `successes` out of `outOf` tries, on `days` separate days. */
    achievement: v.strictObject({ ...clause, successes: Positive, outOf: Positive, days: Positive }),
    longTermGoalReviewMonths: v.strictObject({ ...clause, months: Positive }),
    /**
     * The marks a developmental profile gives a child in each area, from least to most secure
     * (Emerging, Developing, Achieved in the Early Years Developmental Journal). Optional in a
     * protocol file: left out, the project's three marks apply.
     */
    markingScale: v.optional(
      v.strictObject({
        ...clause,
        marks: v.pipe(v.array(MarkSchema), v.minLength(2, "must list at least two marks")),
      }),
      DEFAULT_MARKING_SCALE,
    ),
  }),
  sharing: v.strictObject({
    ...clause,
    recipients: v.array(RecipientSchema),
  }),
  exits: v.strictObject({
    ...clause,
    reasons: v.pipe(v.array(ExitReasonSchema), v.minLength(1, "must list at least one exit reason")),
  }),
  retention: v.strictObject({ ...clause, yearsAfterBirth: Positive }),
});

/** A council's protocol as written in its JSON file. */
export type ProtocolInput = v.InferInput<typeof ProtocolSchema>;
/** A validated protocol: the form every rule in this package takes. */
export type Protocol = v.InferOutput<typeof ProtocolSchema>;
/** What every clause of a protocol carries. */
export type Clause = Pick<Protocol["eligibility"]["residence"], "id" | "description" | "reference" | "councilDefault">;
/** A value with the date it applies from. */
export interface Dated<T> {
  readonly from: IsoDate;
  readonly value: T;
}
/** The school-entry cut-off. */
export type SchoolEntryCutOff = v.InferOutput<typeof SchoolEntryCutOffSchema>;
/** The end-of-support rule for age. */
export type AgeEndRule = v.InferOutput<typeof AgeEndRuleSchema>;
/** A delay threshold. */
export type DelayRule = v.InferOutput<typeof DelayRuleSchema>;
/** The level of need the service is for. */
export type NeedRule = v.InferOutput<typeof NeedRuleSchema>;
/** A referral route. */
export type ReferralRoute = v.InferOutput<typeof ReferralRouteSchema>;
/** Weekly or fortnightly. */
export type VisitFrequency = v.InferOutput<typeof VisitFrequencySchema>;
/** One priority criterion. */
export type PriorityCriterion = v.InferOutput<typeof PriorityCriterionSchema>;
/** A term-time period. */
export type TermPeriod = v.InferOutput<typeof TermPeriodSchema>;
/** A closure day. */
export type Closure = v.InferOutput<typeof ClosureSchema>;
/** A developmental area. */
export type DevelopmentalArea = v.InferOutput<typeof DevelopmentalAreaSchema>;
/** A mark of the developmental profile's scale. */
export type Mark = v.InferOutput<typeof MarkSchema>;
/** A recipient of shared information. */
export type Recipient = v.InferOutput<typeof RecipientSchema>;
/** An exit reason. */
export type ExitReason = v.InferOutput<typeof ExitReasonSchema>;
