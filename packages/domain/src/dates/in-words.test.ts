import { describe, expect, it } from "vitest";
import { parseIsoDate } from "./date-only.js";
import { dateInWords } from "./in-words.js";

describe("dateInWords", () => {
  it.each([
    ["2027-09-01", "1 September 2027"],
    ["2026-01-31", "31 January 2026"],
    ["2024-12-09", "9 December 2024"],
  ])("writes %s as %s", (date, words) => {
    expect(dateInWords(parseIsoDate(date))).toBe(words);
  });
});
