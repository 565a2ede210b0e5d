import { describe, expect, it } from "vitest";
import {
  agreementForm,
  blockForm,
  goalForm,
  normaliseTime,
  outcomeForm,
  targetForm,
  teachingStepBoxes,
} from "./plan-forms.ts";

describe("goalForm", () => {
  it("turns the boxes into the API's goal", () => {
    const { body, errors } = goalForm({
      areaId: "communication-and-language",
      text: "Ada will use ten words",
      "setOn-day": "1",
      "setOn-month": "12",
      "setOn-year": "2026",
      "reviewBy-day": "",
      "reviewBy-month": "",
      "reviewBy-year": "",
    });
    expect(errors).toBeUndefined();
    expect(body).toEqual({ areaId: "communication-and-language", text: "Ada will use ten words", setOn: "2026-12-01" });
  });
  it("refuses a date that is not one, linked to its day box", () => {
    const { body, errors } = goalForm({ "setOn-day": "31", "setOn-month": "11", "setOn-year": "2026" });
    expect(body).toBeUndefined();
    expect(errors?.summary).toEqual([{ text: "The date it was set must be a real date", href: "#setOn-day" }]);
  });
});

describe("blockForm", () => {
  it("sends the end only when given, and the time as HH:MM", () => {
    const { body } = blockForm({
      "start-day": "7",
      "start-month": "12",
      "start-year": "2026",
      frequency: "weekly",
      weekday: "monday",
      time: "9.30",
    });
    expect(body).toEqual({ start: "2026-12-07", frequency: "weekly", weekday: "monday", time: "09:30" });
    expect(normaliseTime("14:00")).toBe("14:00");
    expect(normaliseTime("half nine")).toBe("half nine");
  });
});

describe("targetForm", () => {
  const values = {
    areaId: "communication-and-language",
    longTermGoalId: "",
    does: "point to a named picture",
    conditions: "when asked, with two to choose from",
    "criterion-successes": "3",
    "criterion-outOf": "4",
    "criterion-days": "3",
    "step-1": "Hand over hand",
    "step-2": "",
    "step-3": "With a gesture",
    "practice-how": "At snack time",
    "practice-timesPerDay": "3",
    "practice-howOften": "",
  };
  it("leaves blank teaching steps out and points each step's errors at its own box", () => {
    const { body, errors, fieldIds } = targetForm(values);
    expect(errors).toBeUndefined();
    expect(body).toEqual({
      areaId: "communication-and-language",
      does: "point to a named picture",
      conditions: "when asked, with two to choose from",
      criterion: { successes: 3, outOf: 4, days: 3 },
      teachingSteps: ["Hand over hand", "With a gesture"],
      practice: { how: "At snack time", timesPerDay: 3 },
    });
    expect(fieldIds["teachingSteps.1"]).toEqual({ id: "step-3", label: "Teaching step 3" });
    expect(fieldIds["practice.how"]).toMatchObject({ id: "practice-how" });
  });
  it("refuses numbers that are not whole numbers", () => {
    const { errors } = targetForm({ ...values, "criterion-outOf": "four", "criterion-days": "" });
    expect(errors?.fields).toEqual({
      "criterion-outOf": "Out of must be a whole number, like 3",
      "criterion-days": "Enter on how many different days",
    });
  });
  it("asks how often to practise, in times a day or in words", () => {
    const { errors } = targetForm({ ...values, "practice-timesPerDay": "" });
    expect(errors?.fields["practice-timesPerDay"]).toBe(
      "Enter how many times a day to practise, or how often in words",
    );
    expect(
      targetForm({ ...values, "practice-timesPerDay": "", "practice-howOften": "At meals" }).errors,
    ).toBeUndefined();
  });
  it("offers six boxes, or room for two more steps", () => {
    expect(teachingStepBoxes()).toBe(6);
    expect(teachingStepBoxes(7)).toBe(9);
    expect(teachingStepBoxes(12)).toBe(12);
  });
});

describe("outcomeForm and agreementForm", () => {
  it("read the outcome with its reason", () => {
    const { body } = outcomeForm({
      result: "stopped",
      "on-day": "1",
      "on-month": "12",
      "on-year": "2026",
      reason: "Too hard for now",
      note: "",
    });
    expect(body).toEqual({ result: "stopped", on: "2026-12-01", reason: "Too hard for now" });
  });
  it("read who agreed, blank boxes left out, each name's errors at its own box", () => {
    const { body, fieldIds } = agreementForm({
      "agreedOn-day": "1",
      "agreedOn-month": "12",
      "agreedOn-year": "2026",
      "agreedBy-1": "",
      "agreedBy-2": "Sam Example",
      "agreedBy-3": "Harriet Visitor",
    });
    expect(body).toEqual({ agreedOn: "2026-12-01", agreedBy: ["Sam Example", "Harriet Visitor"] });
    expect(fieldIds["agreedBy.0"]).toEqual({ id: "agreedBy-2", label: "Name 2" });
  });
});
