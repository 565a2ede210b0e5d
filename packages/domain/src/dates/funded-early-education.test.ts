import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDate } from "../../test/arbitraries.js";
import { addYears, dateParts, daysBetween, parseIsoDate } from "./date-only.js";
import { fundedEarlyEducationStart } from "./funded-early-education.js";

const d = parseIsoDate;

describe("fundedEarlyEducationStart", () => {
  // The DfE table: born 1 Sep - 31 Dec -> 1 January; 1 Jan - 31 Mar -> 1 April; 1 Apr - 31 Aug -> 1 September.
  it.each([
    ["2022-09-01", "2026-01-01"],
    ["2022-12-31", "2026-01-01"],
    ["2023-01-01", "2026-04-01"],
    ["2023-03-31", "2026-04-01"],
    ["2023-04-01", "2026-09-01"],
    ["2023-05-14", "2026-09-01"],
    ["2023-08-31", "2026-09-01"],
    ["2020-02-29", "2023-04-01"],
    ["2024-02-29", "2027-04-01"],
  ])("a child born %s is funded from %s", (born, funded) => {
    expect(fundedEarlyEducationStart(d(born))).toBe(funded);
  });

  it("is always a 1 January, 1 April or 1 September strictly after the third birthday, and the first such", () => {
    fc.assert(
      fc.property(arbitraryDate, (born) => {
        const start = fundedEarlyEducationStart(born);
        const { month, day } = dateParts(start);
        const gap = daysBetween(addYears(born, 3), start);
        // The longest gap is from 1 April to 1 September: 153 days.
        return day === 1 && [1, 4, 9].includes(month) && gap >= 1 && gap <= 153;
      }),
    );
  });

  it("never moves earlier for a later birth (monotonic)", () => {
    fc.assert(
      fc.property(arbitraryDate, arbitraryDate, (a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        return fundedEarlyEducationStart(earlier) <= fundedEarlyEducationStart(later);
      }),
    );
  });
});
