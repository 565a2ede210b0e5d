import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile, spreadOfDays } from "./percentiles.js";

describe("percentile (nearest rank)", () => {
  it("takes the value at rank ceil(p/100 x n)", () => {
    const days = [15, 20, 35, 40, 50];
    expect(percentile(days, 50)).toBe(35);
    expect(percentile(days, 90)).toBe(50);
    expect(percentile(days, 40)).toBe(20);
    expect(percentile(days, 0)).toBe(15);
    expect(percentile(days, 100)).toBe(50);
  });

  it("gives the lower middle value as the median of an even count, never a mean", () => {
    expect(percentile([40, 10, 21, 7], 50)).toBe(10);
  });

  it("gives the 90th percentile of ten values as the ninth", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it("gives null for no values and refuses a percentile outside 0 to 100", () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("always answers one of the values, and never a smaller one for a higher percentile", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = percentile(values, lo) as number;
          return values.includes(x) && x <= (percentile(values, hi) as number);
        },
      ),
    );
  });
});

describe("spreadOfDays", () => {
  it("counts and gives the median and the 90th percentile", () => {
    expect(spreadOfDays([30, 5, 12])).toEqual({ count: 3, medianDays: 12, p90Days: 30 });
    expect(spreadOfDays([])).toEqual({ count: 0, medianDays: null, p90Days: null });
  });
});
