// The request and response types of the review routes, exported by the package for the admin
// app: the bodies are parsed by these schemas at the edge (unknown keys refused), the answers are
// described by them in the OpenAPI document, and the admin app imports the inferred types.
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(max, `must be ${max} characters or fewer`));
const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const IsoDate = v.pipe(
  v.string("must be a date written YYYY-MM-DD"),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  v.check(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "must be a real date",
  ),
);
const Uuid = (message: string) => v.pipe(v.string(message), v.uuid(message));
const Version = {
  version: v.pipe(v.number("must be the version you read"), v.integer("must be a whole number"), v.minValue(0)),
};

/** What a review can decide, in the protocol's words: another block, back to the waiting list, or leaving. */
export const REVIEW_DECISIONS = ["next-block", "waiting-list", "exit"] as const;
/** How a long-term goal's review can end. */
export const GOAL_REVIEW_OUTCOMES = ["achieved", "continued", "changed", "stopped"] as const;
const TARGET_RESULTS = ["achieved", "carried-forward", "stopped"] as const;

const Decision = v.picklist(REVIEW_DECISIONS, "must be next-block, waiting-list or exit");
const Result = v.picklist(TARGET_RESULTS, "must be achieved, carried-forward or stopped");

/** The next block, when the review decides on one: as a new block is added (`end` left out: the protocol's length). */
export const NextBlockBody = v.strictObject({
  start: IsoDate,
  end: v.optional(IsoDate),
  frequency: v.picklist(["weekly", "fortnightly"], "must be weekly or fortnightly"),
  weekday: v.picklist(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "must be a day of the week, e.g. monday",
  ),
  time: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM on the 24-hour clock")),
});

/** `POST /cases/:id/plan/blocks/:blockId/review`: the block's review, with the plan's version. */
export const BlockReviewBody = v.strictObject({
  ...Version,
  reviewedOn: IsoDate,
  /** What the family and child celebrate, in their words. */
  celebrations: v.pipe(Text(4000), multiLine),
  /** The focus for the next block, as agreed with the family. */
  nextFocus: v.pipe(Text(4000), multiLine),
  /** One outcome for each of the block's open targets. */
  outcomes: v.pipe(
    v.array(
      v.strictObject({
        targetId: Text(100),
        result: Result,
        /** Why the target stopped: needed for `stopped`. */
        reason: v.pipe(OptionalText(500), multiLine),
        note: v.pipe(OptionalText(500), multiLine),
      }),
    ),
    v.maxLength(30, "must hold 30 targets or fewer"),
  ),
  decision: Decision,
  /** Needed for `next-block`, and only then. */
  nextBlock: v.optional(NextBlockBody),
  /** The developmental profile recorded for this review, compared with the first. */
  profileId: v.optional(Uuid("must be one of this child's profiles")),
});

/** `PUT /cases/:id/plan/blocks/:blockId/review`: corrects a saved review's words or profile (the review's version). */
export const BlockReviewChangeBody = v.strictObject({
  ...Version,
  celebrations: v.optional(v.pipe(Text(4000), multiLine)),
  nextFocus: v.optional(v.pipe(Text(4000), multiLine)),
  /** `null` unlinks the profile. */
  profileId: v.optional(v.nullable(Uuid("must be one of this child's profiles"))),
});

/** `POST /cases/:id/plan/goals/:goalId/reviews`: a long-term goal reviewed with a coordinator. */
export const GoalReviewBody = v.strictObject({
  reviewedOn: IsoDate,
  outcome: v.picklist(GOAL_REVIEW_OUTCOMES, "must be achieved, continued, changed or stopped"),
  note: v.pipe(OptionalText(2000), multiLine),
  /** The coordinator the goal was reviewed with (a coordinator recording it may name themselves). */
  coordinatorId: Uuid("must name a coordinator"),
});

export type NextBlockInput = v.InferInput<typeof NextBlockBody>;
export type BlockReviewInput = v.InferInput<typeof BlockReviewBody>;
export type BlockReviewChangeInput = v.InferInput<typeof BlockReviewChangeBody>;
export type GoalReviewInput = v.InferInput<typeof GoalReviewBody>;

