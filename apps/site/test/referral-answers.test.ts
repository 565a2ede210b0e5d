import type { IsoDate } from "@openportage/domain";
import { exampleReferralInput, referralFields, referralSections, toFormValues } from "@openportage/referral-form";
import { describe, expect, it } from "vitest";
import {
  answerText,
  type FormValues,
  firstSectionWithError,
  formEntries,
  isShown,
  jsonBody,
  newIdempotencyKey,
  sectionErrors,
  sectionFields,
  validate,
} from "../src/islands/referral-answers.ts";

const today = "2026-11-20" as IsoDate;
const text = { areaName: "Lancashire", serviceName: "Lancashire Portage Service" };
const complete: FormValues = toFormValues(exampleReferralInput());

describe("referral answers", () => {
  it("puts every question in exactly one section, in the form's order", () => {
    const bySection = referralSections.flatMap((s) => sectionFields(s.id).map((f) => f.name));
    expect(bySection).toEqual(referralFields.filter((f) => f.kind !== "hidden").map((f) => f.name));
  });

  it("accepts the example referral, posted as flat fields and rebuilt as the API's JSON", () => {
    expect(validate(complete, today, text)).toEqual([]);
    const body = jsonBody(complete, { idempotencyKey: "k".repeat(20) });
    expect(body).toMatchObject({
      childDateOfBirth: { day: "14", month: "3", year: "2025" },
      concernAreas: ["movement", "communication"],
      idempotencyKey: "k".repeat(20),
    });
  });

  it("asks the setting questions only when the child goes to a setting, and sends them only then", () => {
    const settingName = referralFields.find((f) => f.name === "settingName");
    if (!settingName) throw new Error("no settingName question");
    expect(isShown(settingName, complete)).toBe(false);
    expect(isShown(settingName, { ...complete, attendsSetting: "yes" })).toBe(true);
    const entries = formEntries({ ...complete, settingName: "Little Acorns" });
    expect(entries.some(([name]) => name === "settingName")).toBe(false);
  });

  it("reports problems by section, with the first section that has one", () => {
    const errors = validate({ ...complete, childLastName: "", postcode: "nope" }, today, text);
    expect(errors.map((e) => e.field)).toEqual(["childLastName", "postcode"]);
    expect(sectionErrors(errors, "home").map((e) => e.message)).toEqual(["Enter a full UK postcode, like LA1 1AA"]);
    expect(sectionErrors(errors, "carer")).toEqual([]);
    expect(firstSectionWithError(errors)).toBe("child");
    expect(firstSectionWithError([])).toBeUndefined();
  });

  it("shows each answer as the check answers page reads it", () => {
    const field = (name: string) => {
      const found = referralFields.find((f) => f.name === name);
      if (!found) throw new Error(name);
      return found;
    };
    expect(answerText(field("childDateOfBirth"), complete, text)).toBe("14 March 2025");
    expect(
      answerText(
        field("childDateOfBirth"),
        { ...complete, "childDateOfBirth-day": "31", "childDateOfBirth-month": "2" },
        text,
      ),
    ).toBe("Not given");
    expect(answerText(field("childSex"), complete, text)).toBe("Female");
    expect(answerText(field("concernAreas"), complete, text)).toBe(
      "Moving, sitting, crawling or walking, Talking, understanding or communicating",
    );
    expect(answerText(field("professionalsInvolved"), { ...complete, professionalsInvolved: [] }, text)).toBe(
      "None selected",
    );
    expect(answerText(field("addressLine2"), complete, text)).toBe("Not given");
    expect(answerText(field("consentToReferral"), complete, text)).toContain("Lancashire Portage Service");
  });

  it("makes a new idempotency key the API accepts for each form", () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
