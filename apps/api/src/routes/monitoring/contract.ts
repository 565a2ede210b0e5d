// The request and response types of the monitoring-visit routes (and the waiting list's
// `monitoring` field), as valibot schemas: bodies are parsed by them (unknown keys refused), the
// OpenAPI document describes the answers from them, and the admin app imports the inferred types.
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Str = v.string();
const NullableStr = v.nullable(v.string());
const Person = v.object({ id: Str, name: Str });
const IsoDate = v.pipe(v.string(), v.description("A calendar date, YYYY-MM-DD"));

/** What happened at a monitoring visit: the statuses a visit has, without "planned". */
export const MONITORING_STATUSES = ["held", "missed", "cancelled-by-family", "cancelled-by-service"] as const;

/** `POST /api/referrals/:id/monitoring-visits`: a monitoring visit to a waiting family, recorded. */
export const MonitoringVisitBody = v.strictObject({
  /** The day of the visit: today or before, not before the child joined the waiting list. */
  date: v.pipe(
    v.string("must be a date written YYYY-MM-DD"),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
    v.check(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      "must be a real date",
    ),
  ),
  time: v.optional(
    v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM on the 24-hour clock")),
  ),
  status: v.picklist(MONITORING_STATUSES, "must be held, missed, cancelled-by-family or cancelled-by-service"),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, "must be 2000 characters or fewer"), multiLine)),
});

/** A monitoring visit as recorded. */
export const MonitoringVisitViewSchema = v.object({
  id: Str,
  date: IsoDate,
  time: NullableStr,
  status: v.picklist(MONITORING_STATUSES),
  note: NullableStr,
  recordedBy: Person,
  createdAt: Str,
});

/** When the next monitoring visit is due, from the domain's `monitoringVisitsDue`. */
export const MonitoringDueViewSchema = v.object({
  /** `none` when the protocol makes no monitoring visits (or lists no term dates late enough). */
  kind: v.picklist(["due", "none"]),
  /** The next visit the rule asks for. */
  next: v.nullable(
    v.object({
      date: IsoDate,
      /** Due before today with no monitoring visit held since. */
      overdue: v.boolean(),
      movedFrom: v.optional(IsoDate),
      movedBecause: v.optional(Str),
    }),
  ),
  /** True when a visit is due today or overdue: the waiting list flags the family. */
  dueNow: v.boolean(),
  /** The last monitoring visit held (missed and cancelled ones do not reset the interval). */
  lastHeldOn: v.nullable(IsoDate),
  reason: Str,
  clause: Str,
});

/** `GET` (and the answer to `POST`) `/api/referrals/:id/monitoring-visits`. */
export const MonitoringAnswerSchema = v.object({
  asOf: IsoDate,
  referralId: Str,
  childId: Str,
  /** The referral's status: visits can be recorded only while it is `waiting`. */
  status: Str,
  acceptedOn: v.nullable(IsoDate),
  /** True when the protocol makes monitoring visits while a family waits. */
  whileWaiting: v.boolean(),
  intervalWeeks: v.number(),
  due: v.nullable(MonitoringDueViewSchema),
  /** Newest first. */
  visits: v.array(MonitoringVisitViewSchema),
});

export type MonitoringVisitInput = v.InferInput<typeof MonitoringVisitBody>;
export type MonitoringVisitView = v.InferOutput<typeof MonitoringVisitViewSchema>;
export type MonitoringDueView = v.InferOutput<typeof MonitoringDueViewSchema>;
export type MonitoringAnswer = v.InferOutput<typeof MonitoringAnswerSchema>;
