import { describe, expect, it } from "vitest";
import { carriedFields, formEntries, RESUME_ACTION, resumeFrom } from "./resume.ts";

describe("resumeFrom", () => {
  it("reads the waiting form from the sign-in form's fields", () => {
    expect(
      resumeFrom([
        ["email", "a@example.org"],
        [RESUME_ACTION, "/admin/referrals/r1/decision"],
        ["resume:outcome", "accepted"],
        ["resume:concernAreas", "movement"],
        ["resume:concernAreas", "communication"],
      ]),
    ).toEqual({
      action: "/admin/referrals/r1/decision",
      fields: [
        ["outcome", "accepted"],
        ["concernAreas", "movement"],
        ["concernAreas", "communication"],
      ],
    });
  });

  it("refuses an action outside the admin app", () => {
    expect(resumeFrom([[RESUME_ACTION, "https://evil.example/admin/x"]])).toBeUndefined();
    expect(resumeFrom([[RESUME_ACTION, "/admin/sign-out"]])).toBeUndefined();
    expect(resumeFrom([["email", "x"]])).toBeUndefined();
  });
});

describe("formEntries", () => {
  it("keeps text fields in order and drops what is beyond the limits", async () => {
    const body = new URLSearchParams([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    const request = new Request("http://x/", { method: "POST", body });
    expect(await formEntries(request)).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    const big = new Request("http://x/", { method: "POST", body: new URLSearchParams([["a", "x".repeat(40_000)]]) });
    expect(await formEntries(big)).toEqual([]);
    expect(await formEntries(new Request("http://x/", { method: "POST", body: "{}" }))).toEqual([]);
  });
});

describe("carriedFields", () => {
  it("never carries a password through the sign-in page", () => {
    expect(
      carriedFields([
        ["name", "Sam Jones"],
        ["password", "a long secret phrase"],
        ["newPassword", "another secret"],
        ["role", "coordinator"],
      ]),
    ).toEqual([
      ["name", "Sam Jones"],
      ["role", "coordinator"],
    ]);
  });
});
