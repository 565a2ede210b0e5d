// A referral on the waiting list, as far as priority needs to know it, and the checks that
// keep a ranking honest (unique ids, dates in a possible order).
import * as v from "valibot";
import type { IsoDate } from "../dates/date-only.js";
import { IsoDateSchema } from "../protocol/schema.js";

/** The complexity of a child's needs, as judged at triage. */
export const ComplexitySchema = v.picklist(["low", "moderate", "high"], "must be low, moderate or high");

/** A referral waiting for a home visitor: the facts its priority is worked out from. */
export const WaitingListEntrySchema = v.strictObject({
  /** The referral's id, unique on the list; the last tie-break compares it. */
  id: v.pipe(v.string(), v.nonEmpty("must not be empty")),
  dateOfBirth: IsoDateSchema,
  /** The day the referral was accepted onto the waiting list: time waited counts from here. */
  acceptedOn: IsoDateSchema,
  /** The day the referral was received. */
  referredOn: IsoDateSchema,
  complexity: ComplexitySchema,
  /** The child attends a nursery, pre-school or childminder. */
  inSetting: v.boolean(),
  /** The child already has other specialist SEND support. */
  otherSpecialistSupport: v.boolean(),
  /** The family has had Portage before. */
  hadPortageBefore: v.boolean(),
});

/** Low, moderate or high. */
export type Complexity = v.InferOutput<typeof ComplexitySchema>;

/** A referral waiting for a home visitor. */
export interface WaitingListEntry {
  readonly id: string;
  readonly dateOfBirth: IsoDate;
  readonly acceptedOn: IsoDate;
  readonly referredOn: IsoDate;
  readonly complexity: Complexity;
  readonly inSetting: boolean;
  readonly otherSpecialistSupport: boolean;
  readonly hadPortageBefore: boolean;
}

/** One problem with the waiting list: which entry (by id, or `asOf`) and what is wrong. */
export interface WaitingListProblem {
  readonly id: string;
  readonly message: string;
}

/** Thrown when a waiting list cannot be scored or ranked, with every problem listed. */
export class WaitingListError extends Error {
  readonly problems: readonly WaitingListProblem[];
  constructor(problems: readonly WaitingListProblem[]) {
    super(`the waiting list cannot be ranked:\n${problems.map((p) => `- ${p.id}: ${p.message}`).join("\n")}`);
    this.name = "WaitingListError";
    this.problems = problems;
  }
}

/** The problems with one entry on `asOf`: dates out of order, or an entry accepted after `asOf`. */
export function entryProblems(entry: WaitingListEntry, asOf: IsoDate): WaitingListProblem[] {
  const problems: WaitingListProblem[] = [];
  const id = entry.id;
  if (entry.referredOn < entry.dateOfBirth)
    problems.push({ id, message: `referred on ${entry.referredOn}, before the child was born (${entry.dateOfBirth})` });
  if (entry.acceptedOn < entry.referredOn)
    problems.push({
      id,
      message: `accepted on ${entry.acceptedOn}, before the referral was made (${entry.referredOn})`,
    });
  if (entry.acceptedOn > asOf)
    problems.push({
      id,
      message: `accepted on ${entry.acceptedOn}, after the ranking date ${asOf}: not yet on the list`,
    });
  return problems;
}

/**
 * Every problem that stops a list being ranked on `asOf`: ids used more than once (the last
 * tie-break needs them unique) and each entry's own problems. Empty when the list can be ranked.
 */
export function checkWaitingList(entries: readonly WaitingListEntry[], asOf: IsoDate): WaitingListProblem[] {
  const problems: WaitingListProblem[] = [];
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id) && !reported.has(entry.id)) {
      problems.push({ id: entry.id, message: "this id is used by more than one entry" });
      reported.add(entry.id);
    }
    seen.add(entry.id);
    for (const problem of entryProblems(entry, asOf)) problems.push(problem);
  }
  return problems;
}
