// What the family app's routes (`/api/family/children/...`) accept and answer, as valibot schemas:
// the OpenAPI document describes each from them, and the family app imports the inferred types
// (through `@openportage/api`). Fields meant to be shown are plain English the app can print as
// they are (`...Text`); the others are for the app's own logic (ids, ISO dates, flags).
import * as v from "valibot";
import { isCalendarDate } from "../../lib/clock.js";
import { multiLine } from "../../lib/input-check.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const IsoDate = v.pipe(v.string(), v.description("A calendar date in England, YYYY-MM-DD"));

const Text = (max: number) =>
  v.pipe(
    v.string("must be text"),
    v.trim(),
    v.nonEmpty("must not be empty"),
    v.maxLength(max, `must be ${max} characters or fewer`),
  );
const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const Whole = (min: number, max: number) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be ${max} or less`),
  );
const Version = v.pipe(v.number("must be the version you read"), v.integer("must be a whole number"), v.minValue(0));

/** What a family member may see and do for one child (a carer: everything; a helper: what the home visitor chose). */
export const FamilyMaySchema = v.object({
  /** This week's targets and the practice record. */
  practice: v.boolean(),
  /** The visit dates. */
  visits: v.boolean(),
  /** Reviews and reports to download. */
  reports: v.boolean(),
  /** The sharing choices made. */
  sharing: v.boolean(),
  /** Withdraw a consent to share (a parent or carer only). */
  changeSharing: v.boolean(),
  /** Tell the service the family wants to stop (a parent or carer only). */
  askToLeave: v.boolean(),
  /** Send a question or a note to the home visitor. */
  sendMessages: v.boolean(),
});

/** One child the signed-in family member may see. */
export const FamilyChildSchema = v.object({
  id: Str,
  firstName: Str,
  /** `carer`: a parent or carer; `helper`: someone else the family wanted involved. */
  kind: v.picklist(["carer", "helper"]),
  /** Who the family member is to the child ("mother", "grandparent"). */
  relationship: Str,
  may: FamilyMaySchema,
  /** `ended`: the child has left Portage; only the reports stay, until `reportsUntil`. */
  status: v.picklist(["active", "ended"]),
  /** When access ends (after the child left), ISO timestamp; null while Portage goes on. */
  endsAt: NullableStr,
  /** The last day the reports can be downloaded, once the child has left. */
  reportsUntil: v.nullable(IsoDate),
  /** "Portage has ended for Amira. You can download Amira's reports until 27 December 2026.", or "". */
  statusText: Str,
});
export const FamilyChildrenSchema = v.object({ children: v.array(FamilyChildSchema) });

/** A teaching step, in the order they are taught. */
export const FamilyStepSchema = v.object({ number: v.number(), text: Str });

/** A target as the family reads it. */
export const FamilyTargetSchema = v.object({
  id: Str,
  /** The developmental area, in the protocol's words ("Communication and language"). */
  area: Str,
  /** "Amira will say 'more' to ask for more bubbles". */
  goalText: Str,
  /** What the child will do ("say 'more' to ask for more bubbles"). */
  does: Str,
  /** Under what conditions ("when an adult blows bubbles and pauses"). */
  conditions: Str,
  /** When it counts as done: "3 out of 4 times, on 3 different days". */
  doneWhenText: Str,
  teachingSteps: v.array(FamilyStepSchema),
  /** How to practise, in the home visitor's words. */
  howToPractise: Str,
  /** "3 times a day", or the words agreed. */
  howOften: Str,
  /** How it is going, from the records so far. */
  progressText: Str,
});

/** A coming visit. */
export const FamilyVisitSchema = v.object({
  id: Str,
  date: IsoDate,
  /** "Monday 30 November 2026". */
  dateText: Str,
  /** `HH:MM`, 24-hour. */
  time: Str,
  /** "10am", "2:30pm". */
  timeText: Str,
  /** "At home", or where a visit away from home happens ("At Little Acorns Nursery"). */
  placeText: Str,
});

export const FamilyOverviewSchema = v.object({
  asOf: IsoDate,
  child: v.object({ id: Str, firstName: Str }),
  may: FamilyMaySchema,
  /** The play plan's state in words; null before there is a plan. */
  plan: v.object({
    status: v.nullable(v.picklist(["draft", "agreed", "active", "in-review", "completed"])),
    statusText: Str,
  }),
  /** This week's targets (null when this family member may not see the practice). */
  thisWeek: v.nullable(
    v.object({
      /** The block of visits they belong to, in words ("Block 1: 23 November 2026 to 12 February 2027"). */
      blockText: NullableStr,
      targets: v.array(FamilyTargetSchema),
      /** What the home visitor said to practise next at the last visit held, with its day. */
      fromLastVisit: v.nullable(v.object({ dateText: Str, text: Str })),
    }),
  ),
  /** The next visits, soonest first (null when this family member may not see the visits). */
  nextVisits: v.nullable(v.array(FamilyVisitSchema)),
  homeVisitor: v.nullable(v.object({ name: Str })),
  /** How to reach the service. */
  service: v.object({
    name: Str,
    council: Str,
    phone: NullableStr,
    email: NullableStr,
    url: NullableStr,
  }),
});

/** Who entered a day: `you`, another family member, or the home visitor (or someone else in the team). */
export const FamilyEnteredBySchema = v.object({
  kind: v.picklist(["you", "family", "home-visitor", "service"]),
  /** "you", "Grace", "your home visitor", "the Portage team". */
  text: Str,
});

/** One day of one target on the family's chart. */
export const FamilyPracticeDaySchema = v.object({
  date: IsoDate,
  /** "Monday 23 November". */
  dateText: Str,
  /** Whether this day can still be filled in or corrected now. */
  canChange: v.boolean(),
  /** Why it cannot, in words; null when it can. */
  whyNot: NullableStr,
  record: v.nullable(
    v.object({
      practised: v.boolean(),
      tries: v.nullable(v.number()),
      successes: v.nullable(v.number()),
      note: NullableStr,
      /** "4 tries, 3 successes", or "Not practised". */
      summaryText: Str,
      enteredBy: FamilyEnteredBySchema,
      /** Send it back to change the day; a stale one gets 409. */
      version: v.number(),
    }),
  ),
});

export const FamilyPracticeSchema = v.object({
  asOf: IsoDate,
  /** The days shown, oldest first (never after today). */
  from: IsoDate,
  to: IsoDate,
  /** The oldest day that can still be filled in or corrected (the last 7 days up to today). */
  earliestChange: IsoDate,
  targets: v.array(
    v.object({
      id: Str,
      area: Str,
      goalText: Str,
      howOften: Str,
      progressText: Str,
      days: v.array(FamilyPracticeDaySchema),
    }),
  ),
});

/** The answer to recording a day. */
export const FamilyPracticeSavedSchema = v.object({
  targetId: Str,
  day: FamilyPracticeDaySchema,
  progressText: Str,
  /** True when this day brought the target to its "done" criterion. */
  reachedTarget: v.boolean(),
});

export const FamilyReportsSchema = v.object({
  /** Saved block reviews, newest first. */
  reviews: v.array(
    v.object({
      blockId: Str,
      blockNumber: v.number(),
      /** "Review of block 1". */
      title: Str,
      reviewedOn: IsoDate,
      reviewedOnText: Str,
      /** The PDF's address (under `/api`). */
      href: Str,
    }),
  ),
  /** The progress and transition report written when the child left, if one was. */
  transitionReport: v.nullable(v.object({ title: Str, leftOnText: Str, href: Str })),
  /** The last day the reports can be downloaded (after the child left); null while Portage goes on. */
  availableUntil: v.nullable(IsoDate),
  availableUntilText: NullableStr,
});

/** One consent to share, in words. */
export const FamilyConsentSchema = v.object({
  id: Str,
  /** The people or services it lets the service share with. */
  sharedWith: v.array(Str),
  /** "Nursery SENCO and Speech and language therapist". */
  sharedWithText: Str,
  /** What for, when the consent was limited to some purposes; null for any purpose of the service. */
  purposesText: NullableStr,
  /** "Grace Example (mother)". */
  givenByText: Str,
  givenOn: IsoDate,
  givenOnText: Str,
  withdrawnOn: v.nullable(IsoDate),
  withdrawnOnText: NullableStr,
  /** Whether the service may rely on it today. */
  inForce: v.boolean(),
  /** "In place since 2 November 2026", "Withdrawn from 29 November 2026", "Starts on ...". */
  stateText: Str,
  /** Whether this family member can withdraw it now. */
  canWithdraw: v.boolean(),
  version: v.number(),
});
export const FamilySharingSchema = v.object({
  /** Whether this family member may withdraw a consent (a parent or carer). */
  canChange: v.boolean(),
  consents: v.array(FamilyConsentSchema),
});

/** A message the family member sent. */
export const FamilyOwnMessageSchema = v.object({
  id: Str,
  kind: v.picklist(["message", "leave-request", "consent-withdrawn"]),
  /** "Message", "Asked to stop Portage", "Withdrew a consent to share". */
  kindText: Str,
  body: NullableStr,
  sentAt: Str,
  sentOnText: Str,
  /** Whether the service has read it. */
  read: v.boolean(),
});
export const FamilyOwnMessagesSchema = v.object({ messages: v.array(FamilyOwnMessageSchema) });

// Bodies: every body is a strict object (unknown keys refused), named field by field on a problem.

/** `{practised: true, tries, successes, note?}` or `{practised: false, note?}`, with `version` when changing a day. */
export const FamilyPracticeDayBody = v.strictObject({
  practised: v.boolean("must be true or false"),
  tries: v.optional(Whole(0, 100)),
  successes: v.optional(Whole(0, 100)),
  note: v.pipe(OptionalText(500), multiLine),
  /** The version of the day you read (left out, or 0, for a day not recorded yet). */
  version: v.optional(Version),
});

export const FamilyPracticeQuery = v.strictObject({
  /** The first day to show (default: 6 days before today, so the last 7 days). */
  from: v.optional(v.pipe(v.string(), v.check(isCalendarDate, "must be a date written YYYY-MM-DD, like 2026-11-20"))),
});

export const FamilyWithdrawalBody = v.strictObject({ version: Version });

export const FamilyMessageBody = v.strictObject({ body: v.pipe(Text(2000), multiLine) });

export const FamilyLeaveBody = v.strictObject({ body: v.pipe(OptionalText(2000), multiLine) });

export type FamilyMay = v.InferOutput<typeof FamilyMaySchema>;
export type FamilyChild = v.InferOutput<typeof FamilyChildSchema>;
export type FamilyChildren = v.InferOutput<typeof FamilyChildrenSchema>;
export type FamilyTarget = v.InferOutput<typeof FamilyTargetSchema>;
export type FamilyVisit = v.InferOutput<typeof FamilyVisitSchema>;
export type FamilyOverview = v.InferOutput<typeof FamilyOverviewSchema>;
export type FamilyEnteredBy = v.InferOutput<typeof FamilyEnteredBySchema>;
export type FamilyPracticeDay = v.InferOutput<typeof FamilyPracticeDaySchema>;
export type FamilyPractice = v.InferOutput<typeof FamilyPracticeSchema>;
export type FamilyPracticeSaved = v.InferOutput<typeof FamilyPracticeSavedSchema>;
export type FamilyReports = v.InferOutput<typeof FamilyReportsSchema>;
export type FamilyConsent = v.InferOutput<typeof FamilyConsentSchema>;
export type FamilySharing = v.InferOutput<typeof FamilySharingSchema>;
export type FamilyOwnMessage = v.InferOutput<typeof FamilyOwnMessageSchema>;
export type FamilyOwnMessages = v.InferOutput<typeof FamilyOwnMessagesSchema>;
export type FamilyPracticeDayInput = v.InferInput<typeof FamilyPracticeDayBody>;
export type FamilyWithdrawalInput = v.InferInput<typeof FamilyWithdrawalBody>;
export type FamilyMessageInput = v.InferInput<typeof FamilyMessageBody>;
export type FamilyLeaveInput = v.InferInput<typeof FamilyLeaveBody>;
