import { describe, expect, it } from "vitest";
import { dateInputValues, datePartsFrom, datePartsOf, mondayOf, readDate, weekFrom, weekParam } from "./dates.ts";

describe("readDate", () => {
  it("reads the three boxes as the API's date", () => {
    expect(readDate({ day: "7", month: "12", year: "2026" }, "The start date")).toEqual({
      kind: "date",
      date: "2026-12-07",
    });
    expect(readDate({ day: " 07 ", month: "01", year: "2027" }, "The start date")).toEqual({
      kind: "date",
      date: "2027-01-07",
    });
  });
  it("says what is wrong, naming the date", () => {
    expect(readDate({ day: "", month: "", year: "" }, "The start date")).toEqual({ kind: "blank" });
    expect(readDate({ day: "7", month: "", year: "" }, "The start date")).toEqual({
      kind: "error",
      message: "The start date must include a month and year",
    });
    expect(readDate({ day: "31", month: "2", year: "2027" }, "The start date")).toEqual({
      kind: "error",
      message: "The start date must be a real date",
    });
    expect(readDate({ day: "1", month: "2", year: "27" }, "The start date")).toMatchObject({
      message: "The start date must include a year with 4 numbers, like 2027",
    });
    expect(readDate({ day: "first", month: "2", year: "2027" }, "The start date")).toMatchObject({ kind: "error" });
  });
});

describe("date input values", () => {
  it("go from a stored date to the boxes and back", () => {
    expect(datePartsOf("2026-12-07")).toEqual({ day: "7", month: "12", year: "2026" });
    expect(datePartsOf(null)).toEqual({ day: "", month: "", year: "" });
    const values = dateInputValues("start", "2027-01-04");
    expect(values).toEqual({ "start-day": "4", "start-month": "1", "start-year": "2027" });
    expect(datePartsFrom(values, "start")).toEqual({ day: "4", month: "1", year: "2027" });
  });
});

describe("weeks", () => {
  it("run Monday to Sunday", () => {
    expect(mondayOf("2026-12-01")).toBe("2026-11-30");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
    expect(weekFrom("2026-12-28")).toEqual([
      "2026-12-28",
      "2026-12-29",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
    expect(weekParam("2026-12-01")).toBe("2026-12-01");
    expect(weekParam("2026-13-01")).toBeUndefined();
    expect(weekParam(null)).toBeUndefined();
  });
});
