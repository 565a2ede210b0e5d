import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDate } from "../../test/arbitraries.js";
import { parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import { destroyAfterDate } from "./destroy-after.js";

const d = parseIsoDate;

describe("destroyAfterDate", () => {
  it("is the date of birth plus the protocol's retention years", () => {
    expect(destroyAfterDate(d("2023-10-02"), lancashire)).toBe("2048-10-02");
    expect(destroyAfterDate(d("2024-03-14"), { retention: { ...lancashire.retention, yearsAfterBirth: 30 } })).toBe(
      "2054-03-14",
    );
  });

  it("keeps a leap-day birthday to 28 February in a common year", () => {
    expect(destroyAfterDate(d("2024-02-29"), lancashire)).toBe("2049-02-28");
  });

  it("always falls after the date of birth", () => {
    fc.assert(fc.property(arbitraryDate, (born) => destroyAfterDate(born, lancashire) > born));
  });
});
