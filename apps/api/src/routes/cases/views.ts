// What the casework routes answer with, as valibot schemas: the OpenAPI document describes each
// response from them, and the types inferred from them are what the admin app imports (through
// `@openportage/api`), so the API and its callers cannot drift apart.
import * as v from "valibot";
import { HandoverViewSchema } from "../allocations/contract.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const Person = v.object({ id: Str, name: Str });
const IsoDate = v.pipe(v.string(), v.description("A calendar date, YYYY-MM-DD"));

/** Someone who agreed, when, and the version counter every editable record carries. */
const Versioned = { version: v.pipe(v.number(), v.description("Send it back with a change; a stale one gets 409")) };

export const AreaViewSchema = v.object({ id: Str, name: Str });
export const MarkViewSchema = v.object({ id: Str, name: Str, description: v.optional(Str) });

export const CriterionViewSchema = v.object({ successes: v.number(), outOf: v.number(), days: v.number() });

/** How a target is going, from the domain's `targetProgress`. */
export const ProgressViewSchema = v.object({
  status: v.picklist(["not-started", "emerging", "developing", "achieved"]),
  summary: Str,
  daysMet: v.array(Str),
  daysNeeded: v.number(),
  achievedOn: v.optional(Str),
});

export const TargetViewSchema = v.object({
  id: Str,
  blockId: Str,
  areaId: Str,
  /** The area's name from the protocol. */
  area: Str,
  longTermGoalId: v.optional(Str),
  does: Str,
  conditions: Str,
  criterion: CriterionViewSchema,
  /** "3 out of 4 times, on 3 different days". */
  criterionText: Str,
  teachingSteps: v.array(v.object({ id: Str, text: Str })),
  practice: v.object({ how: Str, timesPerDay: v.optional(v.number()), howOften: v.optional(Str) }),
  /** "3 times a day" or the words given. */
  practiceText: Str,
  status: v.picklist(["open", "ended"]),
  outcome: v.optional(
    v.object({
      result: v.picklist(["achieved", "carried-forward", "stopped"]),
      on: Str,
      note: v.optional(Str),
      reason: v.optional(Str),
    }),
  ),
  progress: ProgressViewSchema,
});

export const BlockViewSchema = v.object({
  id: Str,
  number: v.number(),
  start: IsoDate,
  end: IsoDate,
  frequency: v.picklist(["weekly", "fortnightly"]),
  weekday: Str,
  time: Str,
  status: v.picklist(["draft", "agreed", "active", "in-review", "completed"]),
  agreedOn: v.optional(Str),
  agreedBy: v.optional(v.array(Str)),
  targets: v.array(TargetViewSchema),
  /** How many visits of the block are in the diary. */
  visitCount: v.number(),
});

export const LongTermGoalViewSchema = v.object({
  id: Str,
  text: Str,
  areaId: Str,
  area: Str,
  setOn: IsoDate,
  reviewBy: IsoDate,
});

export const PlanViewSchema = v.object({
  id: Str,
  status: v.picklist(["draft", "agreed", "active", "in-review", "completed"]),
  ...Versioned,
  agreedOn: v.optional(Str),
  agreedBy: v.optional(v.array(Str)),
  longTermGoals: v.array(LongTermGoalViewSchema),
  blocks: v.array(BlockViewSchema),
  createdAt: Str,
  updatedAt: Str,
  updatedBy: Person,
});

/** What the plan screens need from the protocol to offer the right choices. */
export const PlanRulesViewSchema = v.object({
  areas: v.array(AreaViewSchema),
  frequencies: v.array(v.picklist(["weekly", "fortnightly"])),
  blockLengthWeeks: v.number(),
  visitMinutes: v.number(),
  achievement: CriterionViewSchema,
  longTermGoalReviewMonths: v.number(),
});

/** `GET /cases/:id/plan` and the answer to every change of the plan. */
export const PlanAnswerSchema = v.object({ plan: v.nullable(PlanViewSchema), rules: PlanRulesViewSchema });

export const PlanRevisionSchema = v.object({ version: v.number(), change: Str, changedAt: Str, changedBy: Person });
export const PlanRevisionsSchema = v.object({ revisions: v.array(PlanRevisionSchema) });

