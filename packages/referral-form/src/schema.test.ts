import type { IsoDate } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { referralFields } from "./fields.js";
import { exampleReferralInput } from "./fixtures.js";
import { fromFormEntries, toFormValues } from "./form-data.js";
import { parseReferral } from "./schema.js";

const today = "2026-11-20" as IsoDate;

function errorsOf(input: unknown) {
  const result = parseReferral(input, { today });
  if (result.success) throw new Error("expected errors");
  return result.errors;
}

describe("parseReferral", () => {
  it("accepts a complete referral and tidies it", () => {
    const result = parseReferral(exampleReferralInput({ idempotencyKey: "0b9f6a7e-3c1d-4e2f-9a8b-1c2d3e4f5a6b" }), {
      today,
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.referral.childDateOfBirth).toBe("2025-03-14");
    expect(result.referral.postcode).toBe("PR1 2AB");
    expect(result.referral.consentToReferral).toBe(true);
    expect(result.referral.settingHoursPerWeek).toBeUndefined();
    expect(result.idempotencyKey).toBe("0b9f6a7e-3c1d-4e2f-9a8b-1c2d3e4f5a6b");
    expect(result.honeypot).toBe(false);
    expect("idempotencyKey" in result.referral).toBe(false);
  });

  it("reports every missing answer with the form's own message, in the form's order", () => {
    const errors = errorsOf({});
    const required = referralFields.filter((f) => !f.optional);
    expect(errors.map((e) => e.field)).toEqual(required.map((f) => f.name));
    expect(errors[0]).toEqual({
      field: "childFirstName",
      href: "#childFirstName",
      message: "Enter the child's first name",
    });
    expect(errors.find((e) => e.field === "childDateOfBirth")).toEqual({
      field: "childDateOfBirth",
      href: "#childDateOfBirth-day",
      message: "Enter the child's date of birth",
    });
  });

  it.each([
    [{ day: "", month: "3", year: "2025" }, "Date of birth must include a day", "#childDateOfBirth-day"],
    [{ day: "1", month: "", year: "2025" }, "Date of birth must include a month", "#childDateOfBirth-month"],
    [{ day: "1", month: "3", year: "" }, "Date of birth must include a year", "#childDateOfBirth-year"],
    [{ day: "31", month: "4", year: "2025" }, "Date of birth must be a real date", "#childDateOfBirth-day"],
    [{ day: "x", month: "4", year: "2025" }, "Date of birth must be a real date", "#childDateOfBirth-day"],
    [{ day: "20", month: "11", year: "2026" }, "Date of birth must be in the past", "#childDateOfBirth-day"],
    [{ day: "1", month: "1", year: "1999" }, "Date of birth must be after 1 January 2000", "#childDateOfBirth-day"],
  ])("checks the date of birth %j", (date, text, href) => {
    const errors = errorsOf(exampleReferralInput({ childDateOfBirth: date }));
    expect(errors).toEqual([{ field: "childDateOfBirth", href, message: text }]);
  });

  it("asks for the setting's name and hours only when the child attends one", () => {
    const errors = errorsOf(exampleReferralInput({ attendsSetting: "yes" }));
    expect(errors.map((e) => e.message)).toEqual([
      "Enter the name of the nursery, pre-school or childminder",
      "Enter how many hours a week your child spends there",
    ]);
    const ok = parseReferral(
      exampleReferralInput({ attendsSetting: "yes", settingName: "Little Acorns", settingHoursPerWeek: "12.5" }),
      { today },
    );
    expect(ok.success && ok.referral.settingHoursPerWeek).toBe(12.5);
    expect(
      errorsOf(exampleReferralInput({ attendsSetting: "yes", settingName: "A", settingHoursPerWeek: "70" })),
    ).toMatchInlineSnapshot(`
      [
        {
          "field": "settingHoursPerWeek",
          "href": "#settingHoursPerWeek",
          "message": "Hours a week must be between 0 and 60",
        },
      ]
    `);
  });

  it("checks formats: postcode, phone, email, choices, lengths", () => {
    const errors = errorsOf(
      exampleReferralInput({
        postcode: "NOT A POSTCODE",
        carerPhone: "call me",
        carerEmail: "nope",
        childSex: "other" as "male",
        childFirstName: "x".repeat(101),
        concernAreas: ["nonsense"],
      }),
    );
    expect(Object.fromEntries(errors.map((e) => [e.field, e.message]))).toEqual({
      childFirstName: "Child's first name must be 100 characters or fewer",
      childSex: "Select the child's sex",
      postcode: "Enter a full UK postcode, like LA1 1AA",
      carerPhone: "Enter a phone number, like 01632 960 001 or 07700 900 982",
      carerEmail: "Enter an email address in the correct format, like name@example.com",
      concernAreas: "Select the areas you are worried about from the list",
    });
  });

  it("rejects wrong types, unknown keys and prototype keys", () => {
    expect(errorsOf(exampleReferralInput({ childFirstName: 42 as unknown as string }))[0]?.field).toBe(
      "childFirstName",
    );
    expect(errorsOf({ ...exampleReferralInput(), role: "admin" })).toEqual([
      { field: "role", href: "#role", message: "The field is not part of the referral form" },
    ]);
    expect(errorsOf(JSON.parse(`{"__proto__": {"admin": true}, "childFirstName": "A"}`))[0]?.field).toBe("__proto__");
    expect(errorsOf({ ...exampleReferralInput(), childDateOfBirth: JSON.parse(`{"constructor": 1}`) })[0]?.field).toBe(
      "childDateOfBirth.constructor",
    );
    expect(errorsOf([])[0]?.message).toBe("Send the referral form's answers");
    expect(errorsOf(exampleReferralInput({ idempotencyKey: "short" }))[0]?.field).toBe("idempotencyKey");
  });

  it("notices the honeypot", () => {
    const result = parseReferral(exampleReferralInput({ website: "http://spam.example" }), { today });
    expect(result.success && result.honeypot).toBe(true);
  });
});

describe("form posts", () => {
  it("accepts the flattened fields a plain HTML form posts", () => {
    const body = new URLSearchParams();
    const values = toFormValues(exampleReferralInput());
    for (const [name, value] of Object.entries(values)) {
      for (const item of typeof value === "string" ? [value] : value) body.append(name, item);
    }
    expect(body.get("childDateOfBirth-day")).toBe("14");
    expect(body.getAll("concernAreas")).toEqual(["movement", "communication"]);
    const result = parseReferral(fromFormEntries(body), { today });
    expect(result.success).toBe(true);
    if (result.success) expect(result.referral.concernAreas).toEqual(["movement", "communication"]);
  });

  it("treats a __proto__ field as an ordinary, rejected key", () => {
    const input = fromFormEntries(new URLSearchParams("__proto__[admin]=1&__proto__=x&childFirstName=A"));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const errors = errorsOf(input);
    expect(errors.map((e) => e.field)).toEqual(["__proto__"]);
    expect(errorsOf(fromFormEntries([["__proto__", "x"]]))[0]?.field).toBe("__proto__");
  });

  it("turns a repeated single-answer field into a clear error", () => {
    const input = { ...toFormValues(exampleReferralInput()), childSex: ["female", "male"] };
    expect(
      errorsOf(
        fromFormEntries(
          Object.entries(input).flatMap(([k, v]) =>
            typeof v === "string" ? [[k, v] as const] : v.map((x) => [k, x] as const),
          ),
        ),
      ),
    ).toEqual([{ field: "childSex", href: "#childSex", message: "Select the child's sex" }]);
  });
});
