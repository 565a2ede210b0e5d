// "Why is this child above that one?": the first rule of the published order that separates two
// children on the waiting list, in words, with the points that differ criterion by criterion.
import type { WaitingListEntry } from "./records.ts";
import { formatDate } from "./words.ts";

/** How one criterion's points differ between the two children. */
export interface CriterionDifference {
  readonly criterionId: string;
  readonly above: number;
  readonly below: number;
  readonly aboveWhy: string;
  readonly belowWhy: string;
}

/** The answer, for the page to show. */
export interface WhyAbove {
  /** Which rule decided: more points, or a tie-break. */
  readonly decidedBy: "more-points" | "ages-out-sooner" | "accepted-earlier" | "reference";
  /** One sentence that says why. */
  readonly summary: string;
  /** Criteria where the points differ (empty when a tie-break decided). */
  readonly differences: readonly CriterionDifference[];
}

function label(entry: WaitingListEntry): string {
  return `${entry.child.firstName} ${entry.child.lastName} (${entry.reference})`;
}

/**
 * Why `above` is placed before `below`, by the waiting list's published order: more points first;
 * then the child who ages out sooner; then the one accepted earlier; then the reference. (The
 * API ranks with the domain package; this only explains the order it returned.)
 */
export function whyAbove(above: WaitingListEntry, below: WaitingListEntry): WhyAbove {
  const ids = [...new Set([...above.breakdown, ...below.breakdown].map((p) => p.criterionId))];
  const differences = ids.flatMap((criterionId) => {
    const a = above.breakdown.find((p) => p.criterionId === criterionId);
    const b = below.breakdown.find((p) => p.criterionId === criterionId);
    const ap = a?.points ?? 0;
    const bp = b?.points ?? 0;
    return ap === bp ? [] : [{ criterionId, above: ap, below: bp, aboveWhy: a?.why ?? "", belowWhy: b?.why ?? "" }];
  });
  if (above.total !== below.total) {
    const more = above.total - below.total;
    return {
      decidedBy: "more-points",
      summary: `${label(above)} has ${above.total} points and ${label(below)} has ${below.total}: ${more} more, and children with more points are offered a home visitor first.`,
      differences,
    };
  }
  if (above.agesOutOn !== below.agesOutOn) {
    return {
      decidedBy: "ages-out-sooner",
      summary: `Both have ${above.total} points. ${label(above)} reaches the end of the age range sooner (${formatDate(above.agesOutOn)}, against ${formatDate(below.agesOutOn)}), so comes first.`,
      differences: [],
    };
  }
  if (above.acceptedOn !== below.acceptedOn) {
    return {
      decidedBy: "accepted-earlier",
      summary: `Both have ${above.total} points and age out on the same day. ${label(above)} was accepted onto the waiting list earlier (${formatDate(above.acceptedOn)}, against ${formatDate(below.acceptedOn)}).`,
      differences: [],
    };
  }
  return {
    decidedBy: "reference",
    summary: `Both have ${above.total} points, age out on the same day and were accepted on the same day: the published order then follows the referral received first, and finally the reference.`,
    differences: [],
  };
}
