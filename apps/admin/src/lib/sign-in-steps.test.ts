import { describe, expect, it } from "vitest";
import { methodsOf, stageOf, stagePath } from "./sign-in-steps.ts";

describe("sign-in steps", () => {
  it("sends each stage to its page, keeping only a safe place to go back to", () => {
    expect(stagePath("signed-in", "/admin/referrals")).toBe("/admin/referrals");
    expect(stagePath("second-factor", "/admin/referrals")).toBe(
      "/admin/sign-in/second-factor?returnTo=%2Fadmin%2Freferrals",
    );
    expect(stagePath("new-password", "https://evil.example/")).toBe("/admin/sign-in/new-password?returnTo=%2Fadmin%2F");
    expect(stagePath("enrol", "/admin/")).toBe("/admin/sign-in/set-up?returnTo=%2Fadmin%2F");
  });

  it("reads the stage and the methods from the API's answer", () => {
    expect(stageOf({ stage: "second-factor" })).toBe("second-factor");
    expect(stageOf({ stage: "nonsense" })).toBe("signed-in");
    expect(stageOf(null)).toBe("signed-in");
    expect(methodsOf({ methods: ["passkey", "x", "recovery-code"] })).toEqual(["passkey", "recovery-code"]);
    expect(methodsOf({})).toEqual([]);
  });
});
