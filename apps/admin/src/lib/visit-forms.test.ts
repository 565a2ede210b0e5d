import { describe, expect, it } from "vitest";
import { rearrangeForm, recordVisitForm } from "./visit-forms.ts";

describe("recordVisitForm", () => {
  const typed = {
    status: "held",
    familyFocus: "Mealtimes",
    structuredTeaching: "Pointing game",
    childLedPlay: "Bubbles",
    practiseNext: "Pointing at snack time",
    durationMinutes: "60",
    note: "",
  };
  it("sends what was done at a held visit", () => {
    expect(recordVisitForm(typed, ["t1", "t2"]).body).toEqual({
      status: "held",
      familyFocus: "Mealtimes",
      structuredTeaching: "Pointing game",
      childLedPlay: "Bubbles",
      targetsWorkedOn: ["t1", "t2"],
      practiseNext: "Pointing at snack time",
      durationMinutes: 60,
    });
  });
  it("sends only the note for a visit that did not happen", () => {
    expect(recordVisitForm({ ...typed, status: "missed", note: "No answer at the door" }, ["t1"]).body).toEqual({
      status: "missed",
      note: "No answer at the door",
    });
  });
  it("asks what happened first", () => {
    const { errors } = recordVisitForm({ ...typed, status: "", durationMinutes: "an hour" }, []);
    expect(errors?.summary.map((item) => item.href)).toEqual(["#status"]);
    const held = recordVisitForm({ ...typed, durationMinutes: "an hour" }, []);
    expect(held.errors?.fields.durationMinutes).toContain("whole number of minutes");
  });
});

describe("rearrangeForm", () => {
  it("reads the new date and time", () => {
    expect(
      rearrangeForm({ "date-day": "8", "date-month": "12", "date-year": "2026", time: "10:00", note: "Family asked" })
        .body,
    ).toEqual({ date: "2026-12-08", time: "10:00", note: "Family asked" });
  });
});

describe("a transition visit", () => {
  it("sends its kind and place; a home visit sends no place", () => {
    const moved = rearrangeForm({
      "date-day": "8",
      "date-month": "12",
      "date-year": "2026",
      time: "10:00",
      kind: "transition",
      place: "Little Acorns Nursery",
    });
    expect(moved.body).toMatchObject({ kind: "transition", place: "Little Acorns Nursery" });
    expect(moved.fieldIds.place).toMatchObject({ id: "place" });
    const home = recordVisitForm({ status: "missed", kind: "home", place: "Typed then changed my mind" }, []);
    expect(home.body).toEqual({ status: "missed", kind: "home" });
  });
});
