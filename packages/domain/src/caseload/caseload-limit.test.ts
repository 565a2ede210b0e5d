import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCaseload } from "./caseload-limit.js";

describe("checkCaseload", () => {
  it("needs a reason from the limit on, not below it", () => {
    expect(checkCaseload(19, 20)).toEqual({ caseload: 19, limit: 20, atOrAbove: false, overBy: 0 });
    expect(checkCaseload(20, 20)).toEqual({ caseload: 20, limit: 20, atOrAbove: true, overBy: 1 });
    expect(checkCaseload(23, 20).overBy).toBe(4);
  });

  it("refuses a caseload or limit that is not a count", () => {
    expect(() => checkCaseload(-1, 20)).toThrow(RangeError);
    expect(() => checkCaseload(2.5, 20)).toThrow(RangeError);
    expect(() => checkCaseload(3, 0)).toThrow(RangeError);
  });

  it("asks for a reason exactly when one more child would be over the limit", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.integer({ min: 1, max: 100 }), (caseload, limit) => {
        const check = checkCaseload(caseload, limit);
        expect(check.atOrAbove).toBe(caseload + 1 > limit);
        expect(check.overBy > 0).toBe(check.atOrAbove);
      }),
    );
  });
});
