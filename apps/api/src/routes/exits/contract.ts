// What the transition, exit and closed-case routes accept and answer with, as valibot schemas:
// the bodies are parsed by them at the edge (unknown keys refused), the OpenAPI document describes
// the answers from them, and the types inferred from them are what the admin app imports.
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const Person = v.object({ id: Str, name: Str });
const IsoDateView = v.pipe(v.string(), v.description("A calendar date, YYYY-MM-DD"));

const Text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(max, `must be ${max} characters or fewer`));
const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const IsoDate = v.pipe(
  v.string("must be a date written YYYY-MM-DD"),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  // Only a date written YYYY-MM-DD is checked for being real, so a bad one gets one message.
  v.check(
    (s) =>
      !/^\d{4}-\d{2}-\d{2}$/.test(s) ||
      (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
    "must be a real date",
  ),
);
const Version = v.pipe(
  v.number("must be the version you read"),
  v.integer("must be the version you read"),
  v.minValue(0, "must be the version you read"),
);

/** The kinds of setting a child moves on to. */
export const SETTING_TYPES = ["nursery", "pre-school", "childminder", "school", "special-school", "other"] as const;
/** A kind of setting. */
export type SettingType = (typeof SETTING_TYPES)[number];

// Requests.

/** `PUT /cases/:id/transition-plan`: version 0 for a child with no plan yet. */
export const TransitionPlanBody = v.strictObject({
  version: Version,
  settingName: Text(200),
  settingType: v.picklist(SETTING_TYPES, `must be one of ${SETTING_TYPES.join(", ")}`),
  startDate: IsoDate,
  /** Who is involved (the setting's SENCO, the health visitor, ...), in words. */
  peopleInvolved: v.pipe(OptionalText(1000), multiLine),
  notes: v.pipe(OptionalText(2000), multiLine),
});

/** `GET /cases/:id/exit/draft?reasonId=`. */
export const ExitDraftQuery = v.strictObject({ reasonId: v.optional(Text(100)) });

/** What staff write in a transition report; the rest comes from the plan, the profile and the referral. */
export const ReportFieldsBody = v.strictObject({
  strengthsAndInterests: v.pipe(OptionalText(3000), multiLine),
  howChildLearnsBest: v.pipe(OptionalText(3000), multiLine),
  familyWantsSettingToKnow: v.pipe(OptionalText(3000), multiLine),
  /** What the child can now do, area by area (the draft's words, as staff edited them). */
  canNowDo: v.optional(
    v.pipe(
      v.array(v.strictObject({ areaId: Text(100), summary: v.pipe(OptionalText(2000), multiLine) })),
      v.maxLength(30, "must hold 30 areas or fewer"),
    ),
  ),
  /** The other professionals working with the child and family. */
  professionalsInvolved: v.optional(
    v.pipe(
      v.array(v.strictObject({ role: Text(200), name: OptionalText(200), contact: OptionalText(200) })),
      v.maxLength(20, "must list 20 people or fewer"),
    ),
  ),
});

/** `POST /cases/:id/exit`. */
export const ExitBody = v.strictObject({
  /** One of the protocol's exit reasons. */
  reasonId: Text(100),
  /** The day the child left: today or earlier. */
  exitedOn: IsoDate,
  /** The setting or school the child goes on to (left out: the transition plan's setting, if any). */
  destination: OptionalText(200),
  note: v.pipe(OptionalText(2000), multiLine),
  /** Whether a transition report goes with the exit; some exit reasons need one. */
  withReport: v.boolean("must be true or false"),
  /** The report's parts staff wrote, with `withReport`. */
  report: v.optional(ReportFieldsBody),
});

/** `POST /closed-cases/:id/reopen`. */
export const ReopenBody = v.strictObject({ reason: v.pipe(Text(1000), multiLine) });

/** `GET /exits/due?weeks=`. */
export const DueExitsQuery = v.strictObject({
  weeks: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,2}$/, "must be a whole number of weeks from 1 to 52"),
      v.transform(Number),
      v.minValue(1, "must be a whole number of weeks from 1 to 52"),
      v.maxValue(52, "must be a whole number of weeks from 1 to 52"),
    ),
    "12",
  ),
});

