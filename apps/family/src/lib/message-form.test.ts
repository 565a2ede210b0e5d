import { describe, expect, it } from "vitest";
import { readMessage, readReason } from "./message-form.ts";

describe("the free-text forms", () => {
  it("need a message, and limit its length", () => {
    expect(readMessage("  Can we move Tuesday?  ")).toEqual({ ok: true, value: "Can we move Tuesday?" });
    expect(readMessage("   ")).toEqual({ ok: false, message: "Write your message" });
    expect(readMessage("x".repeat(2001))).toEqual({
      ok: false,
      message: "Your message must be 2000 characters or fewer. It has 2001",
    });
  });

  it("let the reason for stopping be left out", () => {
    expect(readReason("")).toEqual({ ok: true, value: "" });
    expect(readReason("x".repeat(2001)).ok).toBe(false);
  });
});
