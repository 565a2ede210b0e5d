// The council's caseload limit: how many children a home visitor holds before a coordinator who
// allocates one more must give a reason (the domain's `checkCaseload` applies it). A council sets
// its own in its entry below or, for one deployment, with OPENPORTAGE_CASELOAD_LIMIT.
import type { Protocol } from "@openportage/domain";

/**
 * Open Portage's starting limit, for a council that has not set its own: about what one
 * full-time home visitor can see weekly or fortnightly in term time. Replace it with the
 * council's figure (for part-time visitors too, it is one figure for the service).
 */
export const DEFAULT_CASELOAD_LIMIT = 20;

/** The variable that sets the limit for a deployment, winning over the council's entry. */
export const CASELOAD_LIMIT_VARIABLE = "OPENPORTAGE_CASELOAD_LIMIT";

/** Each council's own limit, by protocol id; a council adds its figure here. */
export const CASELOAD_LIMITS: Readonly<Record<string, number>> = {};

/**
 * The caseload limit for a protocol's council: `setting` (from OPENPORTAGE_CASELOAD_LIMIT) when
 * given, else the council's entry in {@link CASELOAD_LIMITS}, else {@link DEFAULT_CASELOAD_LIMIT}.
 */
export function caseloadLimitFor(protocol: Pick<Protocol, "id">, setting?: number): number {
  return setting ?? CASELOAD_LIMITS[protocol.id] ?? DEFAULT_CASELOAD_LIMIT;
}
