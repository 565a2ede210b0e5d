import { describe, expect, it } from "vitest";
import { passkeyFailure } from "./passkey-words.ts";

describe("passkeyFailure", () => {
  it("always offers the other way forward", () => {
    for (const reason of ["NotAllowedError", "ERROR_CEREMONY_ABORTED", "refused", "unreachable", "anything"]) {
      expect(passkeyFailure("sign-in", reason)).toMatch(/get a code by email instead\.$/);
      expect(passkeyFailure("register", reason)).toMatch(/continue without a passkey\.$/);
    }
  });

  it("says what happened in plain words", () => {
    expect(passkeyFailure("register", "NotAllowedError")).toBe(
      "The passkey was not set up. Try again, or continue without a passkey.",
    );
    expect(passkeyFailure("register", "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")).toContain("already has a passkey");
    expect(passkeyFailure("register", "expired")).toContain("Ask your home visitor for a new one");
    expect(passkeyFailure("sign-in", "expired")).toBe("That took too long. Try again, or get a code by email instead.");
  });
});
