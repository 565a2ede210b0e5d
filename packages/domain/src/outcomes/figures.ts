// The building blocks of every reported figure: a percentage that is honest about an empty
// group (no percentage of nothing), a summary of waits in days, and a note of records left out.

/** `count` as a percentage of `outOf`, to one decimal place; `null` when `outOf` is 0. */
export function percentOf(count: number, outOf: number): number | null {
  return outOf === 0 ? null : Math.round((count / outOf) * 1000) / 10;
}

/** A summary of waits in days. Every figure is `null` when there is nothing to summarise. */
export interface DaysSummary {
  /** How many waits it summarises. */
  readonly count: number;
  /** The middle wait (the mean of the two middle ones when the count is even). */
  readonly medianDays: number | null;
  /** The mean wait, to one decimal place. */
  readonly meanDays: number | null;
  readonly longestDays: number | null;
}

/** Summarises waits given in days. */
export function summariseDays(days: readonly number[]): DaysSummary {
  if (days.length === 0) return { count: 0, medianDays: null, meanDays: null, longestDays: null };
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  const median = sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
  const mean = sorted.reduce((sum, n) => sum + n, 0) / sorted.length;
  return {
    count: sorted.length,
    medianDays: median,
    meanDays: Math.round(mean * 10) / 10,
    longestDays: sorted[sorted.length - 1] as number,
  };
}

/** An input record left out of a figure, and why. */
export interface ExcludedRecord {
  /** Where it is in the input, as a dotted path: `3`, or `3.targets.1` for a block's target. */
  readonly path: string;
  /** What is wrong with it, precisely, for staff. */
  readonly problem: string;
}

/** Groups items by a key, keeping the order in which keys first appear. */
export function groupInOrder<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
