// What re-allocation and return to the waiting list accept and answer, as valibot schemas: the
// bodies are parsed by them (unknown keys refused), the OpenAPI document describes the answers
// from them, and the admin app imports the inferred types through `@openportage/api`.
import * as v from "valibot";
import { multiLine } from "../../lib/input-check.js";

const Str = v.string();
const Person = v.object({ id: Str, name: Str });
const Id = (message: string) => v.pipe(v.string(message), v.uuid(message));
const Note = (max: number, what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.trim(),
    v.nonEmpty("must not be empty"),
    v.maxLength(max, `must be ${max} characters or fewer`),
  );

/** The allocation the change was made from (`allocation.id` in the case view): a case that moved on since is refused with 409. */
const AllocationId = {
  allocationId: v.pipe(
    Id("must be the id of the allocation you saw"),
    v.description("`allocation.id` from the case view; a case that moved on since is refused with 409"),
  ),
};

/** `POST /api/cases/:id/reallocation`: move the child to another active home visitor. */
export const ReallocationBody = v.strictObject({
  ...AllocationId,
  homeVisitorId: Id("must be a home visitor's id"),
  /** What the new home visitor needs to know: shown on the case to them. */
  handoverNote: v.pipe(Note(4000, "the handover note"), multiLine),
  /** Why the child goes to a home visitor at or above the council's caseload limit: required then. */
  overCaseloadReason: v.optional(
    v.pipe(v.string("must be text"), v.trim(), v.maxLength(2000, "must be 2000 characters or fewer"), multiLine),
  ),
});

/** `POST /api/cases/:id/return-to-waiting-list`: the child waits again. */
export const ReturnBody = v.strictObject({
  ...AllocationId,
  /** Why the child goes back to the waiting list: kept with the ended allocation and shown to the next home visitor. */
  reason: v.pipe(Note(2000, "the reason"), multiLine),
});

/** The answer to a re-allocation. */
export const ReallocationAnswerSchema = v.object({
  /** The new allocation. */
  id: Str,
  referralId: Str,
  childId: Str,
  homeVisitor: Person,
  allocatedAt: Str,
  /** The allocation that ended. */
  previous: v.object({ id: Str, homeVisitor: Person, endedAt: Str }),
});

/** The answer to a return to the waiting list. */
export const ReturnAnswerSchema = v.object({
  childId: Str,
  referralId: Str,
  status: v.literal("waiting"),
  /** Kept from the first acceptance: the waiting list counts the original wait. */
  acceptedOn: v.nullable(Str),
  endedAt: Str,
});

/**
 * What the home visitor before passed on, shown on the case: the note of the allocation of this
 * referral that ended last, when it ended by re-allocation or a return to the waiting list.
 */
export const HandoverViewSchema = v.object({
  reason: v.picklist(["reallocated", "returned-to-waiting-list"]),
  note: Str,
  from: Person,
  endedAt: Str,
});

export type ReallocationInput = v.InferInput<typeof ReallocationBody>;
export type ReturnInput = v.InferInput<typeof ReturnBody>;
export type ReallocationAnswer = v.InferOutput<typeof ReallocationAnswerSchema>;
export type ReturnAnswer = v.InferOutput<typeof ReturnAnswerSchema>;
export type HandoverView = v.InferOutput<typeof HandoverViewSchema>;
