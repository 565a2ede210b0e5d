import { describe, expect, it } from "vitest";
import { childPath, HOME, safeReturnPath, signInPath } from "./return-path.ts";

describe("safeReturnPath", () => {
  it.each([
    ["/family/children/c1/practice", "/family/children/c1/practice"],
    ["/family/children/c1?done=saved", "/family/children/c1?done=saved"],
    ["/family", "/family"],
    ["/family/children/c1#targets", "/family/children/c1"],
  ])("keeps the family path %s", (given, expected) => {
    expect(safeReturnPath(given)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    42,
    "",
    "https://evil.example/family/",
    "//evil.example/family/",
    "/\\evil.example/family",
    "javascript:alert(1)",
    "family/children",
    "/admin/",
    "/familyx",
    "/family/../admin/",
    "/family/%2e%2e/api",
    "/family/sign-in?returnTo=/family/",
    "/family/sign-in/code",
    "/family/sign-out",
    "/family/invitation/abc",
    "/family/demo-mail",
    "/family/\nchildren",
    `/family/${"x".repeat(2100)}`,
  ])("sends %s to the home page", (given) => {
    expect(safeReturnPath(given)).toBe(HOME);
  });
});

describe("signInPath and childPath", () => {
  it("carries a safe return path and the reason", () => {
    expect(signInPath("/family/children/c1/practice", "expired")).toBe(
      "/family/sign-in?returnTo=%2Ffamily%2Fchildren%2Fc1%2Fpractice&reason=expired",
    );
    expect(signInPath("https://evil.example/")).toBe("/family/sign-in");
    expect(signInPath("/family/", "signed-out")).toBe("/family/sign-in?reason=signed-out");
  });

  it("escapes each part of a child's path", () => {
    expect(childPath("c 1", "practice", "2026-12-01")).toBe("/family/children/c%201/practice/2026-12-01");
  });
});