export const VisitViewSchema = v.object({
  id: Str,
  blockId: Str,
  blockNumber: v.number(),
  plannedDate: IsoDate,
  date: IsoDate,
  time: Str,
  status: v.picklist(["planned", "held", "missed", "cancelled-by-service", "cancelled-by-family"]),
  /** True when the visit was moved from the date the block's rhythm gave it. */
  rearranged: v.boolean(),
  /** A visit at home, or a transition visit (a joint visit at the child's next setting). */
  kind: v.picklist(["home", "transition"]),
  /** Where a visit away from home happens. */
  place: NullableStr,
  familyFocus: NullableStr,
  structuredTeaching: NullableStr,
  childLedPlay: NullableStr,
  targetsWorkedOn: v.array(Str),
  practiseNext: NullableStr,
  durationMinutes: v.nullable(v.number()),
  note: NullableStr,
  recordedAt: NullableStr,
  recordedBy: v.nullable(Person),
  ...Versioned,
});

/** The domain's missed-visit rule applied to the family's visits. */
export const MissedVisitsViewSchema = v.object({
  flagged: v.boolean(),
  reason: Str,
  limit: v.number(),
  runLength: v.number(),
  action: v.optional(Str),
  clause: Str,
});

export const VisitsAnswerSchema = v.object({
  visits: v.array(VisitViewSchema),
  missedVisits: MissedVisitsViewSchema,
});

export const VisitAnswerSchema = v.object({ visit: VisitViewSchema, missedVisits: MissedVisitsViewSchema });

export const GeneratedVisitsSchema = v.object({
  /** How many visits were added (dates already planned are kept as they are). */
  created: v.number(),
  visits: v.array(VisitViewSchema),
  skipped: v.array(v.object({ date: IsoDate, reason: Str, detail: Str })),
});

/** Who entered a practice record (or a version of it): a member of staff, or a family member in the family app. */
export const PracticeEnteredBySchema = v.object({
  kind: v.picklist(["staff", "family"]),
  /** The member of staff's user id, or the family member's family account id. */
  id: Str,
  name: Str,
});

/** An earlier version of a practice record, kept when the family or staff changed it. */
export const PracticeRecordVersionSchema = v.object({
  version: v.number(),
  tries: v.nullable(v.number()),
  successes: v.nullable(v.number()),
  practised: v.boolean(),
  note: NullableStr,
  enteredBy: PracticeEnteredBySchema,
  /** When that version was written. */
  enteredAt: Str,
});

export const PracticeRecordViewSchema = v.object({
  id: Str,
  targetId: Str,
  date: IsoDate,
  recordedBy: v.picklist(["family", "visitor"]),
  tries: v.nullable(v.number()),
  successes: v.nullable(v.number()),
  practised: v.boolean(),
  note: NullableStr,
  /** Who entered this version: `family` when a family member entered it in the family app. */
  enteredBy: PracticeEnteredBySchema,
  /** When this version was written. */
  enteredAt: Str,
  /** Every earlier version, oldest first (empty when the record was never changed). */
  earlierVersions: v.array(PracticeRecordVersionSchema),
  ...Versioned,
});

export const PracticeAnswerSchema = v.object({
  /** The week shown: Monday to Sunday. */
  from: IsoDate,
  to: IsoDate,
  targets: v.array(v.object({ target: TargetViewSchema, records: v.array(PracticeRecordViewSchema) })),
});

export const PracticeSavedSchema = v.object({
  target: TargetViewSchema,
  records: v.array(PracticeRecordViewSchema),
  /** True when these records brought the target to its "achieved" criterion. */
  reachedCriterion: v.boolean(),
});

export const ProfileViewSchema = v.object({
  id: Str,
  recordedOn: IsoDate,
  entries: v.array(v.object({ areaId: Str, area: Str, mark: Str, markName: Str, note: v.optional(Str) })),
  recordedBy: Person,
  createdAt: Str,
});

