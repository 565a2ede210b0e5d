// A delay of more months than the child's age is a mistake the eligibility rules refuse, so the
// checker asks for it to be corrected, as a form error, before the rules run.
import { assessEligibility, type IsoDate, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { type CheckerAnswers, checkAnswers, NO_ANSWERS, toFacts } from "./checker.js";

const today = "2026-11-20" as IsoDate;
const answers = (months: string): CheckerAnswers => ({
  ...NO_ANSWERS,
  dateOfBirth: { day: "14", month: "5", year: "2025" }, // 18 months old today
  delayKnown: "yes",
  delayAreas: ["physical"],
  delayMonths: { physical: months },
});

describe("delays longer than the child's age", () => {
  it("is a form error naming the field, with the child's age", () => {
    expect(checkAnswers(answers("19"), today)).toEqual([
      {
        field: "delayMonths-physical",
        href: "#delayMonths-physical",
        message: "The months behind must be 18 or fewer, your child's age in months",
      },
    ]);
  });

  it("accepts a delay up to the child's age, which the rules then assess", () => {
    expect(checkAnswers(answers("18"), today)).toEqual([]);
    expect(() => assessEligibility(toFacts(answers("18"), lancashire), lancashire, today)).not.toThrow();
  });
});
