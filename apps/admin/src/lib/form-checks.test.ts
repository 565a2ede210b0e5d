import { describe, expect, it } from "vitest";
import { dateField, errorList, given, wholeNumber } from "./form-checks.ts";

describe("form checks", () => {
  it("read whole numbers, blank boxes and what is not a number", () => {
    expect(wholeNumber("3")).toBe(3);
    expect(wholeNumber(" 12 ")).toBe(12);
    expect(wholeNumber("")).toBeUndefined();
    expect(wholeNumber(undefined)).toBeUndefined();
    expect(wholeNumber("2.5")).toBeNaN();
    expect(wholeNumber("three")).toBeNaN();
  });
  it("leave out optional fields not given", () => {
    expect(given("note", "")).toEqual({});
    expect(given("note", undefined)).toEqual({});
    expect(given("note", "Hello")).toEqual({ note: "Hello" });
    expect(given("minutes", 0)).toEqual({ minutes: 0 });
  });
  it("collect the first error for each field, linked to it", () => {
    const errors = errorList();
    expect(errors.result()).toBeUndefined();
    expect(dateField({ "on-day": "1", "on-month": "13", "on-year": "2026" }, "on", "The date", errors)).toBeUndefined();
    errors.add("on-day", "A second message for the same box");
    expect(errors.result()).toEqual({
      summary: [{ text: "The date must be a real date", href: "#on-day" }],
      fields: { "on-day": "The date must be a real date" },
    });
  });
});
