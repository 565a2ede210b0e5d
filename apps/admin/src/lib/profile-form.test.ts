import { describe, expect, it } from "vitest";
import { profileForm } from "./profile-form.ts";

const areas = [
  { id: "communication-and-language", name: "Communication and language" },
  { id: "physical", name: "Physical development" },
  { id: "sensory", name: "Vision, hearing and sensory" },
];

describe("profileForm", () => {
  it("sends the areas marked, with their notes, and maps each entry back to its area", () => {
    const { body, fieldIds } = profileForm(
      {
        "recordedOn-day": "1",
        "recordedOn-month": "12",
        "recordedOn-year": "2026",
        "mark-communication-and-language": "emerging",
        "note-communication-and-language": "Babbles",
        "mark-sensory": "developing",
      },
      areas,
    );
    expect(body).toEqual({
      recordedOn: "2026-12-01",
      entries: [
        { areaId: "communication-and-language", mark: "emerging", note: "Babbles" },
        { areaId: "sensory", mark: "developing" },
      ],
    });
    expect(fieldIds["entries.1.mark"]).toMatchObject({ id: "mark-sensory" });
  });
  it("asks for a mark where a note was written", () => {
    const { errors } = profileForm({ "note-physical": "Crawls" }, areas);
    expect(errors?.fields["mark-physical"]).toBe("Choose a mark for Physical development, or clear its note");
  });
});
