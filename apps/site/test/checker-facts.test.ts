import { assessEligibility, cheshireEast, type IsoDate, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  type CheckerAnswers,
  checkAnswers,
  checkerQuestions,
  localToday,
  NO_ANSWERS,
  toFacts,
} from "../src/islands/checker-facts.ts";

const today = "2026-11-20" as IsoDate;
const answers = (overrides: Partial<CheckerAnswers>): CheckerAnswers => ({ ...NO_ANSWERS, ...overrides });

describe("checker answers", () => {
  it("asks about diagnosis and delay for Lancashire, and about the Forum for Cheshire East", () => {
    expect(checkerQuestions(lancashire, today)).toMatchObject({ diagnosis: true, panel: undefined });
    expect(checkerQuestions(lancashire, today).delay).not.toBeNull();
    expect(checkerQuestions(cheshireEast, today)).toMatchObject({ delay: null, panel: "Early Years Forum" });
  });

  it("needs a real date of birth in the past, and hours as a number", () => {
    expect(checkAnswers(NO_ANSWERS, today).map((e) => e.message)).toEqual(["Enter your child's date of birth"]);
    const bad = (day: string, month: string, year: string) =>
      checkAnswers(answers({ dateOfBirth: { day, month, year } }), today).map((e) => e.message);
    expect(bad("31", "2", "2025")).toEqual(["Date of birth must be a real date"]);
    expect(bad("1", "1", "25")).toEqual(["Date of birth must be a real date"]);
    expect(bad("1", "1", "2027")).toEqual(["Date of birth must be in the past"]);
    expect(bad("1", "1", "2025")).toEqual([]);
    const dob = { day: "1", month: "1", year: "2025" };
    expect(checkAnswers(answers({ dateOfBirth: dob, attendsSetting: "yes", settingHours: "ten" }), today)).toHaveLength(
      1,
    );
    expect(checkAnswers(answers({ dateOfBirth: dob, attendsSetting: "yes", settingHours: "200" }), today)).toHaveLength(
      1,
    );
    expect(checkAnswers(answers({ dateOfBirth: dob, attendsSetting: "yes", settingHours: "12.5" }), today)).toEqual([]);
    expect(
      checkAnswers(
        answers({ dateOfBirth: dob, delayKnown: "yes", delayAreas: ["physical"], delayMonths: { physical: "x" } }),
        today,
      ).map((e) => e.href),
    ).toEqual(["#delayMonths-physical"]);
  });

  it("turns answers into facts, leaving out what the parent is not sure of", () => {
    const facts = toFacts(
      answers({
        dateOfBirth: { day: "14", month: "3", year: "2025" },
        diagnosis: "no",
        delayKnown: "yes",
        delayAreas: ["physical", "communication-and-language"],
        delayMonths: { physical: "6", "communication-and-language": "8" },
        attendsSetting: "no",
        livesInArea: "not-sure",
        availableForVisits: "yes",
      }),
      lancashire,
    );
    expect(facts).toEqual({
      consentGiven: true,
      routeId: "self-referral",
      dateOfBirth: "2025-03-14",
      diagnosis: false,
      developmentalDelays: [
        { areaId: "physical", delayMonths: 6 },
        { areaId: "communication-and-language", delayMonths: 8 },
      ],
      settingHoursPerWeek: 0,
      availableForVisits: true,
    });
    const partial = toFacts(
      answers({ delayKnown: "yes", delayAreas: ["physical"], attendsSetting: "yes", settingHours: "10" }),
      cheshireEast,
    );
    expect(partial).toEqual({ consentGiven: true, routeId: "early-years-forum", settingHoursPerWeek: 10 });
  });

  it("gives facts assessEligibility accepts, with the outcome a parent would expect", () => {
    const facts = toFacts(
      answers({
        dateOfBirth: { day: "14", month: "3", year: "2025" },
        diagnosis: "yes",
        attendsSetting: "no",
        livesInArea: "yes",
        availableForVisits: "yes",
      }),
      lancashire,
    );
    expect(assessEligibility(facts, lancashire, today).outcome).toBe("eligible");
    expect(assessEligibility(toFacts(answers({ livesInArea: "no" }), lancashire), lancashire, today).outcome).toBe(
      "not-eligible",
    );
  });

  it("takes today's date where the browser is", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
