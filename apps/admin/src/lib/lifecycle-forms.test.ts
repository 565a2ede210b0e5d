import { describe, expect, it } from "vitest";
import { monitoringForm, reallocationForm, returnForm } from "./lifecycle-forms.ts";
import { formErrors } from "./problem.ts";

describe("reallocationForm", () => {
  it("sends the allocation seen, the visitor and the note", () => {
    const form = reallocationForm({ allocationId: "a1", homeVisitorId: "v2", handoverNote: "Mornings" });
    expect(form.body).toEqual({ allocationId: "a1", homeVisitorId: "v2", handoverNote: "Mornings" });
    expect(form.errors).toBeUndefined();
  });
  it("asks for a visitor when none is chosen; the API's refusal of the note links to its box", () => {
    const form = reallocationForm({ allocationId: "a1", handoverNote: "" });
    expect(form.errors?.summary).toEqual([
      { text: "Select the home visitor who will take the child on", href: "#homeVisitorId" },
    ]);
    const refused = formErrors(
      {
        title: "Your request has problems",
        status: 422,
        errors: [{ path: "handoverNote", message: "must not be empty" }],
      },
      form.fieldIds,
    );
    expect(refused.summary).toEqual([{ text: "The handover note must not be empty", href: "#handoverNote" }]);
  });
});

describe("returnForm", () => {
  it("sends the reason as typed, for the API to check", () => {
    expect(returnForm({ allocationId: "a1", reason: "Moving away" }).body).toEqual({
      allocationId: "a1",
      reason: "Moving away",
    });
    expect(returnForm({ allocationId: "a1" }).body).toEqual({ allocationId: "a1", reason: "" });
  });
});

describe("monitoringForm", () => {
  it("reads the GOV.UK date, the time and what happened", () => {
    const form = monitoringForm({
      "date-day": "19",
      "date-month": "11",
      "date-year": "2026",
      time: "9.30",
      status: "held",
      note: "Well",
    });
    expect(form.body).toEqual({ date: "2026-11-19", time: "09:30", status: "held", note: "Well" });
  });
  it("leaves out a blank time and note", () => {
    const form = monitoringForm({ "date-day": "1", "date-month": "12", "date-year": "2026", status: "missed" });
    expect(form.body).toEqual({ date: "2026-12-01", status: "missed" });
  });
  it("refuses a date that is not one and a missing outcome, each linked to its field", () => {
    const form = monitoringForm({ "date-day": "31", "date-month": "2", "date-year": "2026" });
    expect(form.body).toBeUndefined();
    expect(form.errors?.summary).toEqual([
      { text: "The date of the visit must be a real date", href: "#date-day" },
      { text: "Select what happened", href: "#status" },
    ]);
  });
  it("maps the API's date refusal to the day box", () => {
    const form = monitoringForm({ "date-day": "1", "date-month": "1", "date-year": "2030", status: "held" });
    const refused = formErrors(
      { title: "x", status: 422, errors: [{ path: "date", message: "must be today or in the past" }] },
      form.fieldIds,
    );
    expect(refused.summary).toEqual([
      { text: "The date of the visit must be today or in the past", href: "#date-day" },
    ]);
  });
});
