// The play plan as data: long-term goals, blocks of visits and the small targets inside each
// block. The valibot schemas are the contract for a plan coming from storage or a form; the
// types are inferred from them so the two cannot drift.
import * as v from "valibot";
import { WEEKDAYS } from "../dates/date-only.js";
import { IsoDateSchema, VisitFrequencySchema } from "../protocol/schema.js";

// Ids of plans, blocks, targets and steps are chosen by the application (database keys,
// UUIDs), so any non-blank text will do; area ids are the protocol's own.
const Id = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));
const Count = v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(0, "must not be negative"));
const Positive = v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1, "must be at least 1"));

/** The steps a plan and each of its blocks go through, in order. */
export const PLAN_STATUSES = ["draft", "agreed", "active", "in-review", "completed"] as const;

/** Where a play plan or a block stands: draft, agreed with the family, active, in review, completed. */
export const PlanStatusSchema = v.picklist(PLAN_STATUSES, `must be one of: ${PLAN_STATUSES.join(", ")}`);

/** A day of the week by name, lower case (`monday` ... `sunday`). */
export const WeekdaySchema = v.picklist(WEEKDAYS, "must be a day of the week in lower case, e.g. monday");

/** A time of day on the 24-hour clock, `HH:MM` (`09:30`, `14:00`). */
export const TimeOfDaySchema = v.pipe(
  v.string(),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM on the 24-hour clock, e.g. 09:30"),
);

/**
 * How well the child must do for a target to be achieved: at least `successes` out of `outOf`
 * tries, on `days` different days. New targets take the protocol's `plans.achievement`.
 */
export const CriterionSchema = v.pipe(
  v.strictObject({ successes: Positive, outOf: Positive, days: Positive }),
  v.forward(
    v.partialCheck(
      [["successes"], ["outOf"]],
      (c) => c.successes <= c.outOf,
      "cannot be more than outOf: a child cannot succeed more times than they try",
    ),
    ["successes"],
  ),
);

/** One small step towards a target. A target's steps are listed in the order they are taught. */
export const TeachingStepSchema = v.strictObject({ id: Id, text: Text });

/** How the family practises between visits, and how often: a number of times a day, or in words. */
export const PracticeSchema = v.pipe(
  v.strictObject({
    /** What to do, in the family's words ("at bath time, hold out two cups and ask which one"). */
    how: Text,
    timesPerDay: v.optional(Positive),
    /** How often in words, when "times a day" does not fit ("at every meal"). */
    howOften: v.optional(Text),
  }),
  v.forward(
    v.partialCheck(
      [["timesPerDay"], ["howOften"]],
      (p) => p.timesPerDay !== undefined || p.howOften !== undefined,
      "must say how often to practise: timesPerDay or howOften",
    ),
    ["howOften"],
  ),
);

/** How a target ended. Stopping a target needs a reason; the others may carry a note. */
export const TargetOutcomeSchema = v.variant(
  "result",
  [
    v.strictObject({ result: v.literal("achieved"), on: IsoDateSchema, note: v.optional(Text) }),
    v.strictObject({ result: v.literal("carried-forward"), on: IsoDateSchema, note: v.optional(Text) }),
    v.strictObject({ result: v.literal("stopped"), on: IsoDateSchema, reason: Text }),
  ],
  "must be achieved, carried-forward or stopped",
);

/** A target is open while it is being worked on, and ended once it has an outcome. */
export const TargetStatusSchema = v.picklist(["open", "ended"], "must be open or ended");

/**
 * A short-term target, written as the service writes them: what the child will do, under what
 * conditions, and to what degree of success.
 */
export const TargetSchema = v.pipe(
  v.strictObject({
    id: Id,
    /** One of the protocol's developmental areas (`plans.areas`). */
    areaId: Id,
    /** The plan's long-term goal this target works towards, when it serves one. */
    longTermGoalId: v.optional(Id),
    /** What the child will do, written to follow "will" or "can": "stack three bricks". */
    does: Text,
    /** Under what conditions: "when an adult shows how first, with large soft bricks". */
    conditions: Text,
    criterion: CriterionSchema,
    teachingSteps: v.pipe(v.array(TeachingStepSchema), v.minLength(1, "must have at least one teaching step")),
    practice: PracticeSchema,
    status: TargetStatusSchema,
    /** Present exactly when the target has ended. */
    outcome: v.optional(TargetOutcomeSchema),
  }),
  v.forward(
    v.partialCheck(
      [["status"], ["outcome"]],
      (t) => (t.status === "ended") === (t.outcome !== undefined),
      "an ended target needs an outcome, and an open target cannot have one",
    ),
    ["outcome"],
  ),
);