// Answers.
const Str = v.string();
const Person = v.object({ id: Str, name: Str });
const Day = v.pipe(v.string(), v.description("A calendar date, YYYY-MM-DD"));

/** A part of a review report, ready to render (the domain's `ReportSection`). */
export const ReportSectionSchema = v.variant("kind", [
  v.object({ kind: v.literal("summary"), heading: Str, rows: v.array(v.object({ key: Str, value: Str })) }),
  v.object({ kind: v.literal("list"), heading: Str, items: v.array(Str) }),
  v.object({ kind: v.literal("table"), heading: Str, columns: v.array(Str), rows: v.array(v.array(Str)) }),
]);
/** The family's review report: a title and sections in the order they are shown (screen, print and PDF alike). */
export const ReviewReportSchema = v.object({ title: Str, sections: v.array(ReportSectionSchema) });

/** One target at the review, as the domain's `reviewBlock` sees it. */
export const TargetReviewViewSchema = v.object({
  targetId: Str,
  areaId: Str,
  area: Str,
  does: Str,
  status: v.picklist(["not-started", "emerging", "developing", "achieved"]),
  /** What the records show, in staff words. */
  progressSummary: Str,
  daysMet: v.array(Day),
  daysNeeded: v.number(),
  recordsCounted: v.number(),
  /** The outcome recorded on the target, or else the one the records suggest. */
  suggestedOutcome: Result,
  /** True once the outcome is recorded on the target. */
  decided: v.boolean(),
  nextTeachingStep: v.optional(v.object({ id: Str, text: Str })),
  nextStep: Str,
  /** The target's outcome once recorded (the reason when stopped). */
  outcome: v.optional(v.object({ result: Result, on: Day, reason: v.optional(Str), note: v.optional(Str) })),
});

/** What the records show for a block (the domain's `BlockReview`, without the records themselves). */
export const BlockReviewFiguresSchema = v.object({
  blockId: Str,
  blockNumber: v.number(),
  period: v.object({ start: Day, end: Day }),
  asOf: Day,
  targets: v.array(TargetReviewViewSchema),
  targetsSet: v.number(),
  targetsAchieved: v.number(),
  visitsPlanned: v.number(),
  visitsHeld: v.number(),
  visitsMissed: v.number(),
  visitsCancelledByService: v.number(),
  visitsToCome: v.number(),
  /** Words the domain suggests to celebrate with the family. */
  celebrate: v.array(Str),
  /** The focus the domain suggests for the next block, area by area. */
  nextFocus: v.array(Str),
});