export const ProfileComparisonViewSchema = v.object({
  from: IsoDate,
  to: IsoDate,
  areas: v.array(
    v.object({
      areaId: Str,
      area: Str,
      before: v.optional(v.object({ mark: Str, name: Str, note: v.optional(Str) })),
      after: v.optional(v.object({ mark: Str, name: Str, note: v.optional(Str) })),
      change: v.picklist(["moved-on", "same", "moved-back", "first-marked", "not-marked-later", "not-marked"]),
      steps: v.optional(v.number()),
    }),
  ),
  movedOn: v.number(),
  same: v.number(),
  movedBack: v.number(),
});

export const ProfilesAnswerSchema = v.object({
  areas: v.array(AreaViewSchema),
  marks: v.array(MarkViewSchema),
  /** Oldest first. */
  profiles: v.array(ProfileViewSchema),
  /** The first profile compared with the latest, when there are two or more. */
  comparison: v.nullable(ProfileComparisonViewSchema),
});

export const HomeVisitNotesViewSchema = v.object({ text: NullableStr, ...Versioned, updatedAt: NullableStr });

export const CaseViewSchema = v.object({
  asOf: IsoDate,
  child: v.object({
    id: Str,
    firstName: Str,
    lastName: Str,
    dateOfBirth: IsoDate,
    sex: Str,
    homeLanguages: Str,
    interpreterNeeded: v.boolean(),
    address: v.object({ line1: Str, line2: NullableStr, town: Str, postcode: Str }),
  }),
  carers: v.array(v.object({ id: Str, name: Str, relationship: Str, phone: NullableStr, email: NullableStr })),
  referral: v.object({ id: Str, reference: Str, route: Str, receivedAt: Str }),
  allocation: v.object({
    homeVisitor: Person,
    allocatedAt: Str,
    /** Send it with a re-allocation or a return to the waiting list: a case that moved on since is refused. */
    id: v.optional(Str),
    /** Who allocated the child to this home visitor (for an imported allocation, who ran the import). */
    allocatedBy: v.optional(
      v.pipe(Person, v.description("Who allocated the child; for an imported allocation, who ran the import")),
    ),
    /** Brought in by the caseload import (ADR 0051) rather than allocated in the service. */
    imported: v.pipe(
      v.boolean(),
      v.description(
        "Brought in by the caseload import rather than allocated in the service: `allocatedAt` is then the day the council's records gave",
      ),
    ),
    /** Why the coordinator allocated the child beyond the home visitor's caseload limit; null when within it. */
    overCaseloadReason: v.pipe(
      NullableStr,
      v.description(
        "Why the coordinator allocated the child to a home visitor already at or above the council's caseload limit (the reason given with the allocation or re-allocation); null when the allocation was within the limit",
      ),
    ),
    /** What the home visitor before passed on (a re-allocation's note, or why the child went back to the list). */
    handover: v.optional(v.nullable(HandoverViewSchema)),
  }),
  homeVisitNotes: HomeVisitNotesViewSchema,
  plan: v.nullable(
    v.object({
      id: Str,
      status: v.picklist(["draft", "agreed", "active", "in-review", "completed"]),
      version: v.number(),
      /** The block running today (active or in review), else the next agreed or draft one. */
      currentBlock: v.nullable(BlockViewSchema),
      /** The open targets of the current block: what the family practises this week. */
      targetsThisWeek: v.array(TargetViewSchema),
    }),
  ),
  nextVisits: v.array(VisitViewSchema),
  missedVisits: MissedVisitsViewSchema,
  profiles: v.object({ count: v.number(), latestOn: v.nullable(IsoDate) }),
});

export const CaseListEntrySchema = v.object({
  child: v.object({ id: Str, firstName: Str, lastName: Str, dateOfBirth: IsoDate }),
  reference: Str,
  homeVisitor: Person,
  allocatedAt: Str,
  planStatus: v.nullable(Str),
  nextVisit: v.nullable(v.object({ date: IsoDate, time: Str })),
  missedVisitsFlaggedOn: NullableStr,
});
export const CaseListSchema = v.object({
  /** Every allocated child that matches, across pages. */
  total: v.number(),
  /** With `page` in the query: the page and its size. */
  page: v.optional(v.number()),
  pageSize: v.optional(v.number()),
  cases: v.array(CaseListEntrySchema),
});

