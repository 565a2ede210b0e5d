// Optimistic concurrency for casework records: every change names the version it was made from,
// and a change made from an older version is refused with what changed since, never applied.
import { ProblemError } from "../../lib/problem.js";

/** What the stale writer is told: the version now, who changed it last and when, and what changed. */
export interface ConflictDetails {
  readonly currentVersion: number;
  readonly changedBy: string | null;
  readonly changedAt: string | null;
  /** Change codes since the version the writer had (`target-changed`, `visit-recorded`, ...). */
  readonly changes: readonly string[];
}

/** 409 `edit-conflict`, saying what record and what changed. */
export function editConflict(what: string, given: number, details: ConflictDetails): ProblemError {
  const who = details.changedBy ? ` by ${details.changedBy}` : "";
  return new ProblemError(
    "edit-conflict",
    409,
    `This ${what} was changed${who} since you opened it (you had version ${given}, it is now version ${details.currentVersion}). Check it and make your change again.`,
    {
      currentVersion: details.currentVersion,
      changedBy: details.changedBy,
      changedAt: details.changedAt,
      changes: details.changes,
    },
  );
}
