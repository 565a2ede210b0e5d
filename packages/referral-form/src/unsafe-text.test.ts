// Control characters and hidden formatting in the referral's answers: refused with the question's
// own words, line breaks kept only in the questions of several lines.
import type { IsoDate } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { referralFields } from "./fields.js";
import { exampleReferralInput } from "./fixtures.js";
import { fromFormEntries } from "./form-data.js";
import { parseReferral } from "./schema.js";

const today = "2026-11-20" as IsoDate;

function errorsOf(input: unknown) {
  const result = parseReferral(input, { today });
  if (result.success) throw new Error("expected errors");
  return result.errors;
}

const textFields = referralFields.filter((f) => ["text", "textarea"].includes(f.kind) && f.name !== "postcode");

describe("control characters", () => {
  it.each([
    ["a NUL", "Pop\u0000py"],
    ["an escape sequence", "Pop\u001B[31mpy"],
    ["a right-to-left override", "Pop\u202Epy"],
    ["an isolate", "Pop\u2066py"],
    ["a zero-width space", "Pop\u200Bpy"],
    ["a C1 control", "Pop\u0085py"],
    ["DEL", "Pop\u007Fpy"],
  ])("refuses %s in every text answer, naming the question", (_name, bad) => {
    for (const field of textFields) {
      const errors = errorsOf(exampleReferralInput({ [field.name]: bad }));
      expect(errors, field.name).toHaveLength(1);
      expect(errors[0]?.field).toBe(field.name);
      expect(errors[0]?.message).toMatch(/ must not contain control characters or hidden formatting characters$/);
    }
    expect(errorsOf(exampleReferralInput({ childFirstName: bad }))[0]?.message).toBe(
      "Child's first name must not contain control characters or hidden formatting characters",
    );
  });

  it("refuses a NUL in the email address", () => {
    expect(errorsOf(exampleReferralInput({ carerEmail: "a\u0000b@example.com" }))[0]?.field).toBe("carerEmail");
  });

  it("refuses line breaks in answers of one line and keeps them in answers of several", () => {
    const errors = errorsOf(exampleReferralInput({ childFirstName: "Pop\npy" }));
    expect(errors).toEqual([
      {
        field: "childFirstName",
        href: "#childFirstName",
        message: "Child's first name must be on one line, without line breaks or tabs",
      },
    ]);
    const result = parseReferral(exampleReferralInput({ helpWanted: "Talking\r\nWalking\tand sitting" }), { today });
    expect(result.success).toBe(true);
    if (result.success) expect(result.referral.helpWanted).toBe("Talking\r\nWalking\tand sitting");
  });

  it("keeps letters of every script, joiners and emoji", () => {
    const result = parseReferral(
      exampleReferralInput({ childFirstName: "Zoë", childLastName: "می\u200Cخواهم 👩\u200D👧" }),
      {
        today,
      },
    );
    expect(result.success).toBe(true);
  });

  it("refuses them in a plain form post too (a %00 in the address)", () => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(exampleReferralInput({ childFirstName: "Pop\u0000py" }))) {
      if (Array.isArray(value)) for (const item of value) form.append(name, String(item));
      else if (typeof value === "object" && value !== null)
        for (const [part, text] of Object.entries(value)) form.append(`${name}-${part}`, String(text));
      else form.append(name, String(value));
    }
    expect(form.toString()).toContain("childFirstName=Pop%00py");
    const errors = errorsOf(fromFormEntries(new URLSearchParams(form.toString())));
    expect(errors.map((e) => e.field)).toEqual(["childFirstName"]);
  });
});
