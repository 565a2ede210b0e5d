import { describe, expect, it } from "vitest";
import {
  ageOn,
  changeInWords,
  clockTime,
  formatDate,
  formatDateTime,
  formatDayDate,
  formatTime,
  lastDayOfSupport,
  PLAN_STATUS,
  PROGRESS_STATUS,
  plural,
  sentenceMiddle,
  sentenceStart,
  TARGET_RESULT,
  targetSentence,
  todayInEngland,
  VISIT_STATUS,
  weekdayName,
  wordFor,
} from "./words.ts";

describe("formatDate", () => {
  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2026-01-05")).toBe("5 January 2026");
    expect(formatDate("2026-06-30T23:30:00.000Z")).toBe("1 July 2026");
    expect(formatDate(null)).toBe("");
    expect(formatDate("soon")).toBe("soon");
    // Not a real day: shown as it came, never turned into another day.
    expect(formatDate("2026-02-31")).toBe("2026-02-31");
    // British Summer Time: late on 31 March in UTC is already 1 April in England.
    expect(formatDate("2026-03-31T23:30:00.000Z")).toBe("1 April 2026");
    expect(formatDate("2026-12-31T23:30:00.000Z")).toBe("31 December 2026");
  });
  it("adds the time in England", () => {
    expect(formatDateTime("2026-11-22T17:40:00.000Z")).toBe("22 November 2026 at 5:40pm");
    expect(formatDateTime("2026-07-01T08:05:00.000Z")).toBe("1 July 2026 at 9:05am");
  });
});

describe("ageOn", () => {
  it("gives years and months", () => {
    expect(ageOn("2025-01-15", "2026-03-14")).toBe("1 year 1 month");
    expect(ageOn("2025-01-15", "2026-03-15")).toBe("1 year 2 months");
    expect(ageOn("2026-01-01", "2026-01-31")).toBe("0 months");
    expect(ageOn("2024-03-01", "2026-03-01")).toBe("2 years");
    expect(ageOn("2027-01-01", "2026-01-01")).toBe("not born yet");
    // The domain's rule: born on the 31st, a month is complete on the last day of a shorter month.
    expect(ageOn("2025-01-31", "2025-02-28")).toBe("1 month");
    expect(ageOn("2025-01-31", "2026-02-28T10:00:00Z")).toBe("1 year 1 month");
    expect(ageOn("2025-02-30", "2026-01-01")).toBe("");
  });
});

describe("plural and today", () => {
  it("counts", () => {
    expect(plural(1, "child", "children")).toBe("1 child");
    expect(plural(0, "child", "children")).toBe("0 children");
  });
  it("gives today in England", () => {
    expect(todayInEngland(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });
});

describe("casework words", () => {
  it("name every plan, visit and progress status, with a tag", () => {
    expect(PLAN_STATUS.active).toEqual({ text: "Active", tag: "govuk-tag--green" });
    expect(VISIT_STATUS.missed.text).toBe("Missed: not at home");
    expect(PROGRESS_STATUS.developing.text).toBe("Developing");
    expect(TARGET_RESULT["carried-forward"].text).toBe("Carried forward to the next block");
    expect(wordFor(VISIT_STATUS, "held")).toBe(VISIT_STATUS.held);
    expect(wordFor(VISIT_STATUS, "postponed")).toEqual({ text: "postponed", tag: "govuk-tag--grey" });
  });
  it("write change codes, days and times as people say them", () => {
    expect(changeInWords("plan-agreed")).toBe("Recorded the family's agreement");
    expect(changeInWords("review-held")).toBe("Review held");
    expect(changeInWords("plan-started-visits")).toBe("Started the play plan");
    expect(changeInWords(null)).toBe("");
    expect(weekdayName("wednesday")).toBe("Wednesday");
    expect(clockTime("09:30")).toBe("9:30am");
    expect(clockTime("14:00")).toBe("2pm");
    expect(clockTime("12:15")).toBe("12:15pm");
    expect(clockTime("00:05")).toBe("12:05am");
    expect(formatTime("2026-12-01T10:42:00.000Z")).toBe("10:42am");
    expect(formatDayDate("2026-12-07")).toBe("Monday 7 December 2026");
    expect(sentenceStart("school holiday")).toBe("School holiday");
  });
  it("makes a target a sentence about the child", () => {
    expect(targetSentence("Ada", { does: "will point to a named picture", conditions: "when asked." })).toBe(
      "Ada will point to a named picture when asked",
    );
    expect(targetSentence("Ada", { does: "stack 3 bricks", conditions: "" })).toBe("Ada will stack 3 bricks");
  });
});

describe("sentenceMiddle", () => {
  it("lowers only the first letter", () => {
    expect(sentenceMiddle("Asked to stop Portage")).toBe("asked to stop Portage");
  });
});

describe("lastDayOfSupport", () => {
  it("is the day before the first day past the age window, in words", () => {
    expect(lastDayOfSupport("2028-04-01")).toBe("31 March 2028");
    expect(lastDayOfSupport("2027-01-01")).toBe("31 December 2026");
    expect(lastDayOfSupport(undefined)).toBe("");
    expect(lastDayOfSupport("not a date")).toBe("");
  });
});
