import { describe, expect, it } from "vitest";
import {
  postedProfessional,
  professionalBody,
  professionalChangeBody,
  professionalFormValues,
  professionalsPath,
  ROLE_CHOICES,
} from "./professional-form.ts";

describe("the professional forms", () => {
  it("offers the referral form's roles, ending with someone else", () => {
    expect(ROLE_CHOICES[0]).toEqual({ value: "health-visitor", text: "Health visitor" });
    expect(ROLE_CHOICES.at(-1)).toEqual({ value: "other", text: "Someone else" });
  });

  it("adds with the fields given, leaving blank ones out", () => {
    const form = postedProfessional((n) => ({ role: "gp", name: "Dr Patel", organisation: "", contact: "" })[n] ?? "");
    expect(professionalBody(form)).toEqual({ role: "gp", name: "Dr Patel" });
  });

  it("changes every field from the version read, a blank one cleared", () => {
    const form = professionalFormValues({
      id: "p1",
      role: "physiotherapist",
      roleName: "Physiotherapist",
      name: "Jo",
      organisation: null,
      contact: "01632 960 123",
      source: "staff",
      version: 3,
      updatedAt: "2026-11-20T10:00:00.000Z",
    });
    expect(professionalChangeBody({ ...form, contact: "" }, 3)).toEqual({
      version: 3,
      role: "physiotherapist",
      name: "Jo",
      organisation: "",
      contact: "",
    });
    expect(professionalFormValues()).toEqual({ role: "", name: "", organisation: "", contact: "" });
  });

  it("makes the pages' addresses", () => {
    expect(professionalsPath("c1", "new")).toMatch(/\/cases\/c1\/professionals\/new$/);
  });
});
