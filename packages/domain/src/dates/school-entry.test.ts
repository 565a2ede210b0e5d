import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDate } from "../../test/arbitraries.js";
import { addYears, dateParts, parseIsoDate } from "./date-only.js";
import { schoolEntryCutOffDate, schoolEntryDate } from "./school-entry.js";

const d = parseIsoDate;

describe("schoolEntryDate", () => {
  it("is the 1 September after the fourth birthday", () => {
    // The School Admissions Code's examples: both start Reception in September 2026.
    expect(schoolEntryDate(d("2021-09-01"))).toBe("2026-09-01");
    expect(schoolEntryDate(d("2022-08-31"))).toBe("2026-09-01");
    expect(schoolEntryDate(d("2022-01-01"))).toBe("2026-09-01");
    expect(schoolEntryDate(d("2021-12-31"))).toBe("2026-09-01");
    expect(schoolEntryDate(d("2020-02-29"))).toBe("2024-09-01");
  });

  it("always falls on a 1 September, after the fourth birthday and within a year of it", () => {
    fc.assert(
      fc.property(arbitraryDate, (dob) => {
        const entry = schoolEntryDate(dob);
        const fourth = addYears(dob, 4);
        const { month, day } = dateParts(entry);
        return month === 9 && day === 1 && entry > fourth && entry <= addYears(fourth, 1);
      }),
    );
  });
});

describe("schoolEntryCutOffDate", () => {
  const dob = d("2022-10-10"); // starts school on 1 September 2027
  it("counts terms back on the term starts 1 April, 1 January and 1 September", () => {
    expect(schoolEntryDate(dob)).toBe("2027-09-01");
    expect(schoolEntryCutOffDate(dob, { amount: 1, unit: "term" })).toBe("2027-04-01");
    expect(schoolEntryCutOffDate(dob, { amount: 2, unit: "term" })).toBe("2027-01-01");
    expect(schoolEntryCutOffDate(dob, { amount: 3, unit: "term" })).toBe("2026-09-01");
    expect(schoolEntryCutOffDate(dob, { amount: 4, unit: "term" })).toBe("2026-04-01");
  });

  it("takes an academic year as three terms", () => {
    expect(schoolEntryCutOffDate(dob, { amount: 1, unit: "academic-year" })).toBe("2026-09-01");
    expect(schoolEntryCutOffDate(dob, { amount: 2, unit: "academic-year" })).toBe("2025-09-01");
  });
});
