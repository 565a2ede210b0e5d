// Statistical disclosure control for figures that leave the service (docs/adr/0045): counts from 1
// to threshold-1 are suppressed, and so is any figure worked out from them; totals are not
// secondary-suppressed but rounded to the nearest 5 when a cell they add up is suppressed.

/** The small-number threshold when the council sets none: counts of 1 to 4 are suppressed. */
export const DEFAULT_SMALL_NUMBER_THRESHOLD = 5;

/** A suppressed cell. */
export type Suppressed = "suppressed";

/**
 * `count` as it may leave the service: `"suppressed"` when it is 1 to `threshold - 1`, otherwise
 * the count itself. Zero is shown: that nobody is counted identifies nobody.
 * @throws RangeError when `count` is not a whole number of 0 or more, or `threshold` not one of 1 or more.
 */
export function suppressSmall(count: number, threshold: number = DEFAULT_SMALL_NUMBER_THRESHOLD): number | Suppressed {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count ${count} is not a whole number of 0 or more`);
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`threshold ${threshold} is not a whole number of 1 or more`);
  }
  return count > 0 && count < threshold ? "suppressed" : count;
}

/** True when `count` would be suppressed under `threshold` (see {@link suppressSmall}). */
export function isSmall(count: number, threshold: number = DEFAULT_SMALL_NUMBER_THRESHOLD): boolean {
  return suppressSmall(count, threshold) === "suppressed";
}

/**
 * A total as it may leave the service, given the counts it adds up. Secondary suppression is not
 * attempted; instead, when any of `parts` is suppressed, the total is rounded to the nearest 5, so
 * a suppressed cell cannot be got back by taking the others from it exactly. A total that is
 * itself small is suppressed like any count.
 */
export function suppressTotal(
  total: number,
  parts: readonly number[],
  threshold: number = DEFAULT_SMALL_NUMBER_THRESHOLD,
): number | Suppressed {
  const own = suppressSmall(total, threshold);
  if (own === "suppressed") return own;
  return parts.some((n) => isSmall(n, threshold)) ? Math.round(total / 5) * 5 : total;
}