// Answers.

/** An exit due now or soon, from the domain's `dueExits`. */
export const DueExitViewSchema = v.object({
  reasonId: Str,
  /** The exit reason's name in the protocol. */
  reason: Str,
  due: IsoDateView,
  status: v.picklist(["due", "upcoming"]),
  /** Why, in plain words. */
  why: Str,
  /** The protocol clause applied. */
  clauseId: Str,
  /** Whether this exit reason calls for a transition report. */
  transitionReport: v.boolean(),
});

/** `GET /exits/due`: allocated children with an exit due within `weeks`, soonest first. */
export const DueExitsAnswerSchema = v.object({
  asOf: IsoDateView,
  weeks: v.number(),
  children: v.array(
    v.object({
      child: v.object({ id: Str, firstName: Str, lastName: Str, dateOfBirth: IsoDateView }),
      reference: Str,
      homeVisitor: Person,
      /** The first of `exits`. */
      next: DueExitViewSchema,
      exits: v.array(DueExitViewSchema),
    }),
  ),
});

export const TransitionPlanViewSchema = v.object({
  settingName: Str,
  settingType: v.picklist(SETTING_TYPES),
  startDate: IsoDateView,
  peopleInvolved: NullableStr,
  notes: NullableStr,
  version: v.pipe(v.number(), v.description("Send it back with a change; a stale one gets 409")),
  updatedAt: Str,
  updatedBy: Person,
});

/** `GET`/`PUT /cases/:id/transition-plan`. */
export const TransitionPlanAnswerSchema = v.object({
  plan: v.nullable(TransitionPlanViewSchema),
  settingTypes: v.array(v.picklist(SETTING_TYPES)),
});

/** An exit reason as the protocol lists it. */
export const ExitReasonViewSchema = v.object({ id: Str, name: Str, description: Str, transitionReport: v.boolean() });

/** `GET /cases/:id/leaving`: the case's Moving on tab in one read. */
export const LeavingAnswerSchema = v.object({
  asOf: IsoDateView,
  /** Exits due now or within the next 12 weeks, soonest first. */
  dueExits: v.array(DueExitViewSchema),
  transitionPlan: v.nullable(TransitionPlanViewSchema),
  /** The transition visits recorded or planned. */
  transitionVisits: v.array(v.object({ id: Str, date: IsoDateView, time: Str, status: Str, place: NullableStr })),
  reasons: v.array(ExitReasonViewSchema),
  settingTypes: v.array(v.picklist(SETTING_TYPES)),
});

const ReportTargetView = v.object({ areaId: Str, area: Str, target: Str, teachingStepsThatHelp: v.array(Str) });

/** A transition report as the screens and the PDF show it (area and recipient names from the protocol). */
export const TransitionReportViewSchema = v.object({
  strengthsAndInterests: Str,
  canNowDo: v.array(v.object({ areaId: Str, area: Str, summary: Str })),
  targetsAchieved: v.array(ReportTargetView),
  targetsWorkingOn: v.array(ReportTargetView),
  howChildLearnsBest: Str,
  professionalsInvolved: v.array(v.object({ role: Str, name: v.optional(Str), contact: v.optional(Str) })),
  familyWantsSettingToKnow: Str,
  sharing: v.object({ settingName: Str, recipientId: Str, recipient: Str, consentId: Str }),
});

/** The domain's `transitionReportContents`: whether the reason calls for a report, and its sections. */
export const ReportRequirementViewSchema = v.object({
  reasonId: Str,
  listed: v.boolean(),
  required: v.boolean(),
  why: Str,
  clauseId: Str,
  sections: v.array(v.object({ id: Str, title: Str, description: Str })),
});

