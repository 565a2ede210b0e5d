// The council's caseload limit: how many children a home visitor holds before a coordinator who
// allocates one more must say why. It warns and asks for a reason; it never stops an allocation
// (a small service may have no one else to give the child to).

/** Where a home visitor's caseload stands against the limit, after one more child. */
export interface CaseloadCheck {
  /** Children held now. */
  readonly caseload: number;
  readonly limit: number;
  /** At or above the limit already: one more child takes them over it, so a reason is needed. */
  readonly atOrAbove: boolean;
  /** Children above the limit once this one is allocated (0 when within it). */
  readonly overBy: number;
}

/**
 * Checks a home visitor's current caseload against the council's limit before one more child is
 * allocated: at or above the limit, the allocation needs a reason.
 *
 * @example checkCaseload(20, 20) // { caseload: 20, limit: 20, atOrAbove: true, overBy: 1 }
 */
export function checkCaseload(caseload: number, limit: number): CaseloadCheck {
  if (!Number.isInteger(caseload) || caseload < 0)
    throw new RangeError(`caseload must be a whole number, not ${caseload}`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`);
  return { caseload, limit, atOrAbove: caseload >= limit, overBy: Math.max(0, caseload + 1 - limit) };
}
