import { describe, expect, it } from "vitest";
import { DEFAULT_SMALL_NUMBER_THRESHOLD, isSmall, suppressSmall, suppressTotal } from "./small-numbers.js";

describe("suppressSmall", () => {
  it("suppresses 1 to 4 by default and shows 0 and 5 or more", () => {
    expect(DEFAULT_SMALL_NUMBER_THRESHOLD).toBe(5);
    expect([0, 1, 4, 5, 12].map((n) => suppressSmall(n))).toEqual([0, "suppressed", "suppressed", 5, 12]);
  });

  it("follows the council's threshold", () => {
    expect(suppressSmall(9, 10)).toBe("suppressed");
    expect(suppressSmall(10, 10)).toBe(10);
    expect(suppressSmall(1, 1)).toBe(1);
    expect(isSmall(3, 3)).toBe(false);
    expect(isSmall(2, 3)).toBe(true);
  });

  it("refuses a count or threshold that is not a whole number", () => {
    expect(() => suppressSmall(-1)).toThrow(RangeError);
    expect(() => suppressSmall(1.5)).toThrow(RangeError);
    expect(() => suppressSmall(3, 0)).toThrow(RangeError);
  });
});

describe("suppressTotal", () => {
  it("leaves a total alone when nothing it adds up is suppressed", () => {
    expect(suppressTotal(17, [0, 5, 12])).toBe(17);
  });

  it("rounds a total to the nearest 5 when a part is suppressed", () => {
    expect(suppressTotal(17, [3, 14])).toBe(15);
    expect(suppressTotal(18, [3, 15])).toBe(20);
  });

  it("suppresses a total that is itself small", () => {
    expect(suppressTotal(4, [1, 3])).toBe("suppressed");
  });
});
