import { describe, expect, it } from "vitest";
import { answersFrom, formValuesOf, inputId, referralErrors } from "./referral-form.ts";

describe("answersFrom", () => {
  it("builds the API's answers from posted fields, leaving the staff page's own out", () => {
    const answers = answersFrom([
      ["route", "early-help"],
      ["referrerName", "Pat"],
      ["childFirstName", "Ada"],
      ["childDateOfBirth-day", "14"],
      ["childDateOfBirth-month", "3"],
      ["childDateOfBirth-year", "2025"],
      ["concernAreas", "movement"],
      ["concernAreas", "communication"],
    ]);
    expect(answers).toEqual({
      childFirstName: "Ada",
      childDateOfBirth: { day: "14", month: "3", year: "2025" },
      concernAreas: ["movement", "communication"],
    });
  });
});

describe("referralErrors", () => {
  it("links answers and referrer errors to their inputs", () => {
    const { fields, summary } = referralErrors({
      title: "Your request has problems",
      status: 422,
      errors: [
        { path: "answers.childDateOfBirth", message: "Enter the child's date of birth" },
        { path: "referrer.name", message: "must not be empty" },
        { path: "route", message: "must name a referral route" },
        { path: "answers.nonsense", message: "is not an accepted field" },
      ],
    });
    expect(fields).toEqual({
      childDateOfBirth: "Enter the child's date of birth",
      referrerName: "The referrer's name must not be empty",
      route: "The route must name a referral route",
    });
    expect(summary).toEqual([
      { text: "Enter the child's date of birth", href: "#childDateOfBirth-day" },
      { text: "The referrer's name must not be empty", href: "#referrerName" },
      { text: "The route must name a referral route", href: "#route" },
      { text: "answers.nonsense: is not an accepted field" },
    ]);
  });
});

describe("formValuesOf and inputId", () => {
  it("turns stored answers back into form values", () => {
    const values = formValuesOf({
      childFirstName: "Ada",
      childDateOfBirth: "2025-03-14",
      concernAreas: ["movement"],
      referrer: { name: "Pat" },
    });
    expect(values.childFirstName).toBe("Ada");
    expect(values["childDateOfBirth-day"]).toBe("14");
    expect(values["childDateOfBirth-year"]).toBe("2025");
    expect(values.referrer).toBeUndefined();
    expect(inputId("childDateOfBirth")).toBe("childDateOfBirth-day");
    expect(inputId("postcode")).toBe("postcode");
  });
});
