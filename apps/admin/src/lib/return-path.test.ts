import { describe, expect, it } from "vitest";
import { HOME, safeReturnPath, signInPath } from "./return-path.ts";

describe("safeReturnPath", () => {
  it.each([
    ["/admin/referrals?status=received", "/admin/referrals?status=received"],
    ["/admin/waiting-list", "/admin/waiting-list"],
    ["/admin", "/admin"],
    ["/admin/referrals/abc#answers", "/admin/referrals/abc"],
  ])("keeps the admin path %s", (given, expected) => {
    expect(safeReturnPath(given)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    42,
    "",
    "https://evil.example/admin/",
    "//evil.example/admin/",
    "/\\evil.example/admin",
    "\\\\evil.example",
    "javascript:alert(1)",
    "admin/referrals",
    "/api/referrals",
    "/administrator",
    "/admin/../api/users",
    "/admin/%2e%2e/api",
    "/admin/sign-in?returnTo=/admin/",
    "/admin/sign-out",
    "/admin/\nreferrals",
    `/admin/${"x".repeat(2100)}`,
  ])("sends %s to the home page", (given) => {
    expect(safeReturnPath(given)).toBe(HOME);
  });
});

describe("signInPath", () => {
  it("carries a safe return path and the reason", () => {
    expect(signInPath("/admin/referrals?status=received", "expired")).toBe(
      "/admin/sign-in?returnTo=%2Fadmin%2Freferrals%3Fstatus%3Dreceived&reason=expired",
    );
  });
  it("drops an unsafe or home return path", () => {
    expect(signInPath("https://evil.example/")).toBe("/admin/sign-in");
    expect(signInPath("/admin/")).toBe("/admin/sign-in");
  });
});
