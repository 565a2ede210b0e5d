// What a family or home visitor notes after practising a target: the daily record grid.
import * as v from "valibot";
import { CountSchema, PositiveSchema, RecordIdSchema, TextSchema } from "../plan/schema.js";
import { IsoDateSchema } from "../protocol/schema.js";

/** Who made an activity record: the family between visits, or the home visitor at a visit. */
export const RecordedBySchema = v.picklist(["family", "visitor"], "must be family or visitor");

const recordFields = {
  /** The target practised. */
  targetId: RecordIdSchema,
  date: IsoDateSchema,
  recordedBy: RecordedBySchema,
  /** The teaching step practised, when the record says. */
  stepId: v.optional(RecordIdSchema),
  note: v.optional(TextSchema),
};

/** A record counting tries: the child tried `tries` times and succeeded `successes` times (never more than tried). */
export const TriesRecordSchema = v.pipe(
  v.strictObject({ ...recordFields, tries: PositiveSchema, successes: CountSchema }),
  v.forward(
    v.partialCheck(
      [["tries"], ["successes"]],
      (r) => r.successes <= r.tries,
      "cannot be more than tries: a child cannot succeed more times than they try",
    ),
    ["successes"],
  ),
);

/** A record ticking a box: the child did it that day (`done: true`) or not yet. */
export const DoneRecordSchema = v.strictObject({ ...recordFields, done: v.boolean() });

/**
 * A record that the target was not practised that day (`practised: false`), usually with a note
 * saying why ("poorly", "away at grandma's"). It counts as neither a try nor a success.
 */
export const NotPractisedRecordSchema = v.strictObject({ ...recordFields, practised: v.literal(false) });

/** An activity record: tries and successes, done, or not practised. */
export const ActivityRecordSchema = v.union(
  [TriesRecordSchema, DoneRecordSchema, NotPractisedRecordSchema],
  "must record either tries and successes, done, or not practised",
);

/** Family or visitor. */
export type RecordedBy = v.InferOutput<typeof RecordedBySchema>;
/** A record counting tries and successes. */
export type TriesRecord = v.InferOutput<typeof TriesRecordSchema>;
/** A record saying whether the child did it. */
export type DoneRecord = v.InferOutput<typeof DoneRecordSchema>;
/** A record saying the target was not practised that day. */
export type NotPractisedRecord = v.InferOutput<typeof NotPractisedRecordSchema>;
/** One activity record. */
export type ActivityRecord = v.InferOutput<typeof ActivityRecordSchema>;

/** One problem with an activity record: the field and what is wrong with it. */
export interface RecordProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks an activity record (from a form or storage) and returns it typed, or every problem
 * with its field. A record with a `done` field is read as a tick-box record, one with a
 * `practised` field as a day not practised, any other as a count of tries, so the problems speak
 * of the form the record was meant to take rather than valibot's "no form fits".
 */
export function parseActivityRecord(
  input: unknown,
): { readonly ok: true; readonly record: ActivityRecord } | { readonly ok: false; readonly problems: RecordProblem[] } {
  const has = (key: string) => typeof input === "object" && input !== null && key in input;
  const schema = has("done") ? DoneRecordSchema : has("practised") ? NotPractisedRecordSchema : TriesRecordSchema;
  const parsed = v.safeParse(schema, input, { abortEarly: false });
  if (parsed.success) return { ok: true, record: parsed.output };
  return {
    ok: false,
    problems: parsed.issues.map((issue) => {
      const path = v.getDotPath(issue) ?? "";
      const message =
        issue.kind === "schema" && issue.expected === "never"
          ? "is not part of this kind of record: a record has either tries and successes, done, or practised: false"
          : issue.kind === "schema" && issue.received === "undefined"
            ? "is required"
            : issue.message;
      return { path, message };
    }),
  };
}
