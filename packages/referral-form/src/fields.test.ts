import { describe, expect, it } from "vitest";
import { fillText, referralField, referralFields, referralSections } from "./fields.js";

describe("the form definition", () => {
  it("names every question once and puts each in a known section", () => {
    const names = referralFields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    const sections = new Set<string>(referralSections.map((s) => s.id));
    for (const field of referralFields) expect(sections.has(field.section)).toBe(true);
  });

  it("gives every required question a message, and every choice question its options", () => {
    for (const field of referralFields) {
      if (!field.optional) expect(field.messages.required, field.name).toMatch(/^(Enter|Select|Confirm)/);
      if (field.kind === "radios" || field.kind === "checkboxes") expect(field.options?.length).toBeGreaterThan(0);
    }
  });

  it("uses the bday autocomplete for the date of birth, as three fields", () => {
    expect(referralField("childDateOfBirth")).toMatchObject({ kind: "date", autocomplete: "bday" });
  });

  it("fills in the council's words", () => {
    const label = referralField("livesInArea")?.label ?? "";
    expect(fillText(label, { areaName: "Lancashire", serviceName: "Portage" })).toBe(
      "Does your child live in Lancashire?",
    );
  });
});