export const DiaryEntrySchema = v.object({
  visitId: Str,
  date: IsoDate,
  time: Str,
  status: Str,
  durationMinutes: v.number(),
  child: v.object({ id: Str, firstName: Str, lastName: Str }),
  town: Str,
  postcode: Str,
  homeVisitor: Person,
});
export const DiarySchema = v.object({ from: IsoDate, to: IsoDate, visits: v.array(DiaryEntrySchema) });

/** A family the missed-visit rule flagged, for the coordinator's dashboard. */
export const MissedVisitAlertSchema = v.object({
  child: v.object({ id: Str, firstName: Str, lastName: Str }),
  homeVisitor: Person,
  /** The day the rule flagged the family. */
  flaggedOn: IsoDate,
  /** What the protocol says to do, and after how many visits in a row. */
  reason: Str,
});
export const MissedVisitAlertsSchema = v.object({ alerts: v.array(MissedVisitAlertSchema) });

export const CalendarSubscriptionSchema = v.object({
  /** The feed's address, shown once: anyone holding it can read the diary's times (not names). */
  url: Str,
});

export const HistorySchema = v.object({
  entries: v.array(
    v.object({
      at: Str,
      action: Str,
      /** What changed, as a short code (`plan-agreed`, `visit-recorded`, ...), or null for a read. */
      what: NullableStr,
      actor: v.nullable(v.object({ id: Str, name: Str, role: NullableStr })),
    }),
  ),
  total: v.number(),
  page: v.number(),
  pageSize: v.number(),
});

export type TargetView = v.InferOutput<typeof TargetViewSchema>;
export type BlockView = v.InferOutput<typeof BlockViewSchema>;
export type LongTermGoalView = v.InferOutput<typeof LongTermGoalViewSchema>;
export type PlanView = v.InferOutput<typeof PlanViewSchema>;
export type PlanRulesView = v.InferOutput<typeof PlanRulesViewSchema>;
export type PlanAnswer = v.InferOutput<typeof PlanAnswerSchema>;
export type PlanRevisions = v.InferOutput<typeof PlanRevisionsSchema>;
export type VisitView = v.InferOutput<typeof VisitViewSchema>;
export type MissedVisitsView = v.InferOutput<typeof MissedVisitsViewSchema>;
export type VisitsAnswer = v.InferOutput<typeof VisitsAnswerSchema>;
export type VisitAnswer = v.InferOutput<typeof VisitAnswerSchema>;
export type GeneratedVisits = v.InferOutput<typeof GeneratedVisitsSchema>;
export type PracticeEnteredBy = v.InferOutput<typeof PracticeEnteredBySchema>;
export type PracticeRecordVersion = v.InferOutput<typeof PracticeRecordVersionSchema>;
export type PracticeRecordView = v.InferOutput<typeof PracticeRecordViewSchema>;
export type PracticeAnswer = v.InferOutput<typeof PracticeAnswerSchema>;
export type PracticeSaved = v.InferOutput<typeof PracticeSavedSchema>;
export type ProfileView = v.InferOutput<typeof ProfileViewSchema>;
export type ProfilesAnswer = v.InferOutput<typeof ProfilesAnswerSchema>;
export type HomeVisitNotesView = v.InferOutput<typeof HomeVisitNotesViewSchema>;
export type CaseView = v.InferOutput<typeof CaseViewSchema>;
export type CaseList = v.InferOutput<typeof CaseListSchema>;
export type CaseListEntry = v.InferOutput<typeof CaseListEntrySchema>;
export type Diary = v.InferOutput<typeof DiarySchema>;
export type DiaryEntry = v.InferOutput<typeof DiaryEntrySchema>;
export type MissedVisitAlert = v.InferOutput<typeof MissedVisitAlertSchema>;
export type MissedVisitAlerts = v.InferOutput<typeof MissedVisitAlertsSchema>;
export type CalendarSubscription = v.InferOutput<typeof CalendarSubscriptionSchema>;
export type CaseHistory = v.InferOutput<typeof HistorySchema>;
