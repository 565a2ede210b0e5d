// Medians and 90th percentiles of waits and lengths of stay, by the nearest-rank method, so every
// figure is a wait some family actually had and a hand count gives the same answer.

/**
 * The `p`th percentile of `values` by the nearest-rank method: sort ascending and take the value
 * at rank ⌈p/100 × n⌉ (counting from 1; rank 1 for p = 0). With an even count the median is the
 * lower of the two middle values, never a mean of two. `null` when there are no values.
 * @throws RangeError when `p` is not between 0 and 100.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** How many waits (or stays) there are, the median and the 90th percentile (nearest rank), in days. */
export interface DaysSpread {
  readonly count: number;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
}

/** The count, median and 90th percentile of `days` (nearest rank: see {@link percentile}). */
export function spreadOfDays(days: readonly number[]): DaysSpread {
  return { count: days.length, medianDays: percentile(days, 50), p90Days: percentile(days, 90) };
}
