import type { PracticeRecordView } from "@openportage/api";
import { describe, expect, it } from "vitest";
import { weekFrom } from "./dates.ts";
import { practiceForm, practiceValues, withVersions } from "./practice-form.ts";

const week = weekFrom("2026-11-23");
const names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const stored: PracticeRecordView = {
  id: "r1",
  targetId: "t1",
  date: "2026-11-24",
  recordedBy: "family",
  tries: 4,
  successes: 2,
  practised: true,
  note: "Tired",
  enteredBy: { kind: "family", id: "f1", name: "Grace Example" },
  enteredAt: "2026-11-24T18:00:00.000Z",
  earlierVersions: [],
  version: 2,
};

describe("practiceForm", () => {
  it("sends the days filled in, a day not practised, and clears an emptied day that had a record", () => {
    const { body, errors, fieldIds } = practiceForm(
      {
        "day-0-tries": "4",
        "day-0-successes": "3",
        "day-1-version": "2",
        "day-2-notPractised": "yes",
        "day-2-note": "Poorly",
        "day-3-tries": "",
      },
      week,
      names,
    );
    expect(errors).toBeUndefined();
    expect(body?.records).toEqual([
      { date: "2026-11-23", tries: 4, successes: 3 },
      { date: "2026-11-24", clear: true, version: 2 },
      { date: "2026-11-25", practised: false, note: "Poorly" },
    ]);
    expect(fieldIds["records.2.note"]).toEqual({ id: "day-2-note", label: "Wednesday: the comment" });
  });
  it("asks for at least one day, and refuses both tries and 'did not practise'", () => {
    expect(practiceForm({}, week, names).errors?.summary[0]?.href).toBe("#day-0-tries");
    const both = practiceForm({ "day-4-tries": "2", "day-4-notPractised": "yes" }, week, names);
    expect(both.errors?.fields["day-4-tries"]).toContain("Friday");
  });
  it("starts from the stored records and takes their versions again after a conflict", () => {
    const values = practiceValues(week, [stored]);
    expect(values).toMatchObject({
      "day-1-tries": "4",
      "day-1-successes": "2",
      "day-1-note": "Tired",
      "day-1-version": "2",
    });
    const again = withVersions({ "day-1-tries": "5", "day-1-version": "2" }, week, [{ ...stored, version: 3 }]);
    expect(again).toMatchObject({ "day-1-tries": "5", "day-1-version": "3", "day-0-version": "" });
  });
});
