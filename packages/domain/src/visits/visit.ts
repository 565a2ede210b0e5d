// A visit as the service records it.
import * as v from "valibot";
import { TextSchema, TimeOfDaySchema } from "../plan/schema.js";
import { IsoDateSchema } from "../protocol/schema.js";

/** What happened to a visit. A family cancellation counts as a missed visit; a cancellation by the service does not. */
export const VISIT_STATUSES = ["planned", "held", "missed", "cancelled-by-service", "cancelled-by-family"] as const;

/** What happened to a visit: still planned, held, missed, or cancelled by the service or the family. */
export const VisitStatusSchema = v.picklist(VISIT_STATUSES, `must be one of: ${VISIT_STATUSES.join(", ")}`);

/** One visit of a block: its date and time, what happened, and a note. */
export const VisitSchema = v.strictObject({
  date: IsoDateSchema,
  time: TimeOfDaySchema,
  status: VisitStatusSchema,
  note: v.optional(TextSchema),
});

/** What happened to a visit. */
export type VisitStatus = v.InferOutput<typeof VisitStatusSchema>;
/** One visit record. */
export type Visit = v.InferOutput<typeof VisitSchema>;
