import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { count, figure, fractionText, listOf, round2 } from "./wording.js";

describe("wording", () => {
  it("writes dates as families do", () => {
    expect(dateInWords(parseIsoDate("2027-09-01"))).toBe("1 September 2027");
    expect(dateInWords(parseIsoDate("2026-12-31"))).toBe("31 December 2026");
  });

  it("writes fractions with a small denominator, otherwise as a percentage", () => {
    expect(fractionText(1 / 3)).toBe("1/3");
    expect(fractionText(0.5)).toBe("1/2");
    expect(fractionText(0.4)).toBe("2/5");
    expect(fractionText(1)).toBe("1/1");
    expect(fractionText(0.37)).toBe("37%");
  });

  it("writes figures without floating-point noise, and counts with the right noun", () => {
    expect(figure(0.1 + 0.2)).toBe("0.3");
    expect(figure(6)).toBe("6");
    expect(figure(-0.001)).toBe("0");
    expect(count(1, "week")).toBe("1 week");
    expect(count(2, "full week")).toBe("2 full weeks");
    expect(count(0, "hour")).toBe("0 hours");
  });

  it("joins lists with commas and a last conjunction", () => {
    expect(listOf([], "or")).toBe("");
    expect(listOf(["weekly"], "or")).toBe("weekly");
    expect(listOf(["weekly", "fortnightly"], "or")).toBe("weekly or fortnightly");
    expect(listOf(["a", "b", "c"], "and")).toBe("a, b and c");
  });

  it("rounds to whole hundredths, the same way every time", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (value) => {
        const rounded = round2(value);
        return (
          Number.isInteger(Math.round(rounded * 100)) &&
          Math.abs(rounded - value) <= 0.005 + 1e-9 &&
          round2(rounded) === rounded
        );
      }),
    );
  });
});
