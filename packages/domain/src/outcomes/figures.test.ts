import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupInOrder, percentOf, summariseDays } from "./figures.js";

describe("percentOf", () => {
  it("gives no percentage of nothing, and rounds to one decimal place", () => {
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(3, 3)).toBe(100);
    expect(percentOf(0, 5)).toBe(0);
  });
});

describe("summariseDays", () => {
  it("summarises nothing as nulls with a count of 0", () => {
    expect(summariseDays([])).toEqual({ count: 0, medianDays: null, meanDays: null, longestDays: null });
  });

  it("takes the middle wait, or the mean of the two middle ones", () => {
    expect(summariseDays([30, 5, 12])).toEqual({ count: 3, medianDays: 12, meanDays: 15.7, longestDays: 30 });
    expect(summariseDays([40, 10, 21, 7])).toEqual({ count: 4, medianDays: 15.5, meanDays: 19.5, longestDays: 40 });
  });

  it("keeps the median and the mean between the shortest and the longest wait", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1 }), (days) => {
        const s = summariseDays(days);
        const shortest = Math.min(...days);
        return (
          s.count === days.length &&
          s.longestDays === Math.max(...days) &&
          (s.medianDays as number) >= shortest &&
          (s.medianDays as number) <= (s.longestDays as number) &&
          (s.meanDays as number) >= shortest - 0.05 &&
          (s.meanDays as number) <= (s.longestDays as number) + 0.05
        );
      }),
    );
  });
});

describe("groupInOrder", () => {
  it("keeps keys in the order they first appear", () => {
    expect([...groupInOrder(["b1", "a1", "b2"], (s) => s.charAt(0))]).toEqual([
      ["b", ["b1", "b2"]],
      ["a", ["a1"]],
    ]);
  });
});
