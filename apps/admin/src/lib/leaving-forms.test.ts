import { describe, expect, it } from "vitest";
import {
  canNowDoField,
  exitForm,
  professionalsFrom,
  professionalsText,
  reopenForm,
  transitionPlanForm,
} from "./leaving-forms.ts";

describe("transitionPlanForm", () => {
  it("sends the setting, its kind and the start date, leaving out empty boxes", () => {
    const { body, errors } = transitionPlanForm({
      settingName: "Little Acorns Nursery",
      settingType: "nursery",
      "startDate-day": "4",
      "startDate-month": "1",
      "startDate-year": "2027",
      peopleInvolved: "",
      notes: "Two settling-in sessions",
    });
    expect(errors).toBeUndefined();
    expect(body).toEqual({
      settingName: "Little Acorns Nursery",
      settingType: "nursery",
      startDate: "2027-01-04",
      notes: "Two settling-in sessions",
    });
  });

  it("refuses a date that is not one, linked to its day box", () => {
    const { errors } = transitionPlanForm({ "startDate-day": "31", "startDate-month": "2", "startDate-year": "2027" });
    expect(errors?.summary).toEqual([{ text: "The start date must be a real date", href: "#startDate-day" }]);
  });
});

describe("exitForm", () => {
  const areas = ["communication-and-language", "physical"];
  const typed = {
    reasonId: "age-limit",
    "exitedOn-day": "18",
    "exitedOn-month": "12",
    "exitedOn-year": "2026",
    destination: "Little Acorns Nursery",
    withReport: "yes",
    strengthsAndInterests: "Bubbles and songs",
    howChildLearnsBest: "Shown first",
    familyWantsSettingToKnow: "Naps after lunch",
    [canNowDoField("communication-and-language")]: "Asks for more",
    [canNowDoField("physical")]: "",
    professionalsInvolved: "Health visitor, Sam Lee\nPaediatrician",
  };

  it("sends the report's boxes with a report", () => {
    expect(exitForm(typed, areas).body).toEqual({
      reasonId: "age-limit",
      exitedOn: "2026-12-18",
      destination: "Little Acorns Nursery",
      withReport: true,
      report: {
        strengthsAndInterests: "Bubbles and songs",
        howChildLearnsBest: "Shown first",
        familyWantsSettingToKnow: "Naps after lunch",
        canNowDo: [
          { areaId: "communication-and-language", summary: "Asks for more" },
          { areaId: "physical", summary: "" },
        ],
        professionalsInvolved: [{ role: "Health visitor", name: "Sam Lee" }, { role: "Paediatrician" }],
      },
    });
  });

  it("sends none of them without a report", () => {
    expect(exitForm({ ...typed, withReport: "no" }, areas).body).toEqual({
      reasonId: "age-limit",
      exitedOn: "2026-12-18",
      destination: "Little Acorns Nursery",
      withReport: false,
    });
  });

  it("asks whether a report goes, and for a real date", () => {
    const { errors } = exitForm({ ...typed, withReport: "", "exitedOn-month": "13" }, areas);
    expect(errors?.summary.map((e) => e.href)).toEqual(["#exitedOn-day", "#withReport"]);
  });

  it("links the API's report problems to the boxes", () => {
    const { fieldIds } = exitForm(typed, areas);
    expect(fieldIds["report.canNowDo"]).toMatchObject({ id: "canNowDo-communication-and-language" });
    expect(fieldIds["report.familyWantsSettingToKnow"]).toMatchObject({ id: "familyWantsSettingToKnow" });
  });
});

describe("professionals", () => {
  it("go one a line, role first, and come back the same", () => {
    const people = professionalsFrom(" Health visitor, Sam Lee, 01632 960 002 \n\nSpeech and language therapist");
    expect(people).toEqual([
      { role: "Health visitor", name: "Sam Lee", contact: "01632 960 002" },
      { role: "Speech and language therapist" },
    ]);
    expect(professionalsText(people)).toBe("Health visitor, Sam Lee, 01632 960 002\nSpeech and language therapist");
  });
});

describe("reopenForm", () => {
  it("sends the reason", () => {
    expect(reopenForm({ reason: "The place fell through" }).body).toEqual({ reason: "The place fell through" });
  });
});
