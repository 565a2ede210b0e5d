import { describe, expect, it } from "vitest";
import { readCode, readEmail } from "./sign-in-form.ts";

describe("readEmail", () => {
  it("trims the address and names what is wrong", () => {
    expect(readEmail("  grace@example.com ")).toEqual({ ok: true, value: "grace@example.com" });
    expect(readEmail("")).toEqual({ ok: false, message: "Enter your email address" });
    for (const wrong of ["grace", "grace@example", "grace @example.com", "@example.com"]) {
      expect(readEmail(wrong)).toEqual({
        ok: false,
        message: "Enter an email address in the correct format, like name@example.com",
      });
    }
  });
});

describe("readCode", () => {
  it("takes 6 numbers, with spaces and dashes taken out", () => {
    expect(readCode("123456")).toEqual({ ok: true, value: "123456" });
    expect(readCode(" 123 456 ")).toEqual({ ok: true, value: "123456" });
    expect(readCode("123-456")).toEqual({ ok: true, value: "123456" });
  });

  it("names what is wrong", () => {
    expect(readCode("")).toEqual({ ok: false, message: "Enter the 6-digit code from the email" });
    expect(readCode("12345")).toEqual({ ok: false, message: "The code must be 6 numbers, like 123456" });
    expect(readCode("1234567")).toEqual({ ok: false, message: "The code must be 6 numbers, like 123456" });
    expect(readCode("12345O")).toEqual({ ok: false, message: "The code must be numbers only, like 123456" });
  });
});
