// The missed-visit rule: after a number of visits in a row are missed, staff act.
import { compareDates } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import type { Protocol } from "../protocol/schema.js";
import type { Visit } from "./visit.js";

/** The missed-visit rule applied to a family's visits. */
export interface MissedVisitCheck {
  /** True when the latest run of missed visits has reached the protocol's limit. */
  readonly flagged: boolean;
  /** The visits in the latest run of missed visits, oldest first (empty when the last visit went ahead). */
  readonly run: readonly Visit[];
  /** How many missed visits in a row raise the flag (`visits.missedVisits.consecutiveLimit`). */
  readonly limit: number;
  /** What staff should do, from the protocol: present only when flagged. */
  readonly action?: string;
  /** The protocol clause applied (`visits.missedVisits`). */
  readonly clause: string;
  /** Staff words on where the family stands. */
  readonly reason: string;
}

/**
 * Applies the protocol's missed-visit rule (`visits.missedVisits`): raises a flag, with the
 * action to take and the clause id, when `consecutiveLimit` visits in a row have been missed.
 *
 * Visits are taken in date order whatever order they come in. A visit the family cancelled
 * counts as missed: the child did not have the visit. A visit the service cancelled neither
 * counts nor breaks the run: the family did nothing to miss it, and it says nothing about
 * whether they are available, so the run carries on across it. A held visit ends the run.
 * Visits still `planned` have not happened yet (or have not been recorded) and are left out.
 *
 * Only the latest run matters: once a visit is held again the family is back in touch and an
 * earlier run no longer raises a flag.
 */
export function missedVisitFlag(visits: readonly Visit[], protocol: Pick<Protocol, "visits">): MissedVisitCheck {
  const rule = protocol.visits.missedVisits;
  const ordered = [...visits].sort((a, b) => compareDates(a.date, b.date) || a.time.localeCompare(b.time));
  let run: Visit[] = [];
  for (const visit of ordered) {
    if (visit.status === "held") run = [];
    else if (visit.status === "missed" || visit.status === "cancelled-by-family") run.push(visit);
  }
  const base = { run, limit: rule.consecutiveLimit, clause: rule.id };
  if (run.length >= rule.consecutiveLimit) {
    return {
      ...base,
      flagged: true,
      action: rule.action,
      reason: `${run.length} visits in a row missed since ${run[0] ? dateInWords(run[0].date) : ""}; the protocol acts after ${rule.consecutiveLimit}.`,
    };
  }
  return {
    ...base,
    flagged: false,
    reason:
      run.length === 0
        ? "No visits missed in a row."
        : `${run.length} visit${run.length === 1 ? "" : "s"} in a row missed; the protocol acts after ${rule.consecutiveLimit}.`,
  };
}
