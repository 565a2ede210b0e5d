import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./password-data.js";
import { passwordProblem } from "./passwords.js";

const refused = (password: string, email?: string) => expect(passwordProblem(password, email), password).toBeDefined();
const accepted = (password: string, email?: string) =>
  expect(passwordProblem(password, email), password).toBeUndefined();

describe("the staff password check", () => {
  it("needs 12 to 128 characters", () => {
    expect(passwordProblem("short words")).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(64) + "y".repeat(65))).toMatch(/128/);
  });

  it("refuses the published list's common passwords, as they are (12+) and with digits after them", () => {
    // A large list: tens of thousands, not a few dozen kept by hand.
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(40_000);
    const long = [...COMMON_PASSWORDS].filter((word) => [...word].length >= 12 && [...word].length <= 128);
    expect(long.length).toBeGreaterThan(200);
    for (const word of long) refused(word);
    for (const word of [...COMMON_PASSWORDS].filter((w) => w.length >= 4 && /[a-z]/.test(w)).slice(0, 2000)) {
      refused(`${word}${"1234567890".slice(0, Math.max(0, 12 - word.length))}!`);
    }
    refused("Sunshine2026!!");
    refused("Dragon-1234567");
    refused("leavemealone");
  });

  it("refuses keyboard, alphabet and digit runs", () => {
    for (const p of [
      "qwertyuiopas",
      "qwerty123456",
      "1q2w3e4r5t6y",
      "123456789012",
      "abcdefghijkl",
      "1qaz2wsx3edc",
      "poiuytrewq123",
      "asdfghjkl;123",
    ])
      refused(p);
  });

  it("refuses one piece repeated", () => {
    for (const p of ["aaaaaaaaaaaa", "abcabcabcabc", "monkeymonkey", "Blue-Blue-Blue", "xyzw xyzw xyzw"]) refused(p);
  });

  it('refuses "password", "portage", a council\'s name and other weak words with digits and symbols', () => {
    for (const p of [
      "Password2026!",
      "P@ssw0rd12345",
      "password1234",
      "Portage12345",
      "OpenPortage2026",
      "Lancashire2026",
      "CheshireEast!2025",
      "123Portage456",
      "Football1234!",
      "portageportage",
    ])
      refused(p);
  });

  it("refuses dates", () => {
    for (const p of [
      "31/12/1999!!!",
      "1999-12-31-01",
      "September2026",
      "Summer2026!!",
      "25December1990",
      "20261122!!!!",
    ])
      refused(p);
  });

  it("refuses the user's own email name or a part of it", () => {
    refused("jane.smith is here", "jane.smith@council.example");
    refused("xx Smithereens 77", "jane.smith@council.example");
    refused("my name is JaneSmith", "jane.smith@council.example");
    accepted("purple otter lamp 42", "jane.smith@council.example");
  });

  it("accepts long passphrases and random passwords", () => {
    for (const p of [
      "correct horse battery 1",
      "purple otter lamp 42",
      "Tv8#qLm2!rZp",
      "kettle under the oak tree",
      "Lancashire hotpot on Tuesdays",
    ])
      accepted(p);
  });
});