// Who agreed and when: recorded when a plan or block moves from draft to agreed, and required
// from then on.
const agreement = {
  agreedOn: v.optional(IsoDateSchema),
  /** The names (and roles) of those who agreed: the parents or carers and the home visitor. */
  agreedBy: v.optional(v.pipe(v.array(Text), v.minLength(1, "must name at least one person"))),
};
function agreementRecorded(input: { status: string; agreedOn?: unknown; agreedBy?: unknown }): boolean {
  return input.status === "draft" || (input.agreedOn !== undefined && input.agreedBy !== undefined);
}
const agreementMessage = "once agreed, the plan records the date it was agreed (agreedOn) and who agreed (agreedBy)";

/** A block of visits: an agreed period, frequency, weekday and time, with its targets. */
export const BlockSchema = v.pipe(
  v.strictObject({
    id: Id,
    /** 1 for the first block of the plan, then 2, 3, ... */
    number: Positive,
    start: IsoDateSchema,
    end: IsoDateSchema,
    frequency: VisitFrequencySchema,
    weekday: WeekdaySchema,
    time: TimeOfDaySchema,
    status: PlanStatusSchema,
    ...agreement,
    targets: v.array(TargetSchema),
  }),
  v.forward(
    v.partialCheck([["start"], ["end"]], (b) => b.end >= b.start, "must not be before the block starts"),
    ["end"],
  ),
  v.forward(v.partialCheck([["status"], ["agreedOn"], ["agreedBy"]], agreementRecorded, agreementMessage), [
    "agreedBy",
  ]),
);

/** A long-term goal, set with the family and reviewed about every six months. */
export const LongTermGoalSchema = v.pipe(
  v.strictObject({ id: Id, text: Text, areaId: Id, setOn: IsoDateSchema, reviewBy: IsoDateSchema }),
  v.forward(
    v.partialCheck([["setOn"], ["reviewBy"]], (g) => g.reviewBy > g.setOn, "must be after the day the goal was set"),
    ["reviewBy"],
  ),
);

/** A child's play plan: long-term goals and the blocks of visits that work towards them. */
export const PlayPlanSchema = v.pipe(
  v.strictObject({
    id: Id,
    childId: Id,
    status: PlanStatusSchema,
    ...agreement,
    longTermGoals: v.array(LongTermGoalSchema),
    blocks: v.array(BlockSchema),
  }),
  v.forward(v.partialCheck([["status"], ["agreedOn"], ["agreedBy"]], agreementRecorded, agreementMessage), [
    "agreedBy",
  ]),
);

/** Where a plan or block stands. */
export type PlanStatus = v.InferOutput<typeof PlanStatusSchema>;
/** A time of day, `HH:MM`. */
export type TimeOfDay = v.InferOutput<typeof TimeOfDaySchema>;
/** The "achieved" criterion of a target. */
export type Criterion = v.InferOutput<typeof CriterionSchema>;
/** A teaching step. */
export type TeachingStep = v.InferOutput<typeof TeachingStepSchema>;
/** How and how often the family practises. */
export type Practice = v.InferOutput<typeof PracticeSchema>;
/** How a target ended. */
export type TargetOutcome = v.InferOutput<typeof TargetOutcomeSchema>;
/** What a target's outcome can be. */
export type TargetResult = TargetOutcome["result"];
/** Open or ended. */
export type TargetStatus = v.InferOutput<typeof TargetStatusSchema>;
/** A short-term target. */
export type Target = v.InferOutput<typeof TargetSchema>;
/** A block of visits. */
export type Block = v.InferOutput<typeof BlockSchema>;
/** A long-term goal. */
export type LongTermGoal = v.InferOutput<typeof LongTermGoalSchema>;
/** A child's play plan. */
export type PlayPlan = v.InferOutput<typeof PlayPlanSchema>;
/** The count type used by criteria and records: a whole number, zero or more. */
export const CountSchema = Count;
/** A whole number, one or more. */
export const PositiveSchema = Positive;
/** Non-blank text, trimmed. */
export const TextSchema = Text;
/** An id chosen by the application: non-blank text. */
export const RecordIdSchema = Id;
