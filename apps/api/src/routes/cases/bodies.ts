// What the casework routes accept, as valibot schemas: every body is parsed by one of these at
// the edge (unknown keys refused), and the types inferred from them are what the admin app sends.
// The domain then checks the result against the protocol (areas, frequencies, term dates).
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"), v.maxLength(max, `must be ${max} characters or fewer`));
const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `must be ${max} characters or fewer`)));
const IsoDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
  v.check(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "must be a real date",
  ),
);
const Time = v.pipe(
  v.string(),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM on the 24-hour clock"),
);
const Whole = (min: number, max: number) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be ${max} or less`),
  );
/** The version of the record the change was made from (from the last read). */
const Version = { version: v.pipe(v.number("must be the version you read"), v.integer(), v.minValue(0)) };
const Weekday = v.picklist(
  ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  "must be a day of the week, e.g. monday",
);
const Frequency = v.picklist(["weekly", "fortnightly"], "must be weekly or fortnightly");

export const HomeVisitNotesBody = v.strictObject({
  ...Version,
  text: v.pipe(v.string(), v.trim(), v.maxLength(2000), multiLine),
});

export const ProfileBody = v.strictObject({
  recordedOn: IsoDate,
  entries: v.pipe(
    v.array(v.strictObject({ areaId: Text(100), mark: Text(100), note: v.pipe(OptionalText(1000), multiLine) })),
    v.minLength(1, "must mark at least one area"),
    v.maxLength(50),
  ),
});

export const NewPlanBody = v.strictObject({});

export const GoalBody = v.strictObject({
  ...Version,
  areaId: Text(100),
  text: v.pipe(Text(500), multiLine),
  setOn: IsoDate,
  /** Left out: the protocol's review period after `setOn`. */
  reviewBy: v.optional(IsoDate),
});
export const GoalChangeBody = v.strictObject({
  ...Version,
  areaId: v.optional(Text(100)),
  text: v.optional(v.pipe(Text(500), multiLine)),
  reviewBy: v.optional(IsoDate),
});

export const BlockBody = v.strictObject({
  ...Version,
  start: IsoDate,
  /** Left out: the protocol's block length from `start`. */
  end: v.optional(IsoDate),
  frequency: Frequency,
  weekday: Weekday,
  time: Time,
});
export const BlockChangeBody = v.strictObject({
  ...Version,
  start: v.optional(IsoDate),
  end: v.optional(IsoDate),
  frequency: v.optional(Frequency),
  weekday: v.optional(Weekday),
  time: v.optional(Time),
});

const Criterion = v.strictObject({ successes: Whole(1, 20), outOf: Whole(1, 20), days: Whole(1, 14) });
const Practice = v.strictObject({
  how: v.pipe(Text(1000), multiLine),
  timesPerDay: v.optional(Whole(1, 20)),
  howOften: OptionalText(200),
});
const targetFields = {
  areaId: Text(100),
  longTermGoalId: v.optional(Text(100)),
  does: Text(300),
  conditions: Text(500),
  /** Left out: the protocol's "achieved" criterion. */
  criterion: v.optional(Criterion),
  teachingSteps: v.pipe(
    v.array(Text(300)),
    v.minLength(1, "must have at least one teaching step"),
    v.maxLength(12, "must have 12 teaching steps or fewer"),
  ),
  practice: Practice,
};
export const TargetBody = v.strictObject({ ...Version, ...targetFields });
export const TargetChangeBody = v.strictObject({
  ...Version,
  ...Object.fromEntries(Object.entries(targetFields).map(([k, s]) => [k, v.optional(s)])),
} as { version: typeof Version.version } & {
  [K in keyof typeof targetFields]: v.OptionalSchema<(typeof targetFields)[K], undefined>;
});

export const TargetOutcomeBody = v.strictObject({
  ...Version,
  result: v.picklist(["achieved", "carried-forward", "stopped"], "must be achieved, carried-forward or stopped"),
  on: IsoDate,
  reason: v.pipe(OptionalText(500), multiLine),
  note: v.pipe(OptionalText(500), multiLine),
});

export const AgreementBody = v.strictObject({
  ...Version,
  agreedOn: IsoDate,
  agreedBy: v.pipe(v.array(Text(200)), v.minLength(1, "must name at least one person"), v.maxLength(10)),
});
export const StartPlanBody = v.strictObject({ ...Version });

export const GenerateVisitsBody = v.strictObject({});

/**
 * A visit at home or a transition visit (a joint visit at the child's next setting), with where it
 * happens. Left out, a change keeps what the visit was; a transition visit needs its place.
 */
const VisitPlace = {
  kind: v.optional(v.picklist(["home", "transition"], "must be home or transition")),
  place: OptionalText(200),
};

export const RearrangeVisitBody = v.strictObject({
  ...Version,
  date: IsoDate,
  time: Time,
  note: v.pipe(OptionalText(500), multiLine),
  ...VisitPlace,
});

export const RecordVisitBody = v.strictObject({
  ...Version,
  status: v.picklist(
    ["held", "missed", "cancelled-by-family", "cancelled-by-service"],
    "must be held, missed, cancelled-by-family or cancelled-by-service",
  ),
  familyFocus: v.pipe(OptionalText(2000), multiLine),
  structuredTeaching: v.pipe(OptionalText(2000), multiLine),
  childLedPlay: v.pipe(OptionalText(2000), multiLine),
  targetsWorkedOn: v.optional(v.pipe(v.array(Text(100)), v.maxLength(30))),
  practiseNext: v.pipe(OptionalText(2000), multiLine),
  durationMinutes: v.optional(Whole(5, 240)),
  note: v.pipe(OptionalText(2000), multiLine),
  ...VisitPlace,
});

export const PracticeWeekBody = v.strictObject({
  records: v.pipe(
    v.array(
      v.strictObject({
        date: IsoDate,
        /** `false` for a day not practised; tries and successes are then left out. */
        practised: v.optional(v.boolean()),
        tries: v.optional(Whole(0, 100)),
        successes: v.optional(Whole(0, 100)),
        note: v.pipe(OptionalText(500), multiLine),
        /** True to remove the day's record (entered by mistake). */
        clear: v.optional(v.boolean()),
        /** The version of the day's record when one exists; 0 or left out for a new day. */
        version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      }),
    ),
    v.minLength(1, "must hold at least one day"),
    v.maxLength(31, "must hold 31 days or fewer"),
  ),
});

export const DiaryQuery = v.strictObject({
  from: v.optional(IsoDate),
  to: v.optional(IsoDate),
  homeVisitorId: v.optional(v.pipe(v.string(), v.uuid("must be a home visitor's id"))),
});

export const PracticeQuery = v.strictObject({ week: v.optional(IsoDate) });

export type HomeVisitNotesInput = v.InferInput<typeof HomeVisitNotesBody>;
export type ProfileInput = v.InferInput<typeof ProfileBody>;
export type GoalInput = v.InferInput<typeof GoalBody>;
export type GoalChangeInput = v.InferInput<typeof GoalChangeBody>;
export type BlockInput = v.InferInput<typeof BlockBody>;
export type BlockChangeInput = v.InferInput<typeof BlockChangeBody>;
export type TargetInput = v.InferInput<typeof TargetBody>;
export type TargetChangeInput = v.InferInput<typeof TargetChangeBody>;
export type TargetOutcomeInput = v.InferInput<typeof TargetOutcomeBody>;
export type AgreementInput = v.InferInput<typeof AgreementBody>;
export type StartPlanInput = v.InferInput<typeof StartPlanBody>;
export type RearrangeVisitInput = v.InferInput<typeof RearrangeVisitBody>;
export type RecordVisitInput = v.InferInput<typeof RecordVisitBody>;
export type PracticeWeekInput = v.InferInput<typeof PracticeWeekBody>;
