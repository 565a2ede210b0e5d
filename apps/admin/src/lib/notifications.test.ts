import { describe, expect, it } from "vitest";
import { aboutLink, errorInWords, sendAgainInWords } from "./notifications.ts";

describe("notifications not sent, in words", () => {
  it("says what a Notify status code usually means", () => {
    expect(errorInWords("HTTP 400")).toContain("check it for a typing mistake");
    expect(errorInWords("HTTP 403")).toContain("Notify settings");
    expect(errorInWords("HTTP 503")).toBe("GOV.UK Notify had a problem of its own (503).");
    expect(errorInWords("interrupted")).toBe("The service stopped while it was sending it.");
    expect(errorInWords("not delivered: permanent-failure")).toContain("email address does not exist");
    expect(errorInWords("not delivered: temporary-failure")).toContain("inbox was full");
    expect(errorInWords("not delivered: technical-failure")).toContain("problem of its own: send it again");
    expect(errorInWords("socket hang up")).toBe("The last error: socket hang up.");
    expect(errorInWords(null)).toBe("No error was recorded.");
  });

  it("links coordinators to the referral or the case's sharing page, and administrators nowhere", () => {
    const about = { referralId: "r1", childId: "c1", reference: "AB12-CD34", childName: "Amira Khan" };
    expect(aboutLink({ kind: "parent-confirmation", about })).toEqual({
      text: "Amira Khan (AB12-CD34)",
      href: "/admin/referrals/r1",
    });
    expect(aboutLink({ kind: "report", about: { ...about, referralId: null } })?.href).toBe("/admin/cases/c1/sharing");
    expect(aboutLink({ kind: "family-invitation", about: { ...about, referralId: null } })?.href).toBe(
      "/admin/cases/c1",
    );
    expect(aboutLink({ kind: "parent-confirmation", about: { ...about, childName: null } })).toEqual({
      text: "AB12-CD34",
      href: null,
    });
    expect(aboutLink({ kind: "staff-password-reset", about: null })).toBeNull();
  });

  it("says where a send again goes", () => {
    expect(sendAgainInWords({ kind: "parent-confirmation", addressChanged: true })).toContain("changed since");
    expect(sendAgainInWords({ kind: "parent-confirmation", addressChanged: false })).toContain(
      "correct it on the referral first",
    );
    expect(sendAgainInWords({ kind: "report", addressChanged: false })).toContain("consent is checked again");
  });
});
