// Who entered a day of the practice chart, in words: a member of staff, or the family in the
// family app; and, when the day was changed, the earlier versions the API keeps (a correction
// never loses what the family wrote).
import type { PracticeEnteredBy, PracticeRecordVersion, PracticeRecordView } from "@openportage/api";
import { formatDateTime } from "./words.ts";

/** `the family (Grace Example)`, or the member of staff's name. */
export function enteredByText(by: PracticeEnteredBy): string {
  return by.kind === "family" ? `the family (${by.name})` : by.name;
}

/** What a day held, in words: `4 tries, 3 successes` or `Did not practise`, with its comment. */
export function dayInWords(day: Pick<PracticeRecordVersion, "practised" | "tries" | "successes" | "note">): string {
  const values = day.practised
    ? [
        day.tries === null ? "" : `${day.tries} ${day.tries === 1 ? "try" : "tries"}`,
        day.successes === null ? "" : `${day.successes} ${day.successes === 1 ? "success" : "successes"}`,
      ]
        .filter(Boolean)
        .join(", ")
    : "Did not practise";
  return day.note ? `${values}: "${day.note}"` : values;
}

/** Who entered a day and, once it was changed, who changed it and every earlier version. */
export interface DayEntry {
  /** `Entered by the family (Grace Example)`, `Corrected by Harriet Visitor`, `Changed by the family (Grace Example)`. */
  readonly line: string;
  /** Whether the family entered the day as it stands now. */
  readonly byFamily: boolean;
  /** The earlier versions, oldest first, each in one sentence. */
  readonly earlier: readonly string[];
}

/** How a stored day was entered, in words. */
export function dayEntry(record: Pick<PracticeRecordView, "enteredBy" | "enteredAt" | "earlierVersions">): DayEntry {
  const byFamily = record.enteredBy.kind === "family";
  const who = enteredByText(record.enteredBy);
  const earlier = record.earlierVersions.map(
    (v) => `${dayInWords(v)}. Entered by ${enteredByText(v.enteredBy)} on ${formatDateTime(v.enteredAt)}.`,
  );
  if (record.earlierVersions.length === 0) return { line: `Entered by ${who}`, byFamily, earlier };
  // A member of staff changing what the family entered corrects it; any other change is a change.
  const familyBefore = record.earlierVersions.some((v) => v.enteredBy.kind === "family");
  const verb = !byFamily && familyBefore ? "Corrected" : "Changed";
  return { line: `${verb} by ${who} on ${formatDateTime(record.enteredAt)}`, byFamily, earlier };
}