/** A developmental profile compared with the first, area by area (the domain's `compareProfiles`). */
export const ReviewProfileComparisonSchema = v.object({
  from: Day,
  to: Day,
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

/** What to do after a waiting-list or exit decision: the route that carries it out, and the admin screen. */
export const ReviewNextStepSchema = v.object({
  decision: Decision,
  /** For `next-block`: the new draft block. */
  blockId: v.optional(Str),
  /** For `waiting-list` and `exit`: the API route that carries the decision out. */
  route: v.optional(Str),
  /** Words for staff on what happens next. */
  text: Str,
});

/** A saved block review. */
export const BlockReviewViewSchema = v.object({
  id: Str,
  blockId: Str,
  blockNumber: v.number(),
  reviewedOn: Day,
  celebrations: Str,
  nextFocus: Str,
  decision: Decision,
  profileId: v.nullable(Str),
  figures: BlockReviewFiguresSchema,
  /** The profile recorded for the review compared with the first, when one is linked. */
  comparison: v.nullable(ReviewProfileComparisonSchema),
  report: ReviewReportSchema,
  next: ReviewNextStepSchema,
  recordedBy: Person,
  createdAt: Str,
  updatedAt: Str,
  version: v.pipe(v.number(), v.description("Send it back with a correction; a stale one gets 409")),
});

const BlockBriefSchema = v.object({
  id: Str,
  number: v.number(),
  start: Day,
  end: Day,
  frequency: v.picklist(["weekly", "fortnightly"]),
  weekday: Str,
  time: Str,
  status: v.picklist(["draft", "agreed", "active", "in-review", "completed"]),
});

/** `GET /cases/:id/plan/blocks/:blockId/review`: the draft from the records, and the saved review if any. */
export const BlockReviewAnswerSchema = v.object({
  asOf: Day,
  /** The plan's version, to send with the review. */
  planVersion: v.number(),
  block: BlockBriefSchema,
  /** True when the block's end has passed (or it is in review) and it has no review yet. */
  due: v.boolean(),
  /** Why the block cannot be reviewed yet, when it cannot. */
  notYet: v.nullable(Str),
  /** What the records show today (or, once saved, as they were on the review's day). */
  figures: BlockReviewFiguresSchema,
  /** The first profile and the latest one, compared area by area (null with fewer than two). */
  profiles: v.object({
    first: v.nullable(v.object({ id: Str, recordedOn: Day })),
    latest: v.nullable(v.object({ id: Str, recordedOn: Day })),
    comparison: v.nullable(ReviewProfileComparisonSchema),
  }),
  /** The next block as the review form starts it: the first term day on the block's weekday after it ends. */
  nextBlock: v.object({ start: v.nullable(Day), frequency: Str, weekday: Str, time: Str }),
  frequencies: v.array(v.picklist(["weekly", "fortnightly"])),
  review: v.nullable(BlockReviewViewSchema),
});

/** A long-term goal's review. */
export const GoalReviewViewSchema = v.object({
  id: Str,
  goalId: Str,
  reviewedOn: Day,
  outcome: v.picklist(GOAL_REVIEW_OUTCOMES),
  note: v.nullable(Str),
  coordinator: v.nullable(Person),
  recordedBy: Person,
  createdAt: Str,
});

/** A long-term goal with its reviews and when the next one is due. */
export const GoalReviewsViewSchema = v.object({
  id: Str,
  text: Str,
  area: Str,
  setOn: Day,
  reviewBy: Day,
  /** The next review: the protocol's period after the last review (or `reviewBy`); null once achieved or stopped. */
  nextReviewBy: v.nullable(Day),
  /** True when `nextReviewBy` is today or earlier. */
  due: v.boolean(),
  reviews: v.array(GoalReviewViewSchema),
});

/** `GET /cases/:id/reviews`: what is due, what is done. */
export const ReviewsAnswerSchema = v.object({
  asOf: Day,
  planVersion: v.nullable(v.number()),
  /** Blocks whose review is due: the end has passed (or the block is in review), no review yet. */
  due: v.array(BlockBriefSchema),
  /** Block reviews saved, newest first. */
  blockReviews: v.array(
    v.object({
      id: Str,
      blockId: Str,
      blockNumber: v.number(),
      reviewedOn: Day,
      decision: Decision,
      recordedBy: Person,
    }),
  ),
  goals: v.array(GoalReviewsViewSchema),
  /** The protocol's period between long-term goal reviews. */
  goalReviewMonths: v.number(),
  /** Coordinators a goal can be reviewed with. */
  coordinators: v.array(Person),
});

export type ReportSectionView = v.InferOutput<typeof ReportSectionSchema>;
export type ReviewReportView = v.InferOutput<typeof ReviewReportSchema>;
export type TargetReviewView = v.InferOutput<typeof TargetReviewViewSchema>;
export type BlockReviewFigures = v.InferOutput<typeof BlockReviewFiguresSchema>;
export type ReviewProfileComparison = v.InferOutput<typeof ReviewProfileComparisonSchema>;
export type ReviewNextStep = v.InferOutput<typeof ReviewNextStepSchema>;
export type BlockReviewView = v.InferOutput<typeof BlockReviewViewSchema>;
export type BlockReviewAnswer = v.InferOutput<typeof BlockReviewAnswerSchema>;
export type GoalReviewView = v.InferOutput<typeof GoalReviewViewSchema>;
export type GoalReviewsView = v.InferOutput<typeof GoalReviewsViewSchema>;
export type ReviewsAnswer = v.InferOutput<typeof ReviewsAnswerSchema>;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type GoalReviewOutcome = (typeof GOAL_REVIEW_OUTCOMES)[number];