/** `GET /cases/:id/exit/draft`: what the report will hold, for staff to complete. */
export const ExitDraftAnswerSchema = v.object({
  asOf: IsoDateView,
  requirement: v.nullable(ReportRequirementViewSchema),
  /** The setting the report would go to: the transition plan's, if any. */
  destination: NullableStr,
  /** Drafted from the play plan, the latest developmental profile and the referral; staff write the rest. */
  draft: v.object({
    strengthsAndInterests: Str,
    howChildLearnsBest: Str,
    familyWantsSettingToKnow: Str,
    canNowDo: v.array(v.object({ areaId: Str, area: Str, summary: Str })),
    targetsAchieved: v.array(ReportTargetView),
    targetsWorkingOn: v.array(ReportTargetView),
    professionalsInvolved: v.array(v.object({ role: Str, name: v.optional(Str), contact: v.optional(Str) })),
  }),
  /** Every section still missing or wrong in the draft, from the domain's `checkTransitionReport`. */
  missing: v.array(v.object({ section: Str, title: Str, problem: Str })),
  /** How consent to share is handled: recorded separately, as is every send of the report. */
  sharingNote: Str,
});

export const ExitViewSchema = v.object({
  id: Str,
  reasonId: Str,
  reason: Str,
  exitedOn: IsoDateView,
  destination: NullableStr,
  note: NullableStr,
  recordedBy: Person,
  createdAt: Str,
  transitionReport: v.nullable(TransitionReportViewSchema),
  reopenedAt: NullableStr,
  reopenReason: NullableStr,
});

/** `GET /closed-cases/:id` and the answer to an exit. */
export const ClosedCaseSchema = v.object({
  child: v.object({ id: Str, firstName: Str, lastName: Str, dateOfBirth: IsoDateView }),
  referral: v.object({ id: Str, reference: Str, status: Str }),
  /** The home visitor the child had when they left. */
  homeVisitor: v.nullable(Person),
  /** The day after which the child's record is destroyed (the protocol's retention rule). */
  destroyAfter: IsoDateView,
  exit: ExitViewSchema,
  sharingNote: Str,
});

export const ClosedCaseListSchema = v.object({
  closedCases: v.array(
    v.object({
      child: v.object({ id: Str, firstName: Str, lastName: Str, dateOfBirth: IsoDateView }),
      reference: Str,
      reasonId: Str,
      reason: Str,
      exitedOn: IsoDateView,
      destination: NullableStr,
      hasReport: v.boolean(),
      destroyAfter: IsoDateView,
    }),
  ),
});

/** `POST /closed-cases/:id/reopen`. */
export const ReopenedSchema = v.object({
  childId: Str,
  referralId: Str,
  /** `waiting`: back on the waiting list, keeping the day they first joined it. */
  status: Str,
  destroyAfter: IsoDateView,
});

export type TransitionPlanInput = v.InferInput<typeof TransitionPlanBody>;
export type ExitInput = v.InferInput<typeof ExitBody>;
export type ReportFieldsInput = v.InferInput<typeof ReportFieldsBody>;
export type ReopenInput = v.InferInput<typeof ReopenBody>;
export type DueExitView = v.InferOutput<typeof DueExitViewSchema>;
export type DueExitsAnswer = v.InferOutput<typeof DueExitsAnswerSchema>;
export type TransitionPlanView = v.InferOutput<typeof TransitionPlanViewSchema>;
export type TransitionPlanAnswer = v.InferOutput<typeof TransitionPlanAnswerSchema>;
export type ExitReasonView = v.InferOutput<typeof ExitReasonViewSchema>;
export type LeavingAnswer = v.InferOutput<typeof LeavingAnswerSchema>;
export type TransitionReportView = v.InferOutput<typeof TransitionReportViewSchema>;
export type ReportRequirementView = v.InferOutput<typeof ReportRequirementViewSchema>;
export type ExitDraftAnswer = v.InferOutput<typeof ExitDraftAnswerSchema>;
export type ExitView = v.InferOutput<typeof ExitViewSchema>;
export type ClosedCase = v.InferOutput<typeof ClosedCaseSchema>;
export type ClosedCaseList = v.InferOutput<typeof ClosedCaseListSchema>;
export type Reopened = v.InferOutput<typeof ReopenedSchema>;
