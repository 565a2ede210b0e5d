import { describe, expect, it } from "vitest";
import {
  conflictLine,
  type DayTarget,
  dayValues,
  practiceField,
  readDayForm,
  withFreshVersions,
} from "./practice-form.ts";

const empty = (id: string, goalText: string): DayTarget => ({
  id,
  goalText,
  day: { date: "2026-12-01", canChange: true, whyNot: null, record: null },
});
const stored = (id: string, version: number, tries: number, successes: number): DayTarget => ({
  id,
  goalText: "Ada will roll a ball",
  day: {
    date: "2026-12-01",
    canChange: true,
    whyNot: null,
    record: {
      practised: true,
      tries,
      successes,
      note: null,
      summaryText: `${tries} tries`,
      enteredBy: { kind: "you", text: "you" },
      version,
    },
  },
});

describe("readDayForm", () => {
  it("sends the tries and successes, or that you did not practise, with a comment", () => {
    const targets = [empty("a", "Ada will say more"), empty("b", "Ada will roll a ball")];
    const form = readDayForm(
      {
        [practiceField(0, "tries")]: " 5 ",
        [practiceField(0, "successes")]: "3",
        [practiceField(0, "note")]: "Loved the bubbles",
        [practiceField(1, "none")]: "yes",
      },
      targets,
      "Ada",
    );
    expect(form.errors).toEqual([]);
    expect(form.changes).toEqual([
      { targetId: "a", index: 0, body: { practised: true, tries: 5, successes: 3, note: "Loved the bubbles" } },
      { targetId: "b", index: 1, body: { practised: false } },
    ]);
  });

  it("leaves an empty target as it was, and does not send what is unchanged", () => {
    const targets = [empty("a", "x"), stored("b", 2, 4, 2)];
    const values = { ...dayValues(targets) };
    expect(readDayForm(values, targets, "Ada")).toEqual({ changes: [], errors: [] });
    values[practiceField(1, "successes")] = "3";
    expect(readDayForm(values, targets, "Ada").changes).toEqual([
      { targetId: "b", index: 1, body: { practised: true, tries: 4, successes: 3, version: 2 } },
    ]);
  });

  it("names each problem, with the target when there are several", () => {
    const targets = [empty("a", "Ada will say more"), empty("b", "Ada will roll a ball")];
    const form = readDayForm(
      {
        [practiceField(0, "tries")]: "five",
        [practiceField(1, "tries")]: "2",
        [practiceField(1, "successes")]: "4",
      },
      targets,
      "Ada",
    );
    expect(form.changes).toEqual([]);
    expect(form.errors).toEqual([
      { id: "t0-tries", text: "Ada will say more: Times you tried must be a number from 0 to 100, like 5" },
      { id: "t1-successes", text: "Ada will roll a ball: Times Ada did it cannot be more than the times you tried" },
    ]);
  });

  it("refuses numbers with 'did not practise', a missing number, and numbers out of range", () => {
    const one = [empty("a", "x")];
    const ask = (values: Record<string, string>) => readDayForm(values, one, "Sam").errors.map((e) => e.text);
    expect(ask({ "t0-tries": "2", "t0-none": "yes" })).toEqual([
      'Either write how many times you tried, or tick "We did not practise today", not both',
    ]);
    expect(ask({ "t0-successes": "2" })).toEqual([
      'Write how many times you tried, or tick "We did not practise today"',
    ]);
    expect(ask({ "t0-tries": "2" })).toEqual(["Write how many times Sam did it. Write 0 if Sam did not do it yet"]);
    expect(ask({ "t0-note": "tired" })).toEqual([
      'Write how many times you tried, or tick "We did not practise today"',
    ]);
    expect(ask({ "t0-tries": "101", "t0-successes": "-1" })).toHaveLength(2);
    expect(ask({ "t0-tries": "0", "t0-successes": "0" })).toEqual([
      'Times you tried must be 1 or more. If you did not try, tick "We did not practise today"',
    ]);
    expect(ask({ "t0-none": "yes", "t0-note": "x".repeat(501) })).toEqual([
      "Your comment must be 500 characters or fewer",
    ]);
  });

  it("takes the fresh versions after a conflict, keeping what was typed", () => {
    const typed = { "t0-tries": "9", "t0-successes": "9", "t0-version": "1" };
    expect(withFreshVersions(typed, [stored("a", 3, 4, 2)])).toEqual({ ...typed, "t0-version": "3" });
  });
});

describe("conflictLine", () => {
  it("says who changed the day and that what was typed is kept", () => {
    expect(
      conflictLine({
        changedBy: "Harriet Visitor",
        when: "10:42am",
        goalText: "Ada will roll a ball",
        dayText: "today",
      }),
    ).toBe(
      'Harriet Visitor changed "Ada will roll a ball" for today at 10:42am, while you were writing. What you wrote is still below: check it, then save again.',
    );
    expect(conflictLine({ changedBy: null, when: "", goalText: "x", dayText: "Monday 30 November" })).toMatch(
      /^Someone else changed "x" for Monday 30 November, while/,
    );
  });
});
