import type { PracticeRecordVersion } from "@openportage/api";
import { describe, expect, it } from "vitest";
import { dayEntry, dayInWords, enteredByText } from "./practice-entries.ts";

const grace = { kind: "family", id: "f1", name: "Grace Example" } as const;
const harriet = { kind: "staff", id: "u1", name: "Harriet Visitor" } as const;

const familyVersion: PracticeRecordVersion = {
  version: 1,
  tries: 4,
  successes: 5,
  practised: true,
  note: "At bath time",
  enteredBy: grace,
  enteredAt: "2026-12-01T17:40:00.000Z",
};

describe("who entered a day", () => {
  it("names the family as the family, and staff by name", () => {
    expect(enteredByText(grace)).toBe("the family (Grace Example)");
    expect(enteredByText(harriet)).toBe("Harriet Visitor");
    expect(dayEntry({ enteredBy: grace, enteredAt: familyVersion.enteredAt, earlierVersions: [] })).toEqual({
      line: "Entered by the family (Grace Example)",
      byFamily: true,
      earlier: [],
    });
  });

  it("says the home visitor corrected what the family entered, and keeps the family's version", () => {
    const entry = dayEntry({
      enteredBy: harriet,
      enteredAt: "2026-12-02T09:05:00.000Z",
      earlierVersions: [familyVersion],
    });
    expect(entry.line).toBe("Corrected by Harriet Visitor on 2 December 2026 at 9:05am");
    expect(entry.byFamily).toBe(false);
    expect(entry.earlier).toEqual([
      '4 tries, 5 successes: "At bath time". Entered by the family (Grace Example) on 1 December 2026 at 5:40pm.',
    ]);
  });

  it("calls any other change a change", () => {
    const staffFirst = { ...familyVersion, enteredBy: harriet };
    expect(
      dayEntry({ enteredBy: grace, enteredAt: "2026-12-02T09:05:00.000Z", earlierVersions: [staffFirst] }).line,
    ).toBe("Changed by the family (Grace Example) on 2 December 2026 at 9:05am");
    expect(
      dayEntry({ enteredBy: harriet, enteredAt: "2026-12-02T09:05:00.000Z", earlierVersions: [staffFirst] }).line,
    ).toMatch(/^Changed by Harriet Visitor/);
  });
});

describe("a day in words", () => {
  it("writes the tries and successes, or a day not practised, with the comment", () => {
    expect(dayInWords({ practised: true, tries: 1, successes: 1, note: null })).toBe("1 try, 1 success");
    expect(dayInWords({ practised: false, tries: null, successes: null, note: "Poorly" })).toBe(
      'Did not practise: "Poorly"',
    );
  });
});
