/**
 * Rounds to two decimal places, the same way every time: points and figures are compared
 * for equality (ties on the waiting list), so each must be exactly k/100 for a whole k.
 */
export function round2(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  // Math.round(-0.4) is -0; a score of "-0" would print oddly and compare equal anyway.
  return rounded === 0 ? 0 : rounded;
}

/** A figure for reading: at most two decimals, no trailing zeros ("6", "6.33"). */
export function figure(value: number): string {
  return String(round2(value));
}

/** "1 week", "3 weeks": a count with its noun, singular when it is one. */
export function count(value: number, singular: string, plural = `${singular}s`): string {
  return `${figure(value)} ${value === 1 ? singular : plural}`;
}

/** A fraction as people say it: "1/3", "1/2", or a percentage when it has no small denominator. */
export function fractionText(fraction: number): string {
  for (let denominator = 1; denominator <= 12; denominator += 1) {
    const numerator = Math.round(fraction * denominator);
    if (Math.abs(numerator / denominator - fraction) < 1e-9) return `${numerator}/${denominator}`;
  }
  return `${figure(fraction * 100)}%`;
}

/** Joins words into a list: "a", "a or b", "a, b or c". */
export function listOf(items: readonly string[], conjunction: "and" | "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
