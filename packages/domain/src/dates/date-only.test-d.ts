import { describe, expectTypeOf, it } from "vitest";
import { addDays, type IsoDate, parseIsoDate } from "./date-only.js";

describe("IsoDate", () => {
  it("is a string that only parsing or date arithmetic can make", () => {
    expectTypeOf(parseIsoDate("2026-11-22")).toEqualTypeOf<IsoDate>();
    expectTypeOf<IsoDate>().toMatchTypeOf<string>();
    // A plain string is not a date until it has been checked.
    expectTypeOf<string>().not.toMatchTypeOf<IsoDate>();
    expectTypeOf(addDays).parameter(0).toEqualTypeOf<IsoDate>();
  });
});
